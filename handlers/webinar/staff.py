"""/inscrits (staff): every session with registered / capacity / waiting, and the attendee
lists as CSV or XLSX documents in the chat. Buttons are staff-only and checked as such.
"""

from __future__ import annotations

from handlers.core.context import Context
from handlers.core.events import SendDocument, SendText
from handlers.core.french import plural
from handlers.core.router import Replies
from handlers.core.ui import StaleButton, btn, esc, split_data
from handlers.webinar import texts as t
from handlers.webinar.export import export_registrations
from handlers.webinar.router import EXPORT, router
from handlers.webinar.service import catalogue
from storage.repositories import WebinarRepository


@router.command("inscrits", description="Inscriptions aux webinaires", staff=True)
async def registrations_overview(ctx: Context) -> Replies:
    cat = catalogue(ctx)
    counts = await WebinarRepository(ctx.session).counts()
    known = {s.id for s in cat.sessions}
    lines, rows = [t.STAFF_TITLE], []
    for session in sorted(cat.sessions, key=lambda s: s.start):
        c = counts.get(session.id)
        state = (
            "" if session.is_open(ctx.now) else (" — terminée" if session.end <= ctx.now else " — inscriptions closes")
        )
        lines.append(
            t.STAFF_LINE.format(
                when=session.when(cat.zone, ctx.now),
                title=esc(session.title),
                registered=c.registered if c else 0,
                capacity=session.capacity,
                waiting=c.waiting if c else 0,
                state=state,
            )
        )
        day = session.start.astimezone(cat.zone).strftime("%d/%m")
        rows.append(
            [btn(f"CSV {day}", f"{EXPORT}:csv:{session.id}"), btn(f"Excel {day}", f"{EXPORT}:xlsx:{session.id}")]
        )
    for session_id in sorted(counts.keys() - known):
        c = counts[session_id]
        lines.append(f"• {esc(session_id)} (retirée du fichier) — {c.registered} inscrit·es, {c.waiting} en attente")
    if len(lines) == 1:
        return [SendText(t.STAFF_NONE)]
    rows.append([btn("CSV (toutes)", f"{EXPORT}:csv:*"), btn("Excel (toutes)", f"{EXPORT}:xlsx:*")])
    return [SendText("\n".join(lines), rows)]


@router.callback(EXPORT)
async def registrations_export_button(ctx: Context) -> Replies:
    if not ctx.is_staff:
        ctx.audit.log(ctx.person.telegram_id, "staff_button_denied", ctx.event.callback_data[:64])
        raise StaleButton(ctx.event.callback_data)
    _, fmt, target = split_data(ctx.event.callback_data, 3)
    cat = catalogue(ctx)
    counts = await WebinarRepository(ctx.session).counts()
    if fmt not in ("csv", "xlsx") or (target != "*" and cat.get(target) is None and target not in counts):
        raise StaleButton(ctx.event.callback_data)
    export = await export_registrations(
        ctx.session, cat, fmt=fmt, session_id=None if target == "*" else target, now=ctx.now
    )
    ctx.audit.log(ctx.person.telegram_id, "export_registrations", target, format=fmt, rows=export.rows)
    caption = f"{plural(export.rows, 'ligne')}. Fichier {'CSV (Excel)' if fmt == 'csv' else 'Excel'}."
    return [SendDocument(export.filename, export.content, caption, export.mime_type)]

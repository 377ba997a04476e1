"""/stats (staff): collectivities taking part, sheets by status and by enjeu, registrations per
webinar session; as text, or as a PNG chart (`/stats graphique` or the button)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from handlers.core import frdates
from handlers.core.context import Context
from handlers.core.events import SendPhoto, SendText
from handlers.core.french import plural
from handlers.core.router import Replies
from handlers.core.ui import StaleButton, btn, esc, split_data
from handlers.exports.stats_chart import ChartData, EnjeuBar, SessionBar, render_stats_chart
from handlers.review import access
from handlers.review import texts as t
from handlers.review.router import STATS, router
from handlers.sheets import access as sheet_content
from handlers.sheets import texts as sheet_texts
from handlers.webinar.service import catalogue
from storage.models import SheetStatus
from storage.repositories import WebinarRepository
from storage.repositories.review import Participation

STATUS_ORDER = (SheetStatus.BROUILLON, SheetStatus.SOUMISE, SheetStatus.A_CORRIGER, SheetStatus.VALIDEE)
CHART_WORDS = ("graphique", "image", "png")


@dataclass(frozen=True)
class Figures:
    edition: int
    participation: Participation
    by_status: dict[str, int]
    enjeux: list[EnjeuBar]
    sessions: list[SessionBar]

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


async def figures(ctx: Context) -> Figures:
    edition = access.edition(ctx)
    repo = access.review(ctx)
    counts = await repo.counts_by_enjeu_and_status(edition)
    by_status = {status.value: 0 for status in STATUS_ORDER}
    for (_, status), number in counts.items():
        by_status[status] = by_status.get(status, 0) + number
    matrix = sheet_content.matrix(ctx)
    codes = [e.code for e in matrix.enjeux] + sorted({code for code, _ in counts} - {e.code for e in matrix.enjeux})
    enjeux = [
        EnjeuBar(
            enjeu.name if (enjeu := matrix.get(code)) else code, tuple(counts.get((code, s), 0) for s in by_status)
        )
        for code in codes
    ]
    cat = catalogue(ctx)
    registrations = await WebinarRepository(ctx.session).counts()
    sessions = [
        SessionBar(
            session.when(cat.zone, ctx.now),
            session.title,
            registrations[session.id].registered if session.id in registrations else 0,
            registrations[session.id].waiting if session.id in registrations else 0,
            session.capacity,
        )
        for session in sorted(cat.sessions, key=lambda s: s.start)
    ]
    return Figures(edition, await repo.participation(edition), by_status, enjeux, sessions)


def plain_status(status: str) -> str:
    """« Soumise, en relecture » without its emoji."""
    return sheet_texts.STATUS_LABELS.get(status, status).split(" ", 1)[-1]


def stats_text(data: Figures) -> str:
    p = data.participation
    lines = [
        t.STATS_TITLE.format(edition=data.edition),
        "",
        t.STATS_PARTICIPATION.format(with_sheets=p.with_sheets, with_submitted=p.with_submitted),
        t.STATS_MEMBERS.format(members=p.members, collectivities=plural(p.member_collectivities, "collectivité")),
        "",
        t.STATS_BY_STATUS.format(total=data.total),
    ]
    lines += [f"{sheet_texts.STATUS_LABELS.get(s, s)} : {n}" for s, n in data.by_status.items()]
    lines += ["", t.STATS_BY_ENJEU]
    for bar in data.enjeux:
        parts = [f"{n} {plain_status(s).lower()}" for s, n in zip(data.by_status, bar.counts) if n]
        details = f" ({', '.join(parts)})" if parts else ""
        lines.append(t.STATS_ENJEU_LINE.format(name=esc(bar.name), total=bar.total, details=details))
    lines += ["", t.STATS_WEBINARS]
    for session in data.sessions:
        waiting = f", {session.waiting} en attente" if session.waiting else ""
        lines.append(
            t.STATS_WEBINAR_LINE.format(
                when=esc(session.when),
                title=esc(session.title),
                registered=session.registered,
                capacity=session.capacity,
                waiting=waiting,
            )
        )
    if not data.sessions:
        lines.append(t.STATS_NO_WEBINAR)
    return "\n".join(lines)


@router.command("stats", description="Statistiques", staff=True)
async def stats_command(ctx: Context) -> Replies:
    chart = ctx.event.args.strip().lower() in CHART_WORDS
    ctx.audit.log(ctx.person.telegram_id, "stats_viewed", "png" if chart else "text")
    data = await figures(ctx)
    if chart:
        return [await chart_photo(ctx, data)]
    return [SendText(stats_text(data), [[btn(t.STATS_CHART, f"{STATS}:png")]])]


@router.callback(STATS)
async def chart_button(ctx: Context) -> Replies:
    access.require_staff(ctx)
    if split_data(ctx.event.callback_data) != [STATS, "png"]:
        raise StaleButton(ctx.event.callback_data)
    ctx.audit.log(ctx.person.telegram_id, "stats_viewed", "png")
    return [await chart_photo(ctx, await figures(ctx))]


async def chart_photo(ctx: Context, data: Figures) -> SendPhoto:
    local = ctx.now.astimezone(ctx.services.timezone)
    when = f"{frdates.day(local.date())}, {frdates.hour(local)}"
    chart = ChartData(
        title=f"Label Villes Internet — édition {data.edition}",
        subtitle=(f"{data.participation.with_sheets} collectivités participantes · {data.total} fiches · au {when}"),
        statuses=[(plain_status(s), n) for s, n in data.by_status.items()],
        enjeux=data.enjeux,
        sessions=data.sessions,
    )
    caption = t.STATS_CHART_CAPTION.format(edition=data.edition, when=when)
    picture = await asyncio.to_thread(render_stats_chart, chart)  # CPU-bound: keep the loop free
    return SendPhoto(picture, caption=caption, filename=f"statistiques-{data.edition}.png")

"""A sheet as staff see it: the collectivity, every answer, the attachments, the whole history
of exchanges (internal notes included, marked 🔒) and the decision buttons while it is in review."""

from __future__ import annotations

from collections.abc import Sequence

from handlers.core.context import Context
from handlers.core.events import Button, SendText
from handlers.core.french import named, plural
from handlers.core.router import Replies
from handlers.core.ui import btn, esc, shorten
from handlers.profile.fields import signature
from handlers.review import access
from handlers.review import texts as t
from handlers.review.router import ACT, FILES, OPEN, QUEUE, WHOLE
from handlers.sheets import access as sheet_content
from handlers.sheets import display
from handlers.sheets import texts as sheet_texts
from storage.models import ActionSheet, Collectivity, CommentKind, SheetAttachment, SheetComment, SheetStatus
from storage.repositories.sheets import SERVICES_FIELD

HISTORY_TEXT_CHARS = 600


def status_label(status: str) -> str:
    return sheet_texts.STATUS_LABELS.get(status, status)


async def collectivity_of(ctx: Context, sheet: ActionSheet) -> Collectivity | None:
    return await ctx.session.get(Collectivity, sheet.collectivity_id)


def collectivity_name(collectivity: Collectivity | None) -> str:
    return collectivity.name if collectivity is not None else "(collectivité inconnue)"


def enjeu_name(ctx: Context, code: str) -> str:
    enjeu = sheet_content.matrix(ctx).get(code)
    return enjeu.name if enjeu is not None else code


def attachment_line(attachment: SheetAttachment) -> str:
    caption = f" — « {esc(attachment.caption)} »" if attachment.caption else ""
    if attachment.kind == "photo":
        return t.ATTACHMENT_PHOTO.format(caption=caption)
    mime = f" ({esc(attachment.mime_type)})" if attachment.mime_type else ""
    return t.ATTACHMENT_DOCUMENT.format(name=esc(attachment.file_name or "sans nom"), mime=mime, caption=caption)


def history_line(ctx: Context, comment: SheetComment, names: dict[int, str]) -> str:
    person = names.get(comment.author_telegram_id, t.UNKNOWN_PERSON)
    who = esc(person)
    when = access.local(ctx, comment.created_at)
    text = f" : « {esc(shorten(comment.text, HISTORY_TEXT_CHARS))} »" if comment.text else ""
    if comment.kind == CommentKind.CORRECTION:
        return t.HISTORY_CORRECTION.format(when=when, who=who, reason=esc(comment.reason or "—"), text=text)
    if comment.kind == CommentKind.RESUBMISSION:
        return t.HISTORY_RESUBMISSION.format(when=when, who=who)
    template = t.HISTORY_VISIBLE_NOTE if comment.visible_to_collectivity else t.HISTORY_NOTE
    return template.format(when=when, **named(person, "who"), text=text)


PREVIEW_CHARS = 120  # an answer on the card; « Voir la fiche en entier » shows it whole
PREVIEW_HISTORY = 3  # the latest exchanges on the card


def is_long(sheet: ActionSheet, comments: Sequence[SheetComment]) -> bool:
    return len(comments) > PREVIEW_HISTORY or any(len(a.value) > PREVIEW_CHARS for a in sheet.answers)


async def sheet_text(ctx: Context, sheet: ActionSheet, *, whole: bool = False) -> str:
    collectivity = await collectivity_of(ctx, sheet)
    comments = await access.sheets(ctx).comments(sheet.id)
    names = await access.review(ctx).names(
        [sheet.created_by, sheet.updated_by, *(c.author_telegram_id for c in comments)]
    )
    authors = await access.review(ctx).people([sheet.created_by, sheet.updated_by, sheet.submitted_by or 0])
    known = [collectivity.code, collectivity.department] if collectivity is not None else []
    details = f" ({esc(', '.join(k for k in known if k))})" if any(known) else ""
    lines = [
        t.SHEET_TITLE.format(id=sheet.id, title=esc(display.title(sheet))),
        t.SHEET_COLLECTIVITY.format(name=esc(collectivity_name(collectivity)), details=details),
        t.SHEET_ENJEU.format(enjeu=esc(enjeu_name(ctx, sheet.enjeu)), edition=sheet.edition),
        t.SHEET_STATUS.format(status=status_label(sheet.status)),
    ]
    if sheet.submitted_at is not None:
        lines.append(
            t.SHEET_SUBMITTED.format(
                when=access.local(ctx, sheet.submitted_at), age=access.age(sheet.submitted_at, ctx.now)
            )
        )
    lines.append(t.SHEET_CREATED_BY.format(who=esc(signature(authors.get(sheet.created_by)))))
    lines.append(
        t.SHEET_EDITED_BY.format(
            who=esc(signature(authors.get(sheet.updated_by))), when=access.local(ctx, sheet.updated_at)
        )
    )
    if sheet.submitted_by is not None:
        lines.append(t.SHEET_SUBMITTED_BY.format(who=esc(signature(authors.get(sheet.submitted_by)))))
    lines += [
        "",
        sheet_texts.SUMMARY_SERVICES.format(
            services=esc(", ".join(display.services(sheet))) or sheet_texts.NOT_ANSWERED
        ),
    ]
    for question in sheet_content.form(ctx).questions:
        raw = display.plain_value(question, sheet.value(question.key))
        shown = raw if whole else shorten(raw, PREVIEW_CHARS)
        value = esc(shown) if shown else sheet_texts.NOT_ANSWERED
        lines.append(sheet_texts.SUMMARY_FIELD.format(label=esc(question.label), value=value))
    lines.append("")
    if sheet.attachments:
        lines.append(t.ATTACHMENTS_TITLE.format(count=len(sheet.attachments)))
        lines += [attachment_line(a) for a in sheet.attachments]
    else:
        lines.append(t.ATTACHMENTS_NONE)
    if comments:
        recent = comments if whole else comments[-PREVIEW_HISTORY:]
        lines += ["", t.HISTORY_TITLE]
        if len(recent) < len(comments):
            lines.append(
                t.HISTORY_OLDER.format(
                    count=plural(len(comments) - len(recent), "échange plus ancien", "échanges plus anciens")
                )
            )
        lines += [history_line(ctx, c, names) for c in recent]
    changed = changes_since_correction(ctx, sheet, comments)
    if changed:
        lines[4:4] = [changed]  # right under the status: what to look at first
    return "\n".join(lines)


def changes_since_correction(ctx: Context, sheet: ActionSheet, comments: Sequence[SheetComment]) -> str:
    """For a sheet submitted again: the fields answered anew since the last correction request."""
    corrections = [c for c in comments if c.kind == CommentKind.CORRECTION]
    if sheet.status != SheetStatus.SOUMISE or not corrections:
        return ""
    since = corrections[-1].created_at
    labels = {q.key: q.label for q in sheet_content.form(ctx).questions} | {SERVICES_FIELD: "Services"}
    changed = [labels.get(a.field, a.field) for a in sheet.answers if a.updated_at >= since]
    when = access.local(ctx, since)
    if not changed:
        return t.UNCHANGED_SINCE.format(when=when)
    return t.CHANGED_SINCE.format(when=when, fields=esc(", ".join(changed)))


def sheet_buttons(sheet: ActionSheet, *, longer: bool = False) -> list[list[Button]]:
    rows: list[list[Button]] = []
    if longer:
        rows.append([btn(t.WHOLE_SHEET, f"{OPEN}:{sheet.id}:{WHOLE}")])
    if sheet.status == SheetStatus.SOUMISE:
        rows.append([btn(t.VALIDATE, f"{ACT}:v:{sheet.id}")])
        rows.append([btn(t.ASK_CORRECTION, f"{ACT}:c:{sheet.id}")])
    if sheet.status == SheetStatus.VALIDEE:
        rows.append([btn(t.REOPEN, f"{ACT}:r:{sheet.id}")])
    if sheet.attachments:
        rows.append([btn(f"📎 Recevoir les pièces jointes ({len(sheet.attachments)})", f"{FILES}:{sheet.id}")])
    rows.append([btn(t.ADD_NOTE, f"{ACT}:n:{sheet.id}")])
    rows.append([btn(t.BACK_TO_QUEUE, f"{QUEUE}:0")])
    return rows


async def show_sheet(ctx: Context, sheet: ActionSheet, ack: str = "", *, whole: bool = False) -> Replies:
    """The sheet as staff see it: a card short enough for a phone, or (`whole`) everything."""
    text = await sheet_text(ctx, sheet, whole=whole)
    longer = not whole and is_long(sheet, await access.sheets(ctx).comments(sheet.id))
    return [SendText(f"{ack}\n\n{text}" if ack else text, sheet_buttons(sheet, longer=longer))]

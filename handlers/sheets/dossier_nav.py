"""« Mes fiches actions »: the collectivity's dossier for the current edition, enjeu by enjeu.

The dossier shows the mosaic (sheets and drafts per enjeu), what is unfinished with a
« Reprendre … (question n/N) » button, and the enjeux to pick from.
"""

from __future__ import annotations

from collections.abc import Sequence

from handlers.core.context import Context
from handlers.core.events import Button, SendText
from handlers.core.french import named, plural
from handlers.core.router import Replies
from handlers.core.ui import btn, esc, shorten
from handlers.membership import texts as membership_texts
from handlers.membership.requests import waiting_phrase
from handlers.membership.router import TEAM
from handlers.sheets import access, ask, authors, display
from handlers.sheets import texts as t
from handlers.sheets.router import DOSSIER, Step
from handlers.sheets.tally import covered, tally
from storage.models import ActionSheet, Collectivity

MAX_RESUME_BUTTONS = 3


async def pending_banner(ctx: Context) -> str:
    """« Accès en attente de validation… » while the person only reaches their private drafts."""
    reached = await access.access_of(ctx)
    if reached.active:
        return ""
    if reached.pending:
        waiting = waiting_phrase(reached.collectivity, reached.has_members)
        return membership_texts.PENDING_BANNER.format(waiting=waiting)
    return membership_texts.REFUSED.format(**named(reached.collectivity.name), reason="")


async def collectivity_name(ctx: Context) -> str:
    row = await ctx.session.get(Collectivity, ctx.person.collectivity_id)
    return row.name if row is not None else ""


async def dossier_sheets(ctx: Context) -> Sequence[ActionSheet]:
    reach = await access.scope(ctx)
    if reach is None:  # no access to any dossier: no sheet
        return []
    return await access.sheets(ctx).dossier(reach, access.edition(ctx))


def unfinished(ctx: Context, sheets: Sequence[ActionSheet]) -> list[ActionSheet]:
    """Drafts and sheets to correct: the person's own latest edits first, then the others'."""
    pending = [s for s in sheets if s.editable]
    me = ctx.person.telegram_id
    return sorted(pending, key=lambda s: (authors.last_written(s)[0] != me, -s.updated_at.timestamp(), -s.id))


def sheets_label(count: int, drafts: int) -> str:
    if not count:
        return "aucune fiche"
    text = plural(count, "fiche", "fiches")
    return text + (f" dont {plural(drafts, 'à terminer', 'à terminer')}" if drafts else "")


async def show_dossier(ctx: Context, ack: str = "") -> Replies:
    matrix, form = access.matrix(ctx), access.form(ctx)
    sheets = await dossier_sheets(ctx)
    tiles = tally(matrix, sheets)
    shared = (await access.access_of(ctx)).active
    title = t.DOSSIER_TITLE if shared else t.PRIVATE_TITLE  # a private draft is no sheet of the dossier
    lines = [title.format(name=esc(await collectivity_name(ctx)), edition=access.edition(ctx)), ""]
    if not shared:
        lines += [t.PRIVATE_NOTE, ""]
    if sheets:
        lines.append(
            t.DOSSIER_COUNTS.format(
                sheets=plural(len(sheets), "fiche", "fiches"), covered=covered(tiles), total=len(tiles)
            )
        )
    else:
        lines.append(t.DOSSIER_EMPTY)
    lines.append("")
    for tile in tiles:  # the enjeux with sheets, one line each; the others on one line (a phone screen)
        if tile.sheets:
            name = esc(tile.enjeu.name) + ("*" if tile.enjeu.awaiting_confirmation else "")
            lines.append(t.MOSAIC_LINE.format(mark="🟩", name=name, count=sheets_label(tile.sheets, tile.drafts)))
    empty = [
        esc(tile.enjeu.name) + ("*" if tile.enjeu.awaiting_confirmation else "") for tile in tiles if not tile.sheets
    ]
    if empty:
        lines.append(t.MOSAIC_EMPTY.format(names=", ".join(empty)))
    if any(e.awaiting_confirmation for e in matrix.enjeux):
        lines.append(f"<i>{t.PROVISIONAL_NOTE}</i>")
    pending = await pending_banner(ctx)
    if pending:
        lines += ["", f"<i>{pending}</i>"]
    todo = unfinished(ctx, sheets)
    rows: list[list[Button]] = []
    if todo:
        lines += ["", t.UNFINISHED_TITLE]
        for sheet in todo[:8]:
            lines.append(f"• « {esc(shorten(display.title(sheet), 60))} » — {display.where(sheet, form)}")
        for sheet in todo[:MAX_RESUME_BUTTONS]:
            label = t.RESUME_BUTTON.format(title=shorten(display.title(sheet), 28), where=display.where(sheet, form))
            rows.append([btn(label, f"{DOSSIER}:o:{sheet.id}")])
    lines += ["", t.PICK_ENJEU]
    enjeu_buttons = [
        btn(
            shorten(tile.enjeu.name, 26) + (f" ({tile.sheets})" if tile.sheets else ""),
            f"{DOSSIER}:e:{tile.enjeu.code}",
        )
        for tile in tiles
    ]
    rows += [enjeu_buttons[i : i + 2] for i in range(0, len(enjeu_buttons), 2)]
    rows.append([btn(t.SEE_MOSAIC, f"{DOSSIER}:m"), btn(t.EXPORT, f"{DOSSIER}:x")])
    if shared:
        rows.append([btn(membership_texts.TEAM_BUTTON, TEAM), btn(membership_texts.INVITE_BUTTON, f"{TEAM}:inv")])
        rows.append([btn(t.MAIN_MENU, f"{DOSSIER}:menu")])
    else:
        rows.append([btn(t.MAIN_MENU, f"{DOSSIER}:menu")])
    text = "\n".join(lines)
    return [SendText(f"{ack}\n\n{text}" if ack else text, rows)]


async def show_enjeu(ctx: Context, code: str, *, force_list: bool = False) -> Replies:
    """An enjeu's sheets and « Nouvelle fiche »; with none yet, start a new sheet straight away."""
    enjeu = access.matrix(ctx).get(code)
    if enjeu is None:
        return await show_dossier(ctx)
    mine = [s for s in await dossier_sheets(ctx) if s.enjeu == code]
    if not mine and not force_list:
        return await new_sheet(ctx, code)
    count = plural(len(enjeu.services), "service", "services")
    lines = [t.ENJEU_SCREEN.format(name=esc(enjeu.name), description=esc(enjeu.description), services=count)]
    rows: list[list[Button]] = []
    if mine:
        lines += ["", t.ENJEU_SHEETS]
        for sheet in mine:
            status = t.STATUS_LABELS.get(sheet.status, sheet.status)
            lines.append(f"• « {esc(shorten(display.title(sheet), 60))} » — {status}")
            rows.append(
                [btn(f"{status.split(' ', 1)[0]} {shorten(display.title(sheet), 40)}", f"{DOSSIER}:o:{sheet.id}")]
            )
    rows.append([btn(t.NEW_IN_ENJEU, f"{DOSSIER}:n:{code}")])
    rows.append([btn(t.BACK_TO_DOSSIER, DOSSIER)])
    return [SendText("\n".join(lines), rows)]


async def new_sheet(ctx: Context, code: str) -> Replies:
    """Create a draft in `code` and ask its services. A second tap on the same button while the
    new draft is still empty shows that draft again instead of creating another one."""
    if access.matrix(ctx).get(code) is None:
        return await show_dossier(ctx)
    current = await access.current_sheet(ctx)
    if current is not None and ctx.step == Step.SERVICES and current.enjeu == code and not current.answers:
        return await ask.show_services(ctx, current, ask.FILL)
    reach = await access.scope(ctx)
    assert reach is not None  # `access.profile_gate` lets only people who reach a dossier in
    await access.sheets(ctx).forget_untouched(reach, by=ctx.person.telegram_id)  # taps on an enjeu, then left
    sheet = await access.sheets(ctx).create(reach, access.edition(ctx), code, by=ctx.person.telegram_id, now=ctx.now)
    await ctx.session.refresh(sheet, ["answers", "attachments"])
    return await ask.show_services(ctx, sheet, ask.FILL)


def next_enjeu_without_sheet(ctx: Context, code: str, sheets: Sequence[ActionSheet]) -> str | None:
    """The next enjeu of the mosaic (after `code`, wrapping round) that has no sheet yet."""
    enjeux = access.matrix(ctx).enjeux
    used = {s.enjeu for s in sheets}
    start = access.matrix(ctx).index(code)
    for step in range(1, len(enjeux) + 1):
        candidate = enjeux[(start + step) % len(enjeux)]
        if candidate.code not in used:
            return candidate.code
    return None

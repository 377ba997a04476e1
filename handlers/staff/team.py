"""/staff (staff): list the team; administrators (the ids in the configuration) add or remove
members with `/staff ajouter <id>` and `/staff retirer <id>`. Every change is audited and the
person's command menu is updated at once when a Telegram transport is running.
"""

from __future__ import annotations

from handlers.core.aftercommit import after_commit
from handlers.core.context import Context
from handlers.core.events import SendText
from handlers.core.router import Replies
from handlers.core.ui import esc
from handlers.staff.router import router

USAGE = (
    "<b>Équipe</b>\n{members}\n\n"
    "Ajouter : <code>/staff ajouter 123456789</code>\n"
    "Retirer : <code>/staff retirer 123456789</code>\n"
    "(l'identifiant Telegram de la personne ; elle doit avoir écrit au bot pour recevoir ses commandes)"
)
ADMINS_ONLY = "Seuls les administrateurs (identifiants de la configuration) peuvent modifier l'équipe."
BAD_ID = "« {value} » n'est pas un identifiant Telegram (un nombre, par exemple 123456789)."
ADDED = "✅ {who} fait maintenant partie de l'équipe : les commandes réservées s'affichent dans son menu."
ALREADY = "{who} fait déjà partie de l'équipe."
REMOVED = "✅ {who} ne fait plus partie de l'équipe."
NOT_MEMBER = "{who} ne fait pas partie de l'équipe."
IN_CONFIG = "{who} est administrateur dans la configuration : retirez son identifiant du fichier de configuration."


@router.command("staff", description="Gérer l'équipe", staff=True)
async def staff_command(ctx: Context) -> Replies:
    verb, _, raw = ctx.event.args.strip().partition(" ")
    verb = verb.lower()
    if verb not in ("ajouter", "retirer"):
        return [SendText(USAGE.format(members=await _members(ctx)))]
    admin = ctx.person.telegram_id in ctx.services.staff_ids
    if not admin:
        ctx.audit.log(ctx.person.telegram_id, "staff_change_denied", f"/staff {verb}"[:128])
        return [SendText(ADMINS_ONLY)]
    target = _telegram_id(raw)
    if target is None:
        return [SendText(BAD_ID.format(value=esc(raw.strip()[:32])))]
    person = await (ctx.people.get_or_create(target, now=ctx.now) if verb == "ajouter" else ctx.people.get(target))
    who = f"{esc(person.display_name)} ({target})" if person is not None and person.first_name else str(target)
    if verb == "ajouter":
        assert person is not None  # get_or_create always gives one
        if person.is_staff or target in ctx.services.staff_ids:
            return [SendText(ALREADY.format(who=who))]
        person.is_staff = True
        ctx.audit.log(ctx.person.telegram_id, "staff_added", str(target))
        _refresh_menu(ctx, target, staff=True)
        return [SendText(ADDED.format(who=who))]
    if target in ctx.services.staff_ids:
        return [SendText(IN_CONFIG.format(who=who))]
    if person is None or not person.is_staff:
        return [SendText(NOT_MEMBER.format(who=who))]
    person.is_staff = False
    ctx.audit.log(ctx.person.telegram_id, "staff_removed", str(target))
    _refresh_menu(ctx, target, staff=False)
    return [SendText(REMOVED.format(who=who))]


def _telegram_id(raw: str) -> int | None:
    raw = raw.strip()
    if not raw.isdigit() or len(raw) > 15 or int(raw) == 0:
        return None
    return int(raw)


async def _members(ctx: Context) -> str:
    lines = [f"• {uid} (administrateur)" for uid in sorted(ctx.services.staff_ids)]
    for person in await ctx.people.staff():
        if person.telegram_id not in ctx.services.staff_ids:
            lines.append(f"• {esc(person.display_name)} ({person.telegram_id})")
    return "\n".join(lines) or "(personne)"


def _refresh_menu(ctx: Context, chat_id: int, *, staff: bool) -> None:
    menus = ctx.services.command_menus
    if menus is not None:

        async def refresh() -> None:
            await menus.set_for(chat_id, staff=staff)

        after_commit(ctx.session, refresh)

"""Who is staff, end to end through both libraries: staff commands hidden from and refused to
others (and the attempt audited), administrators add and remove members with /staff, the
member's command menu follows at once, every change is in the audit log."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import AuditEntry
from tests.conftest import STAFF_ID
from tests.support.outbox import person
from tests.support.waiting import eventually

STAFF_COMMANDS = {"diffusion", "staff"}


def names(commands) -> set[str]:
    return {c["command"] for c in commands}


async def audit(app) -> list[tuple[int, str, str]]:
    async with app.sessions() as session:
        rows = (await session.scalars(select(AuditEntry).order_by(AuditEntry.id))).all()
    return [(r.actor_telegram_id, r.action, r.target) for r in rows]


async def test_staff_commands_are_hidden_and_refused_to_everyone_else(telegram):
    api = telegram.api
    assert not STAFF_COMMANDS & names(api.commands_for())
    assert names(api.commands_for({"type": "chat", "chat_id": STAFF_ID})) >= STAFF_COMMANDS

    lucie = telegram.user(801, "Lucie")
    for command in ("/diffusion", "/staff ajouter 801"):
        await lucie.send(command)
        name = command.split()[0]
        assert f"Je ne connais pas la commande {name}" in (await lucie.reply()).text
    assert [a for a in await audit(telegram.app) if a[1] == "staff_command_denied"] == [
        (801, "staff_command_denied", "/diffusion"),
        (801, "staff_command_denied", "/staff"),
    ]


async def test_an_administrator_adds_and_removes_a_member_and_their_menu_follows(telegram):
    api, app = telegram.api, telegram.app
    admin = telegram.user(STAFF_ID, "Équipe")
    lucie = telegram.user(802, "Lucie")
    await lucie.send("/start")
    await lucie.replies(2)
    await lucie.press("Maire")
    await lucie.replies(2)
    chat_scope = {"type": "chat", "chat_id": 802}

    await admin.send("/staff ajouter douze")
    assert "n'est pas un identifiant Telegram" in (await admin.reply()).text
    await admin.send("/staff ajouter 802")
    assert "Lucie (802) fait maintenant partie de l'équipe" in (await admin.reply()).text
    await eventually(lambda: _has(api, chat_scope, "diffusion"), what="staff menu in Lucie's chat")
    assert (await person(app, 802)).is_staff

    await lucie.send("/diffusion")
    assert "Nouvelle diffusion" in (await lucie.reply()).text
    await lucie.send("/annuler")
    await lucie.reply()
    await lucie.send("/staff ajouter 803")
    assert "Seuls les administrateurs" in (await lucie.reply()).text

    await admin.send("/staff")
    assert "Lucie (802)" in (await admin.reply()).text
    await admin.send(f"/staff retirer {STAFF_ID}")
    assert "administrateur dans la configuration" in (await admin.reply()).text
    await admin.send("/staff retirer 802")
    assert "ne fait plus partie de l'équipe" in (await admin.reply()).text
    await eventually(lambda: _lacks(api, chat_scope, "diffusion"), what="public menu back in Lucie's chat")

    await lucie.send("/diffusion")
    assert "Je ne connais pas la commande /diffusion" in (await lucie.reply()).text
    entries = await audit(app)
    assert (STAFF_ID, "staff_added", "802") in entries and (STAFF_ID, "staff_removed", "802") in entries
    assert (802, "staff_change_denied", "/staff ajouter") in entries


async def _has(api, scope, command):
    return command in names(api.commands_for(scope))


async def _lacks(api, scope, command):
    current = names(api.commands_for(scope))
    return bool(current) and command not in current

"""The first conversation, end to end through aiogram and python-telegram-bot and the fake Bot API."""

from __future__ import annotations

import aiohttp

from bot.transports.delivery import send_long_text
from tests.fakebotapi import FakeBotAPI
from tests.support.telegram import running_bot
from tests.support.waiting import eventually


async def test_welcome_role_and_menu(telegram):
    marie = telegram.user(4201, "Marie")
    await marie.send("/start")
    welcome, question = await marie.replies(2)
    assert "Bonjour Marie" in welcome.text and "Arobase" in welcome.text
    assert question.button_labels == ["Maire", "Élu·e", "Agent·e", "Autre"]

    await marie.press("Maire")
    saved, menu = await marie.replies(2)
    assert "Vous êtes : Maire" in saved.text
    assert menu.button_labels == [
        "❓ Questions sur le label",
        "🖥 Webinaire d'information",
        "📝 Fiches actions",
        "ℹ️ Aide",
    ]
    assert (await marie.callback_answer()) is not None

    await marie.send("/aide")
    assert "Ce que je sais faire" in (await marie.reply()).text


async def test_bad_input_gets_kind_answers(telegram):
    paul = telegram.user(4202, "Paul")
    await paul.send("/start")
    await paul.replies(2)
    await paul.press("Agent·e")
    await paul.replies(2)

    await paul.send_sticker()
    assert "autocollant" in (await paul.reply()).text
    await paul.send_photo()
    assert "images" in (await paul.reply()).text
    await paul.send_voice()
    assert "vocaux" in (await paul.reply()).text
    await paul.send("x" * 10_000)
    assert "trop long" in (await paul.reply()).text
    await paul.send("/inconnue")
    assert "Je ne connais pas la commande /inconnue" in (await paul.reply()).text

    await paul.press_data("role:empereur")
    answer = await paul.callback_answer()
    assert answer.text == "Cette action n'est plus disponible."
    notice, menu = await paul.replies(2)
    assert "plus valable" in notice.text and len(menu.button_labels) == 4


async def test_html_in_user_names_is_escaped_so_telegram_accepts_it(telegram):
    tricky = telegram.user(4203, "<b>Zoé & Co")
    await tricky.send("/start")
    welcome, _ = await tricky.replies(2)
    assert "Bonjour <b>Zoé & Co" in welcome.text  # shown literally, not parsed


async def test_commands_menus_are_registered_with_staff_ones_only_for_staff(telegram):
    public = [c["command"] for c in telegram.api.commands_for()]
    staff = [c["command"] for c in telegram.api.commands_for({"type": "chat", "chat_id": 9000})]
    assert {"start", "menu", "aide", "annuler"} <= set(public)
    assert set(public) <= set(staff)


async def test_a_reply_over_4096_characters_arrives_in_several_valid_messages(telegram):
    user = telegram.user(4204, "Long")
    await user.send("/start")
    await user.replies(2)
    text = "\n\n".join(f"<b>Partie {i}</b> " + "texte &amp; suite " * 60 for i in range(12))
    await send_long_text(telegram.sender, user.id, text, [])
    parts = user.history[-3:]
    assert all(len(p.text) <= 4096 for p in user.history)
    assert "Partie 11" in parts[-1].text


async def test_a_blocked_user_is_recorded_and_unblocking_restores_them(telegram):
    from sqlalchemy import select

    from storage.models import Person

    user = telegram.user(4205, "Bloque")
    await user.send("/start")
    await user.replies(2)

    async def blocked() -> bool:
        async with telegram.app.sessions() as session:
            return await session.scalar(select(Person.blocked).where(Person.telegram_id == user.id))

    telegram.api.block(user.id)  # Telegram sends my_chat_member "kicked"
    await eventually(blocked, what="person marked blocked")
    await user.send("/menu")  # writing again unblocks, as in Telegram
    await user.reply()
    assert await blocked() is False


async def test_webhook_mode_checks_the_secret_token(settings, clock):
    for library in ("aiogram", "ptb"):
        token = "111:A" if library == "aiogram" else "222:B"  # two bots: update ids start over
        async with FakeBotAPI(token=token) as api, running_bot(api, settings, library, clock, webhook=True) as running:
            assert api.calls("setWebhook")[-1]["secret_token"] == "s3cret-token_OK"
            user = running.user(4210, "Web")
            await user.send("/start")
            welcome, _ = await user.replies(2)
            assert "Bonjour Web" in welcome.text
            async with aiohttp.ClientSession() as http:
                forged = {
                    "update_id": 999,
                    "message": {
                        "message_id": 1,
                        "date": 0,
                        "chat": {"id": 4210, "type": "private"},
                        "from": {"id": 4210, "is_bot": False, "first_name": "X"},
                        "text": "/menu",
                    },
                }
                async with http.post(
                    settings.webhook.url, json=forged, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}
                ) as response:
                    assert response.status in (401, 403), library
                right = {"X-Telegram-Bot-Api-Secret-Token": "s3cret-token_OK"}
                malformed = [
                    b"{not json",
                    b"[1, 2]",
                    b'{"update_id": "x"}',
                    b'{"update_id": 1000, "message": "hello"}',
                    b'{"update_id": 1001, "message": {"chat": {"id": 4210}, "from": {"first_name": "X"}, "text": 5}}',
                    b'{"update_id": 1002, "callback_query": {"from": {"id": 4210}}}',
                ]
                for body in malformed:
                    async with http.post(settings.webhook.url, data=body, headers=right) as response:
                        assert response.status == 400, (library, body, response.status)
            await user.no_reply(within=0.3)
            await user.send("/menu")  # the bot still answers
            assert "Que souhaitez-vous faire" in (await user.last_text())
        settings.telegram.mode = "polling"


async def test_a_file_the_user_sent_can_be_sent_again_by_its_file_id(telegram):
    """Attachments are kept by Telegram file id and re-sent (e.g. to staff) without downloading."""
    from bot.transports.delivery import deliver
    from handlers.core.events import Incoming, Kind, SendFile, User

    user = telegram.user(4206, "Pj")
    sent = await user.send_document("plan.pdf", b"%PDF-1.4 plan", "application/pdf")
    file_id = sent["document"]["file_id"]
    event = Incoming(Kind.TEXT, User(4206), 4206)
    await deliver(telegram.sender, event, [SendFile(file_id, "document", "Pièce jointe : plan.pdf")])
    received = (await user.reply()).document
    assert received.content == b"%PDF-1.4 plan" and received.filename == "plan.pdf"


async def test_a_reply_telegram_refuses_is_replaced_by_a_notice_and_the_rest_follows(telegram):
    """E.g. a staff member's own text that Telegram's HTML parser refuses: they are told, not left in silence."""
    from bot.transports.delivery import deliver
    from handlers.core.events import Incoming, Kind, SendText, User

    staff = telegram.user(4207, "Équipe")
    event = Incoming(Kind.TEXT, User(4207), 4207)
    await deliver(telegram.sender, event, [SendText("Aperçu : <b>non fermé"), SendText("Suite du message")])
    notice, rest = await staff.replies(2)
    assert notice.text.startswith("⚠️ Telegram a refusé d'afficher un de mes messages (")
    assert "can't parse entities" in notice.text.lower() and rest.text == "Suite du message"

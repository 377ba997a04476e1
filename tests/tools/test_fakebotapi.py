"""Proves the fake Bot API (tests/fakebotapi) against the real client libraries.

Role: every check goes over real HTTP with aiogram 3 and python-telegram-bot 22
configured for a custom server, so scenario tests can trust that what passes
against ``FakeBotAPI`` (limits, error texts, polling, webhook, files) would
behave the same against Telegram.
"""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

import aiohttp
import pytest
import pytest_asyncio
import telegram
import telegram.error as ptb_errors
from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import BotCommand, BotCommandScopeChat, BufferedInputFile, CallbackQuery, Message, Update
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from tests.fakebotapi import FakeBotAPI, HtmlParseError, parse_html
from tests.support.waiting import eventually

TOKEN = "123456:TEST"


@pytest_asyncio.fixture
async def api():
    async with FakeBotAPI(TOKEN) as server:
        server.max_poll_timeout = 0.5
        server.add_user(42, "Marie")
        yield server


@pytest_asyncio.fixture
async def ag_bot(api):
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(api.base_url)))
    yield bot
    await bot.session.close()


@pytest_asyncio.fixture
async def ptb_bot(api):
    async with telegram.Bot(TOKEN, base_url=f"{api.base_url}/bot", base_file_url=f"{api.base_url}/file/bot") as bot:
        yield bot


def keyboard(data: str) -> telegram.InlineKeyboardMarkup:
    return telegram.InlineKeyboardMarkup([[telegram.InlineKeyboardButton("Go", callback_data=data)]])


def seconds(value: int | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else value


# ---------------------------------------------------------------- HTML parser (tdlib's own cases)
@pytest.mark.parametrize(
    ("html", "plain", "entities"),
    [
        ("<b>&amp;</b>", "&", [("bold", 0, 1)]),
        ("🏟 🏟<i>🏟 &gt;<b aba   =   caba>&lt🏟</b></i>", "🏟 🏟🏟 ><🏟", [("italic", 5, 7), ("bold", 9, 3)]),
        ('<pre><code class="language-py">x</code></pre>', "x", [("pre", 0, 1)]),
        (
            "<blockquote expandable>q</blockquote><tg-spoiler>s</tg-spoiler>",
            "qs",
            [("expandable_blockquote", 0, 1), ("spoiler", 1, 1)],
        ),
        ('<a href="https://t.me">l</a> &#60;&#x3E;&quot;', 'l <>"', [("text_link", 0, 1)]),
    ],
)
def test_html_parser_accepts(html, plain, entities):
    text, parsed = parse_html(html)
    assert text == plain
    assert [(e["type"], e["offset"], e["length"]) for e in parsed] == entities


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("🏟 🏟&lt;<abac aba>", 'Unsupported start tag "abac" at byte offset 13'),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<i>a</em>", 'Unmatched end tag at byte offset 4, expected "</i>", found "</em>"'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("Tom & Jerry", 'Character "&" at byte offset 4'),
    ],
)
def test_html_parser_rejects(html, error):
    with pytest.raises(HtmlParseError, match=error.replace("(", r"\(")):
        parse_html(html)


# ---------------------------------------------------------------- raw HTTP envelope
@pytest.mark.asyncio
async def test_raw_http_formats_token_and_unknown_method(api):
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{api.base_url}/botWRONG:TOKEN/getMe") as resp:
            assert resp.status == 401
            assert await resp.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
        async with http.post(f"{api.base_url}/bot{TOKEN}/noSuchMethod") as resp:
            assert (resp.status, (await resp.json())["description"]) == (404, "Not Found")
        async with http.get(f"{api.base_url}/bot{TOKEN}/GETME") as resp:
            assert (await resp.json())["result"]["username"] == "arobase_test_bot"
        async with http.get(f"{api.base_url}/bot{TOKEN}/sendMessage?chat_id=42&text=q") as resp:
            assert (await resp.json())["result"]["text"] == "q"
        body = {
            "chat_id": 42,
            "text": "j",
            "reply_markup": {"inline_keyboard": [[{"text": "a", "url": "https://t.me"}]]},
        }
        async with http.post(f"{api.base_url}/bot{TOKEN}/sendmessage", json=body) as resp:
            assert (await resp.json())["result"]["reply_markup"] == body["reply_markup"]
        async with http.post(f"{api.base_url}/bot{TOKEN}/sendMessage", json={"chat_id": 7, "text": "x"}) as resp:
            assert (resp.status, (await resp.json())["description"]) == (400, "Bad Request: chat not found")
    assert [r.transport for r in api.requests] == ["query", "query", "json", "json"]
    assert api.messages(42)[-1].buttons == [[("a", "https://t.me")]]


# ---------------------------------------------------------------- both libraries: sending & limits
@pytest.mark.asyncio
async def test_aiogram_send_limits_and_errors(api, ag_bot):
    me = await ag_bot.get_me()
    assert (me.id, me.username) == (123456, "arobase_test_bot")
    sent = await ag_bot.send_message(42, "<b>Bonjour</b> <i>Marie</i>", parse_mode="HTML")
    assert sent.text == "Bonjour Marie" and sent.entities[1].type == "italic"
    amp = await ag_bot.send_message(42, "<b>&amp;</b>", parse_mode="HTML")
    assert amp.text == "&"
    await ag_bot.send_message(42, "😀" * 2048)  # 4096 UTF-16 code units: the maximum
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await ag_bot.send_message(42, "😀" * 2048 + "x")
    with pytest.raises(TelegramBadRequest, match="can't parse entities: Unsupported start tag"):
        await ag_bot.send_message(42, "<foo>x</foo>", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await ag_bot.send_message(42, "<b> </b>", parse_mode="HTML")
    builder = InlineKeyboardBuilder()
    builder.button(text="Trop long", callback_data="x" * 65)
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await ag_bot.send_message(42, "clavier", reply_markup=builder.as_markup())
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await ag_bot.send_message(999, "inconnu")
    api.block(42)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await ag_bot.send_message(42, "bloqué")
    recorded = api.messages(42)
    assert [m.raw_text for m in recorded[:2]] == ["<b>Bonjour</b> <i>Marie</i>", "<b>&amp;</b>"]
    assert recorded[0].text == "Bonjour Marie" and recorded[0].parse_mode == "HTML"
    assert api.updates.pending[-1]["my_chat_member"]["new_chat_member"]["status"] == "kicked"


@pytest.mark.asyncio
async def test_ptb_send_limits_and_errors(api, ptb_bot):
    assert (await ptb_bot.get_me()).username == "arobase_test_bot"
    sent = await ptb_bot.send_message(42, "<u>souligné</u> &lt;3", parse_mode="HTML", reply_markup=keyboard("ok"))
    assert sent.text == "souligné <3" and sent.reply_markup.inline_keyboard[0][0].callback_data == "ok"
    with pytest.raises(ptb_errors.BadRequest, match="(?i)message is too long"):
        await ptb_bot.send_message(42, "a" * 4097)
    with pytest.raises(ptb_errors.BadRequest, match="(?i)BUTTON_DATA_INVALID"):
        await ptb_bot.send_message(42, "x", reply_markup=keyboard("é" * 33))  # 66 bytes
    with pytest.raises(ptb_errors.BadRequest, match="(?i)can't parse entities: Can't find end tag"):
        await ptb_bot.send_message(42, "<b>gras", parse_mode="HTML")
    with pytest.raises(ptb_errors.BadRequest, match="(?i)message caption is too long"):
        await ptb_bot.send_document(42, b"x", filename="a.txt", caption="c" * 1025)
    edited = await ptb_bot.edit_message_text("nouveau", chat_id=42, message_id=sent.message_id)
    assert edited.text == "nouveau" and edited.reply_markup is None  # omitted markup is removed
    with pytest.raises(ptb_errors.BadRequest, match="(?i)message is not modified: specified new message content"):
        await ptb_bot.edit_message_text("nouveau", chat_id=42, message_id=sent.message_id)
    with pytest.raises(ptb_errors.BadRequest, match="(?i)message to edit not found"):
        await ptb_bot.edit_message_text("x", chat_id=42, message_id=999)
    [message] = api.messages(42)
    assert message.edited and [old.text for old in message.history] == ["souligné <3"]
    api.block(42, notify=False)
    with pytest.raises(ptb_errors.Forbidden, match="(?i)bot was blocked by the user"):
        await ptb_bot.send_message(42, "bloqué")


@pytest.mark.asyncio
@pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")
async def test_rate_limits_return_429_with_retry_after(ag_bot, ptb_bot, api):
    api.limiter.per_chat_limit = 1
    await ag_bot.send_message(42, "1")
    with pytest.raises(TelegramRetryAfter) as aiogram_error:
        await ag_bot.send_message(42, "2")
    assert aiogram_error.value.retry_after == 1
    assert "Too Many Requests: retry after 1" in aiogram_error.value.message
    api.limiter.per_chat_limit, api.limiter.rate_limit = None, 3
    api.limiter.reset()
    for user_id in range(100, 103):
        api.add_user(user_id)
        await ptb_bot.send_message(user_id, "diffusion")
    api.add_user(103)
    with pytest.raises(ptb_errors.RetryAfter) as ptb_error:
        await ptb_bot.send_message(103, "diffusion")
    assert seconds(ptb_error.value.retry_after) >= 1
    assert api.stats.too_many_requests == 2 and api.stats.errors[429] == 2


@pytest.mark.asyncio
async def test_injected_failures_then_recovery(api, ag_bot, ptb_bot):
    api.fail_next("sendMessage", status=500)
    with pytest.raises(TelegramServerError):
        await ag_bot.send_message(42, "x")
    api.fail_next("sendmessage", drop=True)
    with pytest.raises(TelegramNetworkError):
        await ag_bot.send_message(42, "x")
    api.fail_next("sendMessage", drop=True)
    with pytest.raises(ptb_errors.NetworkError):
        await ptb_bot.send_message(42, "x")
    assert (await ag_bot.send_message(42, "enfin")).text == "enfin"
    assert [m.text for m in api.messages(42)] == ["enfin"]


# ---------------------------------------------------------------- polling with simulated users
@pytest.mark.asyncio
async def test_aiogram_polling_conversation_buttons_and_files(api, ag_bot):
    dp = Dispatcher()

    @dp.message(F.text == "/start")
    async def start(message: Message):
        kb = InlineKeyboardBuilder()
        kb.button(text="Oui, merci", callback_data="yes")
        kb.button(text="Non", callback_data="no")
        await message.answer("<b>Bienvenue</b> !", parse_mode="HTML", reply_markup=kb.as_markup())

    @dp.callback_query()
    async def pressed(query: CallbackQuery):
        await query.answer("Noté", show_alert=True)
        await query.message.edit_text(f"Choix : {query.data}")

    @dp.message(F.document)
    async def document(message: Message, bot: Bot):
        data = await bot.download(message.document)
        await message.answer_document(BufferedInputFile(data.read().upper(), "echo.txt"), caption="écho")

    polling = asyncio.create_task(dp.start_polling(ag_bot, handle_signals=False, close_bot_session=False))
    marie = api.user(42, first_name="Marie", language_code="fr")
    await marie.send("/start")
    [welcome] = await marie.replies(1)
    assert welcome.text == "Bienvenue !" and welcome.button_labels == ["Oui, merci", "Non"]
    with pytest.raises(AssertionError, match=r"available: \['Oui, merci', 'Non'\]"):
        await marie.press("Peut-être")
    await marie.press("Oui")
    answer = await marie.callback_answer()
    assert (answer.text, answer.show_alert) == ("Noté", True)
    assert await marie.last_text() == "Choix : yes"
    await marie.send_document("notes.txt", b"bonjour", "text/plain")
    [echo] = await marie.replies(1)
    assert (echo.document.content, echo.document.filename, echo.caption) == (b"BONJOUR", "echo.txt", "écho")
    assert echo.document.mime_type == "text/plain"
    await dp.stop_polling()
    await polling
    assert sorted(api.calls("getUpdates")[-1]["allowed_updates"]) == ["callback_query", "message"]


@pytest.mark.asyncio
async def test_ptb_application_polling_and_stale_button(api):
    async def start(update, context):
        await update.message.reply_text("Menu", reply_markup=keyboard("menu"))

    async def button(update, context):
        await update.callback_query.answer()
        await update.effective_chat.send_message(f"reçu {update.callback_query.data}")

    async def photo(update, context):
        data = await (await update.message.photo[-1].get_file()).download_as_bytearray()
        await update.message.reply_text(f"{len(data)} octets, {update.message.caption}")

    app = (
        Application.builder()
        .token(TOKEN)
        .base_url(f"{api.base_url}/bot")
        .base_file_url(f"{api.base_url}/file/bot")
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(button))
    app.add_handler(MessageHandler(filters.PHOTO, photo))
    async with app:
        await app.updater.start_polling(timeout=5, poll_interval=0)
        await app.start()
        paul = api.user(7, first_name="Paul")
        await paul.send("/start")
        first = await paul.reply()
        assert first.reply_to_message_id is None and first.buttons == [[("Go", "menu")]]
        await paul.send("/start")
        await paul.reply()
        await paul.press("Go", message=first)  # a stale button on the older message
        assert (await paul.reply()).text == "reçu menu"
        await paul.callback_answer()
        await paul.press_data("forgé:1")
        assert await paul.last_text() == "reçu forgé:1"
        await paul.send_photo(caption="légende", content=b"\xff\xd8jpeg")
        assert await paul.last_text() == "6 octets, légende"
        await app.updater.stop()
        await app.stop()
    assert api.calls("deleteWebhook")  # PTB clears any webhook before polling


@pytest.mark.asyncio
async def test_raw_long_polling_offset_conflict_and_redelivery(api):
    url = f"{api.base_url}/bot{TOKEN}/getUpdates"
    api.max_poll_timeout = 2.0
    async with aiohttp.ClientSession() as http:
        poll = asyncio.create_task(http.post(url, json={"timeout": 30}))
        update = await api.user(42).send("salut")
        started = time.monotonic()
        async with await poll as resp:
            [received] = (await resp.json())["result"]
        assert received["message"]["text"] == "salut" and time.monotonic() - started < 1.5
        api.max_poll_timeout = 0.2
        async with http.post(url, data={"offset": str(received["update_id"] + 1), "timeout": "30"}) as resp:
            assert (await resp.json())["result"] == []  # confirmed, and the wait was capped
        api.redeliver(received["update_id"])
        async with http.post(url, data={"offset": str(received["update_id"] + 1)}) as resp:
            assert (await resp.json())["result"][0]["update_id"] == received["update_id"]
        api.max_poll_timeout = 2.0
        first = asyncio.create_task(http.post(url, json={"timeout": 5, "offset": received["update_id"] + 1}))
        await api.wait_for_call("getUpdates", 4)
        async with http.post(url, json={"timeout": 0}):
            pass
        async with await first as resp:
            assert resp.status == 409 and "terminated by other getUpdates" in (await resp.json())["description"]
    assert update["chat"]["id"] == 42


@pytest.mark.asyncio
async def test_every_simulated_update_deserializes_in_both_libraries(api, ag_bot, ptb_bot):
    lea = api.user(8, first_name="Léa", language_code="fr")
    await ptb_bot.send_message(8, "choix", reply_markup=keyboard("c"))
    for action in (
        lea.send("/aide now"),
        lea.send_sticker(),
        lea.send_photo("vue"),
        lea.send_voice(),
        lea.send_document("a.pdf", b"%PDF", "application/pdf"),
        lea.send_location(48.85, 2.35),
        lea.press("Go"),
    ):
        await action
    lea.block()
    await lea.send("revenu")  # writing again restarts (unblocks) the bot
    kinds = []
    for raw in api.updates.archive.values():
        kinds.append(Update.model_validate(raw, context={"bot": ag_bot}).event_type)
        assert telegram.Update.de_json(raw, ptb_bot).update_id == raw["update_id"]
    assert kinds == ["message"] * 6 + ["callback_query", "my_chat_member", "my_chat_member", "message"]
    assert api.updates.archive[1]["message"]["entities"][0] == {"type": "bot_command", "offset": 0, "length": 5}


# ---------------------------------------------------------------- webhook, commands, inline
@pytest.mark.asyncio
async def test_webhook_delivery_secret_redelivery_and_conflict(api, ag_bot):
    seen: list[int] = []
    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message, event_update):
        seen.append(event_update.update_id)
        await message.answer(f"webhook: {message.text}")

    app = web.Application()
    SimpleRequestHandler(dp, ag_bot, secret_token="s3cret").register(app, path="/hook")
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    try:
        assert await ag_bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cret")
        with pytest.raises(TelegramConflictError, match="webhook is active"):
            await ag_bot.get_updates()
        marie = api.user(42)
        await marie.send("coucou")
        assert (await marie.reply()).text == "webhook: coucou"
        api.redeliver(seen[0])
        assert (await marie.reply()).text == "webhook: coucou"
        assert seen == [seen[0], seen[0]]
        api.webhook.secret_token, api.webhook.retry_delay = "wrong", 0.01
        update_id = api.enqueue_raw({"message": {**api.updates.archive[seen[0]]["message"], "text": "x"}})
        await api.notifier.wait_until(lambda: api.stats.webhook_failures, 5)
        info = await ag_bot.get_webhook_info()
        assert info.last_error_message == "Wrong response from the webhook: 401 Unauthorized"
        assert update_id not in api.updates.delivered and api.stats.webhook_deliveries == 2
        assert await ag_bot.delete_webhook()
        assert (await ag_bot.get_webhook_info()).url == ""
    finally:
        await runner.cleanup()


@pytest.mark.asyncio
async def test_webhook_retries_an_update_until_accepted_one_chat_in_order_chats_in_parallel(api, ag_bot):
    """As telegram-bot-api: a failed update is sent again (doubling delay) until a 2xx, never
    dropped after a few tries; a chat's next update waits for that; another chat goes on."""
    answers = {42: [500, 500, 200], 43: [200, 200]}
    received: list[tuple[int, str, int]] = []
    release_42 = asyncio.Event()

    async def hook(request: web.Request) -> web.Response:
        body = await request.json()
        chat, text = body["message"]["chat"]["id"], body["message"]["text"]
        status = answers[chat].pop(0) if answers[chat] else 200
        received.append((chat, text, status))
        if chat == 42 and text == "deux":
            await release_42.wait()  # chat 42's second update is slow to answer
        return web.Response(status=status)

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    try:
        api.webhook.retry_delay, api.webhook.max_retry_delay = 0.01, 0.05
        assert await ag_bot.set_webhook(f"http://127.0.0.1:{port}/hook")
        marie, paul = api.user(42), api.user(43, "Paul")
        await marie.send("un")
        await marie.send("deux")
        await paul.send("salut")
        await eventually(lambda: _true(any(r[1] == "deux" for r in received)), 5, "chat 42's second update")
        await paul.send("encore")  # while chat 42 waits, chat 43 is served
        await eventually(lambda: _true(sum(r[0] == 43 for r in received) == 2), 5, "chat 43's two updates")
        assert [r for r in received if r[0] == 42] == [
            (42, "un", 500),
            (42, "un", 500),
            (42, "un", 200),
            (42, "deux", 200),
        ]
        assert api.stats.webhook_failures == 2
        release_42.set()
        await eventually(lambda: _true(not api.updates.pending), 5, "every update accepted")
        assert api.stats.webhook_deliveries == 4
        info = await ag_bot.get_webhook_info()
        assert (
            info.pending_update_count == 0
            and info.last_error_message == "Wrong response from the webhook: 500 Internal Server Error"
        )
    finally:
        await ag_bot.delete_webhook()
        await runner.cleanup()


@pytest.mark.asyncio
async def test_commands_per_scope_and_inline_query(api, ag_bot, ptb_bot):
    await ag_bot.set_my_commands([BotCommand(command="start", description="Démarrer")])
    await ag_bot.set_my_commands(
        [BotCommand(command="admin", description="Staff")], scope=BotCommandScopeChat(chat_id=42), language_code="fr"
    )
    assert [c.command for c in await ptb_bot.get_my_commands()] == ["start"]
    scoped = await ptb_bot.get_my_commands(scope=telegram.BotCommandScopeChat(42), language_code="fr")
    assert [c.command for c in scoped] == ["admin"]
    assert api.calls("setMyCommands")[1]["scope"] == {"type": "chat", "chat_id": 42}
    assert api.commands_for({"type": "chat", "chat_id": 42}, "fr")[0]["description"] == "Staff"
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await ag_bot.set_my_commands([BotCommand(command="Pas valide", description="x")])
    with pytest.raises(ptb_errors.BadRequest, match="(?i)chat not found"):
        await ptb_bot.set_my_commands([("x", "y")], scope=telegram.BotCommandScopeChat(555))

    async def answer_when_asked():
        await api.notifier.wait_until(lambda: api.inline_queries, 5)
        [query_id] = api.inline_queries
        result = telegram.InlineQueryResultArticle("1", "FAQ", telegram.InputTextMessageContent("Réponse"))
        await ptb_bot.answer_inline_query(query_id, [result])
        with pytest.raises(ptb_errors.BadRequest, match="(?i)query is too old"):
            await ptb_bot.answer_inline_query(query_id, [result])

    answering = asyncio.create_task(answer_when_asked())
    results = await api.user(42).inline_query("label")
    await answering
    assert results[0]["title"] == "FAQ"
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await ag_bot.answer_callback_query("123")


async def _true(value) -> bool:
    return bool(value)

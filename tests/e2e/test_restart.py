"""A bot process killed mid-conversation (SIGKILL) resumes where the user was after restart."""

from __future__ import annotations

import pytest

from bot.app import build_app
from bot.config import load_settings
from handlers.core.events import Incoming, Kind, User
from tests.fakebotapi import FakeBotAPI
from tests.support.process import BotProcess, replies_recorded_as_delivered, write_config

pytestmark = pytest.mark.slow  # real processes, killed and restarted


@pytest.mark.parametrize("library", ["aiogram", "ptb"])
async def test_killed_bot_resumes_the_conversation(tmp_path, library):
    async with FakeBotAPI(max_poll_timeout=0.5) as api:
        api.add_user(9000, first_name="Équipe")
        config = write_config(
            tmp_path,
            api_url=api.base_url,
            token=api.token,
            library=library,
            database_url=f"sqlite:///{tmp_path}/bot.db",
        )
        bot = BotProcess(config, tmp_path / "bot.log")
        bot.upgrade()
        bot.start()
        try:
            user = api.user(5151, first_name="Nadia", language_code="fr")
            await user.send("/start")
            _welcome, question = await user.replies(2, timeout=30)
            assert "qui êtes-vous" in question.text
            await replies_recorded_as_delivered(tmp_path / "bot.db")

            bot.kill()
            bot.start()

            await user.press("Agent·e", message=question)  # the button sent before the crash
            saved, menu = await user.replies(2, timeout=30)
            assert "Vous êtes : Agent·e" in saved.text
            assert "📝 Fiches actions" in menu.button_labels
        finally:
            bot.stop()
        log = (tmp_path / "bot.log").read_text(errors="replace")
        assert not [line for line in log.splitlines() if " ERROR bot." in line or " ERROR handlers." in line]


@pytest.mark.parametrize("library", ["aiogram", "ptb"])
async def test_replies_a_stopped_run_did_not_send_come_before_the_next_answers(tmp_path, library):
    """Committed but not sent when the process died (Telegram will not give the update again):
    after restart they reach the person first, then what they typed meanwhile is answered."""
    async with FakeBotAPI(max_poll_timeout=0.5) as api:
        database_url = f"sqlite:///{tmp_path}/bot.db"
        config = write_config(
            tmp_path, api_url=api.base_url, token=api.token, library=library, database_url=database_url
        )
        bot = BotProcess(config, tmp_path / "bot.log")
        bot.upgrade()
        app = await build_app(load_settings(config))
        start = Incoming(Kind.COMMAND, User(5152, "Nadia"), 5152, update_id=10**9, bot_id=api.bot_id,
                         text="/start", command="start")  # fmt: skip

        async def killed_before_sending(_actions) -> None:
            raise ConnectionError("the process died after the commit, before sending")

        with pytest.raises(ConnectionError):
            await app.dispatcher.process(start, killed_before_sending)
        await app.close()

        user = api.user(5152, first_name="Nadia", language_code="fr")
        await user.send("/aide")  # typed while the bot was down
        bot.start()
        try:
            replies = await user.replies(4, timeout=30)
        finally:
            bot.stop()
        texts = [message.text for message in replies]
        assert "Bonjour Nadia" in texts[0] and "qui êtes-vous" in texts[1]  # the held-back replies first
        assert "Ce que je sais faire" in texts[2] and "qui êtes-vous" in texts[3]  # then /aide, and the step

"""A bot process killed mid-conversation (SIGKILL) resumes where the user was after restart."""

from __future__ import annotations

import pytest

from tests.fakebotapi import FakeBotAPI
from tests.support.process import BotProcess, write_config

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

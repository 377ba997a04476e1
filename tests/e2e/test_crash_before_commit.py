"""SIGKILL between the receipt of an update and the commit of its transaction: after the restart
the update is handled, on both libraries, in polling and in webhook mode.

The bot really is in that window: the test holds SQLite's write lock (another writer, as a slow
disk or a long transaction would), so the bot has the update in hand and cannot commit. Polling:
the bot fetched it and asked getUpdates again meanwhile (a library confirming updates as soon as
they are fetched loses it here). Webhook: Telegram's POST is in the bot's hands, unanswered (a
bot answering 200 before its commit loses it here)."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.fakebotapi import FakeBotAPI
from tests.support.process import BotProcess, write_config
from tests.support.telegram import free_port
from tests.support.waiting import eventually

pytestmark = pytest.mark.slow  # real processes, killed and restarted


@contextmanager
def database_busy(path: Path):
    """Another process holds SQLite's write lock: nobody can commit until it lets go."""
    connection = sqlite3.connect(path, timeout=20, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        yield
    finally:
        connection.rollback()
        connection.close()


async def _all_delivered(path: Path) -> bool:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT delivered FROM processed_updates").fetchall()
    return bool(rows) and all(delivered for (delivered,) in rows)


@pytest.mark.parametrize("mode", ["polling", "webhook"])
@pytest.mark.parametrize("library", ["aiogram", "ptb"])
async def test_an_update_killed_before_its_commit_is_handled_after_restart(tmp_path, library, mode):
    database = tmp_path / "bot.db"
    async with FakeBotAPI(max_poll_timeout=0.5) as api:
        api.webhook.route = lambda url: url.replace("https://", "http://")  # the HTTPS proxy in front
        config = write_config(
            tmp_path,
            api_url=api.base_url,
            token=api.token,
            library=library,
            database_url=f"sqlite:///{database}",
            webhook_port=free_port() if mode == "webhook" else None,
        )
        bot = BotProcess(config, tmp_path / "bot.log")
        bot.upgrade()
        bot.start()
        try:
            user = api.user(5252, first_name="Nadia", language_code="fr")
            await user.send("/start")
            _welcome, question = await user.replies(2, timeout=30)
            assert "qui êtes-vous" in question.text
            await eventually(lambda: _all_delivered(database), timeout=30, what="/start recorded as answered")

            with database_busy(database):
                polls, posts = len(api.calls("getUpdates")), api.webhook.attempts
                await user.press("Maire", message=question)
                update_id = max(api.updates.archive)
                if mode == "polling":
                    await api.wait_delivered(update_id, timeout=30)  # fetched by the bot
                    ok = await api.notifier.wait_until(lambda: len(api.calls("getUpdates")) >= polls + 3, 30)
                else:
                    ok = await api.notifier.wait_until(lambda: api.webhook.attempts > posts, 30)
                    await asyncio.sleep(0.5)  # the bot reads the request and starts its transaction
                assert ok, "the bot never had the update in hand"
                bot.kill()
            assert user.chat.events[-1] is question  # nothing was answered before the kill

            bot.start()
            saved, menu = await user.replies(2, timeout=60)
            assert "Vous êtes : Maire" in saved.text
            assert "📝 Fiches actions" in menu.button_labels
            await user.no_reply(within=1.0)  # once
        finally:
            bot.stop()
        log = (tmp_path / "bot.log").read_text(errors="replace")
        assert not [line for line in log.splitlines() if " ERROR bot." in line or " ERROR handlers." in line], log

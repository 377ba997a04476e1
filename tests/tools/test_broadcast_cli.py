"""`arobase broadcast`: the same checks as /diffusion (markup, audience, count, confirmation),
the job queued for the running bot's worker, and follow / pause / cancel from the terminal."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from bot.cli import main
from storage.database import create_engine, session_factory
from storage.models import AuditEntry, BroadcastJob, OutboxMessage
from storage.repositories import PeopleRepository


def setup(tmp_path) -> tuple[str, str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\nurl = "{url}"\n', encoding="utf-8")
    assert main(["--config", str(config), "db", "upgrade"]) == 0

    async def people() -> None:
        engine = create_engine(url)
        async with session_factory(engine)() as session, session.begin():
            for telegram_id, role in ((1, "maire"), (2, "maire"), (3, "agent")):
                (await PeopleRepository(session).get_or_create(telegram_id)).role = role
        await engine.dispose()

    asyncio.run(people())
    return str(config), url


def read(url: str, model) -> list:
    async def fetch():
        engine = create_engine(url)
        async with session_factory(engine)() as session:
            rows = (await session.scalars(select(model))).all()
        await engine.dispose()
        return rows

    return asyncio.run(fetch())


def test_a_broadcast_is_checked_counted_and_queued_for_the_bot(tmp_path, capsys):
    config, url = setup(tmp_path)
    assert main(["--config", config, "broadcast", "--message", "Bonjour & bienvenue", "--all", "--yes"]) == 2
    assert "Telegram refuserait ce message" in capsys.readouterr().err
    assert main(["--config", config, "broadcast", "--message", "Bonjour", "--all"]) == 2  # no terminal, no --yes
    assert read(url, BroadcastJob) == []

    message = tmp_path / "message.html"
    message.write_text("<b>Réunion</b> des maires &amp; élus", encoding="utf-8")
    assert main(["--config", config, "broadcast", "--file", str(message), "--role", "maire", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Réunion des maires & élus" in out and "2 personnes" in out and "Diffusion n°1" in out
    assert sorted(row.chat_id for row in read(url, OutboxMessage)) == [1, 2]
    [job] = read(url, BroadcastJob)
    assert job.text == "<b>Réunion</b> des maires &amp; élus" and job.status_chat_id is None

    assert main(["--config", config, "broadcast", "--pause", "1"]) == 0
    assert "en pause" in capsys.readouterr().out
    assert main(["--config", config, "broadcast", "--cancel", "1"]) == 0
    assert "annulée" in capsys.readouterr().out
    assert {row.status for row in read(url, OutboxMessage)} == {"cancelled"}
    actions = [entry.action for entry in read(url, AuditEntry)]
    assert actions == ["broadcast_started", "broadcast_pause", "broadcast_cancel"]


def test_nobody_in_the_audience_sends_nothing(tmp_path, capsys):
    config, url = setup(tmp_path)
    assert main(["--config", config, "broadcast", "--message", "Bonjour", "--department", "974", "--yes"]) == 1
    assert "Personne ne correspond" in capsys.readouterr().out
    assert read(url, BroadcastJob) == []

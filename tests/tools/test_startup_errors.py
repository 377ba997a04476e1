"""Startup problems are one line saying what to fix, never a traceback: the database unreachable,
refusing the user, missing or unwritable; Telegram unreachable or refusing the token."""

from __future__ import annotations

import asyncio
import sys

import pytest
from sqlalchemy.engine import make_url

from bot.cli import main
from tests.fakebotapi import FakeBotAPI
from tests.support.databases import postgres_admin_url
from tests.support.process import ROOT
from tests.support.telegram import free_port


def _config(tmp_path, database_url: str, telegram: str = "") -> str:
    path = tmp_path / "config.toml"
    path.write_text(f'{telegram}[database]\nurl = "{database_url}"\n[bot]\nlog_level = "ERROR"\n', encoding="utf-8")
    return str(path)


def _one_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    return err


def _postgres(**changes) -> str:
    admin = postgres_admin_url()
    if admin is None:
        pytest.skip("no PostgreSQL server available")
    return make_url(admin).set(**changes).render_as_string(hide_password=False)


def test_an_unreachable_postgresql_is_one_line(tmp_path, capsys):
    url = f"postgresql://arobase:x@127.0.0.1:{free_port()}/arobase"
    assert main(["--config", _config(tmp_path, url), "db", "upgrade"]) == 1
    assert "PostgreSQL est injoignable à 127.0.0.1:" in _one_line(capsys)


def test_a_wrong_postgresql_user_or_database_is_one_line(tmp_path, capsys):
    wrong_user = _postgres(username="nobody_here", password="wrong")
    assert main(["--config", _config(tmp_path, wrong_user), "db", "upgrade"]) == 1
    line = _one_line(capsys)
    assert "refuse l'utilisateur « nobody_here »" in line and "wrong" not in line
    missing = _postgres(database="arobase_no_such_base")
    assert main(["--config", _config(tmp_path, missing), "db", "upgrade"]) == 1
    assert "La base « arobase_no_such_base » n'existe pas" in _one_line(capsys)


@pytest.mark.parametrize("path", ["/proc/arobase.db", "/proc/nothing/arobase.db"])
def test_an_sqlite_file_that_cannot_be_written_is_one_line(tmp_path, capsys, path):
    assert main(["--config", _config(tmp_path, f"sqlite:///{path}"), "db", "upgrade"]) == 1
    assert f"la base SQLite « {path} »" in _one_line(capsys)


@pytest.mark.parametrize("url", ["sqlite:nonsense", "postgresql://", "sqlite://"])
def test_an_unreadable_database_url_is_a_configuration_error(tmp_path, capsys, url):
    assert main(["--config", _config(tmp_path, url), "check-config"]) == 2
    assert "[database] url" in _one_line(capsys)


@pytest.mark.parametrize("library", ["aiogram", "ptb"])
def test_telegram_unreachable_at_run_is_one_line(tmp_path, capsys, library):
    telegram = f'[telegram]\ntoken = "1:a"\nlibrary = "{library}"\napi_server = "http://127.0.0.1:{free_port()}"\n'
    config = _config(tmp_path, f"sqlite:///{tmp_path / 'a.db'}", telegram)
    assert main(["--config", config, "db", "upgrade"]) == 0
    capsys.readouterr()
    assert main(["--config", config, "run"]) == 1
    assert "Telegram est injoignable (http://127.0.0.1:" in capsys.readouterr().err.splitlines()[-1]


@pytest.mark.parametrize("library", ["aiogram", "ptb"])
async def test_a_token_telegram_refuses_is_one_line(tmp_path, library):
    async with FakeBotAPI(token="1:right") as api:
        telegram = f'[telegram]\ntoken = "2:wrong"\nlibrary = "{library}"\napi_server = "{api.base_url}"\n'
        config = _config(tmp_path, f"sqlite:///{tmp_path / 'a.db'}", telegram)
        for command in (("db", "upgrade"), ("run",)):
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot.cli", "--config", config, *command, cwd=ROOT, stderr=asyncio.subprocess.PIPE
            )
            _, err = await asyncio.wait_for(process.communicate(), timeout=60)
        lines = err.decode().strip().splitlines()
        assert process.returncode == 1 and lines[-1].startswith("Telegram refuse le jeton du bot"), lines
        assert "Traceback" not in err.decode()

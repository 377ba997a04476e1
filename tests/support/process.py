"""Run `arobase run` as a real process against the fake Bot API, to kill and restart it."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WEBHOOK_SECRET = "s3cret-token_OK"


def write_config(
    directory: Path,
    *,
    api_url: str,
    token: str,
    library: str,
    database_url: str,
    staff: int = 9000,
    webhook_port: int | None = None,
    name: str = "config.toml",
) -> Path:
    """A config for `arobase run` against the fake Bot API (webhook mode on 127.0.0.1 with a port)."""
    path = directory / name
    text = (
        f'[telegram]\ntoken = "{token}"\nlibrary = "{library}"\napi_server = "{api_url}"\n'
        f'mode = "{"webhook" if webhook_port else "polling"}"\n'
        f'[database]\nurl = "{database_url}"\n[bot]\nstaff_ids = [{staff}]\nlog_level = "WARNING"\n'
    )
    if webhook_port:
        text += (
            f'[webhook]\nurl = "https://127.0.0.1:{webhook_port}/telegram"\nlisten = "127.0.0.1"\n'
            f'port = {webhook_port}\npath = "/telegram"\nsecret = "{WEBHOOK_SECRET}"\n'
        )
    path.write_text(text, encoding="utf-8")
    return path


class BotProcess:
    def __init__(self, config: Path, log: Path) -> None:
        self.config, self.log = config, log
        self.process: subprocess.Popen | None = None

    def _command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "bot.cli", "--config", str(self.config), *args]

    def upgrade(self) -> None:
        subprocess.run(self._command("db", "upgrade"), check=True, capture_output=True, cwd=ROOT)

    def start(self) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(self._command("run"), cwd=ROOT, env=env, stdout=log, stderr=log)

    def kill(self) -> None:
        """SIGKILL: no cleanup, as a crash or an OOM kill."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()


async def replies_recorded_as_delivered(database: Path, timeout: float = 10.0) -> None:
    """Wait until the bot has recorded every reply it sent as delivered (a few milliseconds after
    sending): a kill before that sends the last replies again after restart, by design."""
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.closing(sqlite3.connect(database)) as connection:
            (waiting,) = connection.execute("SELECT count(*) FROM processed_updates WHERE NOT delivered").fetchone()
        if not waiting:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{waiting} update(s) still not recorded as delivered after {timeout}s")
        await asyncio.sleep(0.02)

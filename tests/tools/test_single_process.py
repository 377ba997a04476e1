"""SQLite serves one bot process: a second `arobase console` (or `run`) on the same database file
is refused with one line naming the process that holds it; once that one ends, even killed,
the file is free again."""

from __future__ import annotations

import signal
import subprocess
import sys

from tests.support.process import ROOT


def _command(config, *args: str) -> list[str]:
    return [sys.executable, "-m", "bot.cli", "--config", str(config), *args]


def test_a_second_process_on_one_sqlite_file_is_refused_with_the_holder_named(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\nurl = "sqlite:///{tmp_path}/bot.db"\n', encoding="utf-8")
    subprocess.run(_command(config, "db", "upgrade"), check=True, capture_output=True, cwd=ROOT)
    first = subprocess.Popen(
        _command(config, "console"), cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        assert first.stdout is not None
        first.stdout.readline()  # the console's greeting: it holds the lock now
        second = subprocess.run(
            _command(config, "run"),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            env={"AROBASE_TELEGRAM_TOKEN": "1:abc", "AROBASE_API_SERVER": "http://127.0.0.1:9", "PATH": ""},
        )
        assert second.returncode == 1
        [line] = second.stderr.strip().splitlines()
        assert f"déjà utilisée par « arobase console » (pid {first.pid} sur " in line
        assert "PostgreSQL" in line
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    again = subprocess.run(_command(config, "console"), cwd=ROOT, input=":quitter\n", capture_output=True, text=True)
    assert again.returncode == 0, again.stderr

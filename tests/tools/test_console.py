"""The console runs the background workers: a broadcast staff start in the terminal reaches the
other people, shown as « → à Nadia : … » (a real `arobase console` process)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


async def console(config: Path, *options: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "--config",
        str(config),
        "console",
        *options,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        cwd=ROOT,
    )


async def read_until(process: asyncio.subprocess.Process, expected: str, timeout: float = 30.0) -> str:
    """The output up to `expected` (a bounded wait: the test fails rather than hangs)."""
    seen = ""
    assert process.stdout is not None

    async def collect() -> str:
        nonlocal seen
        while expected not in seen:
            chunk = await process.stdout.read(4096)
            if not chunk:
                break
            seen += chunk.decode("utf-8", "replace")
        return seen

    try:
        return await asyncio.wait_for(collect(), timeout)
    except TimeoutError:
        raise AssertionError(f"{expected!r} not printed within {timeout}s; output:\n{seen}") from None


async def type_lines(process: asyncio.subprocess.Process, *lines: str) -> None:
    assert process.stdin is not None
    for line in lines:
        process.stdin.write((line + "\n").encode())
        await process.stdin.drain()
        await asyncio.sleep(0.3)  # let each reply come before the next line


async def test_a_broadcast_from_the_console_reaches_the_others_shown_by_name(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\nurl = "sqlite:///{tmp_path}/a.db"\n[bot]\nstaff_ids = [9000]\n', encoding="utf-8")
    command = [sys.executable, "-m", "bot.cli", "--config", str(config), "db", "upgrade"]
    upgrade = await asyncio.create_subprocess_exec(*command, cwd=ROOT)
    assert await upgrade.wait() == 0

    nadia = await console(config, "--user", "42", "--name", "Nadia")
    await read_until(nadia, "qui êtes-vous")
    await type_lines(nadia, "1", ":quitter")  # Maire
    await read_until(nadia, "À bientôt")
    assert await nadia.wait() == 0

    staff = await console(config, "--user", "9000", "--name", "Équipe", "--staff")
    try:
        await read_until(staff, "Que souhaitez-vous faire")
        await type_lines(staff, "/diffusion", "Bonjour <b>à tous</b>")
        await read_until(staff, "À qui l'envoyer")
        await type_lines(staff, "1")  # Tout le monde
        await read_until(staff, "On l'envoie ?")
        await type_lines(staff, "1")  # Envoyer
        out = await read_until(staff, "→ à Nadia : Bonjour à tous")
        assert "→ à Nadia : Bonjour à tous" in out
        await type_lines(staff, ":quitter")
        await read_until(staff, "À bientôt")
    finally:
        if staff.returncode is None:
            staff.kill()
        await staff.wait()

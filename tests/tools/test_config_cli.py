"""Configuration errors stop with one line naming file, key and problem (exit 2); CLI basics."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import ConfigError, load_settings

ROOT = Path(__file__).resolve().parents[2]


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[telegram]\nlibrary = "telethon"\n', "[telegram] library : doit valoir « aiogram » ou « ptb »"),
        ('[telegram]\ntokn = "1:a"\n', "[telegram] tokn : clé inconnue"),
        ('[webhook]\nport = "80"\n', "[webhook] port : doit être un nombre entier"),
        ('[telegram]\napi_server = "ftp://x"\n', "[telegram] api_server : adresse invalide"),
        ('[bot]\nstaff_ids = ["12"]\n', "[bot] staff_ids : doit être une liste"),
        ('[bot]\ntimezone = "Europe/Parigi"\n', "[bot] timezone : fuseau inconnu"),
        ('[database]\nurl = "mysql://x"\n', "[database] url"),
        ("[surprise]\n", "[surprise] : section inconnue"),
        ("[telegram\n", "TOML invalide"),
    ],
)
def test_bad_config_is_reported_in_one_line_with_exit_code_2(tmp_path, capsys, text, expected):
    path = _config(tmp_path, text)
    assert main(["--config", str(path), "check-config"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert str(path) in err and expected in err


def test_running_on_telegram_needs_a_token(tmp_path, capsys):
    path = _config(tmp_path, '[telegram]\nlibrary = "ptb"\n')
    assert main(["--config", str(path), "run"]) == 2
    assert "[telegram] token : manquant" in capsys.readouterr().err


def test_webhook_mode_needs_an_https_url_and_a_secret(tmp_path, capsys):
    path = _config(tmp_path, '[telegram]\ntoken = "1:abc"\nmode = "webhook"\n[webhook]\nurl = "http://x"\n')
    assert main(["--config", str(path), "run"]) == 2
    assert "[webhook] url : adresse invalide" in capsys.readouterr().err


def test_environment_variables_override_the_file(tmp_path):
    path = _config(tmp_path, '[telegram]\ntoken = "1:file"\n')
    settings = load_settings(path, env={"AROBASE_TELEGRAM_TOKEN": "2:env", "AROBASE_STAFF_IDS": "5, 6"})
    assert settings.telegram.token == "2:env"
    assert settings.bot.staff_ids == [5, 6]
    with pytest.raises(ConfigError, match="AROBASE_STAFF_IDS"):
        load_settings(path, env={"AROBASE_STAFF_IDS": "x"})


def test_the_example_config_is_valid(capsys):
    assert main(["--config", str(ROOT / "config.example.toml"), "check-config"]) == 0
    assert "Configuration valide" in capsys.readouterr().out


def test_check_config_warns_about_what_is_not_the_associations_yet(capsys):
    """The shipped content holds provisional values: one line each, with its file."""
    assert main(["--config", str(ROOT / "config.example.toml"), "check-config"]) == 0
    warnings = [line for line in capsys.readouterr().out.splitlines() if line.startswith("Attention : ")]
    assert any("matrice.toml" in w and "nom provisoire" in w for w in warnings)
    assert any("matrice.toml" in w and "services d'exemple" in w for w in warnings)
    assert any("formulaire.toml" in w and "« niveau »" in w and "choix provisoires" in w for w in warnings)
    assert any("webinaires.toml" in w and "marquée provisoire" in w for w in warnings)
    assert any("webinaires.toml" in w and "example.org" in w and "est un exemple" in w for w in warnings)


def test_staff_ids_must_be_people(tmp_path):
    path = _config(tmp_path, "[bot]\nstaff_ids = [0]\n")
    with pytest.raises(ConfigError, match="staff_ids : 0 n'est pas un identifiant Telegram"):
        load_settings(path)


def test_console_talks_to_a_newcomer_after_db_upgrade(tmp_path):
    """The README's first command, as a newcomer runs it (minus the install)."""
    config = _config(tmp_path, f'[database]\nurl = "sqlite:///{tmp_path}/a.db"\n')
    arobase = [sys.executable, "-m", "bot.cli", "--config", str(config)]
    refused = subprocess.run([*arobase, "console"], input="", capture_output=True, text=True, cwd=tmp_path)
    assert refused.returncode == 1 and "arobase db upgrade" in refused.stderr
    assert subprocess.run([*arobase, "db", "upgrade"], capture_output=True, cwd=tmp_path).returncode == 0
    talk = subprocess.run(
        [*arobase, "console", "--name", "Paul"],
        input="1\n/aide\n:quitter\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert talk.returncode == 0, talk.stderr
    assert "Bonjour Paul" in talk.stdout and "[1] Maire" in talk.stdout
    assert "Vous êtes : Maire" in talk.stdout and "Ce que je sais faire" in talk.stdout

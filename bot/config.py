"""Settings: read `config.toml`, apply environment variables, validate every key.

Any mistake stops with one line naming the file, the key and what is wrong (`ConfigError`);
the CLI turns it into exit code 2.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PROJECT_ROOT = Path(__file__).resolve().parents[1]
LIBRARIES = ("aiogram", "ptb")
MODES = ("polling", "webhook")


class ConfigError(Exception):
    """One line: file, key, problem."""


@dataclass
class TelegramSettings:
    token: str = ""
    library: str = "aiogram"
    mode: str = "polling"
    api_server: str = "https://api.telegram.org"
    # Messages per second for the whole bot (replies and its own sends, every process together).
    rate_per_second: int = 30


@dataclass
class WebhookSettings:
    url: str = ""
    listen: str = "0.0.0.0"
    port: int = 8080
    path: str = "/telegram"
    secret: str = ""


@dataclass
class DatabaseSettings:
    url: str = "sqlite:///var/arobase.db"


@dataclass
class BotSettings:
    staff_ids: list[int] = field(default_factory=list)
    timezone: str = "Europe/Paris"
    log_level: str = "INFO"


@dataclass
class OutboxSettings:
    # At most this many of the bot's own sends per second, within what replies leave.
    rate_per_second: int = 30
    # Messages sent but not yet recorded at once: the most a crash can send twice.
    max_in_flight: int = 1


@dataclass
class DataSettings:
    faq: str = "faq/data/faq.toml"
    edition: str = "data/edition.toml"
    matrice: str = "data/matrice.toml"
    formulaire: str = "data/formulaire.toml"
    echeances: str = "data/echeances.toml"
    webinaires: str = "data/webinaires.toml"
    collectivites: str = "data/collectivites.csv"


@dataclass
class Settings:
    telegram: TelegramSettings = field(default_factory=TelegramSettings)
    webhook: WebhookSettings = field(default_factory=WebhookSettings)
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    bot: BotSettings = field(default_factory=BotSettings)
    data: DataSettings = field(default_factory=DataSettings)
    outbox: OutboxSettings = field(default_factory=OutboxSettings)
    source: str = "(valeurs par défaut)"
    base_dir: Path = PROJECT_ROOT

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.bot.timezone)

    def data_path(self, name: str) -> Path:
        path = Path(getattr(self.data, name))
        if path.is_absolute():
            return path
        beside_config = self.base_dir / path
        # Relative paths: next to the config file, else the project's shipped data.
        return beside_config if beside_config.exists() else PROJECT_ROOT / path


SECTIONS = {
    "telegram": TelegramSettings,
    "webhook": WebhookSettings,
    "database": DatabaseSettings,
    "bot": BotSettings,
    "data": DataSettings,
    "outbox": OutboxSettings,
}
ENVIRONMENT = {
    "AROBASE_TELEGRAM_TOKEN": ("telegram", "token"),
    "AROBASE_TELEGRAM_LIBRARY": ("telegram", "library"),
    "AROBASE_API_SERVER": ("telegram", "api_server"),
    "AROBASE_WEBHOOK_SECRET": ("webhook", "secret"),
    "AROBASE_DATABASE_URL": ("database", "url"),
    "AROBASE_STAFF_IDS": ("bot", "staff_ids"),
}


def load_settings(path: str | Path | None = None, env: dict[str, str] | None = None) -> Settings:
    """Load `path` (or $AROBASE_CONFIG, or ./config.toml when present, else defaults)."""
    env = dict(os.environ if env is None else env)
    if path is None:
        path = env.get("AROBASE_CONFIG") or ("config.toml" if Path("config.toml").exists() else None)
    settings = Settings()
    raw: dict[str, Any] = {}
    if path is not None:
        file = Path(path)
        settings.source = str(file)
        settings.base_dir = file.resolve().parent
        try:
            raw = tomllib.loads(file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{file}: fichier introuvable") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{file}: TOML invalide : {exc}") from None
    _apply_file(settings, raw)
    _apply_environment(settings, env)
    validate(settings)
    return settings


def _apply_file(settings: Settings, raw: dict[str, Any]) -> None:
    # Accept the webhook table nested as [telegram.webhook] too.
    telegram = raw.get("telegram")
    if isinstance(telegram, dict) and isinstance(telegram.get("webhook"), dict):
        raw = {**raw, "webhook": telegram["webhook"], "telegram": {k: v for k, v in telegram.items() if k != "webhook"}}
    for section, values in raw.items():
        if section not in SECTIONS:
            raise ConfigError(f"{settings.source}: [{section}] : section inconnue (attendues : {', '.join(SECTIONS)})")
        if not isinstance(values, dict):
            raise ConfigError(f"{settings.source}: {section} : doit être une section [{section}]")
        target = getattr(settings, section)
        known = {f.name: f for f in fields(target)}
        for key, value in values.items():
            if key not in known:
                raise ConfigError(f"{settings.source}: [{section}] {key} : clé inconnue")
            setattr(target, key, _typed(settings.source, section, key, value, getattr(target, key)))


def _typed(source: str, section: str, key: str, value: Any, default: Any) -> Any:
    where = f"{source}: [{section}] {key}"
    if isinstance(default, (bool, str)):
        if not isinstance(value, type(default)):
            raise ConfigError(f"{where} : doit être {_type_name(default)} (reçu {value!r})")
    elif isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{where} : doit être un nombre entier (reçu {value!r})")
    elif isinstance(default, list) and (
        not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise ConfigError(f"{where} : doit être une liste d'identifiants Telegram (nombres entiers)")
    return value


def _type_name(default: Any) -> str:
    return "vrai ou faux" if isinstance(default, bool) else "un texte entre guillemets"


def _apply_environment(settings: Settings, env: dict[str, str]) -> None:
    for variable, (section, key) in ENVIRONMENT.items():
        if variable not in env or env[variable] == "":
            continue
        value: Any = env[variable]
        if key == "staff_ids":
            try:
                value = [int(v) for v in value.replace(";", ",").split(",") if v.strip()]
            except ValueError:
                raise ConfigError(f"${variable} : liste d'identifiants séparés par des virgules attendue") from None
        setattr(getattr(settings, section), key, value)


def validate(settings: Settings, *, need_telegram: bool = False) -> None:
    src = settings.source
    t, w = settings.telegram, settings.webhook
    if t.library not in LIBRARIES:
        raise ConfigError(f"{src}: [telegram] library : doit valoir « aiogram » ou « ptb » (reçu « {t.library} »)")
    if t.mode not in MODES:
        raise ConfigError(f"{src}: [telegram] mode : doit valoir « polling » ou « webhook » (reçu « {t.mode} »)")
    _check_url(src, "[telegram] api_server", t.api_server)
    if need_telegram:
        if not t.token:
            raise ConfigError(
                f"{src}: [telegram] token : manquant (mettez-le dans le fichier ou dans $AROBASE_TELEGRAM_TOKEN)"
            )
        if ":" not in t.token:
            raise ConfigError(f"{src}: [telegram] token : ne ressemble pas à un jeton de @BotFather (« 123:ABC… »)")
        if t.mode == "webhook":
            _check_url(src, "[webhook] url", w.url, https=True)
            if not w.secret:
                raise ConfigError(f"{src}: [webhook] secret : obligatoire en mode webhook ($AROBASE_WEBHOOK_SECRET)")
    if (w.secret and not all(c.isalnum() or c in "_-" for c in w.secret)) or len(w.secret) > 256:
        raise ConfigError(f"{src}: [webhook] secret : 1 à 256 caractères parmi A-Z, a-z, 0-9, _ et -")
    if not 1 <= w.port <= 65535:
        raise ConfigError(f"{src}: [webhook] port : doit être entre 1 et 65535 (reçu {w.port})")
    if not w.path.startswith("/"):
        raise ConfigError(f"{src}: [webhook] path : doit commencer par « / »")
    url = settings.database.url
    if not (url.startswith(("sqlite", "postgres"))) or not _readable_database_url(url):
        raise ConfigError(
            f"{src}: [database] url : « sqlite:///chemin/arobase.db » ou "
            f"« postgresql://utilisateur:motdepasse@hôte:5432/base » attendu (reçu « {_hide_password(url)} »)"
        )
    try:
        ZoneInfo(settings.bot.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{src}: [bot] timezone : fuseau inconnu « {settings.bot.timezone} »") from None
    wrong = [i for i in settings.bot.staff_ids if i <= 0]
    if wrong:
        raise ConfigError(
            f"{src}: [bot] staff_ids : {wrong[0]} n'est pas un identifiant Telegram de personne (un nombre positif)"
        )
    if not 1 <= t.rate_per_second <= 30:
        raise ConfigError(
            f"{src}: [telegram] rate_per_second : entre 1 et 30 messages par seconde (limite de Telegram)"
        )
    if not 1 <= settings.outbox.rate_per_second <= 30:
        raise ConfigError(f"{src}: [outbox] rate_per_second : entre 1 et 30 messages par seconde (limite de Telegram)")
    if not 1 <= settings.outbox.max_in_flight <= 16:
        raise ConfigError(f"{src}: [outbox] max_in_flight : entre 1 et 16")
    if settings.bot.log_level.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ConfigError(f"{src}: [bot] log_level : DEBUG, INFO, WARNING ou ERROR")
    for name in (f.name for f in fields(settings.data)):
        if not settings.data_path(name).exists():
            raise ConfigError(f"{src}: [data] {name} : fichier introuvable ({settings.data_path(name)})")


def _check_url(src: str, key: str, value: str, *, https: bool = False) -> None:
    parsed = urlparse(value)
    if parsed.scheme not in (("https",) if https else ("http", "https")) or not parsed.netloc:
        expected = "https://…" if https else "http(s)://…"
        raise ConfigError(f"{src}: {key} : adresse invalide « {value} » ({expected} attendu)")


def _readable_database_url(url: str) -> bool:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        return False
    if parsed.get_backend_name() == "sqlite":
        return bool(parsed.database) and parsed.drivername in ("sqlite", "sqlite+aiosqlite", "sqlite+pysqlite")
    return bool(parsed.host and parsed.database)


def _hide_password(url: str) -> str:
    head, at, tail = url.rpartition("@")
    if not at or ":" not in head.split("//", 1)[-1]:
        return url
    scheme, _, credentials = head.partition("//")
    user = credentials.split(":", 1)[0]
    return f"{scheme}//{user}:***@{tail}"

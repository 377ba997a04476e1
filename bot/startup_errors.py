"""What went wrong at startup, in one line with the fix: the database cannot be reached or
opened, Telegram cannot be reached or refuses the token. Anything else is a bug and keeps its
traceback."""

from __future__ import annotations

import errno
import socket
import sqlite3

from sqlalchemy.engine import make_url

from bot.config import Settings


def _causes(exc: BaseException):
    """The exception and what it was raised from, outermost first (SQLAlchemy wraps the driver's)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__
        orig = getattr(current, "orig", None) if current is not None else None
        if isinstance(orig, BaseException):
            yield orig


def _why(error: OSError) -> str:
    reasons = {
        errno.EACCES: "droits insuffisants",
        errno.EPERM: "droits insuffisants",
        errno.EROFS: "disque en lecture seule",
    }
    return reasons.get(error.errno or 0, "dossier impossible à créer")


def _database_line(exc: BaseException, settings: Settings) -> str | None:
    url = make_url(settings.database.url)
    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    for cause in _causes(exc):
        name = type(cause).__name__
        if name == "InvalidPasswordError" or (
            name == "InvalidAuthorizationSpecificationError" and "does not exist" in str(cause)
        ):
            return (
                f"PostgreSQL ({where}) refuse l'utilisateur « {url.username} » ou son mot de passe : "
                "corrigez [database] url dans la configuration."
            )
        if name == "InvalidCatalogNameError":
            return (
                f"La base « {url.database} » n'existe pas sur PostgreSQL ({where}) : créez-la "
                f"(createdb {url.database}) ou corrigez [database] url."
            )
        if isinstance(cause, sqlite3.OperationalError) and (
            "unable to open" in str(cause) or "readonly" in str(cause) or "read-only" in str(cause)
        ):
            return (
                f"Impossible d'écrire la base SQLite « {url.database} » : son dossier doit exister et être "
                "accessible en écriture. Corrigez [database] url ou les droits du dossier."
            )
        if isinstance(cause, OSError) and cause.filename is not None and url.get_backend_name() == "sqlite":
            return (
                f"Impossible de créer la base SQLite « {url.database} » ({_why(cause)}) : "
                "corrigez [database] url ou les droits du dossier."
            )
        if url.get_backend_name() != "sqlite" and isinstance(cause, (ConnectionError, socket.gaierror, TimeoutError)):
            return (
                f"PostgreSQL est injoignable à {where} : vérifiez qu'il est démarré et que [database] url "
                "donne le bon hôte et le bon port."
            )
    return None


def _telegram_line(exc: BaseException, settings: Settings) -> str | None:
    server = settings.telegram.api_server
    for cause in _causes(exc):
        name = type(cause).__name__
        if name in ("TelegramUnauthorizedError", "InvalidToken") or (
            name == "TelegramNotFound" and "/bot" in str(cause)
        ):
            return "Telegram refuse le jeton du bot : vérifiez [telegram] token (donné par @BotFather)."
        if name in ("TelegramNetworkError", "NetworkError", "TimedOut", "ClientConnectorError", "ConnectError"):
            return (
                f"Telegram est injoignable ({server}) : vérifiez la connexion réseau de la machine "
                "ou [telegram] api_server."
            )
    return None


def explain(exc: BaseException, settings: Settings) -> str | None:
    """One line saying what to fix, or None when the failure is not a known startup problem."""
    return _database_line(exc, settings) or _telegram_line(exc, settings)

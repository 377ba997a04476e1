"""/mesdonnees and /effacer, and the core's own tables in them (conversation, messages sent, audit)."""

from handlers.personal_data import commands  # noqa: F401  (registers on `router`)
from handlers.personal_data.router import router

__all__ = ["router"]

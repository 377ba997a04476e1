"""Home: /start (welcome, who are you, deep links), the main menu, /aide and /annuler — the
ways in, back and out that every screen offers."""

from handlers.home import menu, start  # noqa: F401  (their handlers register on `router`)
from handlers.home.router import router

__all__ = ["router"]

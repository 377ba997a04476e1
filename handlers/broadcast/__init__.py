"""Staff broadcasts: compose, preview, choose an audience, confirm, then follow, pause, resume or cancel."""

from handlers.broadcast import control, flow  # noqa: F401  (their handlers register on `router`)
from handlers.broadcast.router import router

__all__ = ["router"]

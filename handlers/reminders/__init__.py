"""/rappels: whether the person receives reminders and announcements (broadcasts, deadline reminders)."""

from handlers.reminders import commands  # noqa: F401  (registers on `router`)
from handlers.reminders.router import router

__all__ = ["router"]

"""Webinar registration: sessions, seats and waiting list, invitation, reminders, staff lists and exports."""

from handlers.webinar import flow, mine, staff  # noqa: F401  (their handlers register on `router`)
from handlers.webinar.router import router

__all__ = ["router"]

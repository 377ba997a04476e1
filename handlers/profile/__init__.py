"""The person's profile (name, role, e-mail, collectivity, consent): asked once, only what a feature needs."""

from handlers.profile import commands, flow  # noqa: F401  (their handlers register on `router`)
from handlers.profile.router import router

__all__ = ["router"]

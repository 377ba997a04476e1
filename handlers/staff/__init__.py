"""The staff team: who is staff (`/staff`), for administrators to add or remove members."""

from handlers.staff import team  # noqa: F401  (registers on `router`)
from handlers.staff.router import router

__all__ = ["router"]

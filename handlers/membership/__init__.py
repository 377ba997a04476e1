"""Who may act for a collectivity: requests to join a dossier and their decision (staff or its
members), invitations between colleagues, the team of a dossier (leave, remove, switch)."""

from handlers.membership import flow, invitations, requests, team  # noqa: F401  (their handlers register on `router`)
from handlers.membership.router import router

__all__ = ["router"]

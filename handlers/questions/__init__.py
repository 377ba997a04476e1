"""Questions on the label: FAQ answers, suggestions, forwarding to staff, staff replies, inline mode."""

from handlers.questions import chat, inline, staff, write  # noqa: F401  (their handlers register on `router`)
from handlers.questions.router import router

__all__ = ["router"]

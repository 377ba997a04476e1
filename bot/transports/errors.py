"""Neutral delivery errors: each adapter maps its library's exceptions onto these."""

from __future__ import annotations


class DeliveryError(Exception):
    """A send failed for a reason that retrying will not fix (bad request…)."""


class BotBlocked(DeliveryError):
    """403: the user blocked the bot (or deleted their account)."""


class RetryAfter(DeliveryError):
    """429: Telegram asks to wait before sending again."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds}s")
        self.seconds = seconds


class NetworkFailure(DeliveryError):
    """Timeout or connection error: worth retrying with backoff."""


class NotModified(DeliveryError):
    """An edit that changes nothing."""


class MessageGone(DeliveryError):
    """The message to edit no longer exists."""


def bad_request(description: str) -> DeliveryError:
    """A 400 from Telegram, by its description (the same words whichever library carried it)."""
    text = description.lower()
    if "message is not modified" in text:
        return NotModified(description)
    if "message to edit not found" in text or "message can't be edited" in text:
        return MessageGone(description)
    return DeliveryError(description)

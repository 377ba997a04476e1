"""What the fake server records, for tests to assert on.

Role: plain data classes for the bot's messages (with edit history), files,
callback/inline answers, the request log and counters, plus ``Notifier``, the
wake-up primitive that lets tests wait for "the bot did X" without sleeping.
"""

from __future__ import annotations

import asyncio
import copy
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Button = tuple[str, "str | None"]


@dataclass
class RecordedFile:
    """A file known to the server (uploaded by the bot or by a simulated user)."""

    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    filename: str | None = None
    mime_type: str | None = None

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass
class RecordedMessage:
    """A message the bot sent, in its current state (``history`` holds earlier ones).

    ``text`` is what the user sees (HTML parsed, caption for media); ``raw_text``
    is exactly what the bot sent, ``parse_mode`` how it asked to parse it.
    """

    chat_id: int
    message_id: int
    date: int
    kind: str  # "text", "document" or "photo"
    text: str
    raw_text: str | None
    parse_mode: str | None
    entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    document: RecordedFile | None = None
    photo: RecordedFile | None = None
    reply_to_message_id: int | None = None
    edited: bool = False
    edit_date: int | None = None
    deleted: bool = False
    history: list[RecordedMessage] = field(default_factory=list)

    @property
    def caption(self) -> str | None:
        """The plain caption of a media message (None for text messages)."""
        return None if self.kind == "text" else self.text

    @property
    def buttons(self) -> list[list[Button]]:
        """Inline keyboard as rows of (label, callback_data or url or other payload)."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        result = []
        for row in rows:
            cells = []
            for button in row:
                payload = button.get("callback_data", button.get("url"))
                if payload is None:
                    payload = next((v for k, v in button.items() if k != "text"), None)
                    payload = payload if isinstance(payload, str) else None
                cells.append((button["text"], payload))
            result.append(cells)
        return result

    @property
    def button_labels(self) -> list[str]:
        return [label for row in self.buttons for label, _ in row]

    def snapshot(self) -> RecordedMessage:
        """A frozen copy of the current state (what a reply/edit looked like then)."""
        clone = copy.copy(self)
        clone.entities = copy.deepcopy(self.entities)
        clone.reply_markup = copy.deepcopy(self.reply_markup)
        clone.history = list(self.history)
        return clone


@dataclass
class CallbackAnswer:
    """The bot's answerCallbackQuery for one press."""

    callback_query_id: str
    text: str | None
    show_alert: bool
    url: str | None
    cache_time: int | None


@dataclass
class RequestRecord:
    """One Bot API call as received: canonical method name, typed params, uploaded
    file names, how it was encoded (query/json/form/multipart), and its outcome."""

    method: str
    params: dict[str, Any]
    files: dict[str, str]
    transport: str = "internal"
    status: int = 200
    error: str | None = None
    at: float = field(default_factory=time.monotonic)


@dataclass
class Stats:
    """Counters: calls per method, errors per code, and the number of 429s."""

    calls: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    too_many_requests: int = 0
    webhook_deliveries: int = 0
    webhook_failures: int = 0

    @property
    def rate_limited(self) -> int:
        return self.too_many_requests


class Notifier:
    """Broadcast "something changed"; waiters re-check their predicate on each change."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait_until(self, predicate: Callable[[], Any], timeout: float) -> Any:
        """Return the first truthy ``predicate()`` value, or None after ``timeout`` s."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = predicate()
            if value:
                return value
            remaining = deadline - loop.time()
            if remaining <= 0:
                return None
            event = self._event
            try:
                # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a
                # cancellation that races with the event being set.
                async with asyncio.timeout(remaining):
                    await event.wait()
            except TimeoutError:
                pass

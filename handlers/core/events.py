"""Neutral incoming events and outgoing actions.

The conversation core speaks only these types. Transport adapters (aiogram,
python-telegram-bot, console) translate Telegram updates into an `Incoming`
and execute the returned actions; nothing here knows a Telegram library.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

CALLBACK_DATA_MAX_BYTES = 64
# NUL and the other control characters (newlines and tabs kept), and lone surrogates: no database,
# spreadsheet or Telegram message can hold them, so they never enter the core.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def clean(text: str) -> str:
    return _UNSAFE.sub("", text) if text else text


def _clean_fields(instance: object, names: tuple[str, ...]) -> None:
    for name in names:
        value = getattr(instance, name)
        cleaned = clean(value)
        if cleaned != value:
            object.__setattr__(instance, name, cleaned)  # frozen dataclass: set once, at creation


class Kind(enum.StrEnum):
    TEXT = "text"
    COMMAND = "command"
    CALLBACK = "callback"
    DOCUMENT = "document"
    PHOTO = "photo"
    STICKER = "sticker"
    VOICE = "voice"
    LOCATION = "location"
    OTHER = "other"
    INLINE_QUERY = "inline_query"
    BLOCKED = "blocked"
    UNBLOCKED = "unblocked"


@dataclass(frozen=True)
class User:
    id: int
    first_name: str = ""
    last_name: str = ""
    username: str = ""
    language_code: str = ""

    def __post_init__(self) -> None:
        _clean_fields(self, ("first_name", "last_name", "username", "language_code"))

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


@dataclass(frozen=True)
class Incoming:
    """One thing a user did, whatever the transport."""

    kind: Kind
    user: User
    chat_id: int
    update_id: int | None = None
    bot_id: int = 0  # update ids are unique per bot
    text: str = ""
    command: str = ""  # without the slash, lower-case
    args: str = ""
    callback_id: str = ""
    callback_data: str = ""
    message_id: int | None = None  # the message a pressed button belongs to
    file_id: str = ""
    file_name: str = ""
    mime_type: str = ""
    caption: str = ""
    inline_query_id: str = ""
    sent_at: datetime | None = None  # when Telegram says the message was sent (None: not told)

    def __post_init__(self) -> None:
        _clean_fields(self, ("text", "command", "args", "callback_data", "file_name", "mime_type", "caption"))

    @property
    def is_private(self) -> bool:
        return self.chat_id == self.user.id


@dataclass(frozen=True)
class Button:
    """An inline button: either callback data (short ASCII) or a URL."""

    label: str
    data: str = ""
    url: str = ""

    def __post_init__(self) -> None:
        if bool(self.data) == bool(self.url):
            raise ValueError(f"button {self.label!r} needs exactly one of data or url")
        if self.data:
            if not self.data.isascii():
                raise ValueError(f"button data must be ASCII: {self.data!r}")
            if len(self.data.encode()) > CALLBACK_DATA_MAX_BYTES:
                raise ValueError(f"button data over 64 bytes: {self.data!r}")


Keyboard = list[list[Button]]


@dataclass(frozen=True)
class SendText:
    """Send an HTML text. `chat_id` None means: the chat the event came from."""

    text: str
    buttons: Keyboard = field(default_factory=list)
    chat_id: int | None = None


@dataclass(frozen=True)
class EditText:
    message_id: int
    text: str
    buttons: Keyboard = field(default_factory=list)
    chat_id: int | None = None


@dataclass(frozen=True)
class AnswerCallback:
    text: str = ""
    alert: bool = False


@dataclass(frozen=True)
class SendDocument:
    filename: str
    content: bytes
    caption: str = ""
    mime_type: str = "application/octet-stream"
    chat_id: int | None = None


@dataclass(frozen=True)
class SendPhoto:
    content: bytes
    caption: str = ""
    filename: str = "image.png"
    chat_id: int | None = None


@dataclass(frozen=True)
class SendFile:
    """Send again a photo or document Telegram already holds, by its file id (attachments)."""

    file_id: str
    kind: str = "document"  # "photo" or "document"
    caption: str = ""
    chat_id: int | None = None


@dataclass(frozen=True)
class InlineResult:
    id: str
    title: str
    text: str
    description: str = ""


@dataclass(frozen=True)
class AnswerInline:
    results: list[InlineResult]


@dataclass(frozen=True)
class AfterCommit:
    """Replies worked out once the update's transaction is committed, by `produce` with a session of
    its own (reads only): a long read — a whole edition's export — then holds neither the update's
    transaction nor SQLite's single writer, and the replies listed before it are sent first. The
    dispatcher replaces it with what `produce` returns; transports never see it. Not stored for
    redelivery (like files): after a crash, the person asks again."""

    produce: Callable[[AsyncSession], Awaitable[list[Action]]]


Action = SendText | EditText | AnswerCallback | SendDocument | SendPhoto | SendFile | AnswerInline | AfterCommit


def parse_command(text: str) -> tuple[str, str] | None:
    """`/start@arobase_bot webinaire` -> ("start", "webinaire"); None when not a command."""
    if not text.startswith("/") or len(text) < 2:
        return None
    head, _, args = text[1:].partition(" ")
    name = head.split("@", 1)[0].lower()
    if not name or not all(c.isalnum() or c == "_" for c in name):
        return None
    return name, args.strip()

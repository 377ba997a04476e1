"""Decoding of Bot API request parameters, whatever the transport.

Role: Telegram accepts parameters in the query string, a JSON body, an
urlencoded form or multipart/form-data.  In forms every value is a string, so
JSON-typed parameters (reply_markup, commands, scope...) arrive JSON-encoded and
numbers/booleans arrive as text.  ``read_request`` merges all sources into one
``Params`` mapping with proper Python types, and keeps uploaded files apart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from .errors import bad_request

JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "commands",
        "scope",
        "allowed_updates",
        "results",
        "entities",
        "caption_entities",
        "link_preview_options",
        "reply_parameters",
        "media",
        "button",
        "options",
        "prices",
        "menu_button",
        "rights",
        "reaction",
        "permissions",
        "sticker",
        "stickers",
        "input_message_content",
        "message_ids",
    }
)
INT_PARAMS = frozenset(
    {
        "message_id",
        "offset",
        "limit",
        "timeout",
        "cache_time",
        "max_connections",
        "user_id",
        "message_thread_id",
        "reply_to_message_id",
        "until_date",
        "duration",
        "width",
        "height",
        "from_chat_id",
        "direct_messages_topic_id",
    }
)
BOOL_PARAMS = frozenset(
    {
        "show_alert",
        "disable_notification",
        "protect_content",
        "drop_pending_updates",
        "is_personal",
        "disable_web_page_preview",
        "allow_sending_without_reply",
        "has_spoiler",
        "disable_content_type_detection",
        "show_caption_above_media",
        "allow_paid_broadcast",
        "revoke_messages",
        "for_channels",
    }
)


@dataclass
class UploadedFile:
    """A file part of a multipart request."""

    filename: str
    content: bytes
    content_type: str


@dataclass
class Params:
    """Typed request parameters plus the multipart files they may reference."""

    values: dict[str, Any] = field(default_factory=dict)
    files: dict[str, UploadedFile] = field(default_factory=dict)
    transport: str = "internal"  # "query", "json", "form" or "multipart"

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def __contains__(self, name: str) -> bool:
        return name in self.values

    def require(self, name: str) -> Any:
        """The value, or Telegram's "<name> is empty" 400 when missing."""
        value = self.values.get(name)
        if value is None or value == "":
            raise bad_request(f"{name} is empty")
        return value

    def input_file(self, name: str) -> UploadedFile | str | None:
        """An InputFile parameter: the upload (direct or attach://) or a file_id/URL string."""
        value = self.values.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            return self.files.get(value[len("attach://") :])
        if value is None and name in self.files:
            return self.files[name]
        return value


def _coerce(name: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if name in JSON_PARAMS:
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {name} JSON object") from None
    if name in INT_PARAMS or name == "chat_id":
        try:
            return int(value)
        except ValueError:
            if name == "chat_id":
                return value
            raise bad_request(f"invalid {name} specified") from None
    if name in BOOL_PARAMS:
        return value.strip().lower() in ("true", "1")
    return value


async def read_request(request: web.Request) -> Params:
    """Collect parameters from query string and body, typed like Telegram reads them."""
    params = Params()
    raw: dict[str, Any] = dict(request.query)
    params.transport = "query"
    if request.method == "POST" and request.can_read_body:
        ctype = request.content_type
        params.transport = {"application/json": "json", "multipart/form-data": "multipart"}.get(ctype, "form")
        if ctype == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise bad_request("can't parse JSON object") from None
            if isinstance(body, dict):
                raw.update(body)
        elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    params.files[key] = UploadedFile(
                        filename=value.filename or key,
                        content=value.file.read(),
                        content_type=value.content_type or "application/octet-stream",
                    )
                else:
                    raw[key] = value
    params.values = {key: _coerce(key, value) for key, value in raw.items()}
    return params


def build_params(raw: dict[str, Any], files: dict[str, UploadedFile] | None = None) -> Params:
    """Params from an already-decoded mapping (internal calls, webhook replies)."""
    return Params({key: _coerce(key, value) for key, value in raw.items()}, dict(files or {}))

"""Telegram's content limits: text/caption, inline keyboards, bot commands.

Role: pure checks that either return the normalised value Telegram would store
or raise ``ApiError`` with Telegram's description.  Kept apart from the method
handlers so each rule is easy to find and to unit-test.
"""

from __future__ import annotations

import re
from typing import Any

from . import errors
from .errors import ApiError, bad_request
from .html_parser import HtmlParseError, parse_html, trim_formatted, utf16_len

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
SCOPE_TYPES = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)


def format_text(
    text: str | None,
    parse_mode: str | None,
    entities: list[dict[str, Any]] | None = None,
    *,
    caption: bool = False,
    strict_ampersand: bool = True,
) -> tuple[str, list[dict[str, Any]]]:
    """Parse ``text`` per ``parse_mode`` and apply Telegram's length rules.

    Returns (plain text, entities).  Captions may be empty; message texts not.
    """
    text = text or ""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # e.g. a lone surrogate escaped in a JSON body
        raise bad_request("text must be encoded in UTF-8") from None
    mode = (parse_mode or "").strip()
    if mode.lower() == "html":
        try:
            plain, parsed = parse_html(text, strict_ampersand=strict_ampersand)
        except HtmlParseError as exc:
            raise ApiError(400, errors.PARSE_PREFIX + str(exc)) from None
    elif mode == "" or mode.lower() in ("markdown", "markdownv2"):
        # Markdown is not parsed by the fake: the text is stored as given.
        plain, parsed = text, [dict(e) for e in entities or []]
    else:
        raise bad_request("unsupported parse_mode")
    plain, parsed = trim_formatted(plain, parsed)
    if caption:
        if utf16_len(plain) > MAX_CAPTION:
            raise ApiError(400, errors.CAPTION_TOO_LONG)
    else:
        if not plain:
            raise ApiError(400, errors.TEXT_EMPTY)
        if utf16_len(plain) > MAX_TEXT:
            raise ApiError(400, errors.TEXT_TOO_LONG)
    return plain, parsed


def check_reply_markup(markup: Any) -> dict[str, Any] | None:
    """Validate a reply_markup object; inline keyboards get Telegram's button rules."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays')
        for row in rows:
            for button in row:
                _check_inline_button(button)
        rows = [row for row in rows if row]
        return {"inline_keyboard": rows} if rows else None
    if "keyboard" in markup:
        for row in markup["keyboard"]:
            for button in row:
                text = button if isinstance(button, str) else button.get("text")
                if not text:
                    raise bad_request("can't parse keyboard button: Text must be non-empty")
    return markup


def _check_inline_button(button: Any) -> None:
    prefix = "can't parse inline keyboard button: "
    if not isinstance(button, dict):
        raise bad_request(prefix + "InlineKeyboardButton must be an Object")
    if not isinstance(button.get("text"), str) or not button["text"]:
        raise bad_request(prefix + "Text must be non-empty")
    actions = [name for name in _BUTTON_ACTIONS if name in button]
    if not actions:
        raise bad_request(prefix + "Text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:
        raise bad_request(prefix + f"exactly one of the fields {', '.join(actions)} must be used")
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA:
            raise ApiError(400, errors.BUTTON_DATA_INVALID)
    if "url" in button:
        url = button["url"]
        if not isinstance(url, str) or not re.match(r"^(https?|tg)://\S+$", url):
            raise bad_request("BUTTON_URL_INVALID")


def check_commands(commands: Any) -> list[dict[str, str]]:
    """Validate setMyCommands' list (1-32 chars [a-z0-9_], description 1-256)."""
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > 100:
        raise bad_request("too many commands specified")
    result = []
    for item in commands:
        if not isinstance(item, dict):
            raise bad_request("BotCommand must be an Object")
        command = str(item.get("command", "")).lstrip("/")
        description = str(item.get("description", ""))
        if not _COMMAND_RE.match(command):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(description) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        result.append({"command": command, "description": description})
    return result


def scope_key(scope: Any, language_code: str | None) -> tuple[str, Any, Any, str]:
    """Storage key for commands: (scope type, chat_id, user_id, language_code)."""
    scope = scope or {"type": "default"}
    if not isinstance(scope, dict) or scope.get("type") not in SCOPE_TYPES:
        raise bad_request("can't parse BotCommandScope JSON object")
    kind = scope["type"]
    chat_id = scope.get("chat_id")
    if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
        chat_id = int(chat_id)
    user_id = scope.get("user_id")
    if kind in ("chat", "chat_administrators", "chat_member") and chat_id is None:
        raise bad_request("chat_id is empty")
    if kind == "chat_member" and user_id is None:
        raise bad_request("user_id is empty")
    lang = language_code or ""
    if lang and not re.match(r"^[a-z]{2}$", lang):
        raise bad_request("invalid language code specified")
    return kind, chat_id, user_id, lang

"""Fake Telegram Bot API for Arobase's end-to-end tests.

Role: package entry point.  ``FakeBotAPI`` is a real aiohttp server speaking
the Bot API (limits and error texts included) that aiogram 3 and
python-telegram-bot 22 reach through their custom-server settings;
``SimulatedUser`` (from ``api.user(...)``) plays the human side of a chat.
"""

from .errors import ApiError
from .html_parser import HtmlParseError, parse_html, utf16_len
from .recording import CallbackAnswer, RecordedFile, RecordedMessage, RequestRecord, Stats
from .server import FakeBotAPI
from .simulation import SimulatedUser

__all__ = [
    "ApiError",
    "CallbackAnswer",
    "FakeBotAPI",
    "HtmlParseError",
    "RecordedFile",
    "RecordedMessage",
    "RequestRecord",
    "SimulatedUser",
    "Stats",
    "parse_html",
    "utf16_len",
]

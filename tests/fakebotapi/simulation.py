"""``SimulatedUser``: drive a bot like a person in a private chat.

Role: each action (send a text/sticker/photo/voice/document/location, press an
inline button, type an inline query) enqueues a real Telegram Update on the
fake server; the waiting helpers (``replies``, ``last_text``,
``callback_answer``, ``inline_query``) block on the server's ``Notifier`` until
the bot reacts, and fail with an AssertionError describing what did happen.
Scenario tests then read like a conversation::

    marie = api.user(42, first_name="Marie", language_code="fr")
    await marie.send("/start")
    [welcome] = await marie.replies(1)
    await marie.press("FAQ")
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from .models import ChatState, message_dict, user_message
from .recording import CallbackAnswer, RecordedMessage

if TYPE_CHECKING:
    from .server import FakeBotAPI

_query_ids = itertools.count(4_000_000_000_000_000_001)
_PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


def _describe(messages: list[RecordedMessage]) -> str:
    if not messages:
        return "nothing"
    lines = []
    for m in messages:
        state = "edit of" if m.edited else "new"
        lines.append(f"  [{state} #{m.message_id}] {m.text!r} buttons={m.button_labels}")
    return "\n" + "\n".join(lines)


class SimulatedUser:
    """A user in a private chat with the bot (create with ``api.user(...)``)."""

    def __init__(self, api: FakeBotAPI, chat: ChatState) -> None:
        self.api = api
        self.chat = chat
        self.id = chat.chat_id
        self._cursor = len(chat.events)
        self._last_query_id: str | None = None

    # ----------------------------------------------------------------- actions
    def _act(self, update: dict[str, Any]) -> int:
        """Enqueue an update after a user action; replies are counted from here."""
        if self.chat.blocked:  # writing to a blocked bot means restarting it
            self.api.unblock(self.id)
        self._cursor = len(self.chat.events)
        return self.api.enqueue_raw(update)

    async def _message(self, **content: Any) -> dict[str, Any]:
        message = user_message(self.chat, **content)
        self._act({"message": message})
        return message

    async def send(self, text: str, **extra: Any) -> dict[str, Any]:
        """Send a text message ("/cmd ..." gets a bot_command entity); returns the Message."""
        content: dict[str, Any] = {"text": text, **extra}
        if text.startswith("/"):
            command = text.split()[0]
            content["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(command.encode("utf-16-le")) // 2}
            ]
        return await self._message(**content)

    async def paste(self, text: str) -> list[dict[str, Any]]:
        """Send a long text as a Telegram app does: cut into messages of 4,096 characters at most,
        one after the other."""
        return [await self.send(text[i : i + 4096]) for i in range(0, len(text), 4096)]

    async def send_sticker(self, emoji: str = "👍") -> dict[str, Any]:
        file = self.api.files.add(b"RIFF\x00\x00\x00\x00WEBPVP8 ", "sticker", "sticker.webp", "image/webp")
        sticker = {
            "file_id": file.file_id,
            "file_unique_id": file.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "file_size": file.size,
        }
        return await self._message(sticker=sticker)

    async def send_photo(self, caption: str | None = None, content: bytes = _PNG_1PX) -> dict[str, Any]:
        file = self.api.files.add(content, "photo", "photo.jpg", "image/jpeg")
        sizes = [
            {
                "file_id": file.file_id + "_s",
                "file_unique_id": file.file_unique_id + "s",
                "width": 90,
                "height": 90,
                "file_size": file.size,
            },
            {
                "file_id": file.file_id,
                "file_unique_id": file.file_unique_id,
                "width": 800,
                "height": 800,
                "file_size": file.size,
            },
        ]
        extra = {"caption": caption} if caption else {}
        return await self._message(photo=sizes, **extra)

    async def send_voice(self, duration: int = 3, content: bytes = b"OggS\x00fake-voice") -> dict[str, Any]:
        file = self.api.files.add(content, "voice", None, "audio/ogg")
        voice = {
            "file_id": file.file_id,
            "file_unique_id": file.file_unique_id,
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": file.size,
        }
        return await self._message(voice=voice)

    async def send_document(
        self, filename: str, content: bytes, mime: str = "application/octet-stream", caption: str | None = None
    ) -> dict[str, Any]:
        file = self.api.files.add(content, "document", filename, mime)
        document = {
            "file_id": file.file_id,
            "file_unique_id": file.file_unique_id,
            "file_name": filename,
            "mime_type": mime,
            "file_size": file.size,
        }
        extra = {"caption": caption} if caption else {}
        return await self._message(document=document, **extra)

    async def send_location(self, latitude: float, longitude: float) -> dict[str, Any]:
        return await self._message(location={"latitude": latitude, "longitude": longitude})

    def _find_button_message(self, message: RecordedMessage | int | None) -> RecordedMessage:
        if isinstance(message, RecordedMessage):
            message = message.message_id
        if message is not None:
            found = self.chat.by_id.get(message)
            if found is None:
                raise AssertionError(f"the bot never sent message #{message} to {self.id}")
            return found
        for candidate in reversed(self.chat.bot_messages):
            if not candidate.deleted and candidate.buttons:
                return candidate
        raise AssertionError(f"no bot message with inline buttons in chat {self.id}")

    async def press(self, label: str, message: RecordedMessage | int | None = None) -> str:
        """Press the inline button ``label`` (exact, else unique prefix); return the query id."""
        target = self._find_button_message(message)
        cells = [cell for row in target.buttons for cell in row]
        matches = [cell for cell in cells if cell[0] == label]
        if not matches:
            matches = [cell for cell in cells if cell[0].startswith(label)]
        if len(matches) != 1:
            problem = "no button" if not matches else "several buttons"
            raise AssertionError(
                f"{problem} matching {label!r} on message #{target.message_id}; available: {[c[0] for c in cells]}"
            )
        text, _payload = matches[0]
        assert target.reply_markup is not None  # it has buttons
        raw = next(b for row in target.reply_markup["inline_keyboard"] for b in row if b["text"] == text)
        if "callback_data" not in raw:
            raise AssertionError(f"button {text!r} is not a callback button: {raw}")
        return await self.press_data(raw["callback_data"], message_id=target.message_id)

    async def press_data(self, data: str, message_id: int | None = None) -> str:
        """Send a callback_query with arbitrary (possibly forged) data; return its id."""
        if message_id is None:
            target = self._find_button_message(None) if any(m.buttons for m in self.chat.bot_messages) else None
            if target is None and self.chat.bot_messages:
                target = self.chat.bot_messages[-1]
        else:
            target = self.chat.by_id.get(message_id)
        if target is None:
            raise AssertionError(f"no bot message to attach the callback to in chat {self.id}")
        query_id = str(next(_query_ids))
        self.api.callback_queries[query_id] = {
            "chat_id": self.id,
            "message_id": target.message_id,
            "data": data,
            "answer": None,
        }
        self._last_query_id = query_id
        self._act(
            {
                "callback_query": {
                    "id": query_id,
                    "from": self.chat.user_dict(),
                    "message": message_dict(target, self.chat, self.api.bot_id),
                    "chat_instance": str(-abs(hash((self.api.bot_id, self.id))) % 10**18),
                    "data": data,
                }
            }
        )
        return query_id

    async def inline_query(self, query: str, timeout: float = 10.0, offset: str = "") -> list[dict[str, Any]]:
        """Type ``@bot query``; return the results of the bot's answerInlineQuery."""
        query_id = str(next(_query_ids))
        self.api.inline_queries[query_id] = {"user_id": self.id, "query": query, "answer": None}
        self._act(
            {
                "inline_query": {
                    "id": query_id,
                    "from": self.chat.user_dict(),
                    "query": query,
                    "offset": offset,
                    "chat_type": "sender",
                }
            }
        )
        answered = await self.api.notifier.wait_until(
            lambda: self.api.inline_queries[query_id]["answer"] is not None, timeout
        )
        if not answered:
            raise AssertionError(f"inline query {query!r} was not answered within {timeout}s")
        return self.api.inline_queries[query_id]["answer"]

    def block(self) -> None:
        """The user blocks the bot (same as ``api.block(user.id)``)."""
        self.api.block(self.id)

    # ----------------------------------------------------------------- waiting
    async def replies(self, n: int = 1, timeout: float = 10.0) -> list[RecordedMessage]:
        """The next ``n`` bot messages (new sends or edits) in this chat since the last action."""
        events = self.chat.events
        ok = await self.api.notifier.wait_until(lambda: len(events) >= self._cursor + n, timeout)
        got = events[self._cursor :]
        if not ok:
            raise AssertionError(
                f"expected {n} bot message(s) in chat {self.id} within {timeout}s, got {len(got)}:{_describe(got)}"
            )
        batch = events[self._cursor : self._cursor + n]
        self._cursor += n
        return batch

    async def reply(self, timeout: float = 10.0) -> RecordedMessage:
        """Exactly the next bot message (send or edit)."""
        return (await self.replies(1, timeout))[0]

    async def last_text(self, timeout: float = 10.0) -> str:
        """Wait for at least one reply since the last action; return the latest one's text."""
        events = self.chat.events
        if len(events) <= self._cursor:
            await self.replies(1, timeout)
        self._cursor = len(events)
        return events[-1].text

    async def callback_answer(self, timeout: float = 10.0, query_id: str | None = None) -> CallbackAnswer:
        """Wait for the bot's answerCallbackQuery to the last (or given) button press."""
        query_id = query_id or self._last_query_id
        if query_id is None:
            raise AssertionError("no button was pressed")
        query = self.api.callback_queries[query_id]
        if not await self.api.notifier.wait_until(lambda: query["answer"] is not None, timeout):
            raise AssertionError(f"callback query {query['data']!r} was not answered within {timeout}s")
        return query["answer"]

    async def no_reply(self, within: float = 0.3) -> None:
        """Assert the bot sends/edits nothing for ``within`` seconds (a bounded wait, by nature)."""
        events = self.chat.events
        start = self._cursor
        if await self.api.notifier.wait_until(lambda: len(events) > start, within):
            raise AssertionError(f"expected no reply, got:{_describe(events[start:])}")

    @property
    def history(self) -> list[RecordedMessage]:
        """All the bot's messages in this chat, current state, deleted ones excluded."""
        return self.api.messages(self.id)

    @property
    def events(self) -> list[RecordedMessage]:
        """Every send/edit snapshot in order, since the chat started."""
        return list(self.chat.events)

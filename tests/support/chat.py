"""Drive the neutral core directly (no Telegram): send texts, press buttons, read replies.

`Chat` speaks the words of the end-to-end driver (`tests.fakebotapi.SimulatedUser`): `send`,
`send_sticker`, `send_photo`, `send_voice`, `send_document`, `send_location`, `press(label)`,
`press_data`, `last_text()`; it also reads the replies of the last update directly
(`.text`, `.texts`, `.buttons()`, `.callback_answer`), since the core answers synchronously.
"""

from __future__ import annotations

import itertools

from handlers.core.dispatcher import Dispatcher
from handlers.core.events import Action, AnswerCallback, Button, EditText, Incoming, Kind, SendText, User, parse_command

_update_ids = itertools.count(1_000_000)


class Chat:
    def __init__(self, dispatcher: Dispatcher, user_id: int, first_name: str = "Marie") -> None:
        self.dispatcher = dispatcher
        self.user = User(id=user_id, first_name=first_name, language_code="fr")
        self.replies: list[Action] = []
        self.messages: list[SendText | EditText] = []

    async def _run(self, **fields) -> list[Action]:
        event = Incoming(user=self.user, chat_id=self.user.id, update_id=next(_update_ids), **fields)
        return await self.deliver(event)

    async def deliver(self, event: Incoming) -> list[Action]:
        got: list[Action] = []

        async def collect(actions: list[Action]) -> None:
            got.extend(actions)

        await self.dispatcher.process(event, collect)
        self.replies = got
        self.messages += [a for a in got if isinstance(a, (SendText, EditText))]
        return got

    async def send(self, text: str) -> list[Action]:
        command = parse_command(text)
        if command:
            return await self._run(kind=Kind.COMMAND, text=text, command=command[0], args=command[1])
        return await self._run(kind=Kind.TEXT, text=text)

    async def send_kind(self, kind: Kind, **fields) -> list[Action]:
        return await self._run(kind=kind, **fields)

    async def send_sticker(self) -> list[Action]:
        return await self._run(kind=Kind.STICKER)

    async def send_photo(self, caption: str | None = None) -> list[Action]:
        return await self._run(kind=Kind.PHOTO, file_id=f"photo-{next(_update_ids)}", caption=caption or "")

    async def send_voice(self) -> list[Action]:
        return await self._run(kind=Kind.VOICE)

    async def send_document(self, file_name: str = "document.pdf", caption: str | None = None) -> list[Action]:
        return await self._run(
            kind=Kind.DOCUMENT,
            file_id=f"doc-{next(_update_ids)}",
            file_name=file_name,
            caption=caption or "",
            mime_type="application/pdf",
        )

    async def send_location(self, latitude: float = 43.9, longitude: float = 2.1) -> list[Action]:
        return await self._run(kind=Kind.LOCATION)

    async def last_text(self) -> str:
        """The text of the last message the bot showed (as `SimulatedUser.last_text`)."""
        return self.messages[-1].text if self.messages else ""

    async def press_data(self, data: str) -> list[Action]:
        return await self._run(kind=Kind.CALLBACK, callback_id="cb", callback_data=data, message_id=1)

    def buttons(self) -> list[Button]:
        for message in reversed(self.messages):
            if message.buttons:
                return [b for row in message.buttons for b in row]
        return []

    async def press(self, label: str) -> list[Action]:
        buttons = self.buttons()
        matches = [b for b in buttons if b.label == label] or [b for b in buttons if b.label.startswith(label)]
        assert len(matches) == 1, f"no single button {label!r} among {[b.label for b in buttons]}"
        return await self.press_data(matches[0].data)

    @property
    def texts(self) -> list[str]:
        return [a.text for a in self.replies if isinstance(a, (SendText, EditText))]

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    @property
    def callback_answer(self) -> AnswerCallback | None:
        return next((a for a in self.replies if isinstance(a, AnswerCallback)), None)

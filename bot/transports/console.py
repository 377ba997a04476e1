"""Terminal transport: talk to the bot on stdin/stdout, no Telegram token needed.

Buttons are numbered; type the number to press one. Type `:autocollant`, `:photo`,
`:vocal` to send those kinds of message, `:quitter` (or Ctrl-D) to leave.

The background workers run too (reminders, broadcasts, notices to other people): what the bot
sends to someone else shows as « → à Nadia : … », so every journey can be tried here.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import re
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TextIO

from handlers.core.dispatcher import Dispatcher
from handlers.core.events import (
    Action,
    AnswerCallback,
    AnswerInline,
    Button,
    EditText,
    Incoming,
    InlineResult,
    Keyboard,
    Kind,
    SendDocument,
    SendFile,
    SendPhoto,
    SendText,
    User,
    parse_command,
)

MEDIA = {":autocollant": Kind.STICKER, ":photo": Kind.PHOTO, ":vocal": Kind.VOICE, ":position": Kind.LOCATION}
_TAG = re.compile(r"<[^>]+>")


def html_to_terminal(text: str, bold: bool) -> str:
    text = re.sub(r"<a href=\"([^\"]+)\">(.*?)</a>", r"\2 (\1)", text)
    if bold:
        text = re.sub(r"<b>(.*?)</b>", "\033[1m\\1\033[0m", text, flags=re.S)
    return html.unescape(_TAG.sub("", text))


class Console:
    def __init__(
        self,
        dispatcher: Dispatcher,
        user: User,
        stdin: TextIO = sys.stdin,
        stdout: TextIO = sys.stdout,
        files_dir: Path = Path("var/console"),
    ) -> None:
        self.dispatcher = dispatcher
        self.user = user
        self.stdin, self.stdout = stdin, stdout
        self.files_dir = files_dir
        self.buttons: list[Button] = []
        self.last_message_id = 0
        self._message_ids = itertools.count(1)
        self._bold = stdout.isatty()

    def _print(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def event_for(self, line: str) -> Incoming | None:
        user, chat_id = self.user, self.user.id
        if line.isdigit() and self.buttons:
            index = int(line) - 1
            if 0 <= index < len(self.buttons):
                button = self.buttons[index]
                if button.url:
                    self._print(f"(lien : {button.url})")
                    return None
                return Incoming(
                    Kind.CALLBACK,
                    user=user,
                    chat_id=chat_id,
                    callback_id="console",
                    callback_data=button.data,
                    message_id=self.last_message_id,
                )
        if line in MEDIA:
            return Incoming(MEDIA[line], user=user, chat_id=chat_id)
        command = parse_command(line)
        if command:
            return Incoming(Kind.COMMAND, user=user, chat_id=chat_id, text=line, command=command[0], args=command[1])
        return Incoming(Kind.TEXT, user=user, chat_id=chat_id, text=line)

    def show(self, actions: list[Action]) -> None:
        for action in actions:
            if isinstance(action, (SendText, EditText)):
                if action.chat_id not in (None, self.user.id):
                    self._print(f"→ à {action.chat_id} : " + html_to_terminal(action.text, self._bold))
                    continue
                self.last_message_id = next(self._message_ids)
                self._print("\n" + html_to_terminal(action.text, self._bold))
                if action.buttons:
                    self.buttons = [b for row in action.buttons for b in row]
                    for number, button in enumerate(self.buttons, 1):
                        self._print(f"  [{number}] {button.label}")
            elif isinstance(action, AnswerCallback) and action.text:
                self._print(f"({action.text})")
            elif isinstance(action, (SendDocument, SendPhoto)):
                self.files_dir.mkdir(parents=True, exist_ok=True)
                path = self.files_dir / action.filename
                path.write_bytes(action.content)
                self._print(f"[fichier enregistré : {path}] {html_to_terminal(action.caption, self._bold)}")
            elif isinstance(action, SendFile):
                self._print(
                    f"[pièce jointe Telegram {action.kind} : {action.file_id}] "
                    + html_to_terminal(action.caption, self._bold)
                )
            elif isinstance(action, AnswerInline):
                for result in action.results:
                    self._print(f"  • {result.title}")

    async def run(self) -> None:
        self._print("Arobase — console. Tapez votre message, le numéro d'un bouton, ou :quitter.")
        self.show(
            await self.dispatcher.handle(
                Incoming(Kind.COMMAND, self.user, self.user.id, text="/start", command="start")
            )
        )
        while True:
            self.stdout.write("\n> ")
            self.stdout.flush()
            # Read in a thread: the background workers keep running while the person types.
            line = await asyncio.get_running_loop().run_in_executor(None, self.stdin.readline)
            if not line or line.strip() in (":quitter", ":q"):
                self._print("\nÀ bientôt !")
                return
            line = line.strip()
            if not line:
                continue
            event = self.event_for(line)
            if event is not None:
                self.show(await self.dispatcher.handle(event))


Names = Callable[[int], Awaitable[str]]


class ConsoleSender:
    """What the background workers send, printed: to the console's user as a bot message, to
    anyone else as « → à Nadia : … » (the `Sender` of `bot.transports.delivery`)."""

    def __init__(self, console: Console, names: Names) -> None:
        self.console = console
        self.names = names
        self._ids = itertools.count(10_000)

    async def _other(self, chat_id: int, text: str, buttons: Keyboard | None = None) -> int:
        labels = " ".join(f"[{b.label}]" for row in buttons or [] for b in row)
        line = html_to_terminal(text, self.console._bold).replace("\n", " ")
        self.console._print(f"\n→ à {await self.names(chat_id)} : {line}" + (f"  {labels}" if labels else ""))
        return next(self._ids)

    async def send_text(self, chat_id: int, text: str, buttons: Keyboard) -> int:
        if chat_id == self.console.user.id:
            self.console.show([SendText(text, buttons)])
            return self.console.last_message_id
        return await self._other(chat_id, text, buttons)

    async def edit_text(self, chat_id: int, message_id: int, text: str, buttons: Keyboard) -> None:
        await self.send_text(chat_id, text, buttons)

    async def answer_callback(self, callback_id: str, text: str, alert: bool) -> None:
        return None

    async def send_document(self, chat_id: int, filename: str, content: bytes, caption: str, mime_type: str) -> int:
        if chat_id == self.console.user.id:
            self.console.show([SendDocument(filename, content, caption, mime_type)])
            return self.console.last_message_id
        return await self._other(chat_id, f"[fichier {filename}] {caption}")

    async def send_photo(self, chat_id: int, content: bytes, caption: str, filename: str) -> int:
        return await self.send_document(chat_id, filename, content, caption, "image/png")

    async def send_file(self, chat_id: int, file_id: str, kind: str, caption: str) -> int:
        return await self._other(chat_id, f"[pièce jointe {kind}] {caption}")

    async def answer_inline(self, query_id: str, results: list[InlineResult]) -> None:
        return None

"""Terminal transport: talk to the bot on stdin/stdout, no Telegram token needed.

Buttons are numbered; type the number to press one. Type `:autocollant`, `:photo`,
`:vocal` to send those kinds of message, `:quitter` (or Ctrl-D) to leave.
"""

from __future__ import annotations

import html
import itertools
import re
import sys
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
                    self._print(f"[message pour {action.chat_id}] " + html_to_terminal(action.text, self._bold))
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
            line = self.stdin.readline()
            if not line or line.strip() in (":quitter", ":q"):
                self._print("\nÀ bientôt !")
                return
            line = line.strip()
            if not line:
                continue
            event = self.event_for(line)
            if event is not None:
                self.show(await self.dispatcher.handle(event))

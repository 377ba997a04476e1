"""Telegram command menus: public commands for everyone, staff commands in each staff chat.

Set at start for every staff member, and again for one chat when `/staff ajouter` or
`/staff retirer` changes who is staff (registered as the `command_menus` service).
"""

from __future__ import annotations

import logging

from bot.transports import errors
from handlers.core.dispatcher import Dispatcher

log = logging.getLogger(__name__)


class CommandMenus:
    def __init__(self, sender, dispatcher: Dispatcher) -> None:
        self.sender = sender
        self.dispatcher = dispatcher

    def _commands(self, staff: bool) -> list[tuple[str, str]]:
        specs = self.dispatcher.staff_commands() if staff else self.dispatcher.public_commands()
        return [(c.name, c.description) for c in specs]

    async def set_default(self) -> None:
        await self.sender.set_commands(self._commands(staff=False))

    async def set_for(self, chat_id: int, *, staff: bool) -> bool:
        """Staff menu in `chat_id`, or the public one back; False if Telegram refused."""
        try:
            await self.sender.set_commands(self._commands(staff), chat_id=chat_id)
        except errors.DeliveryError as exc:  # e.g. a person who never opened the chat
            log.warning("command menu not set for %s: %s", chat_id, exc)
            return False
        return True

"""What every Telegram adapter shares: reading a Bot API update (as JSON) into a neutral event,
delivering replies, and registering the command menus at start.

Both libraries can give the raw update as a dict, so there is one parser, not two.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from bot.transports import errors
from bot.transports.command_menus import CommandMenus
from bot.transports.delivery import Sender, deliver
from bot.workers.pacing import PacedSender, SendBudget
from handlers.core.dispatcher import Dispatcher, Outcome
from handlers.core.events import Incoming, Kind, User, parse_command

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query", "inline_query", "my_chat_member"]


def _user(raw: dict[str, Any]) -> User:
    raw = _object(raw)
    if not isinstance(raw["id"], int):
        raise TypeError("user id is not an integer")
    return User(
        id=raw["id"],
        first_name=_text(raw.get("first_name", "")),
        last_name=_text(raw.get("last_name", "")),
        username=_text(raw.get("username", "")),
        language_code=_text(raw.get("language_code", "")),
    )


def _object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError(f"expected an object, got {type(value).__name__}")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


class MalformedUpdate(ValueError):
    """A body that is not a Bot API update (a field missing or of the wrong type)."""


def incoming_from_dict(update: dict[str, Any], bot_id: int = 0) -> Incoming | None:
    """A Bot API `Update` object (as JSON) -> neutral event; None for what the bot ignores."""
    try:
        event = _incoming(update)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise MalformedUpdate(f"{type(exc).__name__}: {exc}") from None
    return dataclasses.replace(event, bot_id=bot_id) if event is not None else None


def bot_id_of(token: str) -> int:
    head = token.split(":", 1)[0]
    return int(head) if head.isdigit() else 0


def _date(message: dict[str, Any]) -> datetime | None:
    date = message.get("date")
    return datetime.fromtimestamp(date, UTC) if isinstance(date, int) and date > 0 else None


def _incoming(update: dict[str, Any]) -> Incoming | None:
    update_id = update.get("update_id")
    for known in ALLOWED_UPDATES:
        if known in update:
            _object(update[known])
    if "message" in update:
        message = update["message"]
        for field in ("text", "caption"):
            if field in message:
                _text(message[field])
        if "from" not in message or message.get("chat", {}).get("type", "private") != "private":
            return None
        user, chat_id = _user(message["from"]), int(message["chat"]["id"])
        if "text" in message:
            command = parse_command(message["text"])
            if command:
                return Incoming(
                    Kind.COMMAND,
                    user=user,
                    chat_id=chat_id,
                    update_id=update_id,
                    text=message["text"],
                    command=command[0],
                    args=command[1],
                )
            return Incoming(
                Kind.TEXT,
                user=user,
                chat_id=chat_id,
                update_id=update_id,
                text=message["text"],
                sent_at=_date(message),
            )
        caption = message.get("caption", "")
        if "photo" in message:
            return Incoming(
                Kind.PHOTO,
                user=user,
                chat_id=chat_id,
                update_id=update_id,
                file_id=message["photo"][-1]["file_id"],
                caption=caption,
            )
        if "document" in message:
            doc = message["document"]
            return Incoming(
                Kind.DOCUMENT,
                user=user,
                chat_id=chat_id,
                update_id=update_id,
                file_id=doc["file_id"],
                file_name=doc.get("file_name", ""),
                mime_type=doc.get("mime_type", ""),
                caption=caption,
            )
        if "sticker" in message:
            return Incoming(Kind.STICKER, user=user, chat_id=chat_id, update_id=update_id)
        if any(k in message for k in ("voice", "audio", "video_note")):
            return Incoming(Kind.VOICE, user=user, chat_id=chat_id, update_id=update_id)
        if any(k in message for k in ("location", "venue")):
            return Incoming(Kind.LOCATION, user=user, chat_id=chat_id, update_id=update_id)
        return Incoming(Kind.OTHER, user=user, chat_id=chat_id, update_id=update_id, caption=caption)
    if "callback_query" in update:
        query = update["callback_query"]
        message = query.get("message") or {}
        user = _user(query["from"])
        return Incoming(
            Kind.CALLBACK,
            user=user,
            chat_id=int(message.get("chat", {}).get("id", user.id)),
            update_id=update_id,
            callback_id=query["id"],
            callback_data=_text(query.get("data", "")),
            message_id=message.get("message_id"),
        )
    if "inline_query" in update:
        query = update["inline_query"]
        user = _user(query["from"])
        return Incoming(
            Kind.INLINE_QUERY,
            user=user,
            chat_id=user.id,
            update_id=update_id,
            text=_text(query.get("query", "")),
            inline_query_id=query["id"],
        )
    if "my_chat_member" in update:
        member = update["my_chat_member"]
        if member.get("chat", {}).get("type") != "private":
            return None
        status = member.get("new_chat_member", {}).get("status")
        kind = Kind.BLOCKED if status == "kicked" else Kind.UNBLOCKED if status == "member" else None
        if kind is None:
            return None
        user = _user(member["from"])
        return Incoming(kind, user=user, chat_id=user.id, update_id=update_id)
    return None


class TransportSession:
    """The core as seen by a Telegram adapter: raw updates in, an outcome out (for the adapter to
    confirm the update to Telegram only once it is stored), replies out through the budget."""

    allowed_updates = ALLOWED_UPDATES

    def __init__(self, dispatcher: Dispatcher, staff_ids: frozenset[int], budget: SendBudget | None = None) -> None:
        self.dispatcher = dispatcher
        self.staff_ids = staff_ids
        self.budget = budget

    def replies_sender(self, sender: Sender) -> Sender:
        """Conversation replies take the first grants of the bot's send budget."""
        return sender if self.budget is None else PacedSender(sender, self.budget, reply=True)

    async def handle_raw(
        self, update: dict[str, Any], bot_id: int, sender: Sender, committed: Callable[[], None] | None = None
    ) -> Outcome:
        """One Bot API update (JSON): handled, stored, its replies delivered."""
        event = incoming_from_dict(update, bot_id)
        if event is None:  # a group message, an edit…: nothing to store, confirm it
            if committed is not None:
                committed()
            return Outcome.DONE
        return await self.process(event, sender, committed)

    async def process(self, event: Incoming, sender: Sender, committed: Callable[[], None] | None = None) -> Outcome:
        paced = self.replies_sender(sender)

        async def _deliver(actions) -> None:
            await self.deliver(paced, event, actions)

        try:
            return await self.dispatcher.process(event, _deliver, committed)
        except (errors.NetworkFailure, errors.RetryAfter):
            # Stored, not delivered: the replies are sent again once their lease runs out.
            log.exception("could not deliver replies for update %s (will retry)", event.update_id)
            return Outcome.DONE

    async def deliver(self, sender: Sender, event: Incoming, actions) -> None:
        try:
            blocked = await deliver(sender, event, actions)
        except (errors.NetworkFailure, errors.RetryAfter):
            raise
        except errors.DeliveryError:  # refused by Telegram (a bad request): sending again won't help
            log.exception("replies for update %s refused by Telegram", event.update_id)
            return
        for chat_id in blocked:
            log.info("chat %s blocked the bot", chat_id)
            await self.dispatcher.mark_blocked(chat_id)

    async def redeliver_abandoned(self, sender: Sender, *, any_lease: bool = False) -> int:
        """Stored replies whose deliverer died: sent by this process (see the dispatcher)."""
        paced = self.replies_sender(sender)

        async def _to(event: Incoming, actions) -> None:
            await self.deliver(paced, event, actions)

        return await self.dispatcher.redeliver_abandoned(_to, any_lease=any_lease)

    async def startup(self, sender) -> None:
        """Register the command menus: public ones for everyone, staff ones in staff chats only.

        `/staff ajouter|retirer` later updates one chat's menu through the `command_menus` service.
        """
        menus = CommandMenus(sender, self.dispatcher)
        self.dispatcher.services.command_menus = menus
        try:
            self.dispatcher.services.bot_username = await sender.bot_username()
            await menus.set_default()
            for chat_id in sorted(self.staff_ids | await self.dispatcher.staff_ids_in_database()):
                await menus.set_for(chat_id, staff=True)
        except errors.DeliveryError as exc:  # not fatal: the bot answers without the « / » menu
            log.warning("could not register the command menus: %s", exc)

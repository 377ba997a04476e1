"""Bot API methods about the bot itself, its updates, commands, queries and files.

Role: getMe, getUpdates (long polling), setWebhook / deleteWebhook /
getWebhookInfo, set/get/deleteMyCommands (stored per scope + language),
answerCallbackQuery, answerInlineQuery, getFile, and the harmless settings
methods (close, logOut, setMyDescription...).  Each handler takes
(api, params) and returns the ``result`` or raises ``ApiError``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from . import errors
from .errors import ApiError, bad_request
from .models import get_me
from .params import Params
from .recording import CallbackAnswer
from .validation import check_commands, scope_key

if TYPE_CHECKING:
    from .server import FakeBotAPI


class Described:
    """A successful result that also carries Telegram's ``description`` text."""

    def __init__(self, result: Any, description: str) -> None:
        self.result = result
        self.description = description


async def get_me_method(api: FakeBotAPI, p: Params) -> dict[str, Any]:
    return get_me(api.bot_id)


async def get_updates(api: FakeBotAPI, p: Params) -> list[dict[str, Any]]:
    """Long polling: answer as soon as updates exist, else after min(timeout, cap)."""
    if api.webhook.active:
        raise ApiError(409, errors.WEBHOOK_CONFLICT)
    queue = api.updates
    if p.get("offset") is not None:
        queue.confirm(int(p.get("offset")))
    if "allowed_updates" in p:
        allowed = p.get("allowed_updates")
        queue.allowed_updates = list(allowed) if allowed else None
    api.poll_generation += 1
    generation = api.poll_generation
    timeout = max(0.0, min(float(p.get("timeout") or 0), api.max_poll_timeout))
    await api.notifier.wait_until(lambda: queue.pending or api.poll_generation != generation or api.closing, timeout)
    if api.poll_generation != generation:
        raise ApiError(409, errors.POLLING_CONFLICT)
    return queue.take(int(p.get("limit") or 100))


async def set_webhook(api: FakeBotAPI, p: Params) -> Described:
    url = p.get("url") or ""
    if not url:
        return await delete_webhook(api, p)
    if not re.match(r"^https?://[^\s/]+", url):  # the fake also accepts plain http
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = p.get("secret_token")
    if secret is not None and not re.match(r"^[A-Za-z0-9_-]{1,256}$", secret):
        raise bad_request("secret token contains unallowed characters")
    if p.get("drop_pending_updates"):
        api.updates.clear()
    if "allowed_updates" in p:
        allowed = p.get("allowed_updates")
        api.updates.allowed_updates = list(allowed) if allowed else None
    api.poll_generation += 1  # a pending getUpdates ends with 409, like Telegram
    api.notifier.notify()
    was_set = api.webhook.url == url
    api.webhook.set(url, secret, p.get("max_connections"))
    return Described(True, "Webhook is already set" if was_set else "Webhook was set")


async def delete_webhook(api: FakeBotAPI, p: Params) -> Described:
    if p.get("drop_pending_updates"):
        api.updates.clear()
    was_set = api.webhook.active
    await api.webhook.delete()
    return Described(True, "Webhook was deleted" if was_set else "Webhook is already deleted")


async def get_webhook_info(api: FakeBotAPI, p: Params) -> dict[str, Any]:
    return api.webhook.info()


def _commands_key(api: FakeBotAPI, p: Params) -> tuple[str, Any, Any, str]:
    key = scope_key(p.get("scope"), p.get("language_code"))
    if key[1] is not None and api.find_chat(key[1]) is None:
        raise ApiError(400, errors.CHAT_NOT_FOUND)
    return key


async def set_my_commands(api: FakeBotAPI, p: Params) -> bool:
    commands = check_commands(p.get("commands"))
    key = _commands_key(api, p)
    if commands:
        api.commands[key] = commands
    else:
        api.commands.pop(key, None)
    return True


async def get_my_commands(api: FakeBotAPI, p: Params) -> list[dict[str, str]]:
    return list(api.commands.get(_commands_key(api, p), []))


async def delete_my_commands(api: FakeBotAPI, p: Params) -> bool:
    api.commands.pop(_commands_key(api, p), None)
    return True


async def answer_callback_query(api: FakeBotAPI, p: Params) -> bool:
    query_id = str(p.require("callback_query_id"))
    query = api.callback_queries.get(query_id)
    if query is None or query["answer"] is not None:
        raise ApiError(400, errors.QUERY_TOO_OLD)
    text = p.get("text")
    if text is not None and len(text) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    query["answer"] = CallbackAnswer(
        callback_query_id=query_id,
        text=text,
        show_alert=bool(p.get("show_alert")),
        url=p.get("url"),
        cache_time=p.get("cache_time"),
    )
    api.notifier.notify()
    return True


async def answer_inline_query(api: FakeBotAPI, p: Params) -> bool:
    query_id = str(p.require("inline_query_id"))
    query = api.inline_queries.get(query_id)
    if query is None or query["answer"] is not None:
        raise ApiError(400, errors.QUERY_TOO_OLD)
    results = p.get("results")
    if not isinstance(results, list):
        raise bad_request("can't parse results JSON object")
    if len(results) > 50:
        raise bad_request("too many inline query results specified")
    seen = set()
    for result in results:
        if not isinstance(result, dict) or not result.get("type") or not result.get("id"):
            raise bad_request("can't parse InlineQueryResult JSON object")
        if not 1 <= len(str(result["id"]).encode()) <= 64:
            raise bad_request("RESULT_ID_INVALID")
        if result["id"] in seen:
            raise bad_request("RESULT_ID_DUPLICATE")
        seen.add(result["id"])
    query["answer"] = results
    api.notifier.notify()
    return True


async def get_file(api: FakeBotAPI, p: Params) -> dict[str, Any]:
    file = api.files.get(str(p.require("file_id")))
    if file is None:
        raise ApiError(400, errors.INVALID_FILE_ID)
    return {
        "file_id": file.file_id,
        "file_unique_id": file.file_unique_id,
        "file_size": file.size,
        "file_path": file.file_path,
    }


async def accept(api: FakeBotAPI, p: Params) -> bool:
    """close / logOut / setMyDescription...: accepted, stored in the request log only."""
    return True


METHODS = {
    "getMe": get_me_method,
    "getUpdates": get_updates,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "answerCallbackQuery": answer_callback_query,
    "answerInlineQuery": answer_inline_query,
    "getFile": get_file,
    "close": accept,
    "logOut": accept,
    "setMyDescription": accept,
    "setMyShortDescription": accept,
    "setMyName": accept,
    "setChatMenuButton": accept,
}

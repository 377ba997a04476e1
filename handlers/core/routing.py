"""The routes of the features' routers merged, and the routing of an event inside a transaction:
commands (staff ones for staff only), buttons (a stale or forged one gets a kind answer), the step
of a flow waiting for text, free text; and the flows' helpers the features call (`press`,
`run_command`, `prompt`, `answer_aside`, `leave_flow`). The transaction around it is `handlers.core.dispatcher`'s.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable
from typing import TypeVar

from handlers.core import french, screens, split_paste, texts
from handlers.core.context import Context
from handlers.core.events import AnswerCallback, AnswerInline, Kind, SendText
from handlers.core.router import CommandSpec, Guard, Handler, MenuEntries, Replies, ResumeHandler, Router
from handlers.core.ui import StaleButton

log = logging.getLogger(__name__)

MAX_INPUT_CHARS = 4096
_K = TypeVar("_K")
_V = TypeVar("_V")


class Routes:
    def __init__(self, routers: Iterable[Router], menu: Handler) -> None:
        self.menu = menu
        self.commands: dict[str, CommandSpec] = {}
        self.callbacks: dict[str, Handler] = {}
        self.steps: dict[tuple[str, str | None], Handler] = {}
        self.prompts: dict[str, Handler] = {}
        self.guards: dict[str, Guard] = {}
        self.deeplinks: dict[str, Handler] = {}
        self.deeplink_prefixes: dict[str, Handler] = {}
        self.resumes: dict[str, ResumeHandler] = {}
        self.typed_steps: dict[str, set[str | None]] = {}
        self.holding_flows: set[str] = set()
        self.leaves: dict[str, Handler] = {}
        self.resume_leaves: dict[str, str] = {}
        self.menu_entries: list[MenuEntries] = []
        self.free_text: Handler | None = None
        self.inline: Handler | None = None
        for router in routers:
            self._include(router)

    def _include(self, router: Router) -> None:
        _merge(self.commands, router.commands, router.name)
        _merge(self.callbacks, router.callbacks, router.name)
        _merge(self.steps, router.steps, router.name)
        _merge(self.prompts, router.prompts, router.name)
        _merge(self.guards, router.guards, router.name)
        _merge(self.deeplinks, router.deeplinks, router.name)
        _merge(self.deeplink_prefixes, router.deeplink_prefixes, router.name)
        _merge(self.resumes, router.resumes, router.name)
        _merge(self.leaves, router.leaves, router.name)
        _merge(self.resume_leaves, router.resume_leaves, router.name)
        for flow, steps in router.typed_steps.items():
            self.typed_steps.setdefault(flow, set()).update(steps)
        self.holding_flows |= router.holding_flows
        self.menu_entries += router.menu_entries
        self.free_text = router.free_text or self.free_text
        self.inline = router.inline or self.inline

    def public_commands(self) -> list[CommandSpec]:
        return [c for c in self.commands.values() if c.listed and not c.staff]

    def staff_commands(self) -> list[CommandSpec]:
        return [c for c in self.commands.values() if c.listed]

    # -- routing ---------------------------------------------------------------
    async def route(self, ctx: Context) -> Replies:
        event = ctx.event
        if event.kind is Kind.INLINE_QUERY:
            return await self.inline(ctx) if self.inline else [AnswerInline([])]
        if event.kind is Kind.CALLBACK:
            return await self._route_callback(ctx)
        if event.kind is Kind.COMMAND:
            return await self._route_command(ctx)
        if ctx.flow and (refusal := await self._refusal(ctx)):
            return await self._turn_away(ctx, refusal)
        if event.kind is Kind.TEXT:
            if split_paste.is_continuation(ctx):
                split_paste.remember(ctx, continuation=True)
                return [SendText(texts.PASTE_CONTINUATION)]
            replies = await self._route_message(ctx)
            split_paste.remember(ctx)
            return replies
        return await self._route_message(ctx)

    async def _route_message(self, ctx: Context) -> Replies:
        event = ctx.event
        typed_here = self.waiting_for_text(ctx)
        if len(event.text) > MAX_INPUT_CHARS and not typed_here:  # a step waiting for text states its own limit
            reply = SendText(
                texts.TOO_LONG.format(length=french.number(len(event.text)), limit=french.number(MAX_INPUT_CHARS))
            )
            return [reply, *await self.prompt(ctx)] if ctx.flow else [reply]
        if ctx.flow and event.kind is Kind.TEXT and not typed_here and ctx.flow in self.prompts:
            return await screens.typed_on_buttons(ctx)
        if ctx.flow:
            handler = self.steps.get((ctx.flow, ctx.step)) or self.steps.get((ctx.flow, None))
            if handler is None:  # a flow this version no longer knows
                ctx.end_flow()
                return await self.menu(ctx)
            return await handler(ctx)
        if event.kind is Kind.TEXT and self.free_text is not None:
            return await self.free_text(ctx)
        return [SendText(texts.ONLY_TEXT.get(event.kind.value, texts.ONLY_TEXT["other"]))]

    async def _route_callback(self, ctx: Context) -> Replies:
        told: Replies = []
        if ctx.flow and (refusal := await self._refusal(ctx)):  # out of the flow first, told why; then
            told = self._leave_refused(ctx, refusal)  # the button: the flow's own is stale, another works
        replies = await self._press(ctx)
        if told:  # said after the button's answer, before what the button shows
            at = next(i for i, r in enumerate(replies) if isinstance(r, AnswerCallback))
            replies[at + 1 : at + 1] = told
        return replies

    async def _press(self, ctx: Context) -> Replies:
        prefix = ctx.event.callback_data.split(":", 1)[0]
        handler = self.callbacks.get(prefix)
        try:
            if handler is None:
                raise StaleButton(ctx.event.callback_data)
            replies = await handler(ctx)
        except StaleButton:
            log.info("stale button %r from %s", ctx.event.callback_data, ctx.event.user.id)
            if ctx.flow and ctx.flow in self.prompts:
                replies = [AnswerCallback(texts.STALE_BUTTON), SendText(texts.STALE_BUTTON_IN_FLOW)]
                replies += await self.prompt(ctx)
            else:
                replies = [AnswerCallback(texts.STALE_BUTTON), SendText(texts.STALE_BUTTON_MESSAGE)]
                replies += await self.menu(ctx)
        if not any(isinstance(r, AnswerCallback) for r in replies):
            replies.insert(0, AnswerCallback())
        return replies

    async def _route_command(self, ctx: Context) -> Replies:
        name = ctx.event.command
        spec = self.commands.get(name)
        if spec is not None and spec.staff and not ctx.is_staff:
            ctx.audit.log(ctx.person.telegram_id, "staff_command_denied", f"/{name}")
            log.warning("user %s tried staff command /%s", ctx.person.telegram_id, name)
            spec = None
        if spec is None:
            reply = SendText(texts.UNKNOWN_COMMAND.format(command=name[:32]))
            return [reply, *await self.prompt(ctx)] if ctx.flow else [reply]
        if ctx.flow and not spec.global_:
            if self.waiting_for_text(ctx):
                if ctx.flow in self.holding_flows:  # a decision in progress
                    return [SendText(texts.COMMAND_IN_FLOW), *await self.prompt(ctx)]
                if ctx.event.args.strip() and not ctx.is_staff:  # « /fiches ne s'ouvre pas » typed as the answer
                    return [SendText(texts.COMMAND_WITH_WORDS_IN_FLOW.format(command=name)), *await self.prompt(ctx)]
            return [*await self.leave_flow(ctx), *await spec.handler(ctx)]
        return await spec.handler(ctx)

    # -- flows and screens -------------------------------------------------------
    def waiting_for_text(self, ctx: Context) -> bool:
        """Is the current step a question waiting for typed input (not a screen of buttons)?"""
        steps = self.typed_steps.get(ctx.flow or "", set())
        return bool(ctx.flow) and (None in steps or ctx.step in steps)

    async def leave_flow(self, ctx: Context) -> Replies:
        """Leave the flow in progress for something else, with what its feature says (draft kept…)."""
        if not ctx.flow:
            return []
        handler = self.leaves.get(ctx.flow)
        replies = await handler(ctx) if handler is not None else []
        ctx.end_flow()
        return replies

    async def press(self, ctx: Context, data: str) -> Replies:
        """Handle `data` as if the person had tapped that button (typed text naming a button)."""
        pressed = dataclasses.replace(ctx.event, kind=Kind.CALLBACK, callback_data=data, message_id=None)
        return await self._route_callback(dataclasses.replace(ctx, event=pressed))

    async def run_command(self, ctx: Context, name: str) -> Replies:
        """Run command `name` as if typed (a menu button for it): staff rights checked the same way."""
        command = dataclasses.replace(ctx.event, kind=Kind.COMMAND, command=name, args="", text=f"/{name}")
        return await self._route_command(dataclasses.replace(ctx, event=command))

    async def answer_aside(self, ctx: Context) -> tuple[Replies, Replies]:
        """What was typed answered as a question (`free_text`), then the screen the person was at
        (`prompt`). What the FAQ keeps (the question, for « Transmettre à l'équipe ») outlives that
        screen, whose step may start anew with its own data."""
        assert self.free_text is not None
        before = dict(ctx.data)
        answered = await self.free_text(ctx)
        kept = {k: v for k, v in ctx.data.items() if k != "_t" and (k not in before or before[k] != v)}
        screen = await self.prompt(ctx)
        if kept:
            ctx.update_data(**kept)
        return answered, screen

    async def prompt(self, ctx: Context) -> Replies:
        """Show again the question the user is expected to answer (if they still may)."""
        if ctx.flow and (refusal := await self._refusal(ctx)):
            return await self._turn_away(ctx, refusal)
        if ctx.flow and ctx.flow in self.prompts:
            return await self.prompts[ctx.flow](ctx)
        return []

    async def _refusal(self, ctx: Context) -> str | None:
        guard = self.guards.get(ctx.flow or "")
        return await guard(ctx) if guard is not None else None

    async def _turn_away(self, ctx: Context, refusal: str) -> Replies:
        return [*self._leave_refused(ctx, refusal), *await self.menu(ctx)]

    @staticmethod
    def _leave_refused(ctx: Context, refusal: str) -> Replies:
        ctx.audit.log(ctx.person.telegram_id, "flow_denied", f"{ctx.flow}/{ctx.step}"[:128])
        ctx.end_flow()
        return [SendText(refusal)]


def _merge(registry: dict[_K, _V], new: dict[_K, _V], router_name: str) -> None:
    """Add a router's entries to a registry of the dispatcher; a key registered twice is an error."""
    clash = registry.keys() & new.keys()
    if clash:
        raise ValueError(f"router {router_name} registers {sorted(map(str, clash))} again")
    registry.update(new)

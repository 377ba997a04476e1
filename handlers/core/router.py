"""Declarative registration of conversation handlers, grouped by feature (à la aiogram routers).

A feature module creates a `Router`, decorates its handlers, and the dispatcher includes it.
Resolution order for an event is fixed by the dispatcher, not by import order.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from handlers.core.events import Action, Button

if TYPE_CHECKING:
    from handlers.core.context import Context

Replies = list[Action]
Handler = Callable[["Context"], Awaitable[Replies]]
# Continues a feature after a sub-flow it started (e.g. the profile questions), with its saved data.
ResumeHandler = Callable[["Context", dict[str, Any]], Awaitable[Replies]]
# Who may still be in a flow: None if the person may, else the French words saying why not.
Guard = Callable[["Context"], Awaitable[str | None]]
# Buttons a feature adds at the top of the main menu (e.g. « ▶️ Reprendre ma fiche »).
MenuEntries = Callable[["Context"], Awaitable[list[Button]]]


@dataclass(frozen=True)
class CommandSpec:
    name: str
    handler: Handler
    description: str = ""
    staff: bool = False
    # Global commands run even in the middle of a flow (navigation: /menu, /annuler…).
    global_: bool = False
    # Shown in Telegram's command menu.
    listed: bool = True


@dataclass
class Router:
    name: str
    commands: dict[str, CommandSpec] = field(default_factory=dict)
    callbacks: dict[str, Handler] = field(default_factory=dict)
    steps: dict[tuple[str, str | None], Handler] = field(default_factory=dict)
    prompts: dict[str, Handler] = field(default_factory=dict)
    guards: dict[str, Guard] = field(default_factory=dict)
    deeplinks: dict[str, Handler] = field(default_factory=dict)
    deeplink_prefixes: dict[str, Handler] = field(default_factory=dict)
    resumes: dict[str, ResumeHandler] = field(default_factory=dict)
    # Steps that wait for typed input (None: every step of the flow); the others show buttons.
    typed_steps: dict[str, set[str | None]] = field(default_factory=dict)
    holding_flows: set[str] = field(default_factory=set)
    leaves: dict[str, Handler] = field(default_factory=dict)
    resume_leaves: dict[str, str] = field(default_factory=dict)
    menu_entries: list[MenuEntries] = field(default_factory=list)
    free_text: Handler | None = None
    inline: Handler | None = None

    def command(
        self,
        name: str,
        *,
        description: str = "",
        staff: bool = False,
        global_: bool = False,
        listed: bool = True,
    ) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.commands[name] = CommandSpec(name, handler, description, staff, global_, listed)
            return handler

        return register

    def callback(self, prefix: str) -> Callable[[Handler], Handler]:
        """Button presses whose data is `prefix` or starts with `prefix:`."""
        if ":" in prefix or not prefix.isascii():
            raise ValueError(f"bad callback prefix {prefix!r}")

        def register(handler: Handler) -> Handler:
            self.callbacks[prefix] = handler
            return handler

        return register

    def step(self, flow: str, step: str | None = None) -> Callable[[Handler], Handler]:
        """Messages (text, media…) received while the user is at `flow`/`step` (None: any step)."""

        def register(handler: Handler) -> Handler:
            self.steps[(flow, step)] = handler
            return handler

        return register

    def prompt(self, flow: str) -> Callable[[Handler], Handler]:
        """Re-shows the current question of `flow` (after a help or an unexpected input)."""

        def register(handler: Handler) -> Handler:
            self.prompts[flow] = handler
            return handler

        return register

    def guard(self, flow: str) -> Callable[[Guard], Guard]:
        """Who may still be in `flow` (staff, a member of the dossier…), checked before each
        message or button press while in the flow and each time its question is shown again: rights can be lost
        half-way through (removed from the team, from a dossier); the person then leaves the
        flow with the guard's words and the menu, and sees nothing more of what it showed."""

        def register(guard: Guard) -> Guard:
            self.guards[flow] = guard
            return guard

        return register

    def deeplink(self, parameter: str) -> Callable[[Handler], Handler]:
        """`/start <parameter>` (t.me/bot?start=parameter) jumps to this handler."""

        def register(handler: Handler) -> Handler:
            self.deeplinks[parameter] = handler
            return handler

        return register

    def deeplink_prefix(self, prefix: str) -> Callable[[Handler], Handler]:
        """`/start <prefix><value>` (a link carrying a value, e.g. an invitation token): the
        handler reads the raw value, case kept, from `ctx.event.args`."""

        def register(handler: Handler) -> Handler:
            self.deeplink_prefixes[prefix] = handler
            return handler

        return register

    def resume(self, name: str, *, left: str = "") -> Callable[[ResumeHandler], ResumeHandler]:
        """Where feature `name` goes on once a sub-flow it opened hands back (profile completed…);
        `left`: what the sub-flow says if it is left before (« votre inscription n'est pas terminée »)."""

        def register(handler: ResumeHandler) -> ResumeHandler:
            self.resumes[name] = handler
            if left:
                self.resume_leaves[name] = left
            return handler

        return register

    def text(self) -> Callable[[Handler], Handler]:
        """Free text typed outside any flow."""

        def register(handler: Handler) -> Handler:
            self.free_text = handler
            return handler

        return register

    def typed(self, flow: str, *steps: str, hold_commands: bool = False) -> None:
        """Declare the steps of `flow` that wait for typed input (none given: all of them).

        At any other step (a screen of buttons), the core takes typed text that names a button
        as a tap on it, answers a question about the label. A command leaves the flow (with what
        its `leave` handler says) and runs, at any step; with `hold_commands` (staff work that
        leaving would throw away: a broadcast's text, a review's reason), a command typed at
        these steps is answered « répondez d'abord, ou /annuler » instead."""
        self.typed_steps.setdefault(flow, set()).update(steps or {None})
        if hold_commands:
            self.holding_flows.add(flow)

    def leave(self, flow: str) -> Callable[[Handler], Handler]:
        """What to say when `flow` is left for another command (« votre brouillon est gardé… »)."""

        def register(handler: Handler) -> Handler:
            self.leaves[flow] = handler
            return handler

        return register

    def menu_entry(self) -> Callable[[MenuEntries], MenuEntries]:
        """Buttons this feature adds at the top of the main menu for the person."""

        def register(provider: MenuEntries) -> MenuEntries:
            self.menu_entries.append(provider)
            return provider

        return register

    def inline_query(self) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.inline = handler
            return handler

        return register

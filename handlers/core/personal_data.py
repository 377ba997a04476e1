"""Personal data (RGPD): the shape of one feature's share, and the « what is kept and why » text.

Each feature that stores something about a person declares a `DataSection`: a short French
« what and why », an export (JSON-ready), an erase function and the tables it covers. The
list is assembled explicitly in `handlers.core.registry.personal_data_sections`; a contract
test fails when a column naming a person (their Telegram id, their row in `people`) is
covered by no section.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from handlers.core.context import Context


@dataclass(frozen=True)
class DataSection:
    name: str  # key of the section in the /mesdonnees JSON document
    kept: str  # what is kept and why, in French (HTML)
    export: Callable[[Context], Awaitable[Any]]
    erase: Callable[[Context], Awaitable[None]]
    # "table.column" of each column naming a person whose rows this section exports and erases
    columns: tuple[str, ...]
    order: int = 50  # erase order: features first, the profile last
    staff_only: bool = False  # kept only about staff members (what they sent): not explained to others
    lead: bool = False  # explained first (the profile: what everyone gives)

    @property
    def tables(self) -> set[str]:
        return {column.split(".", 1)[0] for column in self.columns}


def ordered(sections: Iterable[DataSection]) -> list[DataSection]:
    return sorted(sections, key=lambda s: (s.order, s.name))


def kept_and_why(sections: Iterable[DataSection], *, staff: bool = False) -> str:
    """What is kept and why, the profile first (what everyone gives), without what is kept only
    about staff members unless the reader is one."""
    shown = sorted((s for s in ordered(sections) if staff or not s.staff_only), key=lambda s: not s.lead)
    lines = ["<b>Ce que je conserve, et pourquoi</b>"]
    lines += [f"• {s.kept}" for s in shown]
    lines.append(
        "\nCes informations ne servent qu'au label et à l'association Villes Internet. "
        "Vous pouvez les consulter à tout moment avec /mesdonnees et les effacer avec /effacer."
    )
    return "\n".join(lines)

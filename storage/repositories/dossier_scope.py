"""Whose sheets a reader reaches: a collectivity's shared dossier, or the private drafts of a person
whose membership is still requested. Handlers get it from the membership check
(`handlers.membership.access`) and give it to `SheetsRepository`, which reads nothing outside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from storage.models import ActionSheet


@dataclass(frozen=True)
class DossierScope:
    """Whose sheets a reader reaches: a collectivity's shared dossier (`owner` None), or the
    private drafts of the person `owner` (Telegram id) while their membership is requested."""

    collectivity_id: int
    owner: int | None = None

    @classmethod
    def of(cls, sheet: ActionSheet) -> DossierScope:
        """The scope a sheet already reached lives in (to write it back)."""
        return cls(sheet.collectivity_id, sheet.owner_telegram_id)

    @property
    def shared(self) -> bool:
        return self.owner is None

    def covers(self, sheet: ActionSheet) -> bool:
        return sheet.collectivity_id == self.collectivity_id and sheet.owner_telegram_id == self.owner


Reach = DossierScope | int  # a bare collectivity id means its shared dossier


def scope_of(reach: Reach) -> DossierScope:
    return reach if isinstance(reach, DossierScope) else DossierScope(reach)

"""Counts of a collectivity's dossier per enjeu: the mosaic (text, picture, exports)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from handlers.content.matrix import Enjeu, Matrix
from storage.models import ActionSheet, SheetStatus


@dataclass(frozen=True)
class Tile:
    enjeu: Enjeu
    sheets: int  # all sheets, drafts included
    drafts: int  # brouillon or à corriger


def tally(matrix: Matrix, sheets: Sequence[ActionSheet]) -> list[Tile]:
    tiles = []
    for enjeu in matrix.enjeux:
        mine = [s for s in sheets if s.enjeu == enjeu.code]
        drafts = sum(1 for s in mine if s.status in (SheetStatus.BROUILLON, SheetStatus.A_CORRIGER))
        tiles.append(Tile(enjeu, len(mine), drafts))
    return tiles


def covered(tiles: Sequence[Tile]) -> int:
    return sum(1 for tile in tiles if tile.sheets)

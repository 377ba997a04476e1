"""The font of generated pictures and PDFs: Source Sans Pro (SIL OFL), shipped by the PyPI
package `font-source-sans-pro`, so accents render on any fresh machine without system fonts."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import font_source_sans_pro


@cache
def font_path(bold: bool = False) -> Path:
    name = "SourceSansPro-Bold.ttf" if bold else "SourceSansPro-Regular.ttf"
    return Path(font_source_sans_pro.font_directory) / name


@cache
def supported_characters() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(str(font_path())).getBestCmap())


def printable(text: str) -> str:
    """Drop what the font cannot draw (emoji…) so the text never shows as empty boxes."""
    known = supported_characters()
    kept = "".join(c if ord(c) in known or c in "\n\t" else "" for c in text)
    return " ".join(kept.split(" ")).replace("  ", " ")

"""The mosaic as a PNG (Pillow): one tile per enjeu, coloured by its number of sheets, with the
collectivity's name and the edition. Sized for a phone screen (1080 px wide, large type)."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from handlers.exports.fonts import font_path, printable


@dataclass(frozen=True)
class MosaicTile:
    name: str  # the enjeu
    sheets: int  # all its sheets, drafts included
    drafts: int  # those still to finish
    provisional: bool = False  # a name not yet confirmed by the association (marked *)


WIDTH = 1080
MARGIN = 40
GAP = 16
COLUMNS = 4
TILE_HEIGHT = 250
HEADER = 200
FOOTER = 130
# (background, text) by number of sheets: none, 1, 2, 3 or more.
SHADES = [("#E9EDF0", "#4A5560"), ("#C6E6C8", "#1B4D1E"), ("#7CC47F", "#0F3512"), ("#2E7D32", "#FFFFFF")]
LEGEND = ["aucune fiche", "1 fiche", "2 fiches", "3 et plus"]
INK = "#1F2A33"


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(bold)), size)


def _shade(count: int) -> tuple[str, str]:
    return SHADES[min(count, len(SHADES) - 1)]


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _fit(draw: ImageDraw.ImageDraw, text: str, width: int, max_lines: int) -> tuple[list[str], ImageFont.FreeTypeFont]:
    """The largest bold size (30 down to 18 px) at which `text` holds in `max_lines` lines."""
    for size in range(30, 17, -2):
        font = _font(size, bold=True)
        lines = _wrap(draw, text, font, width)
        if len(lines) <= max_lines and all(draw.textlength(line, font=font) <= width for line in lines):
            return lines, font
    font = _font(18, bold=True)
    lines = _wrap(draw, text, font, width)[:max_lines]
    return lines, font


def render_mosaic(tiles: Sequence[MosaicTile], collectivity: str, edition: int, subtitle: str) -> bytes:
    rows = math.ceil(len(tiles) / COLUMNS)
    height = HEADER + rows * TILE_HEIGHT + (rows - 1) * GAP + FOOTER
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN, 34), printable(f"Mosaïque {edition}"), font=_font(30), fill="#5B6770")
    name_lines, name_font = _wrap(draw, printable(collectivity), _font(54, True), WIDTH - 2 * MARGIN), _font(54, True)
    if len(name_lines) > 1:
        name_font = _font(40, True)
        name_lines = _wrap(draw, printable(collectivity), name_font, WIDTH - 2 * MARGIN)[:2]
    y: float = 74
    for line in name_lines:
        draw.text((MARGIN, y), line, font=name_font, fill=INK)
        y += name_font.size + 6
    draw.text((MARGIN, max(y + 4, 150)), printable(subtitle), font=_font(28), fill="#5B6770")
    tile_width = (WIDTH - 2 * MARGIN - (COLUMNS - 1) * GAP) // COLUMNS
    for index, tile in enumerate(tiles):
        col, row = index % COLUMNS, index // COLUMNS
        x = MARGIN + col * (tile_width + GAP)
        top = HEADER + row * (TILE_HEIGHT + GAP)
        _tile(draw, tile, x, top, tile_width)
    _legend(draw, height - FOOTER + 30)
    if any(tile.provisional for tile in tiles):
        draw.text(
            (MARGIN, height - FOOTER + 80),
            "* nom provisoire, à confirmer par l'association",
            font=_font(22),
            fill="#5B6770",
        )
    return _png(image)


def _tile(draw: ImageDraw.ImageDraw, tile: MosaicTile, x: int, top: int, width: int) -> None:
    background, ink = _shade(tile.sheets)
    draw.rounded_rectangle((x, top, x + width, top + TILE_HEIGHT), radius=18, fill=background)
    name = printable(tile.name) + (" *" if tile.provisional else "")
    lines, font = _fit(draw, name, width - 28, 3)
    y: float = top + 16
    for line in lines:
        draw.text((x + 14, y), line, font=font, fill=ink)
        y += font.size + 4
    count_font = _font(72, bold=True)
    draw.text((x + 14, top + TILE_HEIGHT - 118), str(tile.sheets), font=count_font, fill=ink)
    label = "fiche" if tile.sheets <= 1 else "fiches"
    number_width = draw.textlength(str(tile.sheets), font=count_font)
    draw.text((x + 22 + number_width, top + TILE_HEIGHT - 78), label, font=_font(26), fill=ink)
    if tile.drafts:
        draw.text((x + 14, top + TILE_HEIGHT - 38), f"dont {tile.drafts} à terminer", font=_font(22), fill=ink)


def _legend(draw: ImageDraw.ImageDraw, y: int) -> None:
    x = MARGIN
    font = _font(24)
    for (background, _), label in zip(SHADES, LEGEND):
        draw.rounded_rectangle((x, y, x + 34, y + 34), radius=6, fill=background, outline="#B0BAC2")
        draw.text((x + 44, y + 2), label, font=font, fill=INK)
        x += 44 + int(draw.textlength(label, font=font)) + 36


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()

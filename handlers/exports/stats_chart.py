"""The /stats chart as a PNG (Pillow): sheets by status, sheets by enjeu (stacked by status) and
registrations per webinar session against capacity. 1080 px wide for a phone; the shipped
Source Sans Pro font (see `fonts`) so accents render without any system font."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageFont

from handlers.exports.fonts import font_path, printable

WIDTH = 1080
MARGIN = 48
LABEL_WIDTH = 330
NUMBER_WIDTH = 170
INK, MUTED, TRACK, BACKGROUND = "#1F2A33", "#5F6B76", "#E9EDF0", "#FFFFFF"
# One colour per status, in the order the statuses are given (brouillon, soumise, à corriger, validée).
STATUS_COLOURS = ("#B0BEC5", "#42A5F5", "#FFA726", "#2E7D32", "#8E24AA", "#6D4C41")
SEAT_COLOUR, WAITING_COLOUR = "#2E7D32", "#FFA726"


@dataclass(frozen=True)
class EnjeuBar:
    name: str
    counts: tuple[int, ...]  # one per status, in ChartData.statuses order

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class SessionBar:
    when: str
    title: str
    registered: int
    waiting: int
    capacity: int


@dataclass(frozen=True)
class ChartData:
    title: str
    subtitle: str
    statuses: Sequence[tuple[str, int]]
    enjeux: Sequence[EnjeuBar] = field(default_factory=list)
    sessions: Sequence[SessionBar] = field(default_factory=list)


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(bold)), size)


def _fit(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    text = printable(text)
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


class _Canvas:
    """Draws top to bottom; `y` is where the next element goes."""

    def __init__(self, height: int) -> None:
        self.image = Image.new("RGB", (WIDTH, height), BACKGROUND)
        self.draw = ImageDraw.Draw(self.image)
        self.y = MARGIN

    def text(self, x: int, text: str, font: ImageFont.FreeTypeFont, fill: str = INK, width: int | None = None) -> None:
        shown = _fit(self.draw, text, font, width or WIDTH - MARGIN - x)
        self.draw.text((x, self.y), shown, font=font, fill=fill)

    def section(self, title: str) -> None:
        self.y += 24
        self.text(MARGIN, title, _font(34, bold=True))
        self.y += 56

    def bar_row(self, label: str, parts: Sequence[tuple[int, str]], scale: int, number: str, height: int = 34) -> None:
        label_font, number_font = _font(26), _font(26, bold=True)
        self.text(MARGIN, label, label_font, width=LABEL_WIDTH - 16)
        left = MARGIN + LABEL_WIDTH
        track = WIDTH - MARGIN - NUMBER_WIDTH - left
        top = self.y + 2
        self.draw.rounded_rectangle((left, top, left + track, top + height), radius=6, fill=TRACK)
        x = left
        for value, colour in parts:
            if value <= 0:
                continue
            length = max(4, round(track * value / max(scale, 1)))
            self.draw.rectangle((x, top, min(x + length, left + track), top + height), fill=colour)
            x += length
        self.draw.text((WIDTH - MARGIN - NUMBER_WIDTH + 14, self.y), number, font=number_font, fill=INK)
        self.y += height + 18

    def legend(self, items: Sequence[tuple[str, str]]) -> None:
        font, x = _font(24), MARGIN
        for label, colour in items:
            self.draw.rectangle((x, self.y + 6, x + 22, self.y + 28), fill=colour)
            shown = printable(label)
            self.draw.text((x + 30, self.y), shown, font=font, fill=MUTED)
            x += 30 + int(self.draw.textlength(shown, font=font)) + 28
        self.y += 46


def _height(data: ChartData) -> int:
    """The exact height of what `render_stats_chart` draws (header, three sections, footer)."""
    header, section, row = 126, 80, 52
    statuses = section + len(data.statuses) * row
    enjeux = section + 46 + max(1, len(data.enjeux)) * row
    sessions = section + (len(data.sessions) * (38 + row) if data.sessions else row)
    return MARGIN + header + statuses + enjeux + sessions + 40 + 34 + MARGIN


def render_stats_chart(data: ChartData) -> bytes:
    canvas = _Canvas(_height(data))
    canvas.text(MARGIN, data.title, _font(46, bold=True))
    canvas.y += 66
    canvas.text(MARGIN, data.subtitle, _font(28), fill=MUTED)
    canvas.y += 60

    colours = [STATUS_COLOURS[i % len(STATUS_COLOURS)] for i in range(len(data.statuses))]
    canvas.section(f"Fiches par statut ({sum(n for _, n in data.statuses)})")
    most = max([n for _, n in data.statuses] or [0])
    for (label, count), colour in zip(data.statuses, colours):
        canvas.bar_row(label, [(count, colour)], most, str(count))

    canvas.section("Fiches par enjeu")
    canvas.legend([(label, colour) for (label, _), colour in zip(data.statuses, colours)])
    most = max([bar.total for bar in data.enjeux] or [0])
    for bar in data.enjeux:
        canvas.bar_row(bar.name, list(zip(bar.counts, colours)), most, str(bar.total))
    if not data.enjeux:
        canvas.text(MARGIN, "Aucun enjeu", _font(26), fill=MUTED)
        canvas.y += 52

    canvas.section("Inscriptions aux webinaires")
    for session in data.sessions:
        canvas.text(MARGIN, f"{session.when} — {session.title}", _font(26), fill=MUTED)
        canvas.y += 38
        waiting = f" (+{session.waiting})" if session.waiting else ""
        scale = max(session.capacity, session.registered, 1)
        canvas.bar_row(
            "inscrit·es / places",
            [(session.registered, SEAT_COLOUR)],
            scale,
            f"{session.registered}/{session.capacity}{waiting}",
        )
    if not data.sessions:
        canvas.text(MARGIN, "Aucune séance dans le fichier des webinaires", _font(26), fill=MUTED)
        canvas.y += 52
    canvas.y = canvas.image.height - MARGIN - 34
    canvas.text(MARGIN, "Arobase — assistant du label Territoires, Villes et Villages Internet", _font(22), fill=MUTED)
    buffer = io.BytesIO()
    canvas.image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()

"""French that reads right: « 1 membre prévenu », « 2 fiches », « le dossier d'Albi », a label
cut on a word. For every text the bot writes with a number or a name in it."""

from __future__ import annotations

import html
import unicodedata

_VOWELS = frozenset("aeiouy")


def number(value: int) -> str:
    """« 2 000 »: thousands apart by a narrow no-break space, as French writes them."""
    return f"{value:,}".replace(",", "\u202f")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """« 1 fiche », « 2 fiches », « 0 fiche » (French: 0 and 1 take the singular)."""
    word = singular if abs(count) <= 1 else (plural_form or singular + "s")
    return f"{count} {word}"


def enumeration(items: list[str] | tuple[str, ...]) -> str:
    """« A », « A et B », « A, B et C »."""
    named = [item for item in items if item]
    if len(named) <= 1:
        return "".join(named)
    return ", ".join(named[:-1]) + " et " + named[-1]


def _starts_with_vowel(name: str) -> bool:
    first = unicodedata.normalize("NFKD", name.strip()[:1].lower())[:1]
    return first in _VOWELS


def of(name: str) -> str:
    """« d'Albi », « de Toulouse », « du Havre » (for « Le Havre »), « des Mureaux »."""
    stripped = name.strip()
    lowered = stripped.lower()
    if lowered.startswith("le "):
        return "du " + stripped[3:]
    if lowered.startswith("les "):
        return "des " + stripped[4:]
    return f"d'{stripped}" if _starts_with_vowel(stripped) else f"de {stripped}"


def to(name: str) -> str:
    """« à Albi », « au Havre », « aux Mureaux »."""
    stripped = name.strip()
    lowered = stripped.lower()
    if lowered.startswith("le "):
        return "au " + stripped[3:]
    if lowered.startswith("les "):
        return "aux " + stripped[4:]
    return f"à {stripped}"


def cut(text: str, limit: int) -> str:
    """`text` on one line in `limit` characters at most, cut after a whole word, with « … »."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    # back to the last whole word, unless that word is so long (a link, « &&&… ») that most would go
    if space > 0 and not text[limit - 1].isspace() and len(head) - space <= max(20, limit // 5):
        head = head[:space]
    return head.rstrip(" ,;:-·") + "…"


def named(name: str, key: str = "name") -> dict[str, str]:
    """Template values for a name, escaped for Telegram HTML: `name`, `of_name` (« d'Albi »),
    `of_name_b` (« d'<b>Albi</b> »). Extra values are ignored by str.format."""
    plain = html.escape(name, quote=False)
    of_plain = html.escape(of(name), quote=False)
    head, _, tail = of_plain.partition("'") if of_plain.startswith("d'") else of_plain.partition(" ")
    joiner = "'" if of_plain.startswith("d'") else " "
    return {key: plain, f"of_{key}": of_plain, f"of_{key}_b": f"{head}{joiner}<b>{tail}</b>"}

"""Placeholders in FAQ answers: the allowed names and safe substitution.

An answer may contain ``{name}`` where ``name`` is one of ``PLACEHOLDERS``;
values come from the bot configuration and are already-escaped HTML.  Any
``{identifier}`` is treated as a placeholder (unknown names are rejected when
the knowledge base is loaded); other braces are left untouched.  No
``str.format`` is used, so answers cannot trigger attribute lookups.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

PLACEHOLDER_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

# name -> longest plausible *visible* value, used to check message length.
PLACEHOLDERS: dict[str, str] = {
    "edition": "édition 2026 (27e édition du label)",
    "date_ouverture": "mercredi 30 septembre 2026 à 12 h 00 (heure de Paris)",
    "date_limite": "mercredi 30 septembre 2026 à 23 h 59 (heure de Paris)",
    "date_jury": "du mercredi 30 septembre au jeudi 31 décembre 2026 inclus",
    "date_ceremonie": "mercredi 30 septembre 2026 à 14 h 30 (heure de Paris)",
    "site_web": "https://www.villes-internet.net/une-page-assez-longue-du-site",
    "lien_inscription": "https://www.villes-internet.net/inscription-au-label-2026/formulaire",
    "contact_email": "contact-label-territoires-villes-internet@villes-internet.net",
    "contact_telephone": "+33 (0)1 23 45 67 89 (du lundi au vendredi, 9 h – 18 h)",
    "contact_presse": "Prénom Nom-Composé, relations presse — +33 (0)6 12 34 56 78",
    "prochain_webinaire": "jeudi 30 septembre 2026 à 11 h 00 (heure de Paris), 1 h",
}


class MissingValueError(KeyError):
    """A placeholder used by an answer has no value in the supplied mapping."""


def placeholder_names(text: str) -> list[str]:
    """Names of the placeholders used in ``text``, in order, with repeats."""
    return PLACEHOLDER_RE.findall(text)


def unknown_placeholders(text: str) -> list[str]:
    """Placeholder names in ``text`` that are not allowed (sorted, unique)."""
    return sorted({n for n in placeholder_names(text) if n not in PLACEHOLDERS})


def substitute(text: str, values: Mapping[str, str], default: str | None = None) -> str:
    """Replace each ``{name}`` by ``values[name]``.

    A name missing from ``values`` raises MissingValueError, unless
    ``default`` is given (then it is used instead).
    """
    missing: list[str] = []

    def repl(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in values:
            return values[name]
        if default is not None:
            return default
        missing.append(name)
        return match.group(0)

    out = PLACEHOLDER_RE.sub(repl, text)
    if missing:
        raise MissingValueError(f"no value for placeholder(s): {', '.join(sorted(set(missing)))}")
    return out


def sample_values() -> dict[str, str]:
    """Longest plausible values, HTML-escaped, for length checks."""
    import html

    return {name: html.escape(value, quote=False) for name, value in PLACEHOLDERS.items()}

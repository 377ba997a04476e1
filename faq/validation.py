"""Validation of a parsed FAQ TOML document.

`validate_entries` checks every ``[[entry]]`` table and returns ALL problems
as strings ``"<file>:<line>: entry #<n> (id "<id>"): <what is wrong>"``.
Checks: required fields, types, unknown fields, id syntax, duplicate ids,
placeholders, Telegram HTML, message length, ``related`` ids, ``action`` names.
"""

from __future__ import annotations

import re
from typing import Any

from faq.html_wording import check_html
from faq.placeholders import PLACEHOLDERS, sample_values, substitute, unknown_placeholders
from faq.telegram_html import MAX_MESSAGE, visible_length

PHONE_MAX = 1200
"""An ``answer`` longer than this (visible characters) is too long for a phone."""

REQUIRED = ("id", "question", "answer")
ACTIONS: dict[str, str] = {
    "webinaire": "register for the next webinar session",
    "fiches": "open the collectivity's action sheets",
    "mesdonnees": "get a copy of one's personal data (/mesdonnees)",
    "mesinscriptions": "see, move or cancel one's webinar registrations (/mesinscriptions)",
    "rappels": "stop or resume reminders and announcements (/rappels)",
    "ecrire": "write a message of one's own to the label's team (/ecrire)",
}
"""Allowed values of an entry's ``action``: the step the answer offers (a button under it)."""
FIELD_TYPES: dict[str, type] = {
    "id": str,
    "question": str,
    "answer": str,
    "more": str,
    "source": str,
    "phrasings": list,
    "keywords": list,
    "related": list,
    "unknown": bool,
    "action": str,
}
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HEADER_RE = re.compile(r"^\s*\[\[\s*entry\s*\]\]")
_TYPE_NAMES = {str: "a string", list: "a list of strings", bool: "true or false"}


def entry_lines(text: str) -> list[int]:
    """1-based line numbers of the ``[[entry]]`` headers, skipping multi-line strings."""
    lines: list[int] = []
    quote: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if quote is None and _HEADER_RE.match(line):
            lines.append(number)
        for delim in re.findall(r'"""|\'\'\'', line):
            if quote is None:
                quote = delim
            elif quote == delim:
                quote = None
    return lines


def _field_errors(raw: dict[str, Any]) -> list[str]:
    errors: list[str] = []
    for name in raw:
        if name not in FIELD_TYPES:
            errors.append(f"unknown field '{name}' (allowed: {', '.join(FIELD_TYPES)})")
    for name in REQUIRED:
        value = raw.get(name)
        if value is None:
            errors.append(f"missing required field '{name}'")
        elif isinstance(value, str) and not value.strip():
            errors.append(f"required field '{name}' is empty")
    for name, expected in FIELD_TYPES.items():
        value = raw.get(name)
        if value is None:
            continue
        if not isinstance(value, expected):
            errors.append(f"field '{name}' must be {_TYPE_NAMES[expected]}, not {type(value).__name__}")
        elif expected is list and isinstance(value, list):  # the second test only narrows the type
            bad = [v for v in value if not isinstance(v, str) or not v.strip()]
            if bad:
                errors.append(f"field '{name}' must be a list of non-empty strings (bad item: {bad[0]!r})")
    action = raw.get("action")
    if isinstance(action, str) and action not in ACTIONS:
        errors.append(f"action {action!r} is not one of: {', '.join(ACTIONS)}")
    if isinstance(raw.get("id"), str) and raw["id"].strip() and not _ID_RE.match(raw["id"]):
        errors.append(f"id {raw['id']!r} must be lower-case words joined by '-'")
    return errors


def _text_errors(name: str, text: str) -> list[str]:
    errors: list[str] = []
    unknown = unknown_placeholders(text)
    if unknown:
        errors.append(
            f"{name}: unknown placeholder(s) {', '.join('{' + u + '}' for u in unknown)}"
            f" (allowed: {', '.join(PLACEHOLDERS)})"
        )
    errors.extend(f"{name}: invalid Telegram HTML: {e}" for e in check_html(text))
    rendered = substitute(text, sample_values(), default="")
    length = visible_length(rendered)
    if length > MAX_MESSAGE:
        errors.append(
            f"{name} too long for one Telegram message ({length} > {MAX_MESSAGE} "
            "visible characters with the longest placeholder values)"
        )
    if name == "answer" and visible_length(text) > PHONE_MAX:
        errors.append(
            f"answer too long for a phone ({visible_length(text)} > {PHONE_MAX} characters): move details to 'more'"
        )
    return errors


def validate_entries(path: str, text: str, raw_entries: list[Any]) -> list[str]:
    """All problems of the entries of one file (empty list when valid)."""
    errors: list[str] = []
    lines = entry_lines(text)
    if len(lines) != len(raw_entries):
        lines = []
    first_seen: dict[str, tuple[int, int | None]] = {}
    valid_ids = {r.get("id") for r in raw_entries if isinstance(r, dict)}

    for pos, raw in enumerate(raw_entries, start=1):
        line = lines[pos - 1] if lines else None
        where = f"{path}:{line}" if line else path
        if not isinstance(raw, dict):
            errors.append(f"{where}: entry #{pos}: must be a table")
            continue
        ident = raw.get("id")
        label = f'entry #{pos} (id "{ident}")' if isinstance(ident, str) and ident else f"entry #{pos} (no id)"
        problems = _field_errors(raw)
        if isinstance(ident, str) and ident:
            if ident in first_seen:
                fpos, fline = first_seen[ident]
                problems.append(
                    f'duplicate id "{ident}" (first used by entry #{fpos}' + (f", line {fline})" if fline else ")")
                )
            else:
                first_seen[ident] = (pos, line)
        for name in ("answer", "more"):
            if isinstance(raw.get(name), str):
                problems.extend(_text_errors(name, raw[name]))
        related = raw.get("related")
        if isinstance(related, list):
            for rid in related:
                if isinstance(rid, str) and rid not in valid_ids:
                    problems.append(f'related: unknown id "{rid}"')
                elif rid == ident:
                    problems.append("related: an entry cannot be related to itself")
        errors.extend(f"{where}: {label}: {p}" for p in problems)
    return errors

"""Check a typed answer against its question: length, emptiness, choice, date, web address.

Returns the value to store (as typed for texts, normalised for dates and URLs) or the
message that says what to fix. Nothing is stored on a refusal.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from handlers.content.form import Question
from handlers.core import french
from handlers.core.events import Button
from handlers.core.screens import match_button
from handlers.core.split_paste import CUT_AT, telegram_length

_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
_WORDS = re.compile(r"^(?:le\s+|en\s+|depuis\s+)?(?:(\d{1,2}|1er)\s+)?([a-z]+)\s+(\d{4}|\d{2})$")
MONTHS = {
    name: number
    for number, names in enumerate(
        (("janvier", "janv", "jan"), ("fevrier", "fev", "fevr"), ("mars",), ("avril", "avr"), ("mai",), ("juin",),
         ("juillet", "juil"), ("aout",), ("septembre", "sept", "sep"), ("octobre", "oct"), ("novembre", "nov"),
         ("decembre", "dec")),
        start=1,
    )
    for name in names
}  # fmt: skip
_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$|^xn--", re.I)


@dataclass(frozen=True)
class Refused:
    message: str


def check(question: Question, text: str) -> str | Refused:
    if not text.strip():
        return Refused("Votre réponse est vide. Écrivez quelques mots, s'il vous plaît.")
    if question.type == "date":
        return check_date(text.strip())
    if question.type == "url":
        return check_url(text.strip(), question.max_length)
    if question.is_choice:
        return check_choice(question, text)
    text = text.strip()
    if len(text) > question.max_length and telegram_length(text) >= CUT_AT:
        # Maybe only the first part of a longer paste that Telegram cut: its length says little.
        return Refused(
            f"Votre texte est bien trop long pour « {question.label} » : {french.number(question.max_length)} "
            "caractères au plus. Telegram l'a peut-être même coupé en plusieurs messages. "
            "Envoyez un résumé plus court, en un seul message : rien n'a été enregistré."
        )
    if len(text) > question.max_length:
        over = len(text) - question.max_length
        return Refused(
            f"Votre réponse fait {french.number(len(text))} caractères, soit {french.number(over)} de trop "
            f"(« {question.label} » : {french.number(question.max_length)} au plus). "
            "Raccourcissez-la et renvoyez-la : rien n'a été enregistré."
        )
    return text


def check_choice(question: Question, text: str) -> str | Refused:
    """A typed answer naming one choice (« c'est en cours » for « En cours »), else a refusal."""
    named = match_button(text, [Button(choice, data=str(i)) for i, choice in enumerate(question.choices)])
    if named is not None:
        return named.label
    return Refused("Je n'ai pas reconnu ce choix. Touchez l'un des boutons de la question.")


def check_date(text: str) -> str | Refused:
    """15/09/2025, 1/9/25, 2025-09-15, 09/2025, « septembre 2025 », « 15 septembre 2025 »
    -> ISO `AAAA-MM-JJ` or `AAAA-MM` (a month alone is fine: actions often start « en septembre »)."""
    refused = Refused(
        "Je n'ai pas compris cette date. Écrivez-la comme 15/09/2025, ou « septembre 2025 » pour un mois."
    )
    parsed = _parse_date(text.strip().lower())
    if parsed is None:
        return refused
    year, month, day = parsed
    if not 1 <= month <= 12:
        return refused
    if day is None:
        return check_year(year) or f"{year:04d}-{month:02d}"
    try:
        value = date(year, month, day)
    except ValueError:
        return Refused(f"Le {text.strip()} n'existe pas dans le calendrier. Vérifiez le jour et le mois.")
    return check_year(year) or value.isoformat()


def _year(raw: str) -> int:
    year = int(raw)
    return 2000 + year if len(raw) == 2 else year  # « 25 » is 2025: the label is not older than 2000


def _parse_date(text: str) -> tuple[int, int, int | None] | None:
    if match := _DAY_FIRST.match(text):
        day, month, year = match.groups()
        return _year(year), int(month), int(day)
    if match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
        return year, month, day
    if match := _MONTH_YEAR.match(text):
        month, year = match.groups()
        return _year(year), int(month), None
    if match := _WORDS.match(unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()):
        day, month_name, year = match.groups()
        month = MONTHS.get(month_name)
        if month is None:
            return None
        return _year(year), month, int(day.removesuffix("er")) if day else None
    return None


def check_year(year: int) -> Refused | None:
    if not 1990 <= year <= 2100:
        return Refused("Cette année semble erronée : indiquez une date entre 1990 et 2100.")
    return None


def check_url(text: str, max_length: int) -> str | Refused:
    refused = Refused("Cette adresse web ne semble pas valide. Exemple : https://www.ma-commune.fr/ma-page")
    if " " in text or len(text) > max_length:
        return refused
    candidate = text if re.match(r"^[a-z][a-z0-9+.\-]*://", text, re.I) else "https://" + text
    try:
        parts = urlsplit(candidate)
        host = parts.hostname or ""
    except ValueError:
        return refused
    if parts.scheme.lower() not in ("http", "https") or not _HOST.match(host):
        return refused
    return candidate

"""Check a typed answer against its question: length, emptiness, choice, date, web address.

Returns the value to store (as typed for texts, normalised for dates and URLs) or the
message that says what to fix. Nothing is stored on a refusal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from handlers.content.form import Question

_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$|^xn--", re.I)


@dataclass(frozen=True)
class Refused:
    message: str


def fr_int(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


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
    if len(text) > question.max_length:
        over = len(text) - question.max_length
        return Refused(
            f"Votre réponse fait {fr_int(len(text))} caractères, soit {fr_int(over)} de trop "
            f"(« {question.label} » : {fr_int(question.max_length)} au plus). "
            "Raccourcissez-la et renvoyez-la : rien n'a été enregistré."
        )
    return text


def check_choice(question: Question, text: str) -> str | Refused:
    wanted = text.strip().casefold()
    for choice in question.choices:
        if choice.casefold() == wanted:
            return choice
    return Refused("Je n'ai pas reconnu ce choix. Touchez l'un des boutons de la question.")


def check_date(text: str) -> str | Refused:
    """JJ/MM/AAAA, AAAA-MM-JJ or MM/AAAA -> ISO `AAAA-MM-JJ` or `AAAA-MM`."""
    refused = Refused("Je n'ai pas compris cette date. Écrivez-la comme 15/09/2025, ou 09/2025 pour un mois.")
    if match := _DAY_FIRST.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _MONTH_YEAR.match(text):
        month, year = (int(g) for g in match.groups())
        if not 1 <= month <= 12:
            return refused
        return check_year(year) or f"{year:04d}-{month:02d}"
    else:
        return refused
    try:
        value = date(year, month, day)
    except ValueError:
        return Refused(f"Le {text} n'existe pas dans le calendrier. Vérifiez le jour et le mois.")
    return check_year(year) or value.isoformat()


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

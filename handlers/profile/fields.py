"""The profile's fields: which are missing, how answers are checked, how the profile reads back.

Pure functions, no conversation: the flow (handlers/profile/flow.py) asks, these check.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz.distance import Levenshtein

from handlers.core import frdates, french
from handlers.core.texts import ROLE_LABELS
from handlers.core.ui import esc
from storage.models import Collectivity, Person

ALL_FIELDS = ("name", "role", "email", "collectivity", "consent")
ASKING_ORDER = ("consent", "name", "role", "email", "collectivity")  # consent first: nothing kept without it
FIELD_LABELS = {"name": "Nom", "role": "Fonction", "email": "E-mail", "collectivity": "Collectivité"}
NAME_MAX = 120
EMAIL_MAX = 254
# « Bonjour, je m'appelle Marie Dupont » → « Marie Dupont »
_NAME_INTRO = re.compile(
    r"^(?:(?:bonjour|bonsoir|salut)\W*)?(?:je m['’]appelle|je suis|moi c['’]est|mon nom est|c['’]est)\s+", re.IGNORECASE
)
_LOCAL_PART = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$")
_DOMAIN_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


def has_field(person: Person, field: str) -> bool:
    if field == "name":
        return bool(person.profile_name)
    if field == "role":
        return bool(person.role)
    if field == "email":
        return bool(person.email)
    if field == "collectivity":
        return person.collectivity_id is not None
    if field == "consent":
        return person.consent_data_at is not None
    raise ValueError(f"unknown profile field {field!r}")


def missing_fields(person: Person, fields: tuple[str, ...] | list[str]) -> list[str]:
    wanted = set(fields)
    return [f for f in ASKING_ORDER if f in wanted and not has_field(person, f)]


def check_name(text: str) -> tuple[str | None, str]:
    """(cleaned name, "") or (None, why it is refused)."""
    name = " ".join(text.split())
    name = _NAME_INTRO.sub("", name).rstrip(" .!")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") for c in name):
        return None, "Ce nom contient des caractères invisibles. Écrivez-le simplement, par exemple « Marie Dupont »."
    if "@" in name:
        return None, "Cela ressemble à une adresse e-mail ; j'ai d'abord besoin de vos prénom et nom."
    if len(name) < 2 or not any(c.isalpha() for c in name):
        return None, "Je n'ai pas reconnu un nom. Écrivez vos prénom et nom, par exemple « Marie Dupont »."
    if len(name) > NAME_MAX:
        return None, f"C'est un peu long pour un nom ({len(name)} caractères) : {NAME_MAX} au plus, s'il vous plaît."
    return name, ""


def check_email(text: str) -> tuple[str | None, str]:
    """(normalised address, "") or (None, the reason in plain French, for the user)."""
    address = text.strip().strip("<>").strip()
    example = "par exemple prenom.nom@mairie-albi.fr"
    if not address:
        return None, f"Je n'ai reçu aucune adresse. Écrivez-la, {example}."
    if any(c.isspace() for c in address):
        return None, "Une adresse e-mail ne contient pas d'espace. Vérifiez-la et renvoyez-la."
    if len(address) > EMAIL_MAX:
        return None, f"Cette adresse est trop longue ({len(address)} caractères, {EMAIL_MAX} au plus)."
    if address.count("@") == 0:
        return None, f"Il manque le signe @ : {example}."
    if address.count("@") > 1:
        return None, "Il y a plusieurs signes @ : une adresse n'en contient qu'un."
    local, domain = address.split("@")
    if not local:
        return None, f"Il manque la partie avant le @ : {example}."
    if not domain:
        return None, f"Il manque le nom de domaine après le @ : {example}."
    if "," in domain:
        return None, "Il y a une virgule dans la partie après le @ : remplacez-la par un point."
    if ".." in address or local.startswith(".") or local.endswith("."):
        return None, "Un point est mal placé (deux points à la suite, ou un point au début ou à la fin)."
    if not _LOCAL_PART.match(local):
        return None, "La partie avant le @ contient des caractères non autorisés (accents, parenthèses…)."
    try:
        ascii_domain = domain.lower().encode("idna").decode("ascii")
    except UnicodeError:
        return None, "Le nom de domaine après le @ n'est pas valide."
    labels = ascii_domain.split(".")
    if len(labels) < 2 or not all(labels):
        return None, f"Après le @, il faut un nom de domaine complet avec un point, {example}."
    if not all(_DOMAIN_LABEL.match(label) for label in labels):
        return None, "Le nom de domaine après le @ contient des caractères non autorisés."
    top = labels[-1]
    if len(top) < 2 or not (top.isalpha() or top.startswith("xn--")):
        return None, f"La fin de l'adresse (après le dernier point) est incomplète, {example}."
    return f"{local}@{domain.lower()}", ""


# The mailboxes most people of a town hall use besides their own domain: a domain one or two
# letters away from one of them is most likely a slip of the thumb (« gmial.com », « orange.f »).
COMMON_DOMAINS = (
    "gmail.com", "orange.fr", "wanadoo.fr", "free.fr", "laposte.net", "sfr.fr", "hotmail.fr", "hotmail.com",
    "outlook.fr", "outlook.com", "yahoo.fr", "yahoo.com", "live.fr", "icloud.com", "neuf.fr", "bbox.fr",
)  # fmt: skip


def likely_meant(address: str) -> str | None:
    """« jean@gmial.com » -> « jean@gmail.com »; None when the domain is a known one or near none."""
    local, _, domain = address.rpartition("@")
    if domain in COMMON_DOMAINS:
        return None
    close = [d for d in COMMON_DOMAINS if Levenshtein.distance(domain, d) <= (1 if len(domain) < 8 else 2)]
    return f"{local}@{close[0]}" if len(close) == 1 else None


def role_label(person: Person) -> str:
    return ROLE_LABELS.get(person.role or "", "")


ERASED_PERSON = "une personne qui a supprimé ses données"


def signature(person: Person | None) -> str:
    """« Nadia Martin (Agent·e, nadia@albi.fr) »: who wrote, submitted or asked (plain text).
    An unknown or erased person reads « une personne qui a supprimé ses données »."""
    if person is None or not (person.profile_name or person.first_name):
        return ERASED_PERSON
    details = ", ".join(d for d in (role_label(person), person.email) if d)
    name = person.profile_name or person.display_name
    return f"{name} ({details})" if details else name


def collectivity_label(collectivity: Collectivity | None) -> str:
    if collectivity is None:
        return ""
    departments = ", ".join(collectivity.department.split())
    population = french.number(collectivity.population)
    return f"{collectivity.name} ({departments}) — {population} hab."


def summary(person: Person, collectivity: Collectivity | None, *, title: str = "<b>Vos informations</b>") -> str:
    """The profile read back (HTML, every user value escaped)."""
    todo = "<i>à compléter</i>"
    values = {
        "name": esc(person.profile_name) or todo,
        "role": role_label(person) or todo,
        "email": esc(person.email) or todo,
        "collectivity": esc(collectivity_label(collectivity)) or todo,
    }
    lines = [title] + [f"{FIELD_LABELS[f]} : {values[f]}" for f in ("name", "role", "email", "collectivity")]
    if person.consent_data_at is not None:
        lines.append(f"Accord pour vos données : donné le {frdates.day(person.consent_data_at.date())}")
    return "\n".join(lines)

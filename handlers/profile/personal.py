"""The profile's share of personal data: who the person is (table `people`)."""

from __future__ import annotations

from typing import Any

from handlers.core.context import Context
from handlers.core.personal_data import DataSection
from storage.repositories import CollectivityRepository


async def export(ctx: Context) -> dict[str, Any]:
    person = ctx.person
    collectivity = (
        await CollectivityRepository(ctx.session).get(person.collectivity_id) if person.collectivity_id else None
    )
    return {
        "telegram": {
            "identifiant": person.telegram_id,
            "prenom": person.first_name,
            "nom": person.last_name,
            "nom_utilisateur": person.username,
            "langue": person.language,
        },
        "nom": person.profile_name,
        "fonction": person.role,
        "email": person.email,
        "collectivite": (
            {"code": collectivity.code, "nom": collectivity.name, "departement": collectivity.department}
            if collectivity
            else None
        ),
        "rappels_et_annonces": "non" if person.reminders_muted else "oui",
        "accord_donnees_le": person.consent_data_at.isoformat() if person.consent_data_at else None,
        "premier_contact_le": person.created_at.isoformat() if person.created_at else None,
    }


async def erase(ctx: Context) -> None:
    person = ctx.person
    person.first_name = person.last_name = person.username = person.language = ""
    person.profile_name = person.email = ""
    person.role = None
    person.collectivity_id = None
    person.consent_data_at = None


SECTION = DataSection(
    "profil",
    kept="Vos nom, fonction, adresse e-mail et collectivité, avec la date de votre accord : pour vous "
    "inscrire aux webinaires et remplir vos fiches, et pour que l'équipe du label puisse vous recontacter.",
    export=export,
    erase=erase,
    columns=("people.telegram_id",),
    order=99,
    lead=True,
)

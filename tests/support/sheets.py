"""Helpers for the action-sheet tests: members of a collectivity, reading sheets back."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import ActionSheet, Collectivity, DecidedAs, Membership, MembershipStatus, Person
from tests.support.chat import Chat


async def join(
    sessions: async_sessionmaker[AsyncSession],
    telegram_id: int,
    *,
    code: str = "81004",
    town: str = "Albi",
    name: str = "Marie Dupont",
    member: bool = True,
) -> int:
    """A person with a complete profile (name, role, e-mail, collectivity, consent) and, with
    `member`, an accepted member of the collectivity's dossier; returns the collectivity id."""
    async with sessions() as session, session.begin():
        collectivity = await session.scalar(select(Collectivity).where(Collectivity.code == code))
        if collectivity is None:
            collectivity = Collectivity(code=code, kind="commune", name=town, department="Tarn", population=50000)
            session.add(collectivity)
            await session.flush()
        person = await session.scalar(select(Person).where(Person.telegram_id == telegram_id))
        if person is None:
            person = Person(telegram_id=telegram_id, first_name=name.split()[0])
            session.add(person)
        person.role, person.profile_name = "agent", name
        person.email = person.email or f"{name.split()[0].lower()}.{telegram_id}@example.fr"
        person.collectivity_id = collectivity.id
        person.consent_data_at = datetime(2026, 1, 5, tzinfo=UTC)
        await session.flush()
        already = await session.scalar(
            select(Membership.id).where(
                Membership.person_id == person.id,
                Membership.collectivity_id == collectivity.id,
                Membership.status == MembershipStatus.ACTIVE,
            )
        )
        if member and already is None:
            accepted = datetime(2026, 1, 5, tzinfo=UTC)
            session.add(
                Membership(
                    person_id=person.id,
                    collectivity_id=collectivity.id,
                    status=MembershipStatus.ACTIVE,
                    requested_at=accepted,
                    decided_at=accepted,
                    decided_by=0,
                    decided_as=DecidedAs.STAFF,
                    reason="",
                )
            )
        return collectivity.id


async def all_sheets(sessions: async_sessionmaker[AsyncSession]) -> list[ActionSheet]:
    async with sessions() as session:
        return list((await session.scalars(select(ActionSheet).order_by(ActionSheet.id))).all())


async def only_sheet(sessions: async_sessionmaker[AsyncSession]) -> ActionSheet:
    sheets = await all_sheets(sessions)
    assert len(sheets) == 1, [s.id for s in sheets]
    return sheets[0]


ANSWERS = {
    "titre": "Portail famille en ligne",
    "synthese": "Les familles inscrivent leurs enfants à la cantine depuis le site.",
    "resultats": "300 familles inscrites la première année.",
    "outils": "Portail famille, paiement en ligne.",
    "partenaires": "Centre social.",
    "date_debut": "01/09/2025",
    "lien": "https://www.albi.fr/portail-famille",
}


async def fill_whole_sheet(chat: Chat, enjeu: str = "Éducation", answers: dict[str, str] | None = None) -> None:
    """From the dossier: pick `enjeu`, tick its first service, answer all 8 questions."""
    answers = {**ANSWERS, **(answers or {})}
    await chat.send("/start fiches")
    await chat.press(enjeu)
    if any(b.label == "➕ Nouvelle fiche pour cet enjeu" for b in chat.buttons()):  # the enjeu has sheets
        await chat.press("➕ Nouvelle fiche pour cet enjeu")
    await chat.press(next(b.label for b in chat.buttons() if b.label.startswith("⬜")))  # first service
    await chat.press("✅ Valider")
    await chat.send(answers["titre"])
    await chat.send(answers["synthese"])
    await chat.press("En cours")
    for key in ("resultats", "outils", "partenaires", "date_debut", "lien"):
        await chat.send(answers[key])


async def at_question(app, user_id: int, answers: list[str] | tuple[str, ...] = ()) -> Chat:
    """A chat at question 1 (or further, after typing `answers`)."""
    await join(app.sessions, user_id)
    chat = Chat(app.dispatcher, user_id)
    await chat.send("/start fiches")
    await chat.press("Vie quotidienne")
    await chat.press("⬜ Accès aux informations pratiques")
    await chat.press("✅ Valider (1)")
    for answer in answers:
        await chat.send(answer)
    return chat

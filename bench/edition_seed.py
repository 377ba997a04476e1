"""A real edition's data for bench/edition.py: people, collectivities, memberships, sheets with their
answers and webinar registrations, bulk-inserted (INSERT … VALUES in batches) into a migrated database,
and counted back."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

from storage.database import create_engine, session_factory
from storage.models import (
    ActionSheet,
    Collectivity,
    DecidedAs,
    Membership,
    MembershipStatus,
    Person,
    SheetAnswer,
    WebinarRegistration,
)

SESSIONS, SEATS = 20, 100
FIRST_PERSON = 100_000  # Telegram ids of the seeded people; the first one is a member of the dossier shown
DOSSIER_SHEETS = 48  # the first collectivity's dossier: 3 sheets in each of the 16 enjeux
CHUNK = 5_000  # rows per INSERT … VALUES batch
ANSWERS = {
    "titre": "Portail famille en ligne n°{n}",
    "synthese": "Les familles inscrivent leurs enfants à la cantine et au centre de loisirs depuis le site. " * 3,
    "niveau": "En cours",
    "resultats": "300 familles inscrites la première année.",
    "outils": "Portail famille, paiement en ligne.",
    "partenaires": "Centre social, caisse d'allocations familiales.",
    "date_debut": "2025-09",
    "lien": "https://www.example.fr/portail-{n}",
}


@dataclass(frozen=True)
class Sizes:
    people: int = 10_000
    collectivities: int = 3_000
    answers: int = 100_000
    registrations: int = 2_000
    submitted: int = 3_000

    def scaled(self, factor: float) -> Sizes:
        def part(n: int, least: int) -> int:
            return max(least, round(n * factor))

        return Sizes(
            people=part(self.people, 20),
            collectivities=part(self.collectivities, 10),
            answers=part(self.answers, 8 * DOSSIER_SHEETS + 80),
            registrations=part(self.registrations, 20),
            submitted=part(self.submitted, 10),
        )

    @property
    def sheets(self) -> int:
        return self.answers // len(ANSWERS)


@dataclass
class Seeded:
    people: int = 0
    collectivities: int = 0
    memberships: int = 0
    sheets: int = 0
    submitted: int = 0
    answers: int = 0
    registrations: int = 0
    seconds: float = 0.0


def webinar_file(folder: Path) -> Path:
    """SESSIONS sessions of SEATS seats, one a week from April 2027 (after the bench's clock)."""
    first = datetime(2027, 4, 1, 13, 0)
    blocks = [
        f'[[seance]]\nid = "bench-{k:02d}"\ntitre = "Webinaire d\'information n°{k + 1}"\n'
        f"debut = {(first + timedelta(weeks=k)).isoformat()}\nduree_minutes = 60\nplaces = {SEATS}\n"
        f'lien = "https://example.org/webinaire-{k}"\n'
        for k in range(SESSIONS)
    ]
    path = folder / "webinaires.toml"
    path.write_text("[rappels]\nminutes_avant = [1440, 60]\n\n" + "\n".join(blocks), encoding="utf-8")
    return path


async def _insert(session, model, rows: list[dict]) -> None:
    for start in range(0, len(rows), CHUNK):
        await session.execute(insert(model), rows[start : start + CHUNK])


async def seed(url: str, sizes: Sizes, *, edition: int, enjeux: list[str]) -> Seeded:
    """Bulk INSERTs (executemany) of an edition's rows into a migrated database; counts read back."""
    if sizes.registrations > SESSIONS * SEATS or sizes.registrations > sizes.people:
        raise ValueError(f"at most {min(SESSIONS * SEATS, sizes.people)} registrations")
    started = time.perf_counter()
    engine = create_engine(url)
    sessions = session_factory(engine)
    now = datetime.now(UTC)
    try:
        async with sessions() as session, session.begin():
            await _insert(
                session,
                Collectivity,
                [
                    {
                        "code": f"E{i:05d}",
                        "kind": "commune",
                        "name": f"Commune {i}",
                        "department": "Tarn",
                        "population": 500 + 37 * i,
                    }
                    for i in range(sizes.collectivities)
                ],
            )
            collectivities = list((await session.scalars(select(Collectivity.id).order_by(Collectivity.id))).all())
            await _insert(
                session,
                Person,
                [
                    {
                        "telegram_id": FIRST_PERSON + i,
                        "first_name": f"Prénom{i}",
                        "last_name": f"Nom{i}",
                        "role": "maire" if i < sizes.collectivities else "agent",
                        "profile_name": f"Prénom{i} Nom{i}",
                        "email": f"personne{i}@example.fr",
                        "collectivity_id": collectivities[i % len(collectivities)],
                        "consent_data_at": now,
                        "created_at": now,
                        "last_seen_at": now,
                    }
                    for i in range(sizes.people)
                ],
            )
            people = list((await session.execute(select(Person.id, Person.collectivity_id).order_by(Person.id))).all())
            await _insert(
                session,
                Membership,
                [
                    {
                        "person_id": person,
                        "collectivity_id": collectivity,
                        "status": MembershipStatus.ACTIVE,
                        "requested_at": now,
                        "decided_at": now,
                        "decided_by": 0,
                        "decided_as": DecidedAs.STAFF,
                        "reason": "",
                    }
                    for person, collectivity in people
                ],
            )
            sheets = []
            every = max(1, sizes.sheets // sizes.submitted) if sizes.submitted else 0
            submitted = 0
            for k in range(sizes.sheets):
                own = 0 if k < DOSSIER_SHEETS else k % len(collectivities)
                author = FIRST_PERSON + own  # person i belongs to collectivity i % collectivities
                is_submitted = submitted < sizes.submitted and every and k % every == 0
                submitted += bool(is_submitted)
                sheets.append(
                    {
                        "collectivity_id": collectivities[own],
                        "edition": edition,
                        "enjeu": enjeux[k % len(enjeux)],
                        "status": "soumise" if is_submitted else "brouillon",
                        "position": len(ANSWERS),
                        "created_by": author,
                        "updated_by": author,
                        "submitted_by": author if is_submitted else None,
                        "created_at": now,
                        "updated_at": now,
                        "submitted_at": now - timedelta(seconds=sizes.sheets - k) if is_submitted else None,
                    }
                )
            await _insert(session, ActionSheet, sheets)
            sheet_ids = list((await session.scalars(select(ActionSheet.id).order_by(ActionSheet.id))).all())
            answers = [
                {
                    "sheet_id": sheet_id,
                    "field": key,
                    "value": value.format(n=n),
                    "version": 1,
                    "updated_by": sheets[n]["created_by"],
                    "updated_at": now,
                }
                for n, sheet_id in enumerate(sheet_ids)
                for key, value in ANSWERS.items()
            ]
            await _insert(session, SheetAnswer, answers)
            await _insert(
                session,
                WebinarRegistration,
                [
                    {
                        "session_id": f"bench-{k % SESSIONS:02d}",
                        "person_id": people[k][0],
                        "status": "registered",
                        "seat": k // SESSIONS + 1,
                        "created_at": now,
                    }
                    for k in range(sizes.registrations)
                ],
            )
        elapsed = time.perf_counter() - started
        return await count(sessions, elapsed)
    finally:
        await engine.dispose()


async def count(sessions, seconds: float) -> Seeded:
    async with sessions() as session:

        async def rows(model, *where) -> int:
            return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)

        return Seeded(
            people=await rows(Person),
            collectivities=await rows(Collectivity),
            memberships=await rows(Membership, Membership.status == MembershipStatus.ACTIVE),
            sheets=await rows(ActionSheet),
            submitted=await rows(ActionSheet, ActionSheet.status == "soumise"),
            answers=await rows(SheetAnswer),
            registrations=await rows(WebinarRegistration),
            seconds=seconds,
        )

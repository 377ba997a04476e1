"""The edition benchmark's seeding writes the rows it says (bench/edition.py); no timing here."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bench.edition_seed import ANSWERS, DOSSIER_SHEETS, FIRST_PERSON, SESSIONS, Sizes, seed, webinar_file
from bot.config import Settings
from handlers.content.sessions import load_sessions
from storage.database import create_engine, session_factory
from storage.models import ActionSheet, Collectivity, Person

ENJEUX = [f"e{k}" for k in range(16)]


async def test_seeding_writes_the_counted_rows(database_url):
    sizes = Sizes(people=60, collectivities=20, answers=8 * 200, registrations=40, submitted=30)
    seeded = await seed(database_url, sizes, edition=2027, enjeux=ENJEUX)
    assert (seeded.people, seeded.collectivities, seeded.memberships) == (60, 20, 60)
    assert (seeded.sheets, seeded.submitted, seeded.answers) == (200, 30, 200 * len(ANSWERS))
    assert seeded.registrations == 40
    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as session:
            first = await session.scalar(select(Collectivity.id).order_by(Collectivity.id).limit(1))
            enjeux = await session.scalar(
                select(func.count(func.distinct(ActionSheet.enjeu))).where(ActionSheet.collectivity_id == first)
            )
            member = await session.scalar(select(Person).where(Person.telegram_id == FIRST_PERSON))
        assert enjeux == len(ENJEUX)  # the dossier shown covers every enjeu
        assert len(ENJEUX) <= DOSSIER_SHEETS
        assert member is not None and member.collectivity_id == first and member.consent_data_at is not None
    finally:
        await engine.dispose()


def test_the_bench_webinar_file_loads(tmp_path):
    catalogue = load_sessions(webinar_file(tmp_path), ZoneInfo(Settings().bot.timezone))
    assert len(catalogue.sessions) == SESSIONS

"""The sheets repository on SQLite and PostgreSQL: isolation, per-field versions, statuses, staff side."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.orm.exc import StaleDataError

from storage.database import create_engine, session_factory
from storage.models import CommentKind, SheetStatus
from storage.repositories import SheetsRepository
from storage.repositories import sheets as sheets_module
from storage.repositories.sheet_files import SheetFilesRepository
from storage.repositories.sheets import Conflict, NotEditable, Saved
from storage.repositories.sheets_personal import SheetsPersonalData
from tests.support.sheets import join

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
async def sessions(database_url):
    engine = create_engine(database_url)
    yield session_factory(engine)
    await engine.dispose()


async def new_sheet(sessions, collectivity_id: int) -> int:
    async with sessions() as s, s.begin():
        repo = SheetsRepository(s)
        sheet = await repo.create(collectivity_id, 2027, "emploi", by=1, now=NOW)
        await repo.toggle_service(collectivity_id, sheet.id, "Offre d'emploi en ligne", by=99, now=NOW)  # started
        return sheet.id


async def test_a_sheet_is_only_reachable_with_its_collectivity(sessions):
    albi = await join(sessions, 1)
    toulouse = await join(sessions, 2, code="31555", town="Toulouse")
    sheet_id = await new_sheet(sessions, albi)
    async with sessions() as s, s.begin():
        repo = SheetsRepository(s)
        assert await repo.get(toulouse, sheet_id) is None
        assert await repo.save_answer(toulouse, sheet_id, "titre", "x", seen_version=0, by=2, now=NOW) is None
        assert await repo.toggle_service(toulouse, sheet_id, "s", by=2, now=NOW) is None
        assert await repo.delete_draft(toulouse, sheet_id) is False
        assert await repo.submit(toulouse, sheet_id, by=2, now=NOW) is False
        assert await repo.dossier(toulouse, 2027) == []
        assert [s.id for s in await repo.dossier(albi, 2027)] == [sheet_id]


async def test_a_save_against_an_old_version_is_a_conflict(sessions):
    albi = await join(sessions, 1)
    sheet_id = await new_sheet(sessions, albi)
    async with sessions() as s, s.begin():
        assert await SheetsRepository(s).save_answer(
            albi, sheet_id, "titre", "A", seen_version=0, by=1, now=NOW
        ) == Saved(1)
    async with sessions() as s, s.begin():
        repo = SheetsRepository(s)
        assert await repo.save_answer(albi, sheet_id, "titre", "B", seen_version=0, by=2, now=NOW) == Conflict(
            "A", 1, 1
        )
        assert await repo.save_answer(albi, sheet_id, "titre", "A", seen_version=0, by=2, now=NOW) == Saved(
            1
        )  # same value
        assert await repo.save_answer(albi, sheet_id, "titre", "B", seen_version=1, by=2, now=NOW) == Saved(2)


async def test_two_sessions_writing_one_field_at_once_cannot_both_win(sessions):
    albi = await join(sessions, 1)
    sheet_id = await new_sheet(sessions, albi)
    async with sessions() as s, s.begin():
        await SheetsRepository(s).save_answer(albi, sheet_id, "titre", "A", seen_version=0, by=1, now=NOW)
    async with sessions() as first, sessions() as second:
        read = await SheetsRepository(second).get(albi, sheet_id)  # second reads version 1, and keeps it
        assert await SheetsRepository(first).save_answer(albi, sheet_id, "titre", "B", seen_version=1, by=1, now=NOW)
        await first.commit()
        with pytest.raises(StaleDataError):  # based on version 1, which is gone: refused, never overwritten
            await SheetsRepository(second).save_answer(albi, sheet_id, "titre", "C", seen_version=1, by=2, now=NOW)
        assert read.answer("titre").value == "A"
    async with sessions() as s:
        assert (await SheetsRepository(s).get(albi, sheet_id)).title == "B"


async def test_an_erasure_while_a_colleague_answers_waits_instead_of_deadlocking(sessions, database_url, monkeypatch):
    """PostgreSQL: a colleague's answer writes the sheet's row, then the answer's, in the order the
    erasure of a person writes them, so one waits for the other; the other order deadlocked."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has one writer for whole transactions: nothing runs beside the answer")
    albi = await join(sessions, 1)
    sheet_id = await new_sheet(sessions, albi)  # created by person 1
    async with sessions() as s, s.begin():
        await SheetsRepository(s).save_answer(albi, sheet_id, "titre", "Par 1", seen_version=0, by=1, now=NOW)
    first_row_written, go_on = asyncio.Event(), asyncio.Event()
    write = sheets_module.update_now

    async def pausing_after_the_first_row(session, obj, values):
        await write(session, obj, values)
        if not first_row_written.is_set():
            first_row_written.set()
            await go_on.wait()

    monkeypatch.setattr(sheets_module, "update_now", pausing_after_the_first_row)

    async def colleague_answers():
        async with sessions() as s, s.begin():
            return await SheetsRepository(s).save_answer(
                albi, sheet_id, "titre", "Par 2", seen_version=1, by=2, now=NOW
            )

    async def person_1_erased():
        await first_row_written.wait()
        async with sessions() as s, s.begin():
            return await SheetsPersonalData(s).detach_person(1)

    answering, erasing = asyncio.create_task(colleague_answers()), asyncio.create_task(person_1_erased())
    await first_row_written.wait()
    await waiting_for_a_row_lock(sessions)  # the erasure waits for the colleague's transaction
    go_on.set()
    saved, detached = await asyncio.gather(answering, erasing)  # a deadlock raised DBAPIError here
    assert saved == Saved(2) and detached >= 1
    async with sessions() as s:
        sheet = await SheetsRepository(s).get(albi, sheet_id)
        assert sheet.value("titre") == "Par 2" and sheet.created_by == 0


async def waiting_for_a_row_lock(sessions) -> None:
    for _ in range(200):
        async with sessions() as s:
            if await s.scalar(text(WAITING)):
                return
        await asyncio.sleep(0.05)
    raise AssertionError("the erasure never waited for the colleague's transaction")


WAITING = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"


async def test_submit_once_then_staff_send_back_with_a_comment_then_resubmit(sessions):
    albi = await join(sessions, 1)
    sheet_id = await new_sheet(sessions, albi)
    async with sessions() as s, s.begin():
        repo = SheetsRepository(s)
        assert await repo.submit(albi, sheet_id, by=1, now=NOW) is True
        assert await repo.submit(albi, sheet_id, by=1, now=NOW) is False
        assert isinstance(
            await repo.save_answer(albi, sheet_id, "titre", "x", seen_version=0, by=1, now=NOW), NotEditable
        )
        assert [x.id for x in await repo.submitted_queue(2027)] == [sheet_id]
    async with sessions() as s, s.begin():
        repo = SheetsRepository(s)
        sent_back = await repo.set_status(
            sheet_id,
            SheetStatus.A_CORRIGER,
            expected=[SheetStatus.SOUMISE],
            now=NOW,
            by=9000,
            comment=(CommentKind.CORRECTION, "incomplet", "Précisez les résultats."),
        )
        assert sent_back is True
        repo.add_comment(
            sheet_id, author=9000, kind=CommentKind.NOTE, now=NOW, text="interne", visible_to_collectivity=False
        )
    async with sessions() as s, s.begin():
        repo = SheetsRepository(s)
        assert [c.text for c in await repo.visible_comments(albi, sheet_id)] == ["Précisez les résultats."]
        assert await repo.save_answer(
            albi, sheet_id, "resultats", "200 usagers", seen_version=0, by=1, now=NOW
        ) == Saved(1)
        assert await repo.submit(albi, sheet_id, by=1, now=NOW) is True
        assert [c.kind for c in await repo.comments(sheet_id)] == ["correction", "note", "resubmission"]
        assert (await repo.get_for_staff(sheet_id)).status == SheetStatus.SOUMISE
        assert await repo.set_status(sheet_id, SheetStatus.VALIDEE, expected=[SheetStatus.SOUMISE], now=NOW, by=9000)
        assert (
            await repo.set_status(sheet_id, SheetStatus.VALIDEE, expected=[SheetStatus.SOUMISE], now=NOW, by=9000)
            is False
        )
        assert await repo.submitted_queue() == []


async def test_erasing_a_person_keeps_the_sheet_without_their_id(sessions):
    albi = await join(sessions, 1)
    sheet_id = await new_sheet(sessions, albi)
    async with sessions() as s, s.begin():
        repo = SheetsRepository(s)
        await repo.save_answer(albi, sheet_id, "titre", "Titre", seen_version=0, by=1, now=NOW)
        await SheetFilesRepository(s).add_attachment(albi, sheet_id, kind="photo", file_id="F1", by=1, now=NOW)
        assert (await SheetsPersonalData(s).contributions_of(1))["reponses"] == [
            {"fiche": sheet_id, "champ": "titre", "valeur": "Titre"}
        ]
    async with sessions() as s, s.begin():
        await SheetsPersonalData(s).detach_person(1)
    async with sessions() as s:
        repo = SheetsRepository(s)
        sheet = await repo.get(albi, sheet_id)
        assert sheet.title == "Titre" and sheet.created_by == 0 and sheet.answer("titre").updated_by == 0
        assert sheet.attachments == []
        assert await SheetsPersonalData(s).contributions_of(1) == {
            "fiches_creees": [],
            "fiches_soumises": [],
            "fiches_modifiees_en_dernier": [],
            "reponses": [],
            "pieces_jointes": [],
            "commentaires": [],
        }

"""The review's reads on SQLite and PostgreSQL: queue order and pages, resubmission mark, members,
figures of /stats, export rows, and the optimistic transition (one of two reviewers wins)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from storage.database import create_engine, session_factory
from storage.models import CommentKind, SheetStatus
from storage.models.sheets import started
from storage.repositories import SheetsRepository
from storage.repositories.dossier_scope import DossierScope
from storage.repositories.memberships import MembershipRepository
from storage.repositories.review import ReviewRepository, export_key
from tests.support.sheets import join

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
async def sessions(database_url):
    engine = create_engine(database_url)
    yield session_factory(engine)
    await engine.dispose()


async def sheet(sessions, collectivity: int, member: int, enjeu: str, *, submitted_at: datetime | None) -> int:
    async with sessions() as s, s.begin():
        repo = SheetsRepository(s)
        created = await repo.create(collectivity, 2027, enjeu, by=member, now=NOW)
        await repo.toggle_service(collectivity, created.id, "Un service", by=member, now=NOW)  # started
        if submitted_at is not None:
            assert await repo.submit(collectivity, created.id, by=member, now=submitted_at)
        return created.id


async def test_queue_members_and_figures(sessions):
    albi = await join(sessions, 1)
    await join(sessions, 2, name="Paul Martin")
    gaillac = await join(sessions, 3, code="81099", town="Gaillac")
    late = await sheet(sessions, albi, 1, "emploi", submitted_at=NOW + timedelta(hours=2))
    early = await sheet(sessions, gaillac, 3, "culture", submitted_at=NOW + timedelta(hours=1))
    await sheet(sessions, albi, 2, "emploi", submitted_at=None)

    async with sessions() as s, s.begin():
        review = ReviewRepository(s)
        assert await review.queue_count() == 2
        assert [(i.sheet.id, i.collectivity.name) for i in await review.queue(0, 10)] == [
            (early, "Gaillac"),
            (late, "Albi"),
        ]
        assert [i.sheet.id for i in await review.queue(1, 1)] == [late]
        assert await MembershipRepository(s).member_telegram_ids(albi) == [1, 2]
        assert await review.names([1, 2, 0, 99]) == {1: "Marie Dupont", 2: "Paul Martin"}
        assert await review.counts_by_enjeu_and_status(2027) == {
            ("emploi", "soumise"): 1,
            ("emploi", "brouillon"): 1,
            ("culture", "soumise"): 1,
        }
        participation = await review.participation(2027)
        assert (participation.with_sheets, participation.with_submitted) == (2, 2)
        assert (participation.members, participation.member_collectivities) == (3, 2)
        assert (await review.participation(2030)).with_sheets == 0
        assert [c.name for _, c in await review.sheets_for_export(2027)] == ["Albi", "Albi", "Gaillac"]


async def test_the_export_read_in_slices_gives_each_sheet_once_in_order(sessions):
    gaillac = await join(sessions, 3, code="81099", town="Gaillac")
    albi = await join(sessions, 1)
    ids = [
        await sheet(sessions, place, 1 if place == albi else 3, "emploi", submitted_at=None)
        for place in (gaillac, albi, gaillac, albi, albi, gaillac, albi)
    ]
    async with sessions() as s:
        review = ReviewRepository(s)
        whole = [(c.name, sh.id) for sh, c in await review.sheets_for_export(2027)]
        sliced, after = [], None
        while page := await review.sheets_for_export(2027, after=after, limit=2):
            sliced += [(c.name, sh.id) for sh, c in page]
            after = export_key(*page[-1])
    assert whole == sorted(whole) and len(whole) == len(ids) == len(set(whole))
    assert sliced == whole


async def test_resubmission_mark_and_the_last_visible_correction(sessions):
    albi = await join(sessions, 1)
    sheet_id = await sheet(sessions, albi, 1, "emploi", submitted_at=NOW)
    async with sessions() as s, s.begin():
        repo = SheetsRepository(s)
        assert await repo.set_status(
            sheet_id,
            SheetStatus.A_CORRIGER,
            expected=[SheetStatus.SOUMISE],
            now=NOW,
            by=9000,
            comment=(CommentKind.CORRECTION, "Incomplet", "Précisez."),
        )
        repo.add_comment(
            sheet_id, author=9000, kind=CommentKind.NOTE, now=NOW, text="interne", visible_to_collectivity=False
        )
        assert await repo.submit(albi, sheet_id, by=1, now=NOW + timedelta(hours=1))
    async with sessions() as s:
        review = ReviewRepository(s)
        [item] = await review.queue(0, 10)
        assert item.resubmitted
        corrections = await review.last_visible_corrections([sheet_id])
        assert corrections[sheet_id].text == "Précisez."


async def test_of_two_reviewers_only_the_first_moves_the_sheet(sessions):
    albi = await join(sessions, 1)
    sheet_id = await sheet(sessions, albi, 1, "emploi", submitted_at=NOW)
    async with sessions() as first, first.begin():
        assert await SheetsRepository(first).set_status(
            sheet_id, SheetStatus.VALIDEE, expected=[SheetStatus.SOUMISE], now=NOW, by=9000
        )
    async with sessions() as second, second.begin():
        assert not await SheetsRepository(second).set_status(
            sheet_id, SheetStatus.A_CORRIGER, expected=[SheetStatus.SOUMISE], now=NOW, by=9001
        )
        assert (await SheetsRepository(second).get_for_staff(sheet_id)).status == "validee"


async def test_a_private_draft_is_no_sheet_of_the_collectivity_for_staff_either(sessions):
    """Someone whose access to Albi is still requested drafts privately: staff neither open nor
    move that draft (even by its id), and /stats does not count it."""
    albi = await join(sessions, 1)
    await join(sessions, 5, name="Luc Intrus", member=False)
    await sheet(sessions, albi, 1, "emploi", submitted_at=None)
    async with sessions() as s, s.begin():
        repo = SheetsRepository(s)
        private = await repo.create(DossierScope(albi, owner=5), 2027, "culture", by=5, now=NOW)
        await repo.toggle_service(DossierScope(albi, owner=5), private.id, "Un service", by=5, now=NOW)
    async with sessions() as s, s.begin():
        repo, review = SheetsRepository(s), ReviewRepository(s)
        assert await repo.get_for_staff(private.id) is None
        assert not await repo.set_status(
            private.id, SheetStatus.A_CORRIGER, expected=[SheetStatus.BROUILLON], now=NOW, by=9000
        )
        assert await review.counts_by_enjeu_and_status(2027) == {("emploi", "brouillon"): 1}
        assert (await review.participation(2027)).with_sheets == 1
    async with sessions() as s:
        assert (await SheetsRepository(s).get(DossierScope(albi, owner=5), private.id)).status == "brouillon"


def test_the_started_criterion_is_built_once():
    """Building it (two aliased subqueries) costs more than running it: every dossier, figure and
    export query shares one."""
    assert started() is started()

"""The send budget shared through PostgreSQL: two processes (two stores) take places from one row;
together they never hold more than the limit, a reply goes before waiting background sends, a
429 pause seen by one holds the other's background sends, a call never reported done gives its
place back after a while."""

from __future__ import annotations

import pytest

from bot.workers.budget_stores import DatabaseStore
from storage.database import create_engine, session_factory
from storage.repositories.budget import IN_FLIGHT_TTL, BudgetRules, BudgetState, decide


@pytest.fixture
async def stores(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("the shared budget is PostgreSQL's; SQLite keeps it in memory (one process)")
    engine = create_engine(database_url)
    rules = BudgetRules.per_second(5)
    yield DatabaseStore(session_factory(engine), 42, rules), DatabaseStore(session_factory(engine), 42, rules)
    await engine.dispose()


async def test_two_processes_share_one_budget_and_replies_go_first(stores):
    first, second = stores
    granted = [await first.take(reply=True, token=f"a{i}") for i in range(3)]
    granted += [await second.take(reply=True, token=f"b{i}") for i in range(3)]
    assert [d.granted for d in granted] == [True] * 5 + [False]  # five places a second, whoever asks

    await first.done("a0")
    background = await second.take(reply=False, token="b-bg")
    assert not background.granted  # the reply that asked first holds the next place
    await second.pause(30)
    assert await first.paused_for() > 25
    assert (await first.take(reply=False, token="a-bg")).paused


def test_a_call_never_reported_done_gives_its_place_back():
    rules = BudgetRules.per_second(1)
    state = BudgetState()
    assert decide(state, 0.0, reply=True, rules=rules, token="dead").granted  # its process died
    assert not decide(state, 10.0, reply=True, rules=rules, token="next").granted
    assert decide(state, IN_FLIGHT_TTL + 2.0, reply=True, rules=rules, token="next").granted

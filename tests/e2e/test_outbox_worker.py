"""The outbox worker through aiogram's and python-telegram-bot's real senders against the fake
Bot API: everyone once, 403 recorded and never retried, 429 pauses every send, network errors
retried with backoff, permanent errors recorded, expired rows dropped, crash leftovers resent."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.workers.outbox import OutboxWorker
from handlers.core.events import Kind
from storage.models import OutboxStatus
from storage.repositories import OutboxRepository
from tests.fakebotapi import FakeBotAPI
from tests.support.chat import Chat
from tests.support.outbox import add_people, library_sender, person, received, rows, send_attempts, start_job, statuses

RECIPIENTS = [501, 502, 503, 504, 505]


@pytest.fixture(params=["aiogram", "ptb"])
async def api_sender(request):
    async with FakeBotAPI() as api:
        for user_id in RECIPIENTS:
            api.add_user(user_id)
        async with library_sender(api, request.param) as sender:
            yield api, sender


def make_worker(app, sender, clock, **options) -> OutboxWorker:
    options.setdefault("rate_per_second", 500)
    options.setdefault("per_chat_interval", 0.0)
    return OutboxWorker(app.sessions, sender, clock, **options)


async def test_a_broadcast_reaches_everyone_once_and_records_who_blocked_the_bot(app, clock, api_sender):
    api, sender = api_sender
    await add_people(app, RECIPIENTS)
    api.block(503, notify=False)
    job = await start_job(app, RECIPIENTS, "Réunion <b>jeudi</b> &amp; vendredi")

    await make_worker(app, sender, clock).run_once()

    for user_id in (501, 502, 504, 505):
        assert received(api, user_id) == ["Réunion jeudi & vendredi"]
    assert received(api, 503) == []
    assert await statuses(app, job_id=job) == {501: "sent", 502: "sent", 503: "blocked", 504: "sent", 505: "sent"}
    assert (await person(app, 503)).blocked

    # Later messages to the person who blocked the bot are settled without calling Telegram...
    async with app.sessions() as session, session.begin():
        await OutboxRepository(session).schedule(503, "Rappel", kind="test", send_after=clock())
    await make_worker(app, sender, clock).run_once()
    assert send_attempts(api, 503) == 1
    assert (await rows(app, kind="test"))[0].status == OutboxStatus.BLOCKED

    # ...until they come back.
    api.unblock(503, notify=False)
    await Chat(app.dispatcher, 503).send("/menu")
    async with app.sessions() as session, session.begin():
        await OutboxRepository(session).schedule(503, "Bon retour", kind="test", send_after=clock())
    await make_worker(app, sender, clock).run_once()
    assert received(api, 503) == ["Bon retour"]


async def test_a_429_pauses_every_send_for_retry_after_then_everything_goes_out(app, clock, api_sender):
    api, sender = api_sender
    await add_people(app, RECIPIENTS)
    job = await start_job(app, RECIPIENTS)
    api.fail_next("sendMessage", 429, retry_after=1)
    worker = make_worker(app, sender, clock, max_in_flight=1)

    await worker.run_once()

    assert api.stats.too_many_requests == 1 and worker.budget.pauses == 1
    assert all(received(api, user_id) == ["Bonjour à tous"] for user_id in RECIPIENTS)
    assert set((await statuses(app, job_id=job)).values()) == {"sent"}
    sends = [r for r in api.requests if r.method == "sendMessage"]
    refused = next(i for i, r in enumerate(sends) if r.status == 429)
    # Nothing left the outbox during the pause Telegram asked for.
    assert all(r.at - sends[refused].at >= 0.99 for r in sends[refused + 1 :])


async def test_a_network_failure_is_retried_with_backoff_then_given_up(app, clock, api_sender):
    api, sender = api_sender
    await add_people(app, [501, 502])
    job = await start_job(app, [501])
    api.fail_next("sendMessage", drop=True)
    worker = make_worker(app, sender, clock, max_attempts=2)

    await worker.run_once()
    [row] = await rows(app, job_id=job)
    assert row.status == "pending" and row.attempts == 1 and row.last_error
    assert row.send_after == clock() + timedelta(seconds=2)
    assert received(api, 501) == []

    clock.advance(seconds=3)
    await worker.run_once()
    assert received(api, 501) == ["Bonjour à tous"]
    assert (await rows(app, job_id=job))[0].status == "sent"

    other = await start_job(app, [502])
    api.fail_next("sendMessage", drop=True, times=2)
    await worker.run_once()
    clock.advance(seconds=3)
    await worker.run_once()
    [row] = await rows(app, job_id=other)
    assert row.status == "failed" and row.last_error.startswith("network")
    clock.advance(seconds=600)
    await worker.run_once()
    assert received(api, 502) == []


async def test_a_permanent_error_is_recorded_and_not_retried(app, clock, api_sender):
    api, sender = api_sender
    await add_people(app, [501, 502])
    job = await start_job(app, [501, 502])
    api.fail_next("sendMessage", 400, "Bad Request: message is too long")
    worker = make_worker(app, sender, clock, max_in_flight=1)

    await worker.run_once()
    clock.advance(hours=1)
    await worker.run_once()

    found = {row.chat_id: row for row in await rows(app, job_id=job)}
    assert found[501].status == "failed" and "too long" in found[501].last_error
    assert found[502].status == "sent"
    assert send_attempts(api, 501) == 1


async def test_rows_past_their_deadline_expire_unsent_and_crash_leftovers_are_resent(app, clock, api_sender):
    api, sender = api_sender
    async with app.sessions() as session, session.begin():
        outbox = OutboxRepository(session)
        await outbox.schedule(
            501,
            "Trop tard",
            kind="test",
            send_after=clock() - timedelta(hours=2),
            not_after=clock() - timedelta(hours=1),
        )
        left = await outbox.schedule(502, "Repris", kind="test", send_after=clock())
        await session.flush()
        left.status = OutboxStatus.SENDING  # a worker died while sending it

    await make_worker(app, sender, clock).run_once()

    assert await statuses(app, kind="test") == {501: "expired", 502: "sent"}
    assert received(api, 501) == [] and received(api, 502) == ["Repris"]


async def test_one_chat_gets_at_most_one_message_per_interval(app, clock, api_sender):
    api, sender = api_sender
    async with app.sessions() as session, session.begin():
        for text in ("Un", "Deux", "Trois"):
            await OutboxRepository(session).schedule(501, text, kind="test", send_after=clock())

    await make_worker(app, sender, clock, per_chat_interval=0.3).run_once()

    assert received(api, 501) == ["Un", "Deux", "Trois"]
    stamps = [r.at for r in api.requests if r.method == "sendMessage"]
    assert all(later - earlier >= 0.29 for earlier, later in zip(stamps, stamps[1:]))


async def test_buttons_of_queued_messages_reach_the_user(app, clock, api_sender):
    api, sender = api_sender
    async with app.sessions() as session, session.begin():
        await OutboxRepository(session).schedule(
            501,
            "Rappel",
            kind="test",
            send_after=clock(),
            buttons=[
                [{"label": "Reprendre", "data": "menu:fiches"}],
                [{"label": "Site", "url": "https://example.org"}],
            ],
        )
    await make_worker(app, sender, clock).run_once()
    [message] = api.messages(501)
    assert message.buttons == [[("Reprendre", "menu:fiches")], [("Site", "https://example.org")]]


async def test_an_unblocked_event_lets_messages_flow_again(app, clock, api_sender):
    api, sender = api_sender
    await add_people(app, [504], blocked=True)
    await Chat(app.dispatcher, 504).send_kind(Kind.UNBLOCKED)
    await start_job(app, [504])
    await make_worker(app, sender, clock).run_once()
    assert received(api, 504) == ["Bonjour à tous"]


async def test_the_progress_message_is_edited_only_when_something_changed(app, clock, api_sender):
    from bot.workers.broadcasts import BroadcastMonitor
    from storage.models import BroadcastJob

    api, sender = api_sender
    api.add_user(9000)
    message_id = await sender.send_text(9000, "Diffusion…", [])
    job_id = await start_job(app, [501, 502])
    async with app.sessions() as session, session.begin():
        job = await session.get(BroadcastJob, job_id)
        job.status_chat_id, job.status_message_id = 9000, message_id
        job.status = "paused"
    monitor = BroadcastMonitor(app.sessions, sender, clock, interval=0)

    await monitor.run_once()
    await monitor.run_once()
    assert len(api.calls("editMessageText")) == 1
    assert "0 / 2" in api.messages(9000)[0].text and "en pause" in api.messages(9000)[0].text

    async with app.sessions() as session, session.begin():
        (await session.get(BroadcastJob, job_id)).status = "running"
    await make_worker(app, sender, clock).run_once()
    await monitor.run_once()
    await make_worker(app, sender, clock).run_once()  # the report
    progress, report = api.messages(9000)
    assert "2 / 2" in progress.text and "terminée" in progress.text and progress.buttons == []
    assert "Envoyés : 2 sur 2" in report.text

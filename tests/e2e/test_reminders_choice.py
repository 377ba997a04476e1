"""/rappels end to end through aiogram and python-telegram-bot: a person stops the reminders and
announcements; broadcasts leave them out (counted, and cancelled if already queued), deadline
a double tap or a forged button changes nothing; they can resume. (Deadline reminders:
test_deadline_reminders.py; a webinar session's news: tests/storage/test_broadcast_audiences.py.)"""

from __future__ import annotations

from tests.conftest import STAFF_ID
from tests.e2e.test_broadcast_flow import workers, write_to_mayors
from tests.support.outbox import add_people, person, received

MAYORS = [631, 632, 633]


async def mute(user):
    await user.send("/rappels")
    screen = await user.reply()
    assert "Vous recevez les rappels et annonces" in screen.text
    assert screen.button_labels == ["🔕 Ne plus les recevoir", "🏠 Menu principal"]
    await user.press("🔕 Ne plus les recevoir")
    done = await user.reply()
    assert "je ne vous enverrai plus les rappels et annonces" in done.text
    assert "les rappels de vos inscriptions au webinaire" in done.text  # what still comes, said
    assert done.button_labels == ["🔔 Les recevoir à nouveau", "🏠 Menu principal"]
    return screen


async def broadcast_to_mayors(staff, text: str) -> str:
    """/diffusion to the mayors; the confirmation's text (with its count)."""
    await write_to_mayors(staff, text)
    return (await staff.reply()).text


async def test_a_muted_mayor_is_left_out_of_a_broadcast_and_can_resume(telegram, clock):
    api, app = telegram.api, telegram.app
    for user_id in MAYORS:
        api.add_user(user_id)
    await add_people(app, MAYORS, role="maire")
    outbox, _monitor = workers(telegram, clock)
    muted = telegram.user(633, "Maire")
    screen = await mute(muted)
    await muted.press("🔕 Ne plus les recevoir", message=screen)  # a double tap: same answer, nothing doubled
    assert "je ne vous enverrai plus" in (await muted.reply()).text
    await muted.press_data("rap:everything")  # forged
    assert "plus disponible" in (await muted.callback_answer()).text
    assert "plus valable" in (await muted.reply()).text
    assert (await person(app, 633)).reminders_muted

    staff = telegram.user(STAFF_ID, "Équipe")
    confirm = await broadcast_to_mayors(staff, "Réunion des maires jeudi")
    assert "Ce message partira à 2 personnes" in confirm
    await staff.press("✅ Envoyer à 2 personnes")
    await staff.reply()
    await outbox.run_once()
    assert received(api, 631) == received(api, 632) == ["Réunion des maires jeudi"]
    assert "Réunion des maires jeudi" not in received(api, 633)

    await muted.send("/rappels")
    screen = await muted.reply()
    assert "Vous ne recevez plus les rappels et annonces" in screen.text
    await muted.press("🔔 Les recevoir à nouveau")
    assert "vous recevrez de nouveau" in (await muted.reply()).text
    assert not (await person(app, 633)).reminders_muted


async def test_muting_while_a_broadcast_is_paused_cancels_what_was_queued_and_the_report_says_so(telegram, clock):
    api, app = telegram.api, telegram.app
    for user_id in MAYORS:
        api.add_user(user_id)
    await add_people(app, MAYORS, role="maire")
    outbox, monitor = workers(telegram, clock)
    staff = telegram.user(STAFF_ID, "Équipe")
    await broadcast_to_mayors(staff, "Dernier rappel")
    await staff.press("✅ Envoyer à 3 personnes")
    await staff.reply()
    await staff.press("⏸ Pause")
    await staff.reply()

    await mute(telegram.user(632, "Maire"))
    await staff.press("▶️ Reprendre")
    await staff.reply()
    await outbox.run_once()
    assert received(api, 631) == ["Dernier rappel"] and "Dernier rappel" not in received(api, 632)

    await monitor.run_once()
    await outbox.run_once()
    _final, report = await staff.replies(2)
    assert "Envoyés : 2 sur 3" in report.text and "Ont arrêté les annonces entre-temps : 1" in report.text

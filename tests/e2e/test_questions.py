"""Questions on the label end to end, on both libraries: answer, decline, forward, staff relay, inline mode.

Staff notices and relayed answers go through the outbox (run here by `outbox.run_once()`); the
staff member is told whether the answer reached the asker."""

from __future__ import annotations

import pytest

from bot.workers.outbox import OutboxWorker
from tests.conftest import STAFF_ID


@pytest.fixture
def outbox(telegram, clock) -> OutboxWorker:
    return OutboxWorker(telegram.app.sessions, telegram.sender, clock, rate_per_second=500, per_chat_interval=0.0)


async def _onboard(telegram, user_id: int, name: str):
    user = telegram.user(user_id, name)
    await user.send("/start")
    await user.replies(2)
    await user.press("Maire")
    await user.replies(2)
    return user


async def _answer(staff, name: str, text: str, open_questions: int) -> None:
    await staff.send("/questions")
    _header, *items = await staff.replies(1 + open_questions)
    await staff.press("✍️ Répondre", message=next(item for item in items if name in item.text))
    await staff.reply()
    await staff.send(text)
    _, preview = await staff.replies(2)
    await staff.press("📨 Envoyer", message=preview)
    assert f"je la transmets à {name}" in (await staff.reply()).text


async def test_answer_decline_forward_and_staff_relay(telegram, outbox):
    mayor = await _onboard(telegram, 4301, "Jeanne")
    await mayor.send("qui peut participer au label ?")
    answer = await mayor.reply()
    assert "Je n'ai pas la réponse" not in answer.text and len(answer.text) > 80

    await mayor.send("il va pleuvoir demain ?")
    decline = await mayor.reply()
    assert "c'est le seul sujet que je connais" in decline.text

    await mayor.send("combien coute la cotisation pour une commune de 900 habitants ?")
    reply = await mayor.reply()
    assert "📨 Transmettre à l'équipe" in reply.button_labels
    staff = telegram.user(STAFF_ID, "Équipe")
    await mayor.press("📨 Transmettre à l'équipe")
    assert "C'est transmis" in (await mayor.reply()).text
    await outbox.run_once()
    notice = await staff.reply()
    assert "combien coute la cotisation" in notice.text
    await staff.send("/questions")
    header, item = await staff.replies(2)
    assert "Questions en attente" in header.text and "Jeanne" in item.text
    await staff.press("✍️ Répondre")
    await staff.reply()
    await staff.send("Elle dépend de la population <i>(barème 2027)</i> & du niveau d'adhésion.")
    _, preview = await staff.replies(2)
    assert "<i>(barème 2027)</i> & du niveau" in preview.text  # as the asker will read it
    await staff.press("📨 Envoyer", message=preview)
    assert "je la transmets à Jeanne" in (await staff.reply()).text
    await outbox.run_once()  # the answer
    relay = await mayor.reply()
    assert "Réponse de l'équipe du label" in relay.text
    assert "« combien coute la cotisation pour une commune de 900 habitants ? »" in relay.text
    assert "<i>(barème 2027)</i> & du niveau" in relay.text  # shown as typed, not as markup
    await outbox.run_once()  # the outcome, to the staff member who answered
    assert (await staff.reply()).text == "✅ Votre réponse a été remise à Jeanne."
    await staff.press("✍️ Répondre", message=item)  # the question's own button: where it stands
    assert "Réponse : remise ✅" in (await staff.reply()).text


async def test_staff_learn_that_an_answer_could_not_be_delivered(telegram, outbox, clock):
    staff = telegram.user(STAFF_ID, "Équipe")
    for user_id, name in ((4303, "Nadia"), (4304, "Paul")):
        asker = await _onboard(telegram, user_id, name)
        await asker.send("combien coute la cotisation pour une commune de 900 habitants ?")
        await asker.reply()
        await asker.press("📨 Transmettre à l'équipe")
        await asker.reply()
    await outbox.run_once()
    await staff.replies(2)

    telegram.api.block(4303, notify=False)  # Nadia blocked the bot meanwhile
    await _answer(staff, "Nadia", "Elle dépend de la population.", open_questions=2)
    await outbox.run_once()
    await outbox.run_once()
    assert (await staff.reply()).text == "⚠️ Nadia a bloqué le bot : réponse non remise."

    await _answer(staff, "Paul", "Elle dépend de la population.", open_questions=1)
    telegram.api.fail_next("sendMessage", drop=True, times=5)  # Paul's answer: the network keeps failing
    for _ in range(5):
        await outbox.run_once()
        clock.advance(minutes=1)  # past each retry's backoff
    await outbox.run_once()
    assert (await staff.reply()).text == "⚠️ Votre réponse à Paul n'a pas pu être remise."
    assert not [m for m in telegram.api.messages(4304) if "Réponse de l'équipe" in m.text]


async def test_inline_mode_offers_answers(telegram):
    await _onboard(telegram, 4302, "Luc")
    user = telegram.user(4302, "Luc")
    results = await user.inline_query("c'est quoi la mosaique")
    assert results, "no inline result"
    assert any("mosaïque" in r["title"].lower() for r in results)
    assert all(r["input_message_content"]["parse_mode"].upper() == "HTML" for r in results)


async def test_an_ambiguous_question_offers_candidates_then_answers(settings, clock, tmp_path):
    """« Vouliez-vous dire… » with candidate buttons, end to end on both libraries."""
    from tests.core.test_questions import TWINS
    from tests.fakebotapi import FakeBotAPI
    from tests.support.telegram import running_bot

    path = tmp_path / "faq.toml"
    path.write_text(TWINS, encoding="utf-8")
    settings.data.faq = str(path)
    for number, library in enumerate(("aiogram", "ptb")):
        async with FakeBotAPI(token=f"77{number}:Q") as api, running_bot(api, settings, library, clock) as bot:
            user = await _onboard(bot, 4310 + number, "Ana")
            await user.send("la date de réunion des dossiers")  # jury or closing: both fit
            question = await user.reply()
            assert "Vouliez-vous dire" in question.text, library
            labels = question.button_labels
            assert labels[-1] == "Aucune de celles-ci"
            assert set(labels[:-1]) == {"Quelle est la date de clôture ?", "Quelle est la date du jury ?"}
            await user.press("Quelle est la date du jury ?")
            assert (await user.reply()).text == "Le jury se réunit le pas encore annoncée."

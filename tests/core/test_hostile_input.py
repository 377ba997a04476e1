"""Hostile input on both databases: forged button data with huge, negative or malformed ids,
NUL and other control characters in texts and buttons. Every case ends with a kind answer
(« plus disponible », the question again), never « un problème technique »."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.app import build_app
from handlers.core import texts
from handlers.core.events import Kind
from storage.models import Person
from tests.conftest import STAFF_ID
from tests.support.chat import Chat
from tests.support.sheets import join

FORGED_IDS = [str(2**31), str(2**40), str(2**63), str(10**30), "-1", "1e9", "0x10", "٣", "1\x00"]
PREFIXES = ["rvo:{}", "rva:v:{}", "shd:o:{}", "wbi:{}", "mbq:a:{}", "mbt:rm:{}", "fq:ans:{}", "bcj:pause:{}", "rvf:{}"]


@pytest.fixture
async def any_app(settings, clock, database_url):
    settings.database.url = database_url
    app = await build_app(settings, clock=clock)
    yield app
    await app.close()


async def test_forged_ids_never_end_in_a_technical_error(any_app):
    await join(any_app.sessions, 601)
    for user in (601, STAFF_ID):
        chat = Chat(any_app.dispatcher, user)
        for prefix in PREFIXES:
            for forged in FORGED_IDS:
                await chat.press_data(prefix.format(forged))
                assert texts.TECHNICAL_ERROR not in chat.text, (user, prefix, forged)
                assert chat.callback_answer is not None


async def test_nul_and_control_characters_are_dropped_at_the_boundary(any_app):
    chat = Chat(any_app.dispatcher, 602, "Jo\x00sé")
    await chat.send("/start fiches")
    await chat.press("✅ J'accepte")
    await chat.send("Jo\x00sé\x01 Mar\x7ftin")  # the name step
    assert texts.TECHNICAL_ERROR not in chat.text
    await chat.press("Agent·e")
    await chat.send("jose@mairie-albi.fr\x00")
    assert "Quelle est votre collectivité" in chat.text
    await chat.send("Al\x00bi")  # read as « Albi », its very name: straight to the summary
    assert texts.TECHNICAL_ERROR not in chat.text and "Collectivité : Albi (81)" in chat.text
    await chat.press_data("pf:\x00:col:81004")
    assert chat.callback_answer.text == texts.STALE_BUTTON
    async with any_app.sessions() as session:
        person = await session.scalar(select(Person).where(Person.telegram_id == 602))
        assert person.first_name == "José" and "\x00" not in person.profile_name
    await chat.send_kind(Kind.TEXT, text="\x00\x01\x02")
    assert texts.TECHNICAL_ERROR not in chat.text


async def test_a_name_with_invisible_characters_is_refused_kindly(app):
    chat = Chat(app.dispatcher, 603)
    await chat.send("/start fiches")
    await chat.press("✅ J'accepte")
    await chat.send("Marie\u200bDupont")
    assert "caractères invisibles" in chat.text

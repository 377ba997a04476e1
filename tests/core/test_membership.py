"""Who may act for a collectivity, through the core: a stranger who declares « Albi » reaches
nothing of Albi's dossier; a request is decided by staff or Albi's members (first answer wins);
a colleague joins with a single-use invitation; a removed member loses access at once; staff
see who wrote what."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bot.workers.deadlines import DeadlineScheduler
from handlers.content.deadlines import load_deadlines
from handlers.core.events import SendDocument, SendPhoto
from storage.models import ActionSheet, DecidedAs, Invitation, Membership, OutboxMessage
from storage.repositories.memberships import MembershipRepository
from tests.conftest import STAFF_ID
from tests.support.chat import Chat
from tests.support.review import submitted_sheet
from tests.support.sheets import fill_whole_sheet, join

MARIE, PAUL, KARIM, NADIA, LEILA = 501, 502, 503, 504, 505
STALE = "Cette action n'est plus disponible."
CLOSING = date(2026, 4, 15)


async def notices(app, chat_id: int, kind: str = "membership") -> list[OutboxMessage]:
    async with app.sessions() as session:
        query = select(OutboxMessage).where(OutboxMessage.chat_id == chat_id, OutboxMessage.kind == kind)
        return list((await session.scalars(query.order_by(OutboxMessage.id))).all())


def button_data(row: OutboxMessage, label: str) -> str:
    return next(b["data"] for line in row.buttons for b in line if b["label"] == label)


async def memberships(app) -> list[tuple[int, str]]:
    async with app.sessions() as session:
        rows = (await session.scalars(select(Membership).order_by(Membership.id))).all()
        return [(m.person_id, m.status) for m in rows]


async def test_a_stranger_who_declares_a_collectivity_reaches_none_of_its_sheets(app):
    sheet_id = await submitted_sheet(app, MARIE, answers={"titre": "Portail famille secret"})
    draft_id = await submitted_sheet(app, MARIE, answers={"titre": "Brouillon confidentiel"}, submit=False)
    await join(app.sessions, KARIM, name="Karim Benali", member=False)  # says « I work for Albi »
    karim = Chat(app.dispatcher, KARIM, "Karim")

    await karim.send("/fiches")
    assert "réservé à ses membres" in karim.text
    assert "secret" not in karim.text and "confidentiel" not in karim.text
    for forged in (f"shd:o:{sheet_id}", f"shd:o:{draft_id}", "shd:m", "shd:x", "shd:n:education"):
        await karim.press_data(forged)
        assert not any(isinstance(r, (SendPhoto, SendDocument)) for r in karim.replies)
        assert "secret" not in karim.text and "confidentiel" not in karim.text
    await karim.press_data(f"shd:o:{draft_id}")
    assert "réservé à ses membres" in karim.text
    for forged in (f"shr:s:abcd:{draft_id}", "shr:dy:abcd", "shq:c:abcd:0", "shs:t:abcd:0"):
        await karim.press_data(forged)
        assert karim.callback_answer.text == STALE
    async with app.sessions() as session:
        draft = await session.get(ActionSheet, draft_id)
        assert (draft.status, draft.title) == ("brouillon", "Brouillon confidentiel")
        assert await session.scalar(select(func.count()).select_from(ActionSheet)) == 2

    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.press_data(f"rvo:{sheet_id}")
    await staff.press("✅ Valider")
    await staff.press("✅ Oui, valider")
    assert [n.chat_id for n in await notices(app, MARIE, "review")] == [MARIE]
    assert await notices(app, KARIM, "review") == []


async def test_the_first_person_asks_staff_drafts_privately_then_submits_once_accepted(app):
    await join(app.sessions, MARIE, member=False)
    marie = Chat(app.dispatcher, MARIE)
    await marie.send("/fiches")
    assert "l'équipe du label vérifiera votre demande" in marie.text
    await marie.press("📨 Demander l'accès")
    assert "entre les mains de l'équipe du label" in marie.text
    assert "en attente de validation par l'équipe du label" in marie.text
    [notice] = await notices(app, STAFF_ID)
    assert "Demande d'accès au dossier d'Albi" in notice.text
    assert (
        "Marie Dupont (Agent·e, marie.501@example.fr)" in notice.text
        and "Albi (Tarn) — 50\u202f000 hab." in notice.text
    )
    await marie.press_data("mbt:ask")  # a second tap: still one request, one notice
    assert len(await notices(app, STAFF_ID)) == 1 and await memberships(app) == [(1, "demandee")]

    await fill_whole_sheet(marie)
    assert "📨 Soumettre pour relecture" not in [b.label for b in marie.buttons()]
    assert "Vous pourrez soumettre vos fiches quand votre accès au dossier sera validé" in marie.text
    await marie.press_data("shr:s:zzzz:1")
    assert marie.callback_answer.text == STALE
    await marie.send("/fiches")  # her own drafts, not called the dossier of Albi
    assert "Vos brouillons pour Albi" in marie.text and "Fiches actions — Albi" not in marie.text
    assert "Vous seul·e voyez ces brouillons" in marie.text

    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.send("/demandes")
    assert "Marie Dupont (Agent·e, marie.501@example.fr)" in staff.text and "Albi (Tarn)" in staff.text
    await staff.press("✅ Accepter")
    assert "Donner accès au dossier d'<b>Albi</b> à Marie Dupont" in staff.text  # asked once more
    assert [m.status for m in await memberships_of(app, MARIE)] == ["demandee"]
    await staff.press("✅ Oui, donner l'accès")
    assert "a maintenant accès au dossier d'Albi" in staff.text
    [accepted] = await notices(app, MARIE)
    assert "Votre accès au dossier d'<b>Albi</b> est validé" in accepted.text

    await marie.send("/menu")
    await marie.send("/fiches")
    assert "Accès en attente" not in marie.text and "Portail famille en ligne" in marie.text
    assert "Fiches actions — Albi" in marie.text
    await marie.press("▶️ Reprendre")
    await marie.press("📨 Soumettre pour relecture")
    await marie.press("📨 Oui, soumettre")
    assert "soumise pour relecture" in marie.text


async def test_a_request_goes_to_the_members_and_the_first_answer_wins(app):
    await join(app.sessions, MARIE)
    await join(app.sessions, PAUL, name="Paul Martin")
    await join(app.sessions, KARIM, name="Karim Benali", member=False)
    karim = Chat(app.dispatcher, KARIM, "Karim")
    await karim.send("/fiches")
    assert "transmettre votre demande aux membres d'Albi" in karim.text
    await karim.press("📨 Demander l'accès")
    assert "transmise à ses membres et à l'équipe du label" in karim.text
    to_marie, to_paul, to_staff = [await notices(app, who) for who in (MARIE, PAUL, STAFF_ID)]
    assert len(to_marie) == len(to_paul) == len(to_staff) == 1
    accept = button_data(to_paul[0], "✅ Accepter")

    paul = Chat(app.dispatcher, PAUL, "Paul")
    await paul.press_data(accept)
    await paul.press("✅ Oui, donner l'accès")
    assert "Karim Benali (Agent·e, karim.503@example.fr) a maintenant accès" in paul.text
    marie = Chat(app.dispatcher, MARIE)
    await marie.press_data(button_data(to_marie[0], "❌ Refuser"))
    assert "Cette demande a déjà été traitée : acceptée par Paul Martin" in marie.text
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.press_data(button_data(to_staff[0], "✅ Accepter"))
    assert "déjà été traitée : acceptée par Paul Martin" in staff.text
    assert [m.status for m in await memberships_of(app, KARIM)] == ["active"]
    assert "est validé par Paul Martin" in (await notices(app, KARIM))[0].text


async def memberships_of(app, telegram_id: int) -> list[Membership]:
    from storage.models import Person

    async with app.sessions() as session:
        person_id = await session.scalar(select(Person.id).where(Person.telegram_id == telegram_id))
        return list((await session.scalars(select(Membership).where(Membership.person_id == person_id))).all())


async def karim_asks_and_staff_start_refusing(app) -> tuple[Chat, Chat]:
    """Karim (no member of Albi) asks for its dossier; staff open /demandes and tap « Refuser »."""
    await join(app.sessions, KARIM, name="Karim Benali", member=False)
    karim = Chat(app.dispatcher, KARIM, "Karim")
    await karim.send("/fiches")
    await karim.press("📨 Demander l'accès")
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.send("/demandes")
    await staff.press("❌ Refuser")
    return karim, staff


async def test_refuse_tapped_by_mistake_is_undone_and_the_request_waits(app):
    _karim, staff = await karim_asks_and_staff_start_refusing(app)
    undo = next(b.data for b in staff.buttons() if b.label == "↩️ Ne pas refuser")
    await staff.press_data(undo)
    assert "Rien n'est décidé : la demande de Karim Benali (Agent·e, karim.503@example.fr) reste en attente" in (
        staff.text
    )
    assert [m.status for m in await memberships_of(app, KARIM)] == ["demandee"]
    assert await notices(app, KARIM) == []
    await staff.press_data(undo)  # a double tap: nothing more
    assert staff.callback_answer.text == STALE


async def test_not_refusing_after_a_colleague_decided_says_what_was_decided(app):
    _karim, staff = await karim_asks_and_staff_start_refusing(app)
    undo = next(b.data for b in staff.buttons() if b.label == "↩️ Ne pas refuser")
    [request] = await memberships_of(app, KARIM)
    async with app.sessions() as session, session.begin():  # meanwhile, a colleague accepts it
        assert await MembershipRepository(session).decide(
            request.id, accept=True, by=MARIE, as_=DecidedAs.MEMBER, now=app.services.clock()
        )
    await staff.press_data(undo)
    assert "Cette demande a déjà été traitée : acceptée" in staff.text and "reste en attente" not in staff.text


async def test_accept_tapped_by_mistake_is_not_an_access_given(app):
    await join(app.sessions, KARIM, name="Karim Benali", member=False)
    karim = Chat(app.dispatcher, KARIM, "Karim")
    await karim.send("/fiches")
    await karim.press("📨 Demander l'accès")
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.send("/demandes")
    await staff.press("✅ Accepter")
    await staff.press("↩️ Non, pas maintenant")
    assert "Rien n'est décidé : la demande de Karim Benali" in staff.text
    assert [m.status for m in await memberships_of(app, KARIM)] == ["demandee"]
    assert await notices(app, KARIM) == []


async def test_a_refusal_keeps_the_reason_and_tells_the_person(app):
    karim, staff = await karim_asks_and_staff_start_refusing(app)
    assert "Pourquoi refuser la demande de Karim Benali" in staff.text
    await staff.send("/relecture")  # a command in the middle: the question comes back
    assert "Pourquoi refuser" in staff.text
    await staff.send("Inconnu <b>du service</b> & du maire")
    assert "Demande refusée" in staff.text
    [refused] = await notices(app, KARIM)
    assert "n'a pas été acceptée (Inconnu &lt;b&gt;du service&lt;/b&gt; &amp; du maire)" in refused.text
    await karim.send("/fiches")
    assert "a été refusée" in karim.text and "/ecrire" in karim.text
    await karim.press_data(button_data(refused, "✉️ Écrire à l'équipe"))  # a way to reach a person
    assert "Écrivez votre message à l'équipe du label" in karim.text


async def test_a_member_who_is_not_staff_cannot_decide_for_another_collectivity(app):
    await join(app.sessions, MARIE)
    await join(app.sessions, LEILA, code="31555", town="Toulouse", name="Léa Petit")
    await join(app.sessions, KARIM, name="Karim Benali", member=False)
    karim = Chat(app.dispatcher, KARIM, "Karim")
    await karim.send("/fiches")
    await karim.press("📨 Demander l'accès")
    request = button_data((await notices(app, MARIE))[0], "✅ Accepter")
    lea = Chat(app.dispatcher, LEILA, "Léa")
    await lea.press_data(request)
    assert lea.callback_answer.text == STALE
    assert [m.status for m in await memberships_of(app, KARIM)] == ["demandee"]


def invitation_link(text: str) -> str:
    match = re.search(r"https://t\.me/arobase_test_bot\?start=(inv_[A-Za-z0-9_-]+)", text)
    assert match, text
    return match.group(1)


async def test_a_colleague_joins_with_a_single_use_link_and_the_inviter_is_told(app, clock):
    app.services.bot_username = "arobase_test_bot"
    await submitted_sheet(app, MARIE, answers={"titre": "Portail famille"})
    marie = Chat(app.dispatcher, MARIE)
    await marie.send("/inviter")
    assert "ne sert qu'une fois, pendant 7 jours" in marie.text
    parameter = invitation_link(marie.text)
    token = parameter.removeprefix("inv_")
    assert len(token) >= 22  # ≥ 128 random bits
    async with app.sessions() as session:
        [stored] = (await session.scalars(select(Invitation))).all()
        assert token not in stored.token_hash and len(stored.token_hash) == 64

    nadia, leila = Chat(app.dispatcher, NADIA, "Nadia"), Chat(app.dispatcher, LEILA, "Leïla")
    await nadia.send(f"/start {parameter}")
    await leila.send(f"/start {parameter}")  # the same link opened by two people at once
    assert "invité·e à rejoindre le dossier d'<b>Albi</b>" in nadia.text
    await nadia.press("✅ J'accepte")
    await nadia.send("Nadia Martin")
    await nadia.press("Agent·e")
    await nadia.send("nadia.martin@mairie-albi.fr")
    assert "Bienvenue dans le dossier d'<b>Albi</b>" in nadia.text and "🟩 Éducation : 1 fiche" in nadia.text
    [joined] = await notices(app, MARIE)
    assert "Nadia Martin (Agent·e, nadia.martin@mairie-albi.fr) a rejoint le dossier d'<b>Albi</b>" in joined.text

    await leila.press("✅ J'accepte")
    await leila.send("Leïla Haddad")
    await leila.press("Élu·e")
    await leila.send("leila@albi.fr")
    assert "n'est plus valable" in leila.text
    assert [m.status for m in await memberships_of(app, LEILA)] == []

    await nadia.send(f"/start {parameter}")
    assert "n'est plus valable" in nadia.text


async def test_in_the_console_the_invitation_is_the_command_the_colleague_types(app):
    app.services.console = True  # no Telegram, so no bot name to make a link with
    await join(app.sessions, MARIE)
    marie, nadia = Chat(app.dispatcher, MARIE), Chat(app.dispatcher, NADIA, "Nadia")
    await marie.send("/inviter")
    match = re.search(r"<code>/start (inv_[A-Za-z0-9_-]+)</code>", marie.text)
    assert match and "t.me/" not in marie.text, marie.text
    await nadia.send(f"/start {match.group(1)}")
    assert "invité·e à rejoindre le dossier d'<b>Albi</b>" in nadia.text


async def test_expired_forged_truncated_and_own_invitations(app, clock):
    app.services.bot_username = "arobase_test_bot"
    await join(app.sessions, MARIE)
    await join(app.sessions, NADIA, name="Nadia Martin", member=False)
    marie, nadia = Chat(app.dispatcher, MARIE), Chat(app.dispatcher, NADIA, "Nadia")
    await marie.send("/inviter")
    parameter = invitation_link(marie.text)
    for forged in ("inv_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", parameter[:-4], "inv_", "inv_é<b>&"):
        await nadia.send(f"/start {forged}")
        assert "n'est plus valable" in nadia.text
    await marie.send(f"/start {parameter}")
    assert "Vous faites déjà partie du dossier d'<b>Albi</b>" in marie.text
    clock.advance(days=7, minutes=1)
    await nadia.send(f"/start {parameter}")
    assert "n'est plus valable" in nadia.text
    assert [m.status for m in await memberships_of(app, NADIA)] == []
    await nadia.send("/inviter")  # not a member: no link
    assert "Seuls les membres" in nadia.text and "t.me/" not in nadia.text


async def test_a_removed_member_loses_access_at_the_next_update(app):
    await join(app.sessions, MARIE)
    await join(app.sessions, PAUL, name="Paul Martin")
    paul = Chat(app.dispatcher, PAUL, "Paul")
    await fill_whole_sheet(paul)
    old_summary = [b.data for b in paul.buttons()]
    sheet_id = int(next(d for d in old_summary if d.startswith("shr:s:")).rsplit(":", 1)[1])

    marie = Chat(app.dispatcher, MARIE)
    await marie.send("/equipe")
    assert "Paul Martin (Agent·e, paul.502@example.fr), depuis le" in marie.text
    await marie.press("Retirer Paul Martin")
    assert "Son accès s'arrête tout de suite" in marie.text
    await marie.press("Oui, retirer")
    assert "n'a plus accès au dossier d'Albi" in marie.text
    [removed] = await notices(app, PAUL)
    assert "Vous n'avez plus accès au dossier d'<b>Albi</b> par Marie Dupont" in removed.text

    for stale in (*old_summary, f"shd:o:{sheet_id}"):
        await paul.press_data(stale)
        assert paul.callback_answer.text == STALE, (stale, paul.text)
    await paul.send("/fiches")
    assert "réservé à ses membres" in paul.text and "Portail famille" not in paul.text
    await paul.send("/mesdonnees")
    document = next(r for r in paul.replies if isinstance(r, SendDocument))
    assert b"Portail famille en ligne" in document.content  # his own answers, nothing else of Albi's
    assert b'"statut": "retiree"' in document.content


async def test_what_was_queued_for_a_removed_member_as_such_is_not_sent_to_him(app, clock):
    """Queued before Marie removes Paul, not sent yet: the validation notice, the deadline reminder
    listing Albi's drafts, Karim's access request. Paul gets none of them, only the notice that
    his access ended; Marie still gets hers."""
    clock.set(datetime(2026, 3, 16, 8, 0, tzinfo=UTC))  # 30 days before the closing, 09:00 in Paris
    sheet_id = await submitted_sheet(app, MARIE)
    await submitted_sheet(app, PAUL, answers={"titre": "Wifi des écoles"}, submit=False)
    await join(app.sessions, KARIM, name="Karim Benali", member=False)
    karim = Chat(app.dispatcher, KARIM, "Karim")
    await karim.send("/fiches")
    await karim.press("📨 Demander l'accès")
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.press_data(f"rvo:{sheet_id}")
    await staff.press("✅ Valider")
    await staff.press("✅ Oui, valider")
    edition = dataclasses.replace(app.content.edition, dates={**app.content.edition.dates, "date_limite": CLOSING})
    deadlines = load_deadlines(Path(__file__).resolve().parents[2] / "data" / "echeances.toml")
    assert await DeadlineScheduler(app.sessions, deadlines, edition, clock, ZoneInfo("Europe/Paris")).run_once() == 2
    queued = {"membership", "review", "deadline"}
    assert {row.kind for row in await pending(app, PAUL)} == {row.kind for row in await pending(app, MARIE)} == queued

    marie = Chat(app.dispatcher, MARIE)
    await marie.send("/equipe")
    remove = [b.data for m in marie.messages for row in m.buttons for b in row if b.label == "Retirer Membre 502"]
    await marie.press_data(remove[0])  # the team's message; Karim's request has its own below it
    await marie.press("Oui, retirer")
    [left] = await pending(app, PAUL)
    assert "Vous n'avez plus accès au dossier d'<b>Albi</b>" in left.text
    assert {row.kind for row in await pending(app, MARIE)} == queued


async def test_someone_removed_while_writing_a_refusal_sees_the_request_no_more(app):
    await join(app.sessions, MARIE)
    await join(app.sessions, PAUL, name="Paul Martin")
    await join(app.sessions, KARIM, name="Karim Benali", member=False)
    karim = Chat(app.dispatcher, KARIM, "Karim")
    await karim.send("/fiches")
    await karim.press("📨 Demander l'accès")
    paul = Chat(app.dispatcher, PAUL, "Paul")
    await paul.press_data(button_data((await notices(app, PAUL))[0], "❌ Refuser"))
    assert "Karim Benali" in paul.text  # the reason's question names him
    marie = Chat(app.dispatcher, MARIE)
    await marie.send("/equipe")
    remove = [b.data for m in marie.messages for row in m.buttons for b in row if b.label == "Retirer Paul Martin"]
    await marie.press_data(remove[0])
    await marie.press("Oui, retirer")

    await paul.send("/aide")  # help shows the step's question again: not to someone removed
    assert "Vous n'avez plus accès à ce dossier" in paul.text and "Karim" not in paul.text
    await paul.send("Je ne le connais pas")  # the reason he was writing: out of the flow, not saved
    assert "Karim" not in paul.text
    assert [m.status for m in await memberships_of(app, KARIM)] == ["demandee"]


async def pending(app, chat_id: int) -> list[OutboxMessage]:
    async with app.sessions() as session:
        query = select(OutboxMessage).where(OutboxMessage.chat_id == chat_id, OutboxMessage.status == "pending")
        return list((await session.scalars(query.order_by(OutboxMessage.id))).all())


async def test_the_links_of_a_removed_member_let_nobody_in_not_even_him(app):
    app.services.bot_username = "arobase_test_bot"
    await join(app.sessions, MARIE)
    await join(app.sessions, PAUL, name="Paul Martin")
    paul = Chat(app.dispatcher, PAUL, "Paul")
    await paul.send("/inviter")
    kept = invitation_link(paul.text)  # made while he was a member, kept for later
    await paul.send("/inviter")
    for_nadia = invitation_link(paul.text)
    marie = Chat(app.dispatcher, MARIE)
    await marie.send("/equipe")
    await marie.press("Retirer Paul Martin")
    await marie.press("Oui, retirer")

    await paul.send(f"/start {kept}")
    assert "n'est plus valable" in paul.text
    await paul.send("/fiches")
    assert "réservé à ses membres" in paul.text
    await join(app.sessions, NADIA, name="Nadia Martin", member=False)
    nadia = Chat(app.dispatcher, NADIA, "Nadia")
    await nadia.send(f"/start {for_nadia}")
    assert "n'est plus valable" in nadia.text and "Bienvenue" not in nadia.text
    assert [status for _, status in await memberships(app) if status == "active"] == ["active"]  # Marie alone


async def test_leaving_a_dossier(app):
    await join(app.sessions, MARIE)
    marie = Chat(app.dispatcher, MARIE)
    await marie.send("/equipe")
    await marie.press("🚪 Quitter ce dossier")
    await marie.press("Non")
    assert "Équipe du dossier d'Albi" in marie.text
    sheet_id = await submitted_sheet(app, PAUL)  # a colleague's sheet, validated: Marie is told, later
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.press_data(f"rva:v:{sheet_id}")
    await staff.press("✅ Oui, valider")
    assert [row.kind for row in await pending(app, MARIE)] == ["review"]
    await marie.press("🚪 Quitter ce dossier")
    await marie.press("🚪 Oui, quitter")
    assert "vous ne faites plus partie du dossier d'Albi" in marie.text
    await marie.send("/fiches")
    assert "réservé à ses membres" in marie.text
    assert await pending(app, MARIE) == []  # the notice queued for her as a member stays unsent


async def test_staff_see_who_created_edited_and_submitted_each_sheet(app, clock):
    await join(app.sessions, MARIE)
    await join(app.sessions, PAUL, name="Paul Martin")
    marie, paul = Chat(app.dispatcher, MARIE), Chat(app.dispatcher, PAUL, "Paul")
    await fill_whole_sheet(marie)
    await marie.press("💾 Enregistrer et quitter")
    await paul.send("/fiches")
    await paul.press("▶️ Reprendre")
    assert "✍️ Modifiée par Marie Dupont le" in paul.text
    await paul.press("✏️ Résultats")
    assert "(réponse de Marie Dupont, le" in paul.text
    await paul.send("320 familles la première année.")
    await paul.press("📨 Soumettre pour relecture")
    await paul.press("📨 Oui, soumettre")

    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.press_data("rvo:1")
    assert "✍️ Créée par Marie Dupont (Agent·e, marie.501@example.fr)" in staff.text
    assert "✍️ Modifiée en dernier par Paul Martin (Agent·e, paul.502@example.fr)" in staff.text
    assert "📨 Soumise par Paul Martin (Agent·e, paul.502@example.fr)" in staff.text
    await staff.send("/export_fiches csv")
    content = next(r for r in staff.replies if isinstance(r, SendDocument)).content.decode("utf-8-sig")
    assert "Soumise par" in content.splitlines()[0]
    assert "Marie Dupont (Agent·e, marie.501@example.fr)" in content
    assert "Paul Martin (Agent·e, paul.502@example.fr)" in content

    await paul.send("/effacer")
    await paul.press("🗑 Oui, effacer mes données")
    await staff.press_data("rvo:1")
    assert "📨 Soumise par une personne qui a supprimé ses données" in staff.text
    assert await memberships_of(app, PAUL) == []


async def test_staff_manage_any_team_with_its_code(app):
    await join(app.sessions, MARIE)
    await join(app.sessions, PAUL, name="Paul Martin")
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.send("/equipe 99999")
    assert "Aucune collectivité de code « 99999 »" in staff.text
    await staff.send("/equipe 81004")
    assert "Équipe du dossier d'Albi" in staff.text and "Inviter" not in staff.text
    await staff.press("Retirer Paul Martin")
    await staff.press("Oui, retirer")
    assert "Paul Martin (Agent·e, paul.502@example.fr) n'a plus accès au dossier d'Albi" in staff.text
    assert "Retirer Paul Martin" not in [b.label for b in staff.buttons()]
    [removed] = await notices(app, PAUL)
    assert removed.text == "Vous n'avez plus accès au dossier d'<b>Albi</b>."
    marie = Chat(app.dispatcher, MARIE)
    await marie.send("/equipe 81004")  # not staff: the argument gives nothing more than her own team
    assert "Équipe du dossier d'Albi" in marie.text and "Paul" not in marie.text


async def test_someone_of_two_collectivities_chooses_the_dossier(app):
    await join(app.sessions, MARIE, code="248100737", town="CA de l'Albigeois")
    await join(app.sessions, MARIE)  # and her commune: Albi is now the collectivity she acts for
    marie = Chat(app.dispatcher, MARIE)
    await marie.send("/equipe")
    await marie.press("🔁 Dossier de CA de l'Albigeois")
    assert "Vous travaillez maintenant sur le dossier de <b>CA de l'Albigeois</b>" in marie.text
    assert "Fiches actions — CA de l'Albigeois" in marie.text


async def test_a_pending_member_forging_the_collectivitys_sheet_ids_reaches_nothing(app):
    sheet_id = await submitted_sheet(app, MARIE, answers={"titre": "Portail famille secret"}, submit=False)
    await join(app.sessions, KARIM, name="Karim Benali", member=False)
    karim = Chat(app.dispatcher, KARIM, "Karim")
    await karim.send("/fiches")
    await karim.press("📨 Demander l'accès")
    assert "Accès en attente de validation" in karim.text
    for forged in (f"shd:o:{sheet_id}", f"shd:o:{sheet_id + 1}", f"shd:o:{2**40}"):
        await karim.press_data(forged)
        assert karim.callback_answer.text == STALE
        assert "secret" not in karim.text
    await karim.press_data("shd:x")
    assert not any(isinstance(r, SendDocument) for r in karim.replies)  # his own (empty) private dossier only


async def test_someone_refused_is_told_so_in_their_words_and_on_their_private_draft(app):
    karim, staff = await karim_asks_and_staff_start_refusing(app)
    await staff.press("Cette personne n'agit pas pour la collectivité")
    [refused] = await notices(app, KARIM)
    assert "n'a pas été acceptée (vous n'êtes pas connu·e comme agissant pour la collectivité)" in refused.text
    assert "demandez une invitation à un membre d'Albi" in refused.text  # and what to do if it is a mistake
    await fill_whole_sheet(karim)
    assert "a été refusée : cette fiche reste privée" in karim.text
    assert "quand votre accès au dossier sera validé" not in karim.text  # not « pending » any more


async def test_a_private_draft_is_no_sheet_of_the_collectivity_in_the_staff_export(app):
    await submitted_sheet(app, MARIE)
    await join(app.sessions, KARIM, name="Karim Benali", member=False)
    karim = Chat(app.dispatcher, KARIM, "Karim")
    await karim.send("/fiches")
    await karim.press("📨 Demander l'accès")
    await fill_whole_sheet(karim, answers={"titre": "Faux guichet"})  # his access is not granted yet
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.send("/export_fiches")
    assert "(1 fiche, brouillons compris)" in staff.text
    await staff.send("/export_fiches csv")
    [export] = [r for r in staff.replies if isinstance(r, SendDocument)]
    assert b"Faux guichet" not in export.content and b"Portail famille" in export.content


async def test_a_member_who_changed_collectivity_in_the_profile_finds_the_way_back(app):
    await join(app.sessions, MARIE, code="01380", town="Saint-Jean-de-Thurigneux")
    await join(app.sessions, MARIE, member=False)  # her profile now says Albi, where she is no member
    marie = Chat(app.dispatcher, MARIE)
    await marie.send("/fiches")
    assert "Le dossier d'<b>Albi</b> est réservé à ses membres" in marie.text
    await marie.press("🔁 Dossier de Saint-Jean-de-Thurigneux")
    assert "Vous travaillez maintenant sur le dossier de <b>Saint-Jean-de-Thurigneux</b>" in marie.text


async def test_an_answer_by_someone_who_erased_their_data_reads_in_good_french(app):
    await join(app.sessions, MARIE)
    await join(app.sessions, PAUL, name="Paul Martin")
    marie, paul = Chat(app.dispatcher, MARIE), Chat(app.dispatcher, PAUL, "Paul")
    await fill_whole_sheet(marie)
    await marie.press("💾 Enregistrer et quitter")
    await marie.send("/effacer")
    await marie.press("🗑 Oui, effacer mes données")
    await paul.send("/fiches")
    await paul.press("▶️ Reprendre")
    await paul.press("✏️ Résultats")
    assert "(réponse d'une personne qui a supprimé ses données, le" in paul.text


async def test_a_member_of_another_dossier_is_asked_before_an_invitation_changes_her_dossier(app):
    app.services.bot_username = "arobase_test_bot"
    await submitted_sheet(app, MARIE, answers={"titre": "Portail famille"})  # Marie, member of Albi
    await join(app.sessions, NADIA, name="Nadia Martin", code="01380", town="Saint-Jean-de-Thurigneux")
    marie, nadia = Chat(app.dispatcher, MARIE), Chat(app.dispatcher, NADIA, "Nadia")
    await marie.send("/inviter")
    parameter = invitation_link(marie.text)

    await nadia.send(f"/start {parameter}")
    assert "Vous travaillez aujourd'hui sur le dossier de <b>Saint-Jean-de-Thurigneux</b>" in nadia.text
    assert "Rejoindre le dossier d'<b>Albi</b> ?" in nadia.text
    await nadia.press("Non, rester sur mon dossier")
    assert "vous restez sur le dossier de <b>Saint-Jean-de-Thurigneux</b>" in nadia.text
    assert "Le lien reste valable jusqu'au" in nadia.text
    assert "Fiches actions — Saint-Jean-de-Thurigneux" in nadia.text
    assert [m.status for m in await memberships_of(app, NADIA)] == ["active"]
    assert await notices(app, MARIE) == []

    await nadia.send(f"/start {parameter}")  # the link still serves: she changes her mind
    await nadia.send("je ne sais pas trop")
    assert "Rejoindre le dossier d'<b>Albi</b> ?" in nadia.text  # typed: the question again
    yes = next(b.data for b in nadia.buttons() if b.label == "✅ Oui, rejoindre")
    await nadia.press_data(yes)
    assert "Bienvenue dans le dossier d'<b>Albi</b>" in nadia.text and "Éducation : 1 fiche" in nadia.text
    assert "Pour revenir au dossier de <b>Saint-Jean-de-Thurigneux</b> : /equipe" in nadia.text
    await nadia.press_data(yes)  # a double tap joins once
    assert nadia.callback_answer.text == STALE
    assert sorted(m.status for m in await memberships_of(app, NADIA)) == ["active", "active"]
    assert len(await notices(app, MARIE)) == 1
    await nadia.send("/equipe")
    await nadia.press("🔁 Dossier de Saint-Jean-de-Thurigneux")
    assert "Vous travaillez maintenant sur le dossier de <b>Saint-Jean-de-Thurigneux</b>" in nadia.text


async def test_a_command_during_the_invitation_s_questions_says_the_link_is_not_used_yet(app):
    app.services.bot_username = "arobase_test_bot"
    await join(app.sessions, MARIE)
    marie, nadia = Chat(app.dispatcher, MARIE), Chat(app.dispatcher, NADIA, "Nadia")
    await marie.send("/inviter")
    parameter = invitation_link(marie.text)
    await nadia.send(f"/start {parameter}")
    await nadia.press("✅ J'accepte")
    await nadia.send("/fiches")  # at « prénom et nom »
    assert "Vous n'avez pas encore rejoint le dossier : rouvrez le lien de votre collègue" in nadia.text
    await nadia.send(f"/start {parameter}")  # and the link still serves
    assert "prénom et nom" in nadia.text

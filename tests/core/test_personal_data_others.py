"""/mesdonnees gives what a person did to others and what others did about them, not only their
own rows: the decisions they took on access requests, the comments they wrote on a sheet, the
sheets they submitted, the messages to others that name them, the audit entries about them;
and never who the others were."""

from __future__ import annotations

import json
import re

from handlers.core.events import SendDocument
from tests.conftest import STAFF_ID
from tests.core.test_membership import button_data, notices
from tests.support.chat import Chat
from tests.support.review import submitted_sheet
from tests.support.sheets import join

MARIE, PAUL, KARIM = 511, 512, 513


async def my_data(chat: Chat) -> dict:
    await chat.send("/mesdonnees")
    document = next(a for a in chat.replies if isinstance(a, SendDocument))
    return json.loads(document.content)


async def test_a_decision_on_a_colleagues_request_is_in_both_their_data(app):
    await join(app.sessions, MARIE)
    await join(app.sessions, PAUL, name="Paul Martin")
    await join(app.sessions, KARIM, name="Karim Benali", member=False)
    karim = Chat(app.dispatcher, KARIM, "Karim")
    await karim.send("/fiches")
    await karim.press("📨 Demander l'accès")
    paul = Chat(app.dispatcher, PAUL, "Paul")
    await paul.press_data(button_data((await notices(app, PAUL))[0], "✅ Accepter"))
    await paul.press("✅ Oui, donner l'accès")

    pauls = await my_data(paul)
    assert pauls["acces_aux_dossiers"]["decisions_prises"] == [
        {"collectivite": "Albi", "statut": "active", "le": pauls["acces_aux_dossiers"]["decisions_prises"][0]["le"]}
    ]
    told = pauls["messages_recus"]["a_d_autres_vous_concernant"]
    assert any("validé par Paul Martin" in message["texte"] for message in told)

    karims = await my_data(karim)
    assert [e["action"] for e in karims["journal"]["vous_concernant"]] == ["membership_accepted"]
    # as a number of its own: a timestamp's microseconds may contain the digits by chance
    assert re.search(rf"(?<![\d.]){PAUL}(?!\d)", json.dumps(karims)) is None


async def test_a_staff_comment_and_a_submission_are_in_their_authors_data(app):
    sheet_id = await submitted_sheet(app, MARIE)
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.press_data(f"rvo:{sheet_id}")
    await staff.press("✏️ Demander une correction")
    await staff.press("Incomplet")
    await staff.send("Il manque les résultats chiffrés.")
    await staff.press_data(next(b.data for b in staff.buttons() if b.label == "📨 Envoyer"))

    comments = (await my_data(staff))["fiches_actions"]["commentaires"]
    assert "diffusions que vous avez lancées" in staff.text  # what is kept about staff, told to staff
    assert [(c["fiche"], c["type"], c["motif"], c["texte"]) for c in comments] == [
        (sheet_id, "correction", "Incomplet", "Il manque les résultats chiffrés.")
    ]
    maries = await my_data(Chat(app.dispatcher, MARIE, "Marie"))
    assert [s["fiche"] for s in maries["fiches_actions"]["fiches_soumises"]] == [sheet_id]

"""KnowledgeBaseHolder (reload, runtime phrasings)."""

import pytest

from faq.holder import KnowledgeBaseHolder
from faq.knowledge import KnowledgeBaseError
from faq.matcher import Outcome

V1 = """
[[entry]]
id = "date-limite"
question = "Quelle est la date limite de participation ?"
phrasings = ["jusqu'à quand peut-on s'inscrire ?"]
answer = "Le {date_limite}."

[[entry]]
id = "mosaique"
question = "Qu'est-ce que la mosaïque ?"
answer = "Une vue des services."
"""

V2 = (
    V1
    + """
[[entry]]
id = "jury-composition"
question = "Qui compose le jury ?"
answer = "Des experts."
"""
)

BROKEN = V2.replace('id = "mosaique"', 'id = "date-limite"')


def test_reload_success_and_failure_keeps_previous(tmp_path):
    path = tmp_path / "faq.toml"
    path.write_text(V1, encoding="utf-8")
    holder = KnowledgeBaseHolder(path)
    assert holder.kb.ids == ("date-limite", "mosaique")

    path.write_text(V2, encoding="utf-8")
    report = holder.reload()
    assert report.ok and report.entries == 3
    assert holder.match("qui compose le jury ?").answer_ids == ["jury-composition"]

    path.write_text(BROKEN, encoding="utf-8")
    report = holder.reload()
    assert not report.ok and report.entries == 3
    assert 'duplicate id "date-limite"' in report.message and str(path) in report.message
    assert holder.kb.ids == ("date-limite", "mosaique", "jury-composition")
    assert holder.match("c koi la mosaique").answer_ids == ["mosaique"]


def test_first_load_failure_raises(tmp_path):
    path = tmp_path / "faq.toml"
    path.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(KnowledgeBaseError):
        KnowledgeBaseHolder(path)


def test_extra_phrasings_survive_reload(tmp_path):
    path = tmp_path / "faq.toml"
    path.write_text(V1, encoding="utf-8")
    question = "le tableau coloré de notre espace, c'est quoi ?"
    holder = KnowledgeBaseHolder(path)
    assert holder.match(question).answer_ids != ["mosaique"]
    holder.add_extra_phrasing("mosaique", "tableau coloré dans l'espace")
    assert holder.match(question).answer_ids == ["mosaique"]
    path.write_text(V2, encoding="utf-8")
    assert holder.reload().ok
    assert holder.match(question).answer_ids == ["mosaique"]
    with pytest.raises(KeyError):
        holder.add_extra_phrasing("nope", "x")
    holder.set_extra_phrasings({"ghost": ["x"]})
    assert "Reformulations ignorées" in holder.reload().message


def test_outcome_values_are_stable():
    # handlers may store or log these values
    assert [o.value for o in Outcome] == ["answer", "suggest", "unknown", "out_of_scope", "smalltalk"]

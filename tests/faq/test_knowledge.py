"""Knowledge base loading, validation, rendering, HTML checks."""

from pathlib import Path

import pytest

from faq.html_wording import check_html
from faq.knowledge import KnowledgeBaseError, load_knowledge_base, parse_knowledge_base
from faq.placeholders import MissingValueError, substitute, unknown_placeholders
from faq.telegram_html import visible_length

REAL_KB = Path(__file__).resolve().parents[2] / "faq" / "data" / "faq.toml"

GOOD = '''\
# comment line
[[entry]]
id = "date-limite"
question = "Quelle est la date limite ?"
phrasings = ["jusqu'à quand ?"]
keywords = ["date limite"]
answer = """La date limite est le <b>{date_limite}</b>."""
more = """Voir {site_web}."""
related = ["contact"]
source = "règlement"

[[entry]]
id = "contact"
question = "Comment contacter l'association ?"
answer = "Écrivez à {contact_email} &amp; appelez le {contact_telephone}."
unknown = true
'''


def write(tmp_path, text, name="faq.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def errors_of(tmp_path, text):
    path = write(tmp_path, text)
    with pytest.raises(KnowledgeBaseError) as info:
        load_knowledge_base(path)
    return str(path), info.value


def test_good_file_loads_in_order(tmp_path):
    kb = load_knowledge_base(write(tmp_path, GOOD))
    assert kb.ids == ("date-limite", "contact")
    entry = kb["date-limite"]
    assert entry.phrasings == ("jusqu'à quand ?",)
    assert entry.related == ("contact",)
    assert entry.position == 1 and entry.line == 2
    assert kb["contact"].unknown is True and kb["contact"].line == 12
    assert "contact" in kb and kb.get("nope") is None and len(kb) == 2


def test_render_substitutes_placeholders(tmp_path):
    kb = load_knowledge_base(write(tmp_path, GOOD))
    values = {"date_limite": "30 juin", "site_web": '<a href="https://x.fr">x.fr</a>'}
    assert kb["date-limite"].render(values) == "La date limite est le <b>30 juin</b>."
    assert kb["date-limite"].render_more(values) == 'Voir <a href="https://x.fr">x.fr</a>.'
    assert kb["contact"].render_more(values) == ""
    with pytest.raises(MissingValueError):
        kb["contact"].render(values)
    assert kb["contact"].render({}, default="?") == "Écrivez à ? &amp; appelez le ?."


def test_substitution_is_not_str_format():
    assert substitute("{a} {b.c} {0} { a } {", {"a": "{b}"}) == "{b} {b.c} {0} { a } {"
    assert unknown_placeholders("{edition} {date_limte} {Foo}") == ["Foo", "date_limte"]


def test_toml_syntax_error_names_file_and_line(tmp_path):
    path, err = errors_of(tmp_path, '[[entry]]\nid = "x"\nquestion = "q"\nanswer = "a\n')
    assert path in str(err) and "syntax" in str(err) and "line 4" in str(err)


def test_all_errors_are_reported_with_file_entry_and_line(tmp_path):
    text = (
        GOOD
        + '''
[[entry]]
id = "contact"
question = ""
answer = """Bonjour {date_limte} <b>gras"""
related = ["inconnue"]
colour = "rouge"
phrasings = "pas une liste"

[[entry]]
question = "Sans identifiant ?"
answer = "x"
unknown = "oui"
'''
    )
    path, err = errors_of(tmp_path, text)
    lines = str(err).splitlines()[1:]
    assert len(err.errors) == len(lines) >= 8
    third = [line for line in lines if 'entry #3 (id "contact")' in line]
    assert all(line.startswith(f"{path}:18:") for line in third)
    expected = [
        "required field 'question' is empty",
        'duplicate id "contact"',
        "unknown placeholder(s) {date_limte}",
        "<b> never closed",
        'related: unknown id "inconnue"',
        "unknown field 'colour'",
        "field 'phrasings' must be a list of strings",
    ]
    for fragment in expected:
        assert any(fragment in line for line in third), fragment
    fourth = [line for line in lines if "entry #4" in line]
    assert all(line.startswith(f"{path}:26:") for line in fourth)
    assert any("missing required field 'id'" in line for line in fourth)
    assert any("field 'unknown' must be true or false" in line for line in fourth)


def test_missing_answer_and_wrong_type(tmp_path):
    path, err = errors_of(tmp_path, '[[entry]]\nid = "a"\nquestion = 3\n')
    text = str(err)
    assert f"{path}:1: entry #1 (id \"a\"): missing required field 'answer'" in text
    assert "field 'question' must be a string, not int" in text


@pytest.mark.parametrize(
    "answer, fragment",
    [
        ("<b>gras</i>", "unbalanced"),
        ("<p>para</p>", "unsupported tag <p>"),
        ("ligne<br>ligne", "unsupported tag <br>"),
        ("R&D", "bare '&'"),
        ("a < b", "bare '<'"),
        ("<a>lien</a>", "<a> without href"),
        ("<code><b>x</b></code>", "not allowed inside <code>"),
        ("&nbsp;", "unsupported entity"),
    ],
)
def test_invalid_telegram_html(tmp_path, answer, fragment):
    path, err = errors_of(tmp_path, f'[[entry]]\nid = "a"\nquestion = "q"\nanswer = """{answer}"""\n')
    assert fragment in str(err) and f'{path}:1: entry #1 (id "a")' in str(err)


def test_valid_telegram_html():
    html = (
        '<b>g</b> <strong><i>x</i></strong> <a href="https://x.fr">l</a> '
        '<span class="tg-spoiler">s</span> <pre><code class="language-py">c</code></pre>'
        " &lt;tag&gt; &amp; &quot; &#233; <blockquote expandable>q</blockquote> 1 > 0"
    )
    assert check_html(html) == []
    assert visible_length("<b>é&amp;</b>") == 2


def test_answer_too_long_for_a_phone_and_for_telegram(tmp_path):
    phone = "x" * 1300
    _, err = errors_of(tmp_path, f'[[entry]]\nid = "a"\nquestion = "q"\nanswer = "{phone}"\n')
    assert "too long for a phone" in str(err)
    near = "y" * 4050 + "{site_web}"  # fits raw, not with a long site address
    _, err = errors_of(tmp_path, f'[[entry]]\nid = "a"\nquestion = "q"\nanswer = "ok"\nmore = "{near}"\n')
    assert "more too long for one Telegram message" in str(err)


def test_unreadable_file(tmp_path):
    with pytest.raises(KnowledgeBaseError) as info:
        load_knowledge_base(tmp_path / "absent.toml")
    assert "absent.toml" in str(info.value)


def test_extra_phrasings_return_a_new_kb(tmp_path):
    kb = parse_knowledge_base(GOOD)
    richer = kb.with_extra_phrasings({"contact": ["  joindre  l'équipe ", "", "joindre l'équipe"], "ghost": ["x"]})
    assert richer["contact"].extra_phrasings == ("joindre l'équipe",)
    assert kb["contact"].extra_phrasings == ()
    assert kb.unknown_ids(["ghost", "contact"]) == ["ghost"]


@pytest.mark.skipif(not REAL_KB.exists(), reason="faq/data/faq.toml not written yet")
def test_real_knowledge_base_validates():
    kb = load_knowledge_base(REAL_KB)
    assert len(kb) > 0
    ids_file = REAL_KB.parent / "ENTRY_IDS.md"
    if ids_file.exists():
        known = {
            line.split("|")[0].strip()
            for line in ids_file.read_text().splitlines()
            if "|" in line and not line.startswith("#")
        }
        assert set(kb.ids) <= known


def test_an_unknown_action_is_reported_with_file_and_line(tmp_path):
    text = GOOD.replace("unknown = true\n", 'unknown = true\naction = "inscription"\n')
    path, err = errors_of(tmp_path, text)
    assert (
        f"{path}:12: entry #2 (id \"contact\"): action 'inscription' is not one of: "
        "webinaire, fiches, mesdonnees, mesinscriptions, rappels, ecrire" in (err.errors)
    )
    fine = load_knowledge_base(write(tmp_path, GOOD.replace("unknown = true\n", 'unknown = true\naction = "fiches"\n')))
    assert fine["contact"].action == "fiches" and fine["date-limite"].action == ""


def test_every_kind_of_html_problem_is_worded_for_the_faq_file():
    from faq.html_wording import _ENGLISH
    from faq.telegram_html import KINDS

    assert set(_ENGLISH) == KINDS

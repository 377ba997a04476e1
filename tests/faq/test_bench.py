"""The FAQ benchmark counts replies as a user sees them: direct answers, suggestions, wrong answers, declines."""

from faq.bench import Case, Reply, baseline, bucket, evaluate, main, ours, read_dev
from faq.knowledge import parse_knowledge_base
from faq.matcher import Matcher

KB = """
[[entry]]
id = "date-limite"
question = "Quelle est la date limite de participation ?"
phrasings = ["jusqu'à quand peut-on s'inscrire ?"]
answer = "Le {date_limite}."

[[entry]]
id = "mosaique"
question = "Qu'est-ce que la mosaïque ?"
answer = "Une vue des services."

[[entry]]
id = "cout"
question = "Combien coûte la participation ?"
answer = "Ce n'est pas publié."
unknown = true
"""

DEV = (
    "question\texpected\n"
    "# a comment\n"
    "c kan la date limite\tdate-limite\n"
    "la mosaique c quoi\tmosaique|date-limite\n"
    "quel temps fera-t-il demain\tHORS_SUJET\n"
    "combien de fiches au minimum\tINCONNU\n"
)


def test_dev_file_is_read_with_its_labels(tmp_path):
    dev = tmp_path / "dev.tsv"
    dev.write_text(DEV, encoding="utf-8")
    cases = read_dev(dev)
    assert [c.expected for c in cases] == [("date-limite",), ("mosaique", "date-limite"), (), ()]
    assert [c.not_known for c in cases] == [False, False, False, True]


def test_a_suggestion_list_is_not_a_direct_answer():
    case = Case("q", ("a",))
    assert bucket(case, Reply("answer", ("a",))) == "direct"
    assert bucket(case, Reply("suggest", ("a", "b"))) == "suggested"
    assert bucket(case, Reply("suggest", ("b", "c"))) == "suggested_wrong"
    assert bucket(case, Reply("answer", ("b",))) == "wrong"
    assert bucket(case, Reply("answer", ("a", "b"))) == "wrong"  # a neighbour given along the right one
    assert bucket(case, Reply("declined")) == "declined"
    assert bucket(Case("q", ("a", "b")), Reply("answer", ("b", "a"))) == "direct"


def test_each_question_lands_in_one_bucket():
    replies = {
        "one": Reply("answer", ("a",)),
        "two": Reply("suggest", ("a",)),
        "three": Reply("answer", ("b",)),
        "four": Reply("declined"),
        "off": Reply("suggest", ("a",)),
        "off2": Reply("declined"),
        "unpublished": Reply("answer", ("c",), unknown=True),
        "unpublished2": Reply("answer", ("a",)),
    }
    cases = [Case(q, ("a",)) for q in ("one", "two", "three", "four")]
    cases += [Case("off", ()), Case("off2", ())]
    cases += [Case("unpublished", (), not_known=True), Case("unpublished2", (), not_known=True)]
    report = evaluate(replies.__getitem__, cases)
    assert report.n_in == 4 and report.n_off == 2 and report.n_not_known == 2
    assert [report.share(b) for b in ("direct", "suggested", "wrong", "declined")] == [0.25] * 4
    assert report.off_declined_share == 0.5 and report.not_known_share == 0.5
    assert len(report.misses) == 3 + 1 + 1


def test_the_matcher_and_the_baseline_are_scored(tmp_path, capsys):
    dev = tmp_path / "dev.tsv"
    dev.write_text(DEV, encoding="utf-8")
    cases = read_dev(dev)
    kb = parse_knowledge_base(KB)
    report = evaluate(ours(Matcher(kb)), cases, repeat=2)
    assert report.share("direct") == 1.0 and report.off_declined_share == 1.0
    assert report.p99 > 0 and len(report.timings) == 2 * len(cases)
    assert 0.0 <= evaluate(baseline(kb), cases).share("direct") <= 1.0

    kb_path = tmp_path / "faq.toml"
    kb_path.write_text(KB, encoding="utf-8")
    assert main(["--kb", str(kb_path), "--dev", str(dev), "--repeat", "1", "--verbose", "--baseline"]) == 0
    out = capsys.readouterr().out
    for figure in ("direct answer correct", "right entry among suggestions", "wrong direct answer"):
        assert figure in out
    assert "in-scope declined" in out and "off-topic declined" in out and "p99" in out and "baseline" in out

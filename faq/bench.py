"""Benchmark of the FAQ matcher on a dev set, counted as a user sees the replies.

    python -m faq.bench [--kb faq/data/faq.toml] [--dev tests/data/faq_dev.tsv]
                        [--verbose] [--repeat 20] [--loo] [--baseline] [--no-off-topic-lexicon]
                        [--typos 0.3 [--seed 0]]

Dev set: TSV with header ``question<TAB>expected``; ``#`` lines are comments;
expected is an entry id, ``id1|id2`` (any of them is right: a two-question
message), ``HORS_SUJET`` (must be declined) or ``INCONNU`` (about the label,
but nothing published answers it: the bot must say it does not know).

Each in-scope question falls in exactly one bucket:

* ``direct``: outcome ANSWER and every entry given is an expected one;
* ``suggested``: « Vouliez-vous dire » with an expected entry among the buttons;
* ``suggested_wrong``: « Vouliez-vous dire » without any expected entry;
* ``wrong``: outcome ANSWER with an entry that is not expected (a neighbour);
* ``declined``: UNKNOWN, OUT_OF_SCOPE or SMALLTALK (no entry shown).

Off-topic questions are ``declined`` or not (answered or suggested).
``INCONNU`` questions are right when the bot says it does not know: outcome
UNKNOWN, or an answer made only of ``unknown = true`` entries.
Latency is measured on cold caches (tokenisation and typo caches cleared
before each timed run).  ``--loo`` also measures leave-one-out on the KB's own phrasings (each
phrasing removed from the index and asked, counted as direct answers), a check that does not depend on
the dev set.  ``--baseline`` adds rapidfuzz ``WRatio`` against the canonical questions.
``--typos 0.3 [--seed N]`` adds phone typos to 30 % of the words of 4+ letters (one edit each, never the
first letter).  ``--no-off-topic-lexicon`` judges scope without the hand-written off-topic words, which overlap the dev
set's off-topic questions: what the general rules decline alone.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from faq.knowledge import KnowledgeBase, load_knowledge_base
from faq.matcher import Matcher, Outcome
from faq.normalize import clear_caches
from faq.scope import set_off_topic_lexicon

OFF = "HORS_SUJET"
NOT_KNOWN = "INCONNU"
BASELINE_THRESHOLD = 70.0
DECLINED = {Outcome.OUT_OF_SCOPE, Outcome.UNKNOWN, Outcome.SMALLTALK}
BUCKETS = ("direct", "suggested", "suggested_wrong", "wrong", "declined")


@dataclass
class Case:
    question: str
    expected: tuple[str, ...]  # empty tuple: out of scope
    not_known: bool = False  # INCONNU: the bot must say it does not know


@dataclass(frozen=True)
class Reply:
    """What the user sees: an answer (entries), suggestions (entries), or a decline."""

    kind: str  # "answer" | "suggest" | "declined"
    ids: tuple[str, ...] = ()
    unknown: bool = False  # an answer made only of `unknown = true` entries


def read_dev(path: str | Path) -> list[Case]:
    cases: list[Case] = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        question, _, expected = line.partition("\t")
        if number == 1 or (question, expected.strip()) == ("question", "expected"):
            continue
        expected = expected.strip()
        if expected == NOT_KNOWN:
            cases.append(Case(question, (), not_known=True))
        else:
            cases.append(Case(question, () if expected == OFF else tuple(expected.split("|"))))
    return cases


# A system gives the Reply for a question; its optional ``reset`` clears its
# caches so that each timed run is a cold (never seen) message.
System = Callable[[str], Reply]


def ours(matcher: Matcher) -> System:
    def run(text: str) -> Reply:
        res = matcher.match(text)
        if res.outcome is Outcome.ANSWER:
            return Reply("answer", tuple(res.answer_ids), all(e.unknown for e in res.answers))
        if res.outcome is Outcome.SUGGEST and res.suggestions:
            return Reply("suggest", tuple(res.suggestion_ids))
        return Reply("declined")

    def reset() -> None:
        clear_caches()
        matcher.index.clear_cache()

    run.reset = reset  # type: ignore[attr-defined]
    return run


def baseline(kb: KnowledgeBase, threshold: float = BASELINE_THRESHOLD) -> System:
    """rapidfuzz WRatio against the canonical questions: answers the best one above ``threshold``."""
    questions = [utils.default_process(e.question) for e in kb]
    ids = [e.id for e in kb]

    def run(text: str) -> Reply:
        found = process.extractOne(utils.default_process(text), questions, scorer=fuzz.WRatio, processor=None)
        if not found or found[1] < threshold:
            return Reply("declined")
        entry = kb[ids[found[2]]]
        return Reply("answer", (entry.id,), entry.unknown)

    return run


def bucket(case: Case, reply: Reply) -> str:
    """The bucket of an in-scope case (see the module docstring)."""
    if reply.kind == "declined":
        return "declined"
    if reply.kind == "suggest":
        return "suggested" if any(i in case.expected for i in reply.ids) else "suggested_wrong"
    return "direct" if all(i in case.expected for i in reply.ids) else "wrong"


@dataclass
class Report:
    n_in: int = 0
    n_off: int = 0
    n_not_known: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BUCKETS, 0))
    off_declined: int = 0
    not_known_said: int = 0
    timings: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def share(self, name: str) -> float:
        return self.counts[name] / self.n_in if self.n_in else 0.0

    @property
    def off_declined_share(self) -> float:
        return self.off_declined / self.n_off if self.n_off else 0.0

    @property
    def not_known_share(self) -> float:
        return self.not_known_said / self.n_not_known if self.n_not_known else 0.0

    def percentile(self, q: float) -> float:
        if not self.timings:
            return 0.0
        ordered = sorted(self.timings)
        return ordered[int(q * (len(ordered) - 1))]

    @property
    def p50(self) -> float:
        return statistics.median(self.timings) if self.timings else 0.0

    @property
    def p99(self) -> float:
        return self.percentile(0.99)


def _shown(reply: Reply) -> str:
    return f"{reply.kind} {list(reply.ids)}" if reply.ids else reply.kind


def evaluate(system: System, cases: list[Case], repeat: int = 0) -> Report:
    """Every case once for its reply, then ``repeat`` cold timed runs each."""
    report = Report()
    reset = getattr(system, "reset", None)
    for case in cases:
        reply = system(case.question)
        for _ in range(repeat):
            if reset is not None:
                reset()
            start = time.perf_counter()
            system(case.question)
            report.timings.append((time.perf_counter() - start) * 1000)
        if case.not_known:
            report.n_not_known += 1
            said = reply.kind == "declined" or (reply.kind == "answer" and reply.unknown)
            report.not_known_said += said
            if not said:
                report.misses.append(f"{'NOT SAID':15} {case.question!r} -> {_shown(reply)}")
        elif not case.expected:
            report.n_off += 1
            report.off_declined += reply.kind == "declined"
            if reply.kind != "declined":
                report.misses.append(f"{'NOT DECLINED':15} {case.question!r} -> {_shown(reply)}")
        else:
            report.n_in += 1
            name = bucket(case, reply)
            report.counts[name] += 1
            if name != "direct":
                report.misses.append(
                    f"{name.upper():15} {case.question!r} expected {'|'.join(case.expected)} got {_shown(reply)}"
                )
    return report


_KEYBOARD = ("azertyuiop", "qsdfghjklm", "wxcvbn")
_NEIGHBOURS = {ch: row[max(0, i - 1) : i] + row[i + 1 : i + 2] for row in _KEYBOARD for i, ch in enumerate(row)}
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")


def with_typos(cases: list[Case], share: float, seed: int) -> list[Case]:
    """The cases with phone typos: each word of 4+ letters, with probability ``share``, loses a letter, has
    two swapped, one doubled or one replaced by an AZERTY neighbour (never the first letter)."""
    rng = random.Random(seed)

    def typo(word: str) -> str:
        kind, i = rng.randrange(4), rng.randrange(1, len(word))
        if kind == 0:
            return word[:i] + word[i + 1 :]
        if kind == 1 and i < len(word) - 1:
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if kind == 2:
            return word[:i] + word[i] + word[i:]
        return word[:i] + rng.choice(_NEIGHBOURS.get(word[i].lower(), word[i])) + word[i + 1 :]

    def noisy(text: str) -> str:
        return _LONG_WORD.sub(lambda m: typo(m.group(0)) if rng.random() < share else m.group(0), text)

    return [replace(case, question=noisy(case.question)) for case in cases]


def leave_one_out(kb: KnowledgeBase) -> tuple[float, float, int]:
    """Shares of KB phrasings answered directly with their own entry, and with another entry, by an index
    without them."""
    good = wrong = total = 0
    for entry in kb:
        for k, phrasing in enumerate(entry.phrasings):
            others = entry.phrasings[:k] + entry.phrasings[k + 1 :]
            reduced = KnowledgeBase([replace(e, phrasings=others) if e.id == entry.id else e for e in kb], kb.path)
            res = Matcher(reduced).match(phrasing)
            if res.outcome is Outcome.ANSWER:
                good += res.answer_ids == [entry.id]
                wrong += res.answer_ids != [entry.id]
            total += 1
    return (good / total if total else 0.0), (wrong / total if total else 0.0), total


def lines(name: str, r: Report) -> list[str]:
    """The report as printed (one line per figure, each saying how it is counted)."""
    out = [
        f"{name}: {r.n_in} in scope, {r.n_off} off-topic"
        + (f", {r.n_not_known} not published" if r.n_not_known else ""),
        f"  direct answer correct         {r.share('direct'):6.1%}   (ANSWER, every entry given is expected)",
        f"  right entry among suggestions {r.share('suggested'):6.1%}   (« Vouliez-vous dire », one is expected)",
        f"  suggestions, none right       {r.share('suggested_wrong'):6.1%}",
        f"  wrong direct answer           {r.share('wrong'):6.1%}   (ANSWER with an entry not expected)",
        f"  in-scope declined             {r.share('declined'):6.1%}   (not known / off-topic / small talk)",
        f"  off-topic declined            {r.off_declined_share:6.1%}   (of the HORS_SUJET questions)",
    ]
    if r.n_not_known:
        out.append(f"  not published, said not known {r.not_known_share:6.1%}   (of the INCONNU questions)")
    if r.timings:
        out.append(f"  latency p50 {r.p50:.3f} ms   p99 {r.p99:.3f} ms   (cold caches, {len(r.timings)} runs)")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kb", default="faq/data/faq.toml")
    ap.add_argument("--dev", default="tests/data/faq_dev.tsv")
    ap.add_argument("--repeat", type=int, default=20, help="timed repetitions per question")
    ap.add_argument("--verbose", action="store_true", help="list the misses")
    ap.add_argument("--loo", action="store_true", help="leave-one-out on KB phrasings")
    ap.add_argument("--baseline", action="store_true", help="also score a naive rapidfuzz baseline")
    ap.add_argument(
        "--no-off-topic-lexicon",
        action="store_true",
        help="judge scope without faq.scope_words.OFF_TOPIC_WORDS (it overlaps the dev set): the general rules alone",
    )
    ap.add_argument("--typos", type=float, default=0.0, help="add phone typos to this share of the words")
    ap.add_argument("--seed", type=int, default=0, help="seed of --typos")
    args = ap.parse_args(argv)
    if args.no_off_topic_lexicon:
        set_off_topic_lexicon(False)
    kb = load_knowledge_base(args.kb)
    cases = read_dev(args.dev)
    if args.typos:
        cases = with_typos(cases, args.typos, args.seed)
    start = time.perf_counter()
    matcher = Matcher(kb)
    build_ms = (time.perf_counter() - start) * 1000
    print(f"KB {args.kb}: {len(kb)} entries (index built in {build_ms:.0f} ms); dev {args.dev}: {len(cases)} questions")
    results = {"matcher": evaluate(ours(matcher), cases, args.repeat)}
    if args.baseline:
        results["baseline"] = evaluate(baseline(kb), cases, args.repeat)
    for name, r in results.items():
        print("\n".join(lines(name, r)))
    if args.loo:
        acc, wrong, total = leave_one_out(kb)
        print(f"leave-one-out on {total} KB phrasings: direct answer with the own entry {acc:.1%}, another {wrong:.1%}")
    if args.verbose:
        for name, r in results.items():
            print(f"\n{name} misses ({len(r.misses)}):")
            for miss in r.misses:
                print("  " + miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())

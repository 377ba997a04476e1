"""Matching a user message against the knowledge base.

`Matcher(kb).match(text)` returns a `MatchResult` whose ``outcome`` tells the
conversation handler what to do:

* ANSWER: one or two confident entries (two for a two-question message);
* SUGGEST: up to three candidates for « Vouliez-vous dire… » ;
* UNKNOWN: about the label, but no good entry (offer to forward to staff); when the
  best entry is about the subject but does not give the key ask of the question (a price,
  a date, a bound, a duration: ``faq.lexicon.KEY_ASKS``), it is the one ``suggestions``
  item, to offer as « see also »;
* OUT_OF_SCOPE: clearly not about the label (decline politely);
* SMALLTALK: greeting, thanks, yes/no, goodbye, insult (see ``smalltalk``).

``candidates`` always holds the ranked (entry id, score) pairs (top 5).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from faq.clauses import Clause, split_clauses, split_coordinated
from faq.index import Index, Params, Scored, token_factor
from faq.knowledge import Entry, KnowledgeBase
from faq.lexicon import ASK_WORDS, KEY_ASKS, RANKING_ASKS
from faq.normalize import is_french_token, phrase_key, tokens
from faq.scope import scope_of
from faq.smalltalk import SmallTalkKind, detect_smalltalk


class Outcome(enum.StrEnum):
    ANSWER = "answer"
    SUGGEST = "suggest"
    UNKNOWN = "unknown"
    OUT_OF_SCOPE = "out_of_scope"
    SMALLTALK = "smalltalk"


@dataclass(frozen=True)
class Thresholds:
    """Decision thresholds on the combined score (0..1)."""

    answer: float = 0.45  # top score needed to answer...
    margin: float = 0.08  # ...with this lead over the runner-up,
    sure: float = 0.80  # ...or this score with a lead of at least `sure_lead` (a near tie is no answer)
    sure_lead: float = 0.03
    suggest: float = 0.30  # below: decline (UNKNOWN / OUT_OF_SCOPE)
    min_evidence: float = 0.35  # summed IDF (0..1 per word) of matched words not to decline
    suggest_ratio: float = 0.75  # suggestions scoring at least this share of the top
    clause_weight: float = 0.6  # a clause needs this much word weight to stand alone
    side_weight: float = 0.5  # each side of « A et B » needs this much word weight to be a topic
    light_side: float = 1.2  # a side of « A et B » lighter than this borrows what the other asks
    second_answer: float = 0.55  # score for the answer to a second question
    clause_discount: float = 0.95  # factor on clause scores vs whole-message scores
    # Scope without label vocabulary: share of the message explained by the best
    # entry, counting each word unknown to the KB with this weight (a typo, a name,
    # an abbreviation such as « hab »)...
    unknown_word_weight: float = 0.7
    # ...and a French word the KB never uses with this one: it is as specific as a KB word used by
    # a single entry (IDF 1), and it names what the message is about (« logement », « chien »).
    unknown_french_weight: float = 1.0
    min_explained: float = 0.4
    # A word usually off-topic that the best entry uses (« adresse mail »), and no label word:
    # the entry must explain this much of the message.
    off_topic_explained: float = 0.95
    # A match through generic words only ("où", "label") must explain this much.
    generic_explained: float = 0.6
    # An entry that does not give the key ask of a one-question message (faq.lexicon.KEY_ASKS)
    # has its score multiplied by (1 - ask_penalty).
    ask_penalty: float = 0.25


@dataclass(frozen=True)
class MatchResult:
    """What to do with a message.

    ``answers``: 1-2 entries for ANSWER (an entry with ``unknown=True`` means
    the facts are not published: offer to forward to staff).  ``suggestions``:
    up to 3 entries for SUGGEST.  ``candidates``: ranked (id, score) pairs for
    any outcome but SMALLTALK.  ``smalltalk``: the kind for SMALLTALK.
    ``normalized``: the canonical tokens (for logs).
    """

    outcome: Outcome
    answers: tuple[Entry, ...] = ()
    suggestions: tuple[Entry, ...] = ()
    candidates: list[tuple[str, float]] = field(default_factory=list)  # ranked, top 5
    smalltalk: SmallTalkKind | None = None
    normalized: str = ""

    @property
    def answer_ids(self) -> list[str]:
        return [e.id for e in self.answers]

    @property
    def suggestion_ids(self) -> list[str]:
        return [e.id for e in self.suggestions]

    @property
    def top_id(self) -> str | None:
        return self.candidates[0][0] if self.candidates else None


TOP_K = 5
_ASKS = frozenset(tok for word in KEY_ASKS for tok in phrase_key(word))
_RANKING_ASKS = _ASKS | frozenset(tok for word in RANKING_ASKS for tok in phrase_key(word))
_ASK_TOKENS = frozenset(tok for word in ASK_WORDS for tok in phrase_key(word))


def borrow_asks(sides: Sequence[Clause], light: Callable[[Sequence[str]], bool]) -> list[Clause]:
    """Sides of a coordination completed by each other: a light side that asks nothing borrows what
    the other asks (« les dates du jury et de la cérémonie », « le jury et la cérémonie, c'est quand »)."""
    out: list[Clause] = []
    for k, side in enumerate(sides):
        other = sides[1 - k]
        toks = side.tokens
        if light(toks) and not any(t in _ASK_TOKENS for t in toks):
            toks += tuple(t for t in other.tokens if t in _ASK_TOKENS and t not in toks)
        out.append(Clause(toks, side.question))
    return out


class Matcher:
    """Scores messages against a KnowledgeBase (index built once, thread-safe reads)."""

    def __init__(self, kb: KnowledgeBase, params: Params | None = None, thresholds: Thresholds | None = None):
        self.kb = kb
        self.index = Index(kb.entries, params)
        self.thresholds = thresholds or Thresholds()

    # -------------------------------------------------------------- helpers
    def _weight(self, toks: Sequence[str]) -> float:
        return sum(self.index.weigh(toks).values())

    def clauses(self, text: str) -> list[Clause]:
        """Sub-questions of ``text`` (one item for a single question)."""
        return split_clauses(text, self._weight, self.thresholds.clause_weight)

    def _clause_ranking(self, toks: Sequence[str]) -> list[Scored]:
        ranked = self.index.score(toks)
        asked = _RANKING_ASKS.intersection(self.index.weigh(toks))
        return self._prefer_entries_giving(toks, asked, ranked) if asked and ranked else ranked

    def _coordinated(self, text: str, toks: Sequence[str], whole: Sequence[Scored]) -> list[Scored]:
        """Two topics joined by a plain « et » (« les dates du jury et de la cérémonie ») : the top
        entry of each side, when the sides share no subject word, both tops are confident and they
        are the message's two best entries."""
        head = {s.entry for s in whole[:2]}
        th = self.thresholds
        for before, after in split_coordinated(text):
            sides = [Clause(tuple(tokens(before)), True), Clause(tuple(tokens(after)), True)]
            if any(self._weight(c.tokens) < th.side_weight for c in sides):
                continue  # a side too light to be a topic of its own (« un premier et un dernier »)
            if set(toks) - set(sides[0].tokens) - set(sides[1].tokens):
                continue  # a phrase cut in two (« villes et villages internet »)
            if (set(sides[0].tokens) & set(sides[1].tokens)) - _ASK_TOKENS:
                continue  # one subject on both sides (« une ville et plus un village »)
            tops = []
            for side in borrow_asks(sides, lambda t: self._weight(t) < th.light_side):
                ranked = self._clause_ranking(side.tokens)
                if ranked and ranked[0].entry in head and self._confident(ranked, th.second_answer):
                    tops.append(ranked[0])
            if len(tops) == 2 and tops[0].entry != tops[1].entry:
                return tops
        return []

    def rank(self, text: str) -> list[Scored]:
        """Entries ranked for the whole message (no decision)."""
        return self.index.score(tokens(text))

    # ---------------------------------------------------------------- match
    def match(self, text: str) -> MatchResult:
        small = detect_smalltalk(text)
        if small is not None:
            return MatchResult(Outcome.SMALLTALK, smalltalk=small.kind)
        toks = tokens(text)
        norm = " ".join(toks)
        th = self.thresholds
        scope = scope_of(toks)
        whole = self.index.score(toks)
        parts = self.clauses(text)
        best: dict[int, Scored] = {s.entry: s for s in whole}
        confident: list[Scored] = []  # top of each question clause, in message order
        if len(parts) > 1:
            subject: tuple[str, ...] = ()  # of the previous sub-questions: the context of the next one
            for part in parts:
                # « le panneau on le met où et il coûte combien »: the second asks about the panel too
                ranked = self.index.score(part.tokens, subject if part.question else ())
                for s in ranked:
                    discounted = Scored(s.entry, s.score * th.clause_discount, s.evidence, s.content)
                    if s.entry not in best or discounted.score > best[s.entry].score:
                        best[s.entry] = discounted
                if not part.question:
                    continue
                given = {s.entry for s in confident}  # an entry given is no answer to another sub-question
                ranked = [s for s in ranked if s.entry not in given]
                if ranked and self._confident(ranked, th.second_answer):
                    confident.append(ranked[0])
                subject += tuple(t for t in part.tokens if t not in _ASK_TOKENS and t not in subject)
        elif len(parts) == 1 and whole:
            confident = self._coordinated(text, toks, whole)
        ranked = sorted(best.values(), key=lambda s: (-s.score, s.entry))
        asked = _RANKING_ASKS.intersection(self.index.weigh(toks)) if len(parts) <= 1 else frozenset()
        if asked:
            ranked = self._prefer_entries_giving(toks, asked, ranked)
        asks = asked & _ASKS
        candidates = [(self.kb.entries[s.entry].id, round(s.score, 4)) for s in ranked[:TOP_K]]

        def result(outcome: Outcome, answers=(), suggestions=()) -> MatchResult:
            return MatchResult(
                outcome,
                tuple(self.kb.entries[i] for i in answers),
                tuple(self.kb.entries[i] for i in suggestions),
                candidates,
                None,
                norm,
            )

        declined = Outcome.UNKNOWN if scope.domain or scope.core else Outcome.OUT_OF_SCOPE
        if scope.other_label and not scope.own_label:
            return result(Outcome.OUT_OF_SCOPE)
        if scope.off_topic and not scope.core:
            # An "off-topic" word the best entry itself uses (e.g. "adresse email"
            # for the contact entry) is not evidence against a label question.
            bag = self.index.bags[ranked[0].entry] if ranked else set()
            foreign = [w for w in scope.off_topic if not set(w.split()) <= bag]
            # Without the label's vocabulary, only a message the entry explains word for word
            # (« changer mon adresse mail » for the profile) is taken as a label question.
            if foreign or (not scope.domain and self._explained(toks, ranked[0]) < th.off_topic_explained):
                return result(Outcome.OUT_OF_SCOPE)
        if not ranked or ranked[0].score < th.suggest or ranked[0].evidence < th.min_evidence:
            return result(declined)
        distinct = list(dict.fromkeys(s.entry for s in confident))
        if len(distinct) >= 2:
            return result(Outcome.ANSWER, distinct[:2])
        explained = self._explained(toks, ranked[0])
        if not (scope.domain or scope.core) and explained < th.min_explained:
            return result(Outcome.OUT_OF_SCOPE)
        if ranked[0].content <= 0 and explained < th.generic_explained:
            return result(declined)  # matched through generic words only
        if asks and not asks & self.index.bags[ranked[0].entry]:
            # about the subject of an entry that does not give what is asked: not known
            return result(Outcome.UNKNOWN, suggestions=[ranked[0].entry])
        if self._confident(ranked, th.answer):
            return result(Outcome.ANSWER, [ranked[0].entry])
        floor = ranked[0].score * th.suggest_ratio
        return result(Outcome.SUGGEST, suggestions=[s.entry for s in ranked[:3] if s.score >= max(floor, th.suggest)])

    def _prefer_entries_giving(self, toks: Sequence[str], asks: frozenset[str], ranked: list[Scored]) -> list[Scored]:
        """Lower the entries that do not give what the message asks (price, date, bound, duration):
        an entry gives it when it asks it too and shares the message's subject (another word)."""
        factor = 1.0 - self.thresholds.ask_penalty
        bags = self.index.bags
        subject = set(self.index.weigh(toks)) - asks - _ASK_TOKENS  # « combien » is no subject
        lowered = [
            s if self._gives(asks, subject, bags[s.entry]) else Scored(s.entry, s.score * factor, s.evidence, s.content)
            for s in ranked
        ]
        return sorted(lowered, key=lambda s: (-s.score, s.entry))

    @staticmethod
    def _gives(asks: frozenset[str], subject: set[str], bag: set[str]) -> bool:
        return bool(asks & bag) and (not subject or bool(subject & bag))

    def _explained(self, toks: Sequence[str], top: Scored) -> float:
        """Share of the message weight found in the entry (words unknown to the KB weigh a lot)."""
        weights = self.index.weigh(toks)
        known = sum(w for t, w in weights.items() if t in self.index.idf)
        th = self.thresholds
        unknown = sum(
            token_factor(t) * (th.unknown_french_weight if is_french_token(t) else th.unknown_word_weight)
            for t in weights
            if t not in self.index.idf
        )
        total = known + unknown
        return top.evidence / total if total else 0.0

    def _confident(self, ranked: Sequence[Scored], level: float) -> bool:
        th = self.thresholds
        top = ranked[0]
        if top.score < level or top.evidence < th.min_evidence:
            return False
        runner = ranked[1].score if len(ranked) > 1 else 0.0
        # a near tie is no answer, however high (« que fait l'association ? » : two entries at 1.0;
        # « on peut candidater si on a déjà eu le label ? »: 0.902 / 0.898 / 0.898)
        return (top.score >= th.sure and top.score - runner >= th.sure_lead) or top.score - runner >= th.margin

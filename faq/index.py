"""Precomputed search index over the knowledge base and its scoring.

Each entry contributes documents (canonical question, phrasings, runtime
extra phrasings, keywords), all normalised with `faq.normalize`.  Word
weights are IDF over entries, normalised to (0, 1] (a word used by a single
entry weighs 1), lowered for weak evidence (roles, years) by
`token_factor`.  A query is scored against every entry sharing a word with
it, combining with the weights of `Params`:

* ``best``: best weighted cosine-like similarity between the query and one
  document of the entry (inter / (query^a * doc^(1-a)));
* ``coverage``: share of the query weight explained by the entry's whole
  vocabulary (question + phrasings + keywords);
* ``keyword``: share of the query weight hit by the entry's keywords;
* ``fuzzy``: best rapidfuzz ``partial_token_sort_ratio`` (processor=None,
  on normalised strings) against the entry's phrasings, computed for the
  ``fuzzy_top`` best entries only (it re-ranks close candidates).

Unknown query words that are no French word are first corrected to the closest index word
(typos, symspellpy through `faq.spelling`).  Everything per entry is built once.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from faq.knowledge import Entry
from faq.lexicon import GENERIC_WORDS, INTENT_WORDS, LOW_WEIGHT, NUMBER_WEIGHT
from faq.normalize import is_french_token, load_tables, normalize, tokens
from faq.spelling import Speller

_LOW = {tok: factor for word, factor in LOW_WEIGHT.items() for tok in tokens(word)}
_INTENT = frozenset(tokens(word)[0] for word in INTENT_WORDS)
_GENERIC = frozenset(tok for word in GENERIC_WORDS for tok in tokens(word))


def token_factor(token: str, intent_boost: float = 1.0) -> float:
    """Weight factor of a word: weak evidence (roles, time words, small numbers,
    years) is lowered, question-type words are boosted."""
    if token.isdigit() and (len(token) == 1 or len(token) == 4):
        return NUMBER_WEIGHT
    if token in _INTENT:
        return intent_boost
    return _LOW.get(token, 1.0)


@dataclass(frozen=True)
class Params:
    """Scoring weights (tuned generally, never per entry)."""

    w_best: float = 0.40
    w_coverage: float = 0.30
    w_keyword: float = 0.10
    w_fuzzy: float = 0.20
    unknown_weight: float = 0.35  # weight of a query word absent from the index (IDF is 0..1)
    question_boost: float = 1.0  # multiplier for the canonical question document
    keyword_boost: float = 1.0  # multiplier for a keyword taken as a document
    cos_alpha: float = 0.35  # document similarity: inter / (query^a * doc^(1-a))
    fuzzy_scorer: str = "partial_token_sort_ratio"  # name of a rapidfuzz.fuzz scorer
    fuzzy_top: int = 6  # string similarity computed for this many best entries
    intent_boost: float = 1.0  # multiplier for question-type words (faq.lexicon.INTENT_WORDS)
    context_weight: float = 0.75  # factor for the words a follow-up sub-question takes from the previous one
    exact_bonus: float = 0.05  # added to the entry whose own phrasing the message is (above the matcher's sure_lead)


class Scored(NamedTuple):
    """Score of one entry for one query (a tuple: built for every candidate of every message)."""

    entry: int
    score: float
    evidence: float  # summed weight of the query words found in the entry
    content: float = 0.0  # the same without generic words (faq.lexicon.GENERIC_WORDS)


class Index:
    """Token and string index of a sequence of entries."""

    def __init__(self, entries: Sequence[Entry], params: Params | None = None):
        load_tables()
        self.params = params or Params()
        self.entries = tuple(entries)
        n = max(1, len(self.entries))
        bags: list[set[str]] = []
        kw_bags: list[set[str]] = []
        docs: list[tuple[int, frozenset[str], float]] = []  # (entry, tokens, boost)
        strings: list[str] = []
        string_entry: list[int] = []
        for i, entry in enumerate(self.entries):
            bag: set[str] = set()
            kw: set[str] = set()
            for j, text in enumerate(entry.all_phrasings):
                toks = frozenset(tokens(text))
                if toks:
                    boost = self.params.question_boost if j == 0 else 1.0
                    docs.append((i, toks, boost))
                    strings.append(normalize(text))
                    string_entry.append(i)
                    bag |= toks
            for text in entry.keywords:
                toks = frozenset(tokens(text))
                if toks:
                    docs.append((i, toks, self.params.keyword_boost))
                    bag |= toks
                    kw |= toks
            bags.append(bag)
            kw_bags.append(kw)
        df: dict[str, int] = defaultdict(int)
        for bag in bags:
            for tok in bag:
                df[tok] += 1
        # IDF normalised to (0, 1]: a word found in a single entry weighs 1.
        top = math.log(1.0 + n)
        self.idf = {
            tok: math.log(1.0 + n / count) / top * token_factor(tok, self.params.intent_boost)
            for tok, count in df.items()
        }
        self.vocab = sorted(self.idf)
        self._speller = Speller(df)
        self.bags = bags
        self.kw_bags = kw_bags
        self.docs = [(e, toks, sum(self.idf[t] for t in toks), b) for e, toks, b in docs]
        # per document: its entry and boost / weight^(1 - alpha), precomputed
        self._doc_entry = [e for e, _, _, _ in self.docs]
        self._doc_scale = [b / (w ** (1 - self.params.cos_alpha)) if w > 0 else 0.0 for _, _, w, b in self.docs]
        self.postings: dict[str, list[int]] = defaultdict(list)
        for d, (_, toks, _, _) in enumerate(self.docs):
            for tok in toks:
                self.postings[tok].append(d)
        # per word: the entries whose vocabulary / keywords have it
        self._entry_postings: dict[str, list[int]] = defaultdict(list)
        self._kw_postings: dict[str, list[int]] = defaultdict(list)
        for e, (bag, kw) in enumerate(zip(bags, kw_bags)):
            for tok in bag:
                self._entry_postings[tok].append(e)
            for tok in kw:
                self._kw_postings[tok].append(e)
        self.entry_strings: list[list[str]] = [[] for _ in self.entries]
        exact: dict[str, set[int]] = defaultdict(set)
        for text, e in zip(strings, string_entry):
            self.entry_strings[e].append(text)
            exact[text].add(e)
        # a message that is, once normalised, one entry's own phrasing (and no other entry's)
        self._exact = {text: next(iter(es)) for text, es in exact.items() if len(es) == 1}
        self._fuzzy = getattr(fuzz, self.params.fuzzy_scorer)
        self._typo_cache: dict[str, tuple[str, float] | None] = {}

    def clear_cache(self) -> None:
        """Forget typo corrections computed so far."""
        self._typo_cache.clear()

    # ------------------------------------------------------------------ query
    def correct(self, token: str) -> tuple[str, float] | None:
        """Closest index word for an unknown ``token`` and its similarity (0..1)."""
        if token in self.idf:
            return token, 1.0
        if token in self._typo_cache:
            return self._typo_cache[token]
        found = None
        if not is_french_token(token):
            word = self._speller.correct(token)
            if word is not None:
                found = (word, 1.0 - Levenshtein.normalized_distance(token, word))
        if len(self._typo_cache) < 50000:
            self._typo_cache[token] = found
        return found

    def weigh(self, query_tokens: Sequence[str]) -> dict[str, float]:
        """Query token -> weight, unknown words corrected or given a flat weight."""
        weights: dict[str, float] = {}
        for tok in query_tokens:
            fixed = self.correct(tok)
            if fixed is None:
                weights[tok] = max(weights.get(tok, 0.0), self.params.unknown_weight * token_factor(tok))
            else:
                word, sim = fixed
                weights[word] = max(weights.get(word, 0.0), self.idf[word] * sim)
        return weights

    def score(self, query_tokens: Sequence[str], context: Sequence[str] = ()) -> list[Scored]:
        """All entries sharing at least one word with the query, best first.  ``context`` words (the
        subject of the previous sub-question) count with `Params.context_weight` of their weight."""
        p = self.params
        weights = self.weigh(query_tokens)
        for tok, w in self.weigh(context).items():
            if tok not in weights:
                weights[tok] = w * p.context_weight
        total = sum(weights.values())
        if total <= 0:
            return []
        best: dict[int, float] = defaultdict(float)
        for tok, w in weights.items():
            for d in self.postings.get(tok, ()):
                best[d] += w  # accumulate intersection weight per document
        per_entry: dict[int, float] = {}
        qnorm = total**p.cos_alpha
        doc_entry, doc_scale = self._doc_entry, self._doc_scale
        for d, inter in best.items():
            e = doc_entry[d]
            cos = inter * doc_scale[d] / qnorm
            if cos > per_entry.get(e, 0.0):
                per_entry[e] = cos if cos < 1.0 else 1.0
        if not per_entry:
            return []
        evidence: dict[int, float] = defaultdict(float)
        content: dict[int, float] = defaultdict(float)
        kw_hit: dict[int, float] = defaultdict(float)
        for t, w in weights.items():
            generic = t in _GENERIC
            for e in self._entry_postings.get(t, ()):
                evidence[e] += w
                if not generic:
                    content[e] += w
            for e in self._kw_postings.get(t, ()):
                kw_hit[e] += w
        w_best, w_cov, w_kw = p.w_best, p.w_coverage / total, p.w_keyword / total
        out = [
            Scored(e, w_best * cos + w_cov * evidence[e] + w_kw * kw_hit.get(e, 0.0), evidence[e], content.get(e, 0.0))
            for e, cos in per_entry.items()
        ]
        out.sort(key=lambda s: (-s.score, s.entry))
        if p.w_fuzzy:
            # String similarity only re-ranks the best token matches (speed).
            qstr = " ".join(weights)
            head = out[: p.fuzzy_top]
            for k, sc in enumerate(head):
                found = process.extractOne(qstr, self.entry_strings[sc.entry], scorer=self._fuzzy, processor=None)
                sim = found[1] / 100.0 if found else 0.0
                head[k] = Scored(sc.entry, sc.score + p.w_fuzzy * sim, sc.evidence, sc.content)
            out[: p.fuzzy_top] = head
            out.sort(key=lambda s: (-s.score, s.entry))
        own = self._exact.get(" ".join(weights))
        if own is not None and p.exact_bonus:
            # scores saturate at 1: several entries can tie with the one whose phrasing this is
            out = [s._replace(score=s.score + p.exact_bonus) if s.entry == own else s for s in out]
            out.sort(key=lambda s: (-s.score, s.entry))
        return out

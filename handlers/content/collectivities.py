"""Find a collectivity among every French commune and intercommunality (data/collectivites.csv).

Pure search, no database: the CSV is loaded once per process (it never changes while the bot
runs), names are normalised (accents, hyphens, « st » → saint, « cc » → communauté de communes,
articles dropped) and matched with rapidfuzz; a five-digit query is a postal code (exact match).
Equal scores are ranked by population, so the big « Saint-Martin » comes before the hamlet,
and every result carries its department and population to tell homonyms apart.

Speed (issue 15, `bench/collectivity_search.py`): the costly scorer, WRatio, is computed only for
the names that can be among the best (see `_best_wratios`), which gives the very results of WRatio
over all 36,224 names (`bench/collectivity_search_reference.py`) in a few milliseconds instead of 25.
"""

from __future__ import annotations

import bisect
import csv
import heapq
import math
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from handlers.content.errors import ContentError
from handlers.core import french

KINDS = ("commune", "cc", "ca", "cu", "metro", "met69")  # met69: Métropole de Lyon (statut particulier)
MIN_SCORE = 72  # WRatio cut-off of the first pass
MIN_FINAL = 75  # after rescoring
PREFIX_SCORE = 90
CANDIDATES = 100  # best WRatio scores rescored, then ranked (ties: most populous first)

_PREFIXES = {
    "cc": "communaute de communes",
    "ca": "communaute d agglomeration",
    "cu": "communaute urbaine",
}
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_ARTICLES = frozenset(["le", "la", "les", "l", "d", "de", "du", "des", "en", "sur", "sous", "et", "au", "aux", "a"])
_FILLERS = frozenset(["mairie", "ville", "commune", "village"])  # « mairie de Albi » → albi
_POSTCODE = re.compile(r"^\d{5}$")
_DEPARTMENT = re.compile(r"^(?:\d{2,3}|2a|2b)$")


def normalise(text: str) -> str:
    """« Saint-Germain-en-Laye » and « st germain en laye » both give « saint germain laye »."""
    text = unicodedata.normalize("NFKD", text.lower().replace("œ", "oe").replace("æ", "ae"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    if words and words[0] in _PREFIXES:
        words = _PREFIXES[words[0]].split() + words[1:]
    words = [_ABBREVIATIONS.get(w, w) for w in words]
    kept = [w for w in words if w not in _ARTICLES]
    return " ".join(kept or words)


@dataclass(frozen=True, slots=True)  # 36,224 of them live in every process: no __dict__ each
class Entry:
    kind: str
    code: str
    name: str
    department: str  # space-separated for an EPCI spanning several departments
    postcode_list: str  # space-separated (one string, not a tuple of strings: memory)
    population: int

    @property
    def postcodes(self) -> list[str]:
        return self.postcode_list.split()

    @property
    def departments(self) -> str:
        return ", ".join(self.department.split())

    @property
    def label(self) -> str:
        """« Saint-Martin (32) — 1 012 hab. » (plain text: escape it before HTML use)."""
        return f"{self.name} ({self.departments}) — {french.number(self.population)} hab."


def _sorted_words(key: str) -> str:
    return " ".join(sorted(key.split()))


class _ByLength:
    """Keys ordered by length (a slice holds every key of a range of lengths), with their words sorted."""

    def __init__(self, keys: list[str], sorted_words: list[str], positions: list[int]) -> None:
        self.positions = sorted(positions, key=lambda p: len(keys[p]))  # in the pool's key list
        self.keys = [keys[p] for p in self.positions]
        self.sorted_words = [sorted_words[p] for p in self.positions]
        self.lengths = [len(k) for k in self.keys]
        self.distinct_lengths = sorted(set(self.lengths))

    def span(self, shortest: int, longest: int) -> tuple[int, int]:
        return bisect.bisect_left(self.lengths, shortest), bisect.bisect_right(self.lengths, longest)


class _Pool:
    """Every name, with what makes the search fast precomputed: homonyms share one normalised key
    (36,224 names give 33,740 keys), keys are indexed by word and ordered by length, their words sorted."""

    def __init__(self, keys: list[str]) -> None:
        members: dict[str, list[int]] = {}
        for index, key in enumerate(keys):  # most populous first, as the directory's entries
            members.setdefault(key, []).append(index)
        self.keys = list(members)
        self.members = [tuple(m) for m in members.values()]
        by_word: dict[str, list[int]] = {}
        self.repeated: list[int] = []  # keys with a word twice (« communaute agglomeration … agglomeration »)
        for position, key in enumerate(self.keys):
            words = key.split()
            for word in set(words):
                by_word.setdefault(word, []).append(position)
            if len(set(words)) < len(words):
                self.repeated.append(position)
        self.by_word = {word: tuple(positions) for word, positions in by_word.items()}
        sorted_words = [_sorted_words(k) for k in self.keys]
        self.every = _ByLength(self.keys, sorted_words, list(range(len(self.keys))))
        several = [p for p, k in enumerate(self.keys) if " " in k]
        self.several_words = _ByLength(self.keys, sorted_words, several)


class CollectivityDirectory:
    def __init__(self, entries: list[Entry]) -> None:
        # Most populous first: among equal scores, the biggest collectivity comes first.
        self.entries = sorted(entries, key=lambda e: (-e.population, e.name))
        self._keys = [normalise(e.name) for e in self.entries]
        self._by_code = {e.code: e for e in self.entries}
        self._by_postcode: dict[str, list[Entry]] = {}
        for entry in self.entries:
            for postcode in entry.postcodes:
                self._by_postcode.setdefault(postcode, []).append(entry)
        self._pool = _Pool(self._keys)
        self._departments: dict[str, tuple[list[int], list[str]]] = {}  # built at the first query naming it

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, code: str) -> Entry | None:
        return self._by_code.get(code)

    def _department(self, department: str) -> tuple[list[int], list[str]]:
        """The entries of a department and their keys, most populous first."""
        found = self._departments.get(department)
        if found is None:
            indices = [i for i, e in enumerate(self.entries) if department in e.department.split()]
            found = self._departments[department] = (indices, [self._keys[i] for i in indices])
        return found

    def search(self, query: str, limit: int = 6) -> list[Entry]:
        """Best matches for a name (with an optional trailing department) or a postal code."""
        query = query.strip()[:120]
        compact = query.replace(" ", "")
        if _POSTCODE.match(compact):
            return self._by_postcode.get(compact, [])[:limit]
        words = normalise(query).split()
        department = ""
        if len(words) > 1 and _DEPARTMENT.match(words[-1]):
            department, words = words[-1].upper(), words[:-1]
        keys = [" ".join(words)]
        if len(words) > 1 and words[0] in _FILLERS:  # « ville de Paris », but also « Ville-d'Avray »
            keys.append(" ".join(words[1:]))
        best: dict[int, int] = {}
        for key in keys:
            for index, score in self._scores(key, department):
                best[index] = max(score, best.get(index, 0))
        ranked = sorted(best.items(), key=lambda item: (-item[1], -self.entries[item[0]].population))
        return [self.entries[index] for index, _ in ranked[:limit]]

    @staticmethod
    def named_exactly(found: list[Entry], query: str) -> Entry | None:
        """The one entry of `found` whose name is what was typed (« Saint-Jean-de-Thurigneux »,
        not its neighbour « Saint-Jean »); None if none is, or several (homonyms: ask)."""
        typed = normalise(query)
        exact = [entry for entry in found if normalise(entry.name) == typed]
        return exact[0] if len(exact) == 1 else None

    def _scores(self, key: str, department: str) -> list[tuple[int, int]]:
        if len(key) < 2:
            return []
        scores = []
        found = self._in_department(key, department) if department else self._best_wratios(key, self._pool)
        for choice, score, index in found:
            # WRatio alone rates a short name found inside a long query (« Ri » in « mairie ») at
            # 90; averaging with token_sort_ratio keeps names that match as a whole, and a name
            # that starts with what was typed (« montpel ») stays high.
            final = (score + fuzz.token_sort_ratio(key, choice, processor=None)) / 2
            if len(key) >= 4 and choice.startswith(key):
                final = max(final, PREFIX_SCORE)
            if final >= MIN_FINAL:
                scores.append((index, round(final)))
        return scores

    def _in_department(self, key: str, department: str) -> list[tuple[str, float, int]]:
        """The CANDIDATES best WRatio among a department's names: a few hundred, WRatio for each is quick."""
        indices, keys = self._department(department)
        found = process.extract(key, keys, scorer=fuzz.WRatio, processor=None, limit=CANDIDATES, score_cutoff=MIN_SCORE)
        return [(choice, score, indices[at]) for choice, score, at in found]

    @staticmethod
    def _best_wratios(key: str, pool: _Pool) -> list[tuple[str, float, int]]:
        """The CANDIDATES best (name key, WRatio ≥ MIN_SCORE, entry), best first, ties most populous first.

        The same as WRatio over every name (tests/core/test_collectivity_search.py compares), without
        computing the costly WRatio for every name: first for the names sharing a word with the key
        (WRatio ≥ 85.5 when lengths are close: they often fill the CANDIDATES, setting a high bar),
        then only for the names whose cheaper parts of WRatio reach the bar of the CANDIDATES-th best so
        far. For a name sharing no word with the key (and repeating none), with m, n the lengths:
        - length ratio > 8: WRatio < 72 (ratio ≤ 22, the partial ratios are scaled by 0.6);
        - length ratio < 1.5: WRatio = max(ratio, 0.95 × token_sort_ratio), token_set_ratio being
          then token_sort_ratio (the ratio of the words sorted);
        - otherwise WRatio = max(ratio, 0.9 × partial_ratio, 0.855 × partial_token_ratio), which is
          then partial_ratio of the words sorted. A partial ratio is the best ratio of the shorter
          string (length s) with a window of at most s characters of the other: with L the longest
          common subsequence of the two whole strings, it is at most 200 L / (s + L), so a cheap LCS
          pass keeps only the names worth a partial_ratio.
        """
        words = key.split()
        if len(set(words)) < len(words):  # what is said above assumes no repeated word: the plain way
            first = list(range(len(pool.keys)))
        else:
            first = sorted({p for word in words for p in pool.by_word.get(word, ())} | set(pool.repeated))
        best: list[tuple[float, int, int]] = []  # (-WRatio, entry, key position): the CANDIDATES best so far

        def score(positions: list[int]) -> None:
            choices = [pool.keys[p] for p in positions]
            found = process.extract(
                key, choices, scorer=fuzz.WRatio, processor=None, limit=None, score_cutoff=MIN_SCORE
            )
            scored = (
                (-wratio, member, positions[at]) for _, wratio, at in found for member in pool.members[positions[at]]
            )
            best[:] = heapq.nsmallest(CANDIDATES, [*best, *scored])

        score(first)
        if len(first) == len(pool.keys):
            return [(pool.keys[p], -negative, member) for negative, member, p in best]
        # The CANDIDATES-th best so far, a little lower: rapidfuzz's cut-offs are not exact to the last digit.
        bar = (-best[-1][0] if len(best) == CANDIDATES else MIN_SCORE) - 0.01
        sorted_key = _sorted_words(key)
        found: set[int] = set()  # pool positions of the names whose WRatio may reach the bar
        found.update(_may_reach(bar, key, pool.every, sorted_words=False))
        # A one-word key against a one-word name: the words sorted are the same strings, already compared.
        found.update(_may_reach(bar, sorted_key, pool.every if " " in key else pool.several_words, sorted_words=True))
        score(sorted(found.difference(first)))
        return [(pool.keys[p], -negative, member) for negative, member, p in best]


def _may_reach(bar: float, query: str, names: _ByLength, *, sorted_words: bool) -> list[int]:
    """Positions of the names (sharing no word with the query) whose WRatio may reach the bar,
    by the parts of WRatio computed on the key as typed or on its words sorted (see _best_wratios)."""
    length = len(query)
    choices = names.sorted_words if sorted_words else names.keys
    found: list[int] = []  # indices in names
    close = [n for n in names.distinct_lengths if 2 * max(n, length) < 3 * min(n, length)]  # length ratio < 1.5
    if close:
        start, end = names.span(close[0], close[-1])
        found += _hits(query, choices, start, end, fuzz.ratio, bar / 0.95 if sorted_words else bar)
    wanted = bar / (0.9 * 0.95) if sorted_words else bar / 0.9  # partial_token_ratio, partial_ratio
    if wanted <= 100:
        groups = [(n, *names.span(n, n)) for n in names.distinct_lengths if 8 * n >= length and 2 * length >= 3 * n]
        longer = [n for n in names.distinct_lengths if n <= 8 * length and 2 * n >= 3 * length]
        if longer:  # the key is the shorter string: one LCS bound for all
            groups.append((length, *names.span(longer[0], longer[-1])))
        worth: list[int] = []
        for shorter, start, end in groups:
            least = math.ceil(wanted * shorter / (200 - wanted) - 1e-6)
            worth += _hits(query, choices, start, end, LCSseq.similarity, least)
            if not sorted_words and 200 * shorter / (shorter + names.lengths[start]) >= bar:
                # ratio ≤ 200 s / (s + n), at most 80 here: only names short enough may reach the bar by it
                ratio_end = bisect.bisect_right(names.lengths, 200 * shorter / bar - shorter, start, end)
                found += _hits(query, choices, start, ratio_end, fuzz.ratio, bar)
        chosen = [choices[i] for i in worth]
        found += [worth[at] for at in _hits(query, chosen, 0, len(chosen), fuzz.partial_ratio, wanted)]
    return [names.positions[i] for i in found]


def _hits(query: str, choices: list[str], start: int, end: int, scorer: Any, cutoff: float) -> list[int]:
    """Indices (between start and end) of the choices scoring at least cutoff against the query."""
    if start >= end:
        return []
    found = process.extract(query, choices[start:end], scorer=scorer, processor=None, limit=None, score_cutoff=cutoff)
    return [start + at for _, _, at in found]


MISSING_FIX = "reprenez le fichier d'origine (voir data/collectivites.README.md)"


def read_entries(path: Path) -> list[Entry]:
    problems: list[str] = []
    entries: list[Entry] = []
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            expected = {"kind", "code", "name", "department", "postcodes", "population"}
            if not expected <= set(reader.fieldnames or ()):
                raise ContentError([f"{path}:1: colonnes attendues : {', '.join(sorted(expected))}"])
            for row in reader:
                line = reader.line_num
                if any(row.get(column) is None for column in expected):
                    problems.append(f"{path}:{line}: ligne incomplète (fichier tronqué ?) : {MISSING_FIX}")
                    continue
                kind, code, name = row["kind"], row["code"].strip(), row["name"].strip()
                population = row["population"].strip() or "0"  # uninhabited territories have none
                readable = name.isprintable() and code.isprintable()
                if kind not in KINDS or not code or not name or not population.isdigit() or not readable:
                    problems.append(f"{path}:{line}: ligne invalide ({kind!r}, {code!r}, {name!r})")
                    continue
                department, postcodes = sys.intern(row["department"].strip()), " ".join(row["postcodes"].split())
                entries.append(Entry(sys.intern(kind), code, name, department, postcodes, int(population)))
    except FileNotFoundError:
        raise ContentError([f"{path}: fichier introuvable"]) from None
    except UnicodeDecodeError as error:
        raise ContentError(
            [f"{path}: illisible, ce n'est pas du texte UTF-8 (octet {error.start}) : {MISSING_FIX}"]
        ) from None
    except csv.Error as error:
        raise ContentError([f"{path}:{reader.line_num}: illisible ({error}) : {MISSING_FIX}"]) from None
    if problems:
        raise ContentError(problems[:20])
    if not entries:
        raise ContentError([f"{path}: aucune collectivité : {MISSING_FIX}"])
    return entries


@lru_cache(maxsize=4)
def _load(path: str, mtime_ns: int) -> CollectivityDirectory:
    return CollectivityDirectory(read_entries(Path(path)))


def load_directory(path: Path) -> CollectivityDirectory:
    """Load (once per file version) the directory; ContentError names the bad lines."""
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise ContentError([f"{path}: fichier introuvable"]) from None
    return _load(str(path.resolve()), mtime)

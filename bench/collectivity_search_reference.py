"""The collectivity search as it was before issue 15 (one WRatio pass over every name, the best 100
rescored), kept only so that bench/collectivity_search.py can time it and compare its results with
handlers/content/collectivities.py. Not used by the bot.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from handlers.content.collectivities import _DEPARTMENT, _FILLERS, _POSTCODE, Entry, normalise

MIN_SCORE = 72
MIN_FINAL = 75
PREFIX_SCORE = 90
CANDIDATES = 100


class ReferenceDirectory:
    def __init__(self, entries: list[Entry]) -> None:
        self.entries = sorted(entries, key=lambda e: (-e.population, e.name))
        self._keys = [normalise(e.name) for e in self.entries]
        self._by_postcode: dict[str, list[Entry]] = {}
        for entry in self.entries:
            for postcode in entry.postcodes:
                self._by_postcode.setdefault(postcode, []).append(entry)

    def search(self, query: str, limit: int = 6) -> list[Entry]:
        query = query.strip()[:120]
        compact = query.replace(" ", "")
        if _POSTCODE.match(compact):
            return self._by_postcode.get(compact, [])[:limit]
        words = normalise(query).split()
        department = ""
        if len(words) > 1 and _DEPARTMENT.match(words[-1]):
            department, words = words[-1].upper(), words[:-1]
        keys = [" ".join(words)]
        if len(words) > 1 and words[0] in _FILLERS:
            keys.append(" ".join(words[1:]))
        best: dict[int, int] = {}
        for key in keys:
            for index, score in self._scores(key, department):
                best[index] = max(score, best.get(index, 0))
        ranked = sorted(best.items(), key=lambda item: (-item[1], -self.entries[item[0]].population))
        return [self.entries[index] for index, _ in ranked[:limit]]

    def _scores(self, key: str, department: str) -> list[tuple[int, int]]:
        if len(key) < 2:
            return []
        found = process.extract(
            key,
            self._keys,
            scorer=fuzz.WRatio,
            processor=None,
            limit=CANDIDATES if not department else len(self._keys),
            score_cutoff=MIN_SCORE,
        )
        if department:
            found = [f for f in found if department in self.entries[f[2]].department.split()][:CANDIDATES]
        scores = []
        for choice, score, index in found:
            final = (score + fuzz.token_sort_ratio(key, choice, processor=None)) / 2
            if len(key) >= 4 and choice.startswith(key):
                final = max(final, PREFIX_SCORE)
            if final >= MIN_FINAL:
                scores.append((index, round(final)))
        return scores

"""Find a collectivity among every French commune and intercommunality (data/collectivites.csv).

Pure search, no database: the CSV is loaded once per process (it never changes while the bot
runs), names are normalised (accents, hyphens, « st » → saint, « cc » → communauté de communes,
articles dropped) and matched with rapidfuzz; a five-digit query is a postal code (exact match).
Equal scores are ranked by population, so the big « Saint-Martin » comes before the hamlet,
and every result carries its department and population to tell homonyms apart.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from handlers.content.errors import ContentError

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


def french_int(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


@dataclass(frozen=True)
class Entry:
    kind: str
    code: str
    name: str
    department: str  # space-separated for an EPCI spanning several departments
    postcodes: tuple[str, ...]
    population: int

    @property
    def departments(self) -> str:
        return ", ".join(self.department.split())

    @property
    def label(self) -> str:
        """« Saint-Martin (32) — 1 012 hab. » (plain text: escape it before HTML use)."""
        return f"{self.name} ({self.departments}) — {french_int(self.population)} hab."


class CollectivityDirectory:
    def __init__(self, entries: list[Entry]) -> None:
        # Most populous first: rapidfuzz keeps input order among equal scores.
        self.entries = sorted(entries, key=lambda e: (-e.population, e.name))
        self._keys = [normalise(e.name) for e in self.entries]
        self._by_code = {e.code: e for e in self.entries}
        self._by_postcode: dict[str, list[Entry]] = {}
        for entry in self.entries:
            for postcode in entry.postcodes:
                self._by_postcode.setdefault(postcode, []).append(entry)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, code: str) -> Entry | None:
        return self._by_code.get(code)

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
            # WRatio alone rates a short name found inside a long query (« Ri » in « mairie »)
            # at 90; averaging with token_sort_ratio keeps names that match as a whole, and a
            # name that starts with what was typed (« montpel ») stays high.
            final = (score + fuzz.token_sort_ratio(key, choice, processor=None)) / 2
            if len(key) >= 4 and choice.startswith(key):
                final = max(final, PREFIX_SCORE)
            if final >= MIN_FINAL:
                scores.append((index, round(final)))
        return scores


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
                kind, code, name = row["kind"], row["code"].strip(), row["name"].strip()
                population = row["population"].strip() or "0"  # uninhabited territories have none
                if kind not in KINDS or not code or not name or not population.isdigit():
                    problems.append(f"{path}:{line}: ligne invalide ({kind!r}, {code!r}, {name!r})")
                    continue
                entries.append(
                    Entry(kind, code, name, row["department"].strip(), tuple(row["postcodes"].split()), int(population))
                )
    except FileNotFoundError:
        raise ContentError([f"{path}: fichier introuvable"]) from None
    if problems:
        raise ContentError(problems[:20])
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

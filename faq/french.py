"""French word forms and their lemmas, from simplemma's dictionary (shipped in its wheel, no download).

People type on a phone without accents: « couterait », « adherents », « decident ».  simplemma
knows « coûterait » → « coûter »; this module folds its dictionary once (accents off, the same
folding as `faq.normalize.fold`) so that accent-free words find their lemma too:

* `lemma(word)`: the folded lemma of a folded word (the word itself when simplemma does not
  know it);
* `is_french(word)`: the folded word is a French form or lemma (so it is no typo to correct).

The folded table (234,000 forms) is kept in two marisa tries, files mapped into memory: a few MB,
where the same table in Python dicts held ~43 MB of every bot process. The files are built once
per simplemma version, in a child process (building needs simplemma's whole dictionary in
memory, which a process does not give back), into the cache directory (`$AROBASE_CACHE_DIR`, else
`$XDG_CACHE_HOME/arobase`, else `~/.cache/arobase`); when that fails they are built here, in memory.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import marisa_trie
import simplemma

LANG = "fr"
FORMAT = 1  # bump when the folding or the files change
log = logging.getLogger(__name__)


def _fold(text: str) -> str:
    if text.isascii():
        return text if text.islower() else text.lower()  # no copy when already folded
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


class FrenchForms:
    """Folded form or lemma -> folded lemma (a lemma maps to itself unless it is also a form)."""

    def __init__(self, forms: marisa_trie.RecordTrie, lemmas: marisa_trie.Trie) -> None:
        self._forms = forms  # form -> (id of its lemma in `lemmas`,)
        self._lemmas = lemmas

    def get(self, word: str, default: str) -> str:
        found = self._forms.get(word)
        return self._lemmas.restore_key(found[0][0]) if found else default

    def __contains__(self, word: str) -> bool:
        return word in self._forms

    def __iter__(self) -> Iterator[str]:
        return iter(self._forms.keys())

    def __len__(self) -> int:
        return len(self._forms)


def _pairs() -> dict[str, str]:
    forms: dict[str, str] = {}
    lemmas: set[str] = set()
    from simplemma.strategies import DefaultDictionaryFactory  # its whole table: only while building

    for form, value in DefaultDictionaryFactory().get_dictionary(LANG).items():
        key = form if isinstance(form, str) else form.decode()
        if not key.isalpha():
            continue
        base = _fold(value if isinstance(value, str) else value.decode())
        lemmas.add(base)
        # Accented and accent-free spellings may fold together (« côte », « coté »): the first wins,
        # which is the accent-free one when simplemma has it (it sorts first in its table).
        forms.setdefault(_fold(key), base)
    for base in sorted(lemmas):
        forms.setdefault(base, base)
    return forms


def _tries(pairs: dict[str, str]) -> tuple[marisa_trie.RecordTrie, marisa_trie.Trie]:
    lemmas = marisa_trie.Trie(set(pairs.values()))
    forms = marisa_trie.RecordTrie("<I", ((form, (lemmas[base],)) for form, base in pairs.items()))
    return forms, lemmas


def build_files(directory: str) -> None:
    """Write the two tries into `directory` (each through a temporary file: a reader never sees half)."""
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    forms, lemmas = _tries(_pairs())
    for trie, path in ((lemmas, _lemmas_path(target)), (forms, _forms_path(target))):
        fd, temporary = tempfile.mkstemp(dir=target, prefix=".building-")
        os.close(fd)
        trie.save(temporary)
        os.chmod(temporary, 0o644)  # readable by another account running the bot
        os.replace(temporary, path)


def cache_directory() -> Path:
    if os.environ.get("AROBASE_CACHE_DIR"):
        return Path(os.environ["AROBASE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "arobase"


def _stem() -> str:
    return f"lemmes-{LANG}-simplemma{simplemma.__version__}-v{FORMAT}"


def _forms_path(directory: Path) -> Path:
    return directory / f"{_stem()}.formes.marisa"


def _lemmas_path(directory: Path) -> Path:
    return directory / f"{_stem()}.lemmes.marisa"


def _mapped(directory: Path) -> FrenchForms | None:
    forms_path, lemmas_path = _forms_path(directory), _lemmas_path(directory)
    if not (forms_path.exists() and lemmas_path.exists()):
        return None
    forms, lemmas = marisa_trie.RecordTrie("<I"), marisa_trie.Trie()
    forms.mmap(str(forms_path))
    lemmas.mmap(str(lemmas_path))
    return FrenchForms(forms, lemmas)


@lru_cache(maxsize=1)
def _table() -> FrenchForms:
    directory = cache_directory()
    try:
        table = _mapped(directory)
        if table is None:
            # This file run as a script: it imports neither the faq package nor this function.
            subprocess.run(
                [sys.executable, "-P", str(Path(__file__).resolve()), str(directory)],  # -P: not faq/ on sys.path
                check=True,
                capture_output=True,
                timeout=120,
            )
            table = _mapped(directory)
        if table is not None:
            return table
    except (OSError, subprocess.SubprocessError, RuntimeError) as exc:
        log.warning("French lemmas: no files in %s (%s); the table is built in memory", directory, exc)
    return FrenchForms(*_tries(_pairs()))


def load() -> None:
    """Open (or build) the table now, at start, rather than on the first message."""
    _table()


@lru_cache(maxsize=20_000)  # the words people type again and again: a dict lookup, not a trie walk
def lemma(word: str) -> str:
    """Folded lemma of the folded ``word`` (``word`` itself when unknown)."""
    return _table().get(word, word)


def words() -> FrenchForms:
    """Every folded French form and lemma simplemma knows (iterating gives them)."""
    return _table()


def is_french(word: str) -> bool:
    """Whether the folded ``word`` is a French word form or lemma known to simplemma."""
    return word in _table()


if __name__ == "__main__":  # the child process of `_table()`: python faq/french.py DIRECTORY
    build_files(sys.argv[1])

"""French word forms and their lemmas, from simplemma's dictionary (shipped in its wheel, no download).

People type on a phone without accents: « couterait », « adherents », « decident ».  simplemma
knows « coûterait » → « coûter »; this module folds its dictionary once (accents off, the same
folding as `faq.normalize.fold`) so that accent-free words find their lemma too:

* `lemma(word)`: the folded lemma of a folded word (the word itself when simplemma does not
  know it);
* `is_french(word)`: the folded word is a French form or lemma (so it is no typo to correct).

The table is built on first use (about half a second, once per process) and kept, in dicts of
strings only, which the garbage collector does not track (a set would be scanned at every full
collection: a millisecond stolen from a message now and then).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from simplemma.strategies import DefaultDictionaryFactory

LANG = "fr"


def _fold(text: str) -> str:
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    if text.isascii():
        return text
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, None]]:
    """(folded form -> folded lemma, every folded form and lemma)."""
    forms: dict[str, str] = {}
    lemmas: set[str] = set()
    dictionary = DefaultDictionaryFactory().get_dictionary(LANG)
    for form, value in dictionary.items():
        key = form if isinstance(form, str) else form.decode()
        if not key.isalpha():
            continue
        base = _fold(value if isinstance(value, str) else value.decode())
        folded = _fold(key)
        # Accented and accent-free spellings may fold together (« côte », « coté »): the first wins,
        # which is the accent-free one when simplemma has it (it sorts first in its table).
        forms.setdefault(folded, base)
        lemmas.add(base)
    return forms, dict.fromkeys([*forms, *sorted(lemmas)])


def load() -> None:
    """Build the table now (at start) rather than on the first message."""
    _tables()


def lemma(word: str) -> str:
    """Folded lemma of the folded ``word`` (``word`` itself when unknown)."""
    return _tables()[0].get(word, word)


def words() -> dict[str, None]:
    """Every folded French form and lemma simplemma knows."""
    return _tables()[1]


def is_french(word: str) -> bool:
    """Whether the folded ``word`` is a French word form or lemma known to simplemma."""
    return word in _tables()[1]

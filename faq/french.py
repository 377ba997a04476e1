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
    if text.isascii():
        return text if text.islower() else text.lower()  # no copy when already folded
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    """Folded form or lemma -> folded lemma (a lemma maps to itself unless it is also a form)."""
    forms: dict[str, str] = {}
    lemmas: dict[str, str] = {}  # one string object per lemma, however many forms share it (~10 MB less)
    dictionary = DefaultDictionaryFactory().get_dictionary(LANG)
    for form, value in dictionary.items():
        key = form if isinstance(form, str) else form.decode()
        if not key.isalpha():
            continue
        base = _fold(value if isinstance(value, str) else value.decode())
        base = lemmas.setdefault(base, base)
        # Accented and accent-free spellings may fold together (« côte », « coté »): the first wins,
        # which is the accent-free one when simplemma has it (it sorts first in its table).
        forms.setdefault(_fold(key), base)
    for base in sorted(lemmas):
        forms.setdefault(base, base)
    return forms


def load() -> None:
    """Build the table now (at start) rather than on the first message."""
    _table()


def lemma(word: str) -> str:
    """Folded lemma of the folded ``word`` (``word`` itself when unknown)."""
    return _table().get(word, word)


def words() -> dict[str, str]:
    """Every folded French form and lemma simplemma knows (its keys)."""
    return _table()


def is_french(word: str) -> bool:
    """Whether the folded ``word`` is a French word form or lemma known to simplemma."""
    return word in _table()

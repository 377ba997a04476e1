"""Spelling correction against a closed vocabulary, with symspellpy.

`Speller(counts)` knows a vocabulary (word -> how common it is); `correct(word)` returns the
vocabulary word closest to ``word`` (Damerau-Levenshtein), or None when none is close enough:

* one edit for words of 4 to 7 letters (« labl » → « label », « juey » → « jury », « prox » → « prix »),
  two from 8 letters, none below 4 (« ou », « si »: too many short words are one edit apart), and only
  words of 4 letters or more are proposed;
* the first letter must match: typos rarely touch it, and proper nouns would otherwise be
  « corrected » into label words (« brest » → « rest »);
* among equally close words, the most common one wins, then the alphabetical first (stable).

The matcher uses two spellers: one over the label's hand-written word lists (so that phrases such
as « date limite » still form, `faq.normalize`), one over the knowledge base's own vocabulary
(`faq.index`).
"""

from __future__ import annotations

from collections.abc import Mapping

from symspellpy import SymSpell, Verbosity

MIN_LENGTH = 4
TWO_EDITS_FROM = 8
VOCAB_MIN = 4  # shorter vocabulary words are never proposed


def max_edits(word: str) -> int:
    if len(word) < MIN_LENGTH:
        return 0
    return 2 if len(word) >= TWO_EDITS_FROM else 1


class Speller:
    """Closest-word lookup over a fixed vocabulary (built once, read-only afterwards)."""

    def __init__(self, counts: Mapping[str, int]):
        self._sym = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
        self._counts = {w: max(1, c) for w, c in counts.items() if w.isalpha() and len(w) >= VOCAB_MIN}
        for word, count in self._counts.items():
            self._sym.create_dictionary_entry(word, count)

    def __contains__(self, word: object) -> bool:
        return word in self._counts

    def correct(self, word: str) -> str | None:
        """The vocabulary word for ``word`` (itself when known), or None."""
        if word in self._counts:
            return word
        edits = max_edits(word)
        if not edits or not word.isalpha():
            return None
        found = self._sym.lookup(word, Verbosity.CLOSEST, max_edit_distance=edits, transfer_casing=False)
        candidates = sorted(
            (s for s in found if s.term[:1] == word[:1] and len(s.term) >= VOCAB_MIN),
            key=lambda s: (s.distance, -s.count, s.term),
        )
        return candidates[0].term if candidates else None

"""Scope signals: does a normalised message use the label's vocabulary,
words that only this label uses, everyday off-topic vocabulary, or the name
of another label?

The lexicons of `faq.scope_words` are normalised with the same pipeline as the
messages; a lexicon phrase is found when all its canonical tokens occur in
the message.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from faq.normalize import phrase_key
from faq.scope_words import CORE_WORDS, DOMAIN_WORDS, OFF_TOPIC_WORDS, OTHER_LABELS, OWN_LABEL_WORDS


@dataclass(frozen=True)
class Scope:
    domain: int  # number of label-vocabulary hits
    core: bool  # a word that can only be about this label
    own_label: bool  # this label named unambiguously (overrules other labels)
    off_topic: tuple[str, ...]  # everyday off-topic words found
    other_label: tuple[str, ...]  # other labels named


def _keys(words: Iterable[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Lexicon phrases as token tuples, indexed by their first token."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for key in dict.fromkeys(k for k in (phrase_key(w) for w in words) if k):
        by_first.setdefault(key[0], []).append(key)
    return {tok: tuple(keys) for tok, keys in by_first.items()}


_OFF_TOPIC_LEXICON = [True]


def set_off_topic_lexicon(enabled: bool) -> None:
    """Use ``OFF_TOPIC_WORDS`` or not (`faq.bench --no-off-topic-lexicon`: the general scope rules alone)."""
    _OFF_TOPIC_LEXICON[0] = enabled
    _tables.cache_clear()


@lru_cache(maxsize=1)
def _tables() -> dict[str, dict[str, tuple[tuple[str, ...], ...]]]:
    return {
        "domain": _keys(DOMAIN_WORDS),
        "core": _keys(CORE_WORDS),
        "own": _keys(OWN_LABEL_WORDS),
        "off": _keys(OFF_TOPIC_WORDS) if _OFF_TOPIC_LEXICON[0] else {},
        "other": _keys(OTHER_LABELS),
    }


def _hits(present: frozenset[str], keys: dict[str, tuple[tuple[str, ...], ...]]) -> list[str]:
    found = []
    for tok in present:
        for key in keys.get(tok, ()):
            if all(t in present for t in key):
                found.append(" ".join(key))
    return found


def scope_of(toks: Sequence[str]) -> Scope:
    """Scope signals of a message given its canonical tokens."""
    tables = _tables()
    present = frozenset(toks)
    # "5 arobase" (a level of the label) is about the label; a bare "arobase"
    # may be the @ symbol ("how do I type @ on a keyboard").
    level = any(toks[i] == "arobase" and toks[i - 1].isdigit() for i in range(1, len(toks)))
    own = level or bool(_hits(present, tables["own"]))
    return Scope(
        domain=len(_hits(present, tables["domain"])),
        core=own or bool(_hits(present, tables["core"])),
        own_label=own,
        off_topic=tuple(_hits(present, tables["off"])),
        other_label=tuple(_hits(present, tables["other"])),
    )

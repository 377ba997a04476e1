"""French text normalisation for FAQ matching.

Turns a user message (or a KB phrasing) into a list of canonical tokens:

1. fold: lower-case, strip accents and ligatures, unify apostrophes,
   "5@" -> "5 arobase", "@" -> "arobase", squeeze letters repeated 3+ times;
2. split on anything that is not a letter or digit (elisions such as l', d',
   qu', j' become separate tokens that are stop words);
3. SMS spellings (``faq.synonyms.SMS``: koi -> quoi, kan -> quand, c -> c est...)
   and typos on synonym-table words ("limitte" -> "limite");
4. light stemming (plural and feminine folding, -er/-ez verb endings);
5. synonym phrases and words -> canonical term (``faq.synonyms.SYNONYMS``),
   matched greedily, longest phrase first, before stop words are dropped;
6. stop words removed (``faq.lexicon.STOP_WORDS``), duplicates removed.

The same pipeline is applied to the index and to queries, so stems only need
to be consistent, not pretty.  Everything here is pure and cached.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz, process

from faq.lexicon import STOP_WORDS
from faq.synonyms import IMPLIES, KEEP_ORIGINAL, SMS, SYNONYMS

MAX_CHARS = 1000
"""Only the first MAX_CHARS characters of a message are matched."""

_APOSTROPHES = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "`": "'",
        "\u00b4": "'",
        "\u02bc": "'",
        "\u0153": "oe",
        "\u00e6": "ae",
        "\u00df": "ss",
    }
)
_AROBASE_N = re.compile(r"(\d)\s*@")
_WORD = re.compile(r"[a-z0-9]+")
_POLITE = re.compile(r"\bs'?\s?il (?:te|vous) pla[iî]t\b|\bsvp\b|\bstp\b")
_REPEAT = re.compile(r"([a-z])\1{2,}")
_VOWELS = frozenset("aeiouy")
_NO_STEM = frozenset(
    {"quand", "combien", "comment", "pourquoi", "qui", "quoi", "ou", "plus", "moins", "atlaas", "jury", "pas", "fois"}
)
_MAX_PHRASE = 6


def fold(text: str) -> str:
    """Lower-case, accent-free text with '@' spelled out (no tokenisation)."""
    text = text[:MAX_CHARS].lower().translate(_APOSTROPHES)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _POLITE.sub(" ", text)
    text = _AROBASE_N.sub(r"\1 arobase ", text).replace("@", " arobase ")
    return _REPEAT.sub(r"\1", text)


def raw_tokens(text: str) -> list[str]:
    """Folded words with SMS spellings expanded (stop words still present)."""
    out: list[str] = []
    for word in _WORD.findall(fold(text)):
        repl = SMS.get(word)
        if repl is None:
            out.append(word)
        else:
            out.extend(repl.split())
    return out


@lru_cache(maxsize=20000)
def stem(token: str) -> str:
    """Light French stemmer: plural, feminine and -er/-ez folding."""
    if token in STOP_WORDS or token in _NO_STEM or len(token) <= 3 or token.isdigit():
        return token
    for suffix in ("eraient", "erions", "eriez", "erait", "erais", "erons"):
        if token.endswith(suffix) and len(token) > len(suffix) + 2:
            token = token[: -len(suffix)] + "e"
            break
    if token.endswith("eaux"):
        token = token[:-1]
    elif token.endswith("aux") and len(token) > 4:
        token = token[:-3] + "al"
    elif token[-1] in "sx" and not token.endswith("ss"):
        token = token[:-1]
    if len(token) > 5 and token.endswith(("er", "ez")):
        token = token[:-1]
    for suffix, repl in (("elle", "el"), ("enne", "en"), ("ette", "et"), ("ee", "e")):
        if token.endswith(suffix) and len(token) > len(suffix) + 1:
            token = token[: -len(suffix)] + repl
            break
    if len(token) > 4 and token[-1] == "e" and token[-2] not in _VOWELS:
        token = token[:-1]
    return token


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in raw_tokens(phrase))


def _build_synonyms() -> dict[tuple[str, ...], str]:
    table: dict[tuple[str, ...], str] = {}
    for canonical, variants in SYNONYMS.items():
        for variant in [canonical, *variants]:
            key = _key(variant)
            if key and len(key) <= _MAX_PHRASE:
                table.setdefault(key, canonical)
    return table


_SYN = _build_synonyms()
_YEAR = re.compile(r"(?:19|20)\d\d")


def _base_stem(word: str, stemmed: str) -> str:
    """Fold a re- prefixed verb onto its base when only the base is known
    ("recandidater" -> "candidater"), and years onto "annee"."""
    if _YEAR.fullmatch(word):
        return _YEAR_TOKEN
    if (stemmed,) not in _SYN and word.startswith("re") and len(word) > 6:
        base = stem(word[2:])
        if (base,) in _SYN:
            return base
    return stemmed


_YEAR_TOKEN = stem("annee")
_IMPLIES = {canon: tuple(_SYN.get((stem(w),), stem(w)) for w in implied) for canon, implied in IMPLIES.items()}
_SYN_LENGTHS = sorted({len(k) for k in _SYN}, reverse=True)


_SYN_WORDS = sorted(
    {w for variants in SYNONYMS.values() for v in variants for w in raw_tokens(v) if len(w) >= 5} - STOP_WORDS
)
_SYN_WORD_SET = frozenset(_SYN_WORDS)
TYPO_CUTOFF = 88.0


@lru_cache(maxsize=20000)
def spell(word: str) -> str:
    """A long word one typo away from a synonym-table word becomes that word
    ("limitte" -> "limite", "webinnaire" -> "webinaire"), so that phrases
    still form; other words are returned unchanged."""
    if len(word) < 6 or word in _SYN_WORD_SET or word in STOP_WORDS or (stem(word),) in _SYN or not word.isalpha():
        return word
    found = process.extractOne(word, _SYN_WORDS, scorer=fuzz.ratio, processor=None, score_cutoff=TYPO_CUTOFF)
    return found[0] if found else word


@lru_cache(maxsize=4096)
def _tokens_cached(text: str) -> tuple[str, ...]:
    words = [spell(w) for w in raw_tokens(text)]
    stems = [_base_stem(w, stem(w)) for w in words]
    out: list[str] = []
    i, n = 0, len(words)
    while i < n:
        for length in _SYN_LENGTHS:
            if i + length <= n:
                canonical = _SYN.get(tuple(stems[i : i + length]))
                if canonical is not None:
                    out.append(canonical)
                    out.extend(_IMPLIES.get(canonical, ()))
                    if length == 1 and words[i] in KEEP_ORIGINAL:
                        out.append(stems[i])
                    i += length
                    break
        else:
            if words[i] not in STOP_WORDS:
                out.append(stems[i])
            i += 1
    return tuple(dict.fromkeys(out))


def tokens(text: str) -> list[str]:
    """Canonical tokens of ``text`` (deduplicated, in order of appearance)."""
    return list(_tokens_cached(text[:MAX_CHARS]))


def normalize(text: str) -> str:
    """Canonical tokens joined by spaces: the form fed to rapidfuzz scorers."""
    return " ".join(_tokens_cached(text[:MAX_CHARS]))


def phrase_key(phrase: str) -> tuple[str, ...]:
    """Canonical token tuple of a lexicon phrase (for sub-sequence lookups)."""
    return _tokens_cached(phrase)


def clear_caches() -> None:
    """Forget cached tokenisations and spellings (benchmarks measure cold messages)."""
    _tokens_cached.cache_clear()
    spell.cache_clear()

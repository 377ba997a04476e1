"""French text normalisation for FAQ matching.

Turns a user message (or a KB phrasing) into a list of canonical tokens:

1. fold: lower-case, strip accents and ligatures, unify apostrophes,
   "5@" -> "5 arobase", "@" -> "arobase", squeeze letters repeated 3+ times, « ou » joining two
   things (« des élus ou des experts », « ou pas ») -> the stop word « or », so that only the place
   asked (« où », « je m'inscris ou ? ») is the token « ou »;
2. split on anything that is not a letter or digit (elisions such as l', d',
   qu', j' become separate tokens that are stop words);
3. SMS spellings (``faq.sms.SMS``: koi -> quoi, kan -> quand, c -> c est...), glued
   elisions split ("lassociation" -> "l association") and idioms that ask nothing dropped
   ("quand meme", ``faq.synonyms.IDIOMS``);
4. typos on the label's word lists corrected with symspellpy ("limitte" -> "limite",
   "webinair" -> "webinaire", `faq.spelling`), French words left alone;
5. French lemmas from simplemma ("couterait" -> "couter", "decident" -> "decider",
   `faq.french`), a noun of action folded onto its verb when simplemma knows it ("creation" ->
   "creer", "financement" -> "financer"), except for the words of the hand-written tables, then light stemming
   (plural and feminine folding, -er/-ez verb endings) for the words simplemma does not know;
6. synonym phrases and words -> canonical term (``faq.synonyms.SYNONYMS``),
   matched greedily, longest phrase first, before stop words are dropped;
7. stop words removed (``faq.lexicon.STOP_WORDS``, also when the lemma is one:
   "faudrait" -> "falloir"), duplicates removed.

The same pipeline is applied to the index and to queries, so stems only need
to be consistent, not pretty.  Everything here is pure and cached.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import marisa_trie

from faq import french
from faq.lexicon import STOP_WORDS
from faq.scope_words import CORE_WORDS, DOMAIN_WORDS, OFF_TOPIC_WORDS, OTHER_LABELS, OWN_LABEL_WORDS
from faq.sms import SMS
from faq.spelling import Speller
from faq.synonyms import IDIOMS, IMPLIES, KEEP_ORIGINAL, SYNONYMS

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
# « ou » without an accent before a negation, an article or a number is « or », not « where »: « des élus ou
# des experts », « officiel ou pas », « 3 ou 4 » (« où », and « ou » anywhere else, stay the question word;
# « ou le mettre » is a place asked, so « le/la/les/l' » are no sign).  « or » is a stop word.
_OR = re.compile(r"\bou(?=\s+(?:(?:pas|non|un|une|des|du|de|au|aux|plus|moins|bien)\b|d'|\d))")
_VOWELS = frozenset("aeiouy")
_NO_STEM = frozenset(
    {"quand", "combien", "comment", "pourquoi", "qui", "quoi", "ou", "plus", "moins", "atlaas", "jury", "pas", "fois"}
)
_MAX_PHRASE = 6


def fold(text: str) -> str:
    """Lower-case, accent-free text with '@' spelled out (no tokenisation)."""
    text = unicodedata.normalize("NFC", text[:MAX_CHARS].lower()).translate(_APOSTROPHES)
    text = _OR.sub("or", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _POLITE.sub(" ", text)
    text = _AROBASE_N.sub(r"\1 arobase ", text).replace("@", " arobase ")
    return _REPEAT.sub(r"\1", text)


_ELIDED = frozenset("ldjmnst")
_ELISION_NEXT = frozenset("aeiouyh")


def _unglue(word: str) -> list[str]:
    """« lassociation » -> l, association; « quil » -> qu, il (a French or label word follows), unless the word
    is a typo of a label word (same first letter, `spell`)."""
    if len(word) < 4 or word in STOP_WORDS or word in SMS or word in _PROTECTED or french.is_french(word):
        return [word]
    if _LABEL_SPELLER.correct(word) is not None:
        return [word]  # a typo of a label word (« dosier » is « dossier », not « d'osier »)
    for head in ("qu", word[0]):
        rest = word[len(head) :]
        if (
            (head == "qu" or head in _ELIDED)
            and word.startswith(head)
            and rest[:1] in _ELISION_NEXT
            and len(rest) >= 2
            and (rest in _PROTECTED or rest in STOP_WORDS or french.is_french(rest))
        ):
            return [head, rest]
    return [word]


def _drop_idioms(words: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        for idiom in _IDIOMS:
            if tuple(words[i : i + len(idiom)]) == idiom:
                i += len(idiom)
                break
        else:
            out.append(words[i])
            i += 1
    return out


def raw_tokens(text: str) -> list[str]:
    """Folded words with SMS spellings expanded, glued elisions split and idioms dropped (stop
    words still present)."""
    out: list[str] = []
    for word in _WORD.findall(fold(text)):
        repl = SMS.get(word)
        if repl is None:
            out.extend(_unglue(word))
        else:
            out.extend(repl.split())
    return _drop_idioms(out)


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


def _plain_words(phrase: str) -> list[str]:
    """Folded words of a table entry (no SMS, no lemma: the tables are written in plain French)."""
    return _WORD.findall(fold(phrase))


# Words of the hand-written tables keep their own form: lemmas would merge what the tables tell
# apart (« concours » -> « concourir », « remise » -> « remiser »).
_PROTECTED: frozenset[str] = frozenset(
    {w for canonical, variants in SYNONYMS.items() for v in [canonical, *variants] for w in _plain_words(v)}
    | {w for table in (DOMAIN_WORDS, CORE_WORDS, OWN_LABEL_WORDS) for p in table for w in _plain_words(p)}
    | {w for word in KEEP_ORIGINAL for w in _plain_words(word)}
    | set(_NO_STEM)
)
_IDIOMS: tuple[tuple[str, ...], ...] = tuple(tuple(_plain_words(i)) for i in IDIOMS)


def lemma(word: str) -> str:
    """simplemma's lemma of a folded word, except for stop words and the tables' own words."""
    if word in STOP_WORDS or word in _PROTECTED or word.isdigit():
        return word
    return _verb_of(french.lemma(word))


# A noun of action and its verb are one word for matching (« création » / « créé », « financement » /
# « financer », « évaluation » / « évaluer »): simplemma gives lemmas, not derivations.
_DERIVATIONS = (("ication", "iquer"), ("ation", "er"), ("ution", "uer"), ("ement", "er"))


def _verb_of(word: str) -> str:
    """The verb a noun of action derives from, when simplemma knows that verb (« creation » ->
    « creer »; « rapidement », « evenement » stay: « rapider », « evener » are no verbs)."""
    for suffix, repl in _DERIVATIONS:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            verb = word[: -len(suffix)] + repl
            if french.is_french(verb) and french.lemma(verb) == verb and verb not in STOP_WORDS:
                return verb
            break
    return word


def canonical_stem(word: str) -> str:
    """The index form of one folded word: its lemma, lightly stemmed."""
    return stem(lemma(word))


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(canonical_stem(w) for w in raw_tokens(phrase))


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
    ("recandidater" -> "candidater"), and years onto "annee".  A French word is left alone:
    « regarder » is no « re-garder »."""
    if _YEAR.fullmatch(word):
        return _YEAR_TOKEN
    if (stemmed,) not in _SYN and word.startswith("re") and len(word) > 6 and not french.is_french(word):
        base = canonical_stem(word[2:])
        if (base,) in _SYN:
            return base
    return stemmed


_YEAR_TOKEN = stem("annee")
_IMPLIES = {canon: tuple(_SYN.get((stem(w),), stem(w)) for w in implied) for canon, implied in IMPLIES.items()}
_SYN_LENGTHS = sorted({len(k) for k in _SYN}, reverse=True)


_LABEL_SPELLER = Speller(dict.fromkeys(sorted(_PROTECTED - STOP_WORDS), 1))
# The off-topic lexicon's words too, so that « eletcions » is still off-topic; only when no label word is as
# close (« congèrs » is « congrès », not « congés ») and from five letters (« veni » is no « vent »). Another
# label's name wins a tie (« mariane » is « marianne », not « mariage »).
_OFF_TOPIC_SPELLER = Speller(
    {w: 1 for p in OFF_TOPIC_WORDS for w in _plain_words(p) if w not in STOP_WORDS}
    | {w: 2 for p in OTHER_LABELS for w in _plain_words(p) if w not in STOP_WORDS}
)
_OFF_TOPIC_MIN = 5


@lru_cache(maxsize=20000)
def spell(word: str) -> str:
    """A word a typo away from a word of the label's tables becomes that word ("limitte" ->
    "limite", "webinair" -> "webinaire"), so that phrases still form; French words and other
    words are returned unchanged."""
    if word in STOP_WORDS or word in _PROTECTED or not word.isalpha() or french.is_french(word):
        return word
    fixed = _LABEL_SPELLER.correct(word)
    if fixed is None and len(word) >= _OFF_TOPIC_MIN:
        fixed = _OFF_TOPIC_SPELLER.correct(word)
    return fixed or word


@lru_cache(maxsize=4096)
def _tokens_cached(text: str) -> tuple[str, ...]:
    words = [spell(w) for w in raw_tokens(text)]
    lemmas = [lemma(w) for w in words]
    stems = [_base_stem(w, stem(x)) for w, x in zip(words, lemmas)]
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
            if words[i] not in STOP_WORDS and lemmas[i] not in STOP_WORDS:
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


@lru_cache(maxsize=1)
def _french_tokens() -> marisa_trie.Trie:
    # A trie: ~1 MB where a dict of the 130,000 strings held ~25 MB; `__wrapped__`: the stemmer's
    # cache is for the words people type, not for the whole dictionary.
    return marisa_trie.Trie(stem.__wrapped__(w) for w in french.words())


def is_french_token(token: str) -> bool:
    """Whether a canonical token is the form of a French word (so not a typo to correct)."""
    return token in _french_tokens()


def load_tables() -> None:
    """Build the French tables now (at start, about a second once per process), not at the first message."""
    _french_tokens()


def clear_caches() -> None:
    """Forget cached tokenisations and spellings (benchmarks measure cold messages)."""
    _tokens_cached.cache_clear()
    spell.cache_clear()

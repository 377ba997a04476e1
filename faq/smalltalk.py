"""Small-talk detection: greetings, thanks, yes/no, goodbye, insults, « je suis perdu ».

`detect_smalltalk(text)` returns a `SmallTalk` only when the message is
essentially small talk (every word is a small-talk phrase or a filler such
as "vous", "beaucoup", "l'équipe").  "bonjour, quelle est la date limite ?"
is not small talk: the greeting is a stop word for the matcher, which
matches the rest.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from faq.normalize import fold


class SmallTalkKind(enum.StrEnum):
    GREETING = "greeting"
    THANKS = "thanks"
    YES = "yes"
    NO = "no"
    BYE = "bye"
    INSULT = "insult"
    LOST = "lost"  # « je comprends rien », « je suis perdu »: the person needs the way, not an entry
    EMPTY = "empty"  # no word at all (punctuation, unknown emoji)


PHRASES: dict[SmallTalkKind, tuple[str, ...]] = {
    SmallTalkKind.GREETING: (
        "bonjour",
        "bonsoir",
        "salut",
        "coucou",
        "hello",
        "hi",
        "hey",
        "yo",
        "bjr",
        "bsr",
        "slt",
        "re",
        "allo",
        "bonjour a vous",
    ),
    SmallTalkKind.THANKS: (
        "merci",
        "mci",
        "mrc",
        "thx",
        "thanks",
        "thank you",
        "super",
        "parfait",
        "top",
        "genial",
        "cool",
        "nickel",
        "excellent",
        "impeccable",
        "gentil",
        "bien recu",
        "remercie",
        "mille mercis",
        "merci bien",
        "c est note",
        "note",
        "bravo",
        "formidable",
    ),
    SmallTalkKind.YES: (
        "oui",
        "ouais",
        "ouai",
        "yes",
        "ok",
        "okay",
        "oki",
        "d accord",
        "daccord",
        "dac",
        "dacc",
        "entendu",
        "ca marche",
        "bien sur",
        "absolument",
        "volontiers",
        "exact",
        "exactement",
        "tout a fait",
        "c est ca",
        "voila",
        "carrement",
        "go",
        "vas y",
        "allez y",
    ),
    SmallTalkKind.NO: (
        "non",
        "nan",
        "no",
        "nope",
        "pas du tout",
        "surtout pas",
        "jamais",
        "pas besoin",
        "non merci",
        "ca ira",
        "laisse tomber",
        "annuler",
    ),
    SmallTalkKind.BYE: (
        "au revoir",
        "aurevoir",
        "bye",
        "bye bye",
        "a plus",
        "aplus",
        "a bientot",
        "bonne journee",
        "bonne soiree",
        "bonne nuit",
        "bonne fin de journee",
        "bon week end",
        "ciao",
        "tchao",
        "adieu",
        "a la prochaine",
        "a tout a l heure",
        "bonne continuation",
    ),
    SmallTalkKind.INSULT: (
        "con",
        "connard",
        "conne",
        "debile",
        "idiot",
        "idiote",
        "nul",
        "nulle",
        "naze",
        "stupide",
        "abruti",
        "cretin",
        "merde",
        "putain",
        "ta gueule",
        "ferme la",
        "imbecile",
        "bouffon",
        "tu sers a rien",
        "sers a rien",
        "inutile",
        "enfoire",
    ),
    SmallTalkKind.LOST: (
        "je comprends pas",
        "je comprend pas",
        "je ne comprends pas",
        "je ne comprend pas",
        "comprends pas",
        "comprend pas",
        "jcomprends pas",
        "jcomprend pas",
        "je comprends rien",
        "je comprend rien",
        "je ne comprends rien",
        "jcomprends rien",
        "jcomprend rien",
        "comprends rien",
        "comprend rien",
        "j ai rien compris",
        "jai rien compris",
        "j ai pas compris",
        "jai pas compris",
        "rien compris",
        "pas compris",
        "je suis perdu",
        "je suis perdue",
        "suis perdu",
        "suis perdue",
        "perdu",
        "perdue",
        "chui perdu",
        "aidez moi",
        "a l aide",
        "au secours",
        "besoin d aide",
        "j ai besoin d aide",
        "help",
        "sos",
        "je sais pas quoi faire",
        "je ne sais pas quoi faire",
        "on fait comment",
        "je fais comment",
    ),
}
# Priority when several kinds occur ("merci, au revoir" is a goodbye; "bonjour, je suis perdu" is lost).
PRIORITY = (
    SmallTalkKind.INSULT,
    SmallTalkKind.LOST,
    SmallTalkKind.BYE,
    SmallTalkKind.NO,
    SmallTalkKind.YES,
    SmallTalkKind.THANKS,
    SmallTalkKind.GREETING,
)
FILLERS = frozenset(
    [
        "a",
        "à",
        "vous",
        "toi",
        "tous",
        "tout",
        "toutes",
        "le",
        "la",
        "les",
        "l",
        "monde",
        "beaucoup",
        "bcp",
        "bien",
        "tres",
        "encore",
        "infiniment",
        "mille",
        "madame",
        "monsieur",
        "mme",
        "arobase",
        "robot",
        "bot",
        "equipe",
        "et",
        "je",
        "j",
        "c",
        "est",
        "ca",
        "pour",
        "votre",
        "vos",
        "ta",
        "ton",
        "aide",
        "reponse",
        "reponses",
        "info",
        "infos",
        "informations",
        "votre",
        "c'est",
        "ah",
        "oh",
        "eh",
        "bah",
        "ben",
        "bon",
        "alors",
        "alright",
        "moi",
        "the",
        "of",
        "you",
        "so",
        "much",
        "lot",
        "vraiment",
        "trop",
        "cher",
        "chere",
        "chers",
        "t",
        "es",
        "tu",
        "etes",
        "tes",
        "chere",
        "amis",
        "ami",
        "les",
        "vous",
        "aussi",
        "de",
        "d",
        "du",
        "bonne",
        "belle",
    ]
)
EMOJI: dict[str, SmallTalkKind] = {
    "\U0001f44d": SmallTalkKind.YES,
    "\U0001f44c": SmallTalkKind.YES,
    "\u2705": SmallTalkKind.YES,
    "\U0001f64f": SmallTalkKind.THANKS,
    "\u2764": SmallTalkKind.THANKS,
    "\U0001f44b": SmallTalkKind.GREETING,
    "\U0001f44e": SmallTalkKind.NO,
    "\u274c": SmallTalkKind.NO,
}
_WORD = re.compile(r"[a-z0-9]+")
_TABLE = {tuple(p.split()): kind for kind, phrases in PHRASES.items() for p in phrases}
_MAX = max(len(k) for k in _TABLE)


@dataclass(frozen=True)
class SmallTalk:
    kind: SmallTalkKind
    kinds: frozenset[SmallTalkKind]


def detect_smalltalk(text: str) -> SmallTalk | None:
    """The small-talk kind of ``text``, or None if it says anything else."""
    if len(text) > 200:
        return None
    folded = fold(text.replace("a+", " aplus ").replace("A+", " aplus "))
    words = _WORD.findall(folded)
    if not words:
        kinds = {kind for char, kind in EMOJI.items() if char in text}
        if not kinds:
            return SmallTalk(SmallTalkKind.EMPTY, frozenset({SmallTalkKind.EMPTY}))
        return _result(kinds)
    found: set[SmallTalkKind] = {kind for char, kind in EMOJI.items() if char in text}
    i = 0
    while i < len(words):
        for length in range(min(_MAX, len(words) - i), 0, -1):
            kind = _TABLE.get(tuple(words[i : i + length]))
            if kind is not None:
                found.add(kind)
                i += length
                break
        else:
            if words[i] not in FILLERS:
                return None
            i += 1
    return _result(found) if found else None


def _result(kinds: set[SmallTalkKind]) -> SmallTalk:
    primary = next(k for k in PRIORITY if k in kinds)
    return SmallTalk(primary, frozenset(kinds))

"""Typed text on a screen of buttons: what a person on a phone means by it.

- Text that names one of the buttons on screen is taken as a tap on it: « en cours » for
  « En cours », « oui » for « ✅ J'accepte », « je suis secrétaire de mairie » for « Agent·e ».
- Otherwise, a question about the label is answered (the FAQ) and the screen comes back. A long
  statement with no sign of a question (« Version 2 : espace numérique le mardi. ») is no
  question: it was meant as content, and the person is told nothing was saved.
- Otherwise, a kind « touchez un bouton » and the screen again.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from faq import Outcome, SmallTalkKind
from handlers.core import texts
from handlers.core.events import Button, EditText, SendText
from handlers.core.router import Replies

if TYPE_CHECKING:
    from handlers.core.context import Context

# A yes (« oui je confirme », « ok c'est bon ») or a no (« non merci pas maintenant ») is a message made
# only of these words, with at least one of the first set and none of the other side's.
YES_WORDS = frozenset(
    {"oui", "ouais", "ok", "okay", "dac", "yes", "accord", "confirme", "accepte", "valide", "volontiers"}
)
NO_WORDS = frozenset({"non", "nan", "no"})
POLITE_WORDS = frozenset(
    {"je", "j", "d", "c", "est", "bon", "parfait", "merci", "bien", "sur", "tout", "a", "fait", "correct", "svp",
     "s", "il", "vous", "plait", "pour", "le", "moment", "super", "tres"}
)  # fmt: skip
YES_LABELS = ("oui", "j accepte", "confirmer", "c est correct", "valider", "envoyer")
NO_LABELS = ("non",)
# Words people use for their role, by the role button they mean (labels as normalised).
ROLE_WORDS = {
    "agent": ("secretaire", "dgs", "directeur", "directrice", "charge de mission", "chargee de mission", "employe",
              "technicien", "technicienne", "responsable", "service", "agent", "agente", "fonctionnaire"),
    "elu": ("adjoint", "adjointe", "conseiller", "conseillere", "elu", "elue", "delegue", "deleguee"),
    "maire": ("maire",),
}  # fmt: skip
QUESTIONS = (Outcome.ANSWER, Outcome.SUGGEST, Outcome.UNKNOWN)
# « bonjour » or « merci » typed on a screen of buttons: answered in kind before « touchez un bouton ».
POLITE_OPENINGS = {SmallTalkKind.GREETING: "Bonjour !", SmallTalkKind.THANKS: "Avec plaisir !"}
QUESTION_WORDS = frozenset(
    {
        "comment",
        "quand",
        "pourquoi",
        "qui",
        "quel",
        "quelle",
        "quels",
        "quelles",
        "combien",
        "ou",
        "faut",
        "peut",
        "est",
    }
)
# Words that make a message a question wherever they are (« je voudrais savoir combien… »).
ASKING_WORDS = frozenset({"comment", "quand", "pourquoi", "combien", "quel", "quelle", "quels", "quelles", "quoi"})
STATEMENT_WORDS = 8  # from this many words, a message with no sign of a question is a statement
_GENDER = re.compile(r"·e?s?\b|\(e\)")
_ADDRESS_OR_NUMBER = re.compile(r"\S+@\S+\.\S+|[\d\s.,+/()-]+")


def normalise(text: str) -> str:
    """« ✅ C'est en cours ! » -> « c est en cours » (no accents, emoji, punctuation, gender marks)."""
    text = _GENDER.sub("", text.lower())
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _names(typed: str, label: str) -> bool:
    if not label:
        return False
    if typed == label:
        return True
    if len(label) >= 4 and f" {label} " in f" {typed} ":  # « c est en cours » names « en cours »
        return True
    if len(typed) >= 4 and label.startswith(typed + " "):  # « soumettre » for « soumettre pour relecture »
        return True
    if len(typed) >= 5 and label.endswith(" " + typed):  # « projet » for « en projet »
        return True
    return len(typed) >= 5 and fuzz.ratio(typed, label) >= 88  # a typo: « en cour »


def _role(typed: str, label: str) -> bool:
    words = ROLE_WORDS.get(label, ())
    return any(f" {w} " in f" {typed} " for w in words)


def _yes_no(typed: str, label: str) -> bool:
    words = set(typed.replace("pas maintenant", "non").replace("bien sur", "oui").split())
    if not words <= YES_WORDS | NO_WORDS | POLITE_WORDS:
        return False
    if words & YES_WORDS and not words & NO_WORDS:
        return label.startswith(YES_LABELS)
    if words & NO_WORDS and not words & YES_WORDS:
        return label.startswith(NO_LABELS)
    return False


def _asked_about(typed: str, label: str) -> bool:
    """A short question, with an asking word, about what one button tells: « pourquoi ? » for « Ce que
    je conserve, et pourquoi » (Oui/Non buttons are out of reach of questions: see `match_button`)."""
    words = typed.split()
    asks = bool(ASKING_WORDS.intersection(words))
    return len(typed) >= 6 and len(words) <= 3 and asks and f" {typed} " in f" {label} "


def _exact(typed: str, label: str) -> bool:
    return typed == label or (len(typed) >= 5 and fuzz.ratio(typed, label) >= 88)


def looks_like_a_question(text: str) -> bool:
    words = normalise(text).split()
    return "?" in text or "quoi" in words or (len(words) > 2 and words[0] in QUESTION_WORDS)


def may_be_a_question(text: str) -> bool:
    """Short texts (« culture ») may be; longer ones need a question mark or an asking word. An
    e-mail address or a number typed alone (an answer to a question asked earlier) is none."""
    if "?" not in text and (_ADDRESS_OR_NUMBER.fullmatch(text.strip()) is not None):
        return False
    words = normalise(text).split()
    return len(words) < STATEMENT_WORDS or looks_like_a_question(text) or bool(ASKING_WORDS.intersection(words))


def match_button(text: str, buttons: list[Button]) -> Button | None:
    """The one button of `buttons` that `text` names, else None (none, or several). A question
    (« le maire doit-il signer ? ») only names a button it repeats whole or asks about, and never a
    Oui/Non button."""
    typed = normalise(text)
    if not typed:
        return None
    candidates = [b for b in buttons if b.data]
    rules: tuple[Callable[[str, str], bool], ...] = (_names, _role, _yes_no)
    if looks_like_a_question(text):  # someone asking confirms nothing: « pourquoi effacer mes données ? »
        candidates = [b for b in candidates if not normalise(b.label).startswith(YES_LABELS + NO_LABELS)]
        rules = (_exact, _asked_about)
    for rule in rules:
        found = [b for b in candidates if rule(typed, normalise(b.label))]
        if len(found) == 1:
            return found[0]
        if found:
            return None  # ambiguous: let the person tap
    return None


def buttons_of(replies: Replies) -> list[Button]:
    return [b for r in replies if isinstance(r, (SendText, EditText)) for row in r.buttons for b in row]


async def typed_on_buttons(ctx: Context) -> Replies:
    """Text typed while a screen of buttons waits (see the module's docstring)."""
    screen = await ctx.dispatcher.prompt(ctx)
    button = match_button(ctx.event.text, buttons_of(screen))
    if button is not None:
        return await ctx.dispatcher.press(ctx, button.data)
    free_text = ctx.dispatcher.free_text
    if not may_be_a_question(ctx.event.text):
        return [SendText(texts.TYPED_NOT_SAVED), *screen]
    result = ctx.content.faq.match(ctx.event.text)
    if free_text is not None and result.outcome in QUESTIONS:
        answered, screen = await ctx.dispatcher.answer_aside(ctx)
        return [*answered, *screen]
    polite = POLITE_OPENINGS.get(result.smalltalk) if result.smalltalk is not None else None
    return [SendText(f"{polite} {texts.TAP_A_BUTTON}" if polite else texts.TAP_A_BUTTON), *screen]

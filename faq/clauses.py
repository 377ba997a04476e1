"""Splitting a message into sub-questions ("c'est combien et c'est quand ?").

A message is cut on question marks, "!", ";", newlines, sentence ends,
"et aussi"/"et puis"/"mais", and on " et " when what follows starts a new
clause (a pronoun or an interrogative: "... et c'est quand", "... et qui").
"villes et villages" is therefore not cut.  Each piece is flagged as a
question when it ends with "?" or contains an interrogative word, so that
context sentences ("je suis DGS d'une ville de 12000 habitants.") never get
an answer of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from faq.normalize import MAX_CHARS, fold, tokens

_INTERROGATIVE = (
    r"quand|combien|comment|qui|ou|pourquoi|quoi|quel|quelle|quels|quelles|"
    r"est ce|est-ce|kan|koi|cb|pk|pq|pkoi|kel|kelle|ki|qd|cmb|cmt|"
    r"peut on|peut-on|peuvent|faut il|faut-il|y a t il|y a-t-il|ya t il|existe|"
    r"expliqu\w*|savoir|dire|pouvez[- ]vous|puis[- ]je|peux[- ]tu|voudrais|aimerais"
)
_NEW_CLAUSE = (
    r"c|c'est|c est|ca|on|il|elle|ils|elles|je|j|vous|nous|tu|si|jusqu|faut|peut|"
    r"peuvent|y a|ya|sur quoi|a quoi|" + _INTERROGATIVE
)
_SPLIT = re.compile(
    r"(\?+)|[!;\n]+|\.(?:\s+|$)|\bet aussi\b|\bet puis\b|\bet egalement\b|"
    r"\bmais\b|\bet (?=(?:" + _NEW_CLAUSE + r")\b)"
)
_QUESTION = re.compile(r"\b(?:" + _INTERROGATIVE + r")\b")


_AND = re.compile(r"\bet\b")


def split_coordinated(text: str) -> list[tuple[str, str]]:
    """The ways to cut a one-clause message in two on a plain « et » (« les dates du jury et de la
    cérémonie »): (before, after) folded pieces, one pair per « et »."""
    folded = fold(text[:MAX_CHARS])
    return [(folded[: m.start()], folded[m.end() :]) for m in _AND.finditer(folded)]


@dataclass(frozen=True)
class Clause:
    tokens: tuple[str, ...]
    question: bool  # ends with "?" or has an interrogative word


def split_pieces(text: str) -> list[tuple[str, bool]]:
    """Raw pieces of the folded message and whether each is a question."""
    folded = fold(text[:MAX_CHARS])
    pieces: list[tuple[str, bool]] = []
    start = 0
    for match in _SPLIT.finditer(folded):
        piece = folded[start : match.start()]
        if piece.strip():
            pieces.append((piece, bool(match.group(1)) or bool(_QUESTION.search(piece))))
        start = match.end()
    rest = folded[start:]
    if rest.strip():
        pieces.append((rest, bool(_QUESTION.search(rest))))
    return pieces


def split_clauses(text: str, weight, min_weight: float) -> list[Clause]:
    """Sub-questions of ``text``.

    ``weight(tokens) -> float`` measures how informative a piece is; a piece
    lighter than ``min_weight`` is elliptic ("... ? et un département ?"):
    it is completed with the tokens of the previous clause (or merged into
    the next one when it comes first).
    """
    clauses: list[Clause] = []
    pending: tuple[str, ...] = ()
    pending_question = False
    for piece, question in split_pieces(text):
        toks = tuple(tokens(piece))
        if not toks:
            pending_question = pending_question or question
            continue
        if pending:
            toks = pending + tuple(t for t in toks if t not in pending)
            question = question or pending_question
            pending, pending_question = (), False
        if weight(toks) >= min_weight:
            clauses.append(Clause(toks, question))
        elif clauses:
            prev = clauses[-1].tokens
            clauses.append(Clause(toks + tuple(t for t in prev if t not in toks), question))
        else:
            pending, pending_question = toks, question
    if pending:
        clauses.append(Clause(pending, pending_question))
    return clauses

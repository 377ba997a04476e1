"""FAQ engine of Arobase, the assistant of the « Territoires, Villes et Villages
Internet » label: knowledge base loading/validation, French normalisation,
matching and small-talk detection.

Pure library: no Telegram library, nothing from bot/, handlers/, storage/.

Typical use by a handler::

    holder = KnowledgeBaseHolder("faq/data/faq.toml", extra_phrasings=db_rows)
    result = holder.match(message_text)
    if result.outcome is Outcome.ANSWER:
        for entry in result.answers:
            send(entry.render(config_values))
"""

from faq.holder import KnowledgeBaseHolder, ReloadReport
from faq.index import Params
from faq.knowledge import Entry, KnowledgeBase, KnowledgeBaseError, load_knowledge_base, parse_knowledge_base
from faq.matcher import Matcher, MatchResult, Outcome, Thresholds
from faq.normalize import normalize, tokens
from faq.placeholders import PLACEHOLDERS, MissingValueError
from faq.smalltalk import SmallTalk, SmallTalkKind, detect_smalltalk

__all__ = [
    "PLACEHOLDERS",
    "Entry",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "KnowledgeBaseHolder",
    "MatchResult",
    "Matcher",
    "MissingValueError",
    "Outcome",
    "Params",
    "ReloadReport",
    "SmallTalk",
    "SmallTalkKind",
    "Thresholds",
    "detect_smalltalk",
    "load_knowledge_base",
    "normalize",
    "parse_knowledge_base",
    "tokens",
]

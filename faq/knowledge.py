"""The FAQ knowledge base: entries loaded from a TOML file, immutable.

`load_knowledge_base(path)` parses and validates the file (see
`faq.validation`) and raises `KnowledgeBaseError` listing every problem, one
per line.  `KnowledgeBase.with_extra_phrasings` returns a copy enriched with
phrasings learned at runtime (stored elsewhere by the caller).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

from faq.placeholders import substitute
from faq.validation import entry_lines, validate_entries


class KnowledgeBaseError(Exception):
    """The knowledge base file is invalid; ``errors`` lists every problem."""

    def __init__(self, path: str, errors: Sequence[str]):
        self.path = path
        self.errors = list(errors)
        super().__init__(f"{path}: {len(self.errors)} error(s) in the FAQ file\n" + "\n".join(self.errors))


@dataclass(frozen=True)
class Entry:
    """One FAQ entry.  ``answer``/``more`` are Telegram HTML with placeholders."""

    id: str
    question: str
    answer: str
    phrasings: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    more: str = ""
    related: tuple[str, ...] = ()
    source: str = ""
    unknown: bool = False
    action: str = ""  # one of faq.validation.ACTIONS, or "" (no button)
    position: int = 0
    line: int | None = None
    extra_phrasings: tuple[str, ...] = field(default=(), compare=False)

    def render(self, values: Mapping[str, str], default: str | None = None) -> str:
        """The answer with placeholders replaced by ``values`` (escaped HTML).

        Raises `faq.placeholders.MissingValueError` for a missing value unless
        ``default`` is given.
        """
        return substitute(self.answer, values, default)

    def render_more(self, values: Mapping[str, str], default: str | None = None) -> str:
        """The optional longer text (``""`` when the entry has none)."""
        return substitute(self.more, values, default) if self.more else ""

    @property
    def all_phrasings(self) -> tuple[str, ...]:
        """The question, its phrasings and the runtime extra phrasings."""
        return (self.question, *self.phrasings, *self.extra_phrasings)


class KnowledgeBase:
    """Ordered, read-only collection of entries, indexed by id."""

    def __init__(self, entries: Sequence[Entry], path: str = "<memory>"):
        self._entries = tuple(entries)
        self._by_id = MappingProxyType({e.id: e for e in self._entries})
        if len(self._by_id) != len(self._entries):
            raise ValueError("duplicate entry ids")
        self.path = path

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._by_id

    def __getitem__(self, entry_id: str) -> Entry:
        return self._by_id[entry_id]

    def get(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    @property
    def entries(self) -> tuple[Entry, ...]:
        return self._entries

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self._by_id)

    def with_extra_phrasings(self, extra: Mapping[str, Sequence[str]]) -> KnowledgeBase:
        """A new KB where entry ``id`` also has the phrasings ``extra[id]``.

        Unknown ids are ignored (see `unknown_ids`); blank and duplicate
        phrasings are dropped.  Replaces previously attached extras.
        """
        entries = []
        for entry in self._entries:
            known = {p.strip().lower() for p in (entry.question, *entry.phrasings)}
            kept: dict[str, None] = {}
            for text in extra.get(entry.id, ()):
                text = " ".join(str(text).split())
                if text and text.lower() not in known:
                    kept[text] = None
            entries.append(replace(entry, extra_phrasings=tuple(kept)))
        return KnowledgeBase(entries, self.path)

    def unknown_ids(self, ids: Sequence[str]) -> list[str]:
        """Ids of ``ids`` that are not in this KB (e.g. stale database rows)."""
        return [i for i in ids if i not in self._by_id]


def _tuple(value: object) -> tuple[str, ...]:
    return tuple(v.strip() for v in value) if isinstance(value, list) else ()


def parse_knowledge_base(text: str, path: str = "<memory>") -> KnowledgeBase:
    """Parse and validate TOML ``text``; raise KnowledgeBaseError on any problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeBaseError(path, [f"{path}: TOML syntax error: {exc}"]) from None
    errors = [f"{path}: unknown top-level key '{k}' (only [[entry]] tables are allowed)" for k in data if k != "entry"]
    raw_entries = data.get("entry", [])
    if not isinstance(raw_entries, list):
        errors.append(f"{path}: 'entry' must be an array of tables ([[entry]])")
        raw_entries = []
    elif not raw_entries:
        errors.append(f"{path}: no [[entry]] found")
    errors.extend(validate_entries(path, text, raw_entries))
    if errors:
        raise KnowledgeBaseError(path, errors)
    lines = entry_lines(text)
    entries = [
        Entry(
            id=r["id"],
            question=r["question"].strip(),
            answer=r["answer"].strip(),
            phrasings=_tuple(r.get("phrasings")),
            keywords=_tuple(r.get("keywords")),
            more=r.get("more", "").strip(),
            related=_tuple(r.get("related")),
            source=r.get("source", ""),
            unknown=r.get("unknown", False),
            action=r.get("action", ""),
            position=pos,
            line=lines[pos - 1] if len(lines) == len(raw_entries) else None,
        )
        for pos, r in enumerate(raw_entries, start=1)
    ]
    return KnowledgeBase(entries, path)


def load_knowledge_base(path: str | Path) -> KnowledgeBase:
    """Load and validate the FAQ file; raise KnowledgeBaseError on any problem."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise KnowledgeBaseError(name, [f"{name}: cannot read file: {exc.strerror or exc}"]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise KnowledgeBaseError(name, [f"{name}: not UTF-8 ({exc.reason} at byte {exc.start})"]) from None
    return parse_knowledge_base(text, name)

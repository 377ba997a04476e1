"""Holds the knowledge base and matcher in service, with safe reload.

`KnowledgeBaseHolder(path)` loads the file at construction (raising
`KnowledgeBaseError` if the very first load fails).  `reload()` re-reads the
file: on success the new KB replaces the old one atomically; on error the
previous KB stays in service and the report carries the error text for staff.
Runtime extra phrasings (from the caller's database) are re-applied on every
reload and can be replaced with `set_extra_phrasings`.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from faq.index import Params
from faq.knowledge import KnowledgeBase, KnowledgeBaseError, load_knowledge_base
from faq.matcher import Matcher, MatchResult, Thresholds


@dataclass(frozen=True)
class ReloadReport:
    ok: bool
    message: str  # human-readable summary (the full error list when not ok)
    entries: int  # number of entries in service after the reload


class KnowledgeBaseHolder:
    """The KB + matcher currently in service."""

    def __init__(
        self,
        path: str | Path,
        extra_phrasings: Mapping[str, Sequence[str]] | None = None,
        params: Params | None = None,
        thresholds: Thresholds | None = None,
    ):
        self.path = Path(path)
        self._extra = {k: list(v) for k, v in (extra_phrasings or {}).items()}
        self._params, self._thresholds = params, thresholds
        self._lock = threading.Lock()
        self._base = load_knowledge_base(self.path)
        self._matcher = self._build(self._base)

    def _build(self, base: KnowledgeBase) -> Matcher:
        kb = base.with_extra_phrasings(self._extra) if self._extra else base
        return Matcher(kb, self._params, self._thresholds)

    @property
    def kb(self) -> KnowledgeBase:
        """The KB in service (with extra phrasings attached)."""
        return self._matcher.kb

    @property
    def matcher(self) -> Matcher:
        return self._matcher

    def match(self, text: str) -> MatchResult:
        return self._matcher.match(text)

    def reload(self) -> ReloadReport:
        """Re-read the file; keep the previous KB in service on any error."""
        try:
            base = load_knowledge_base(self.path)
        except KnowledgeBaseError as exc:
            return ReloadReport(
                False,
                f"Rechargement refusé, la FAQ précédente ({len(self._base)} entrées) reste en service.\n{exc}",
                len(self._base),
            )
        with self._lock:
            matcher = self._build(base)
            self._base, self._matcher = base, matcher
        stale = base.unknown_ids(list(self._extra))
        note = f" Reformulations ignorées (id inconnus) : {', '.join(stale)}." if stale else ""
        return ReloadReport(True, f"FAQ rechargée : {len(base)} entrées.{note}", len(base))

    def set_extra_phrasings(self, extra: Mapping[str, Sequence[str]]) -> None:
        """Replace all runtime phrasings (id -> phrasings) and rebuild the index."""
        with self._lock:
            self._extra = {k: list(v) for k, v in extra.items()}
            self._matcher = self._build(self._base)

    def drop_extra_phrasings(self, phrasings: set[str]) -> None:
        """Stop matching on these runtime phrasings (their author erased their data)."""
        with self._lock:
            kept = {k: [p for p in v if p not in phrasings] for k, v in self._extra.items()}
            if kept != self._extra:
                self._extra = kept
                self._matcher = self._build(self._base)

    def add_extra_phrasing(self, entry_id: str, phrasing: str) -> None:
        """Attach one more phrasing to ``entry_id`` (KeyError if unknown id)."""
        if entry_id not in self._base:
            raise KeyError(entry_id)
        with self._lock:
            self._extra.setdefault(entry_id, []).append(phrasing)
            self._matcher = self._build(self._base)

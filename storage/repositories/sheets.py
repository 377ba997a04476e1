"""Action sheets: every read or write by a collectivity member names the dossier it reaches.

Methods used by the collectivity side take a `DossierScope` first and return None for a sheet
outside it, so a forged id can never reach someone else's sheet: an active member's scope is
the collectivity's shared dossier; a person whose membership is still requested only reaches
their own private drafts. Staff methods (`submitted_queue`, `get_for_staff`, `set_status`,
`add_comment`, `comments`) take no scope: the review feature checks `ctx.is_staff` first; they
reach the shared dossiers only, never a private draft. Photos and documents: `sheet_files.py`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, bindparam, inspect, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from storage.models.sheets import (
    EDITABLE_STATUSES,
    ActionSheet,
    CommentKind,
    SheetAnswer,
    SheetComment,
    SheetStatus,
    shared,
    started,
)
from storage.repositories._rowcount import changed_rows
from storage.repositories._write_now import add_now, update_now
from storage.repositories.dossier_scope import Reach, scope_of

SERVICES_FIELD = "services"


@dataclass(frozen=True)
class Saved:
    version: int


@dataclass(frozen=True)
class Conflict:
    """Another member changed the field after the person saw it."""

    current: str
    version: int
    updated_by: int


@dataclass(frozen=True)
class NotEditable:
    status: str


SaveResult = Saved | Conflict | NotEditable


@functools.cache  # read at nearly every update of a sheet: built once, bound at each call
def _whole_sheet() -> Select[ActionSheet]:
    """A sheet with its answers and attachments in one joined query (a few rows), not three."""
    return (
        select(ActionSheet)
        .options(joinedload(ActionSheet.answers), joinedload(ActionSheet.attachments))
        .where(ActionSheet.id == bindparam("sheet_id"))
    )


def decode_list(value: str) -> list[str]:
    try:
        items = json.loads(value) if value else []
    except ValueError:
        return []
    return [str(i) for i in items] if isinstance(items, list) else []


def encode_list(items: Iterable[str]) -> str:
    return json.dumps(list(items), ensure_ascii=False)


class SheetsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # -- the collectivity's side ---------------------------------------------------
    async def create(self, reach: Reach, edition: int, enjeu: str, *, by: int, now: datetime) -> ActionSheet:
        scope = scope_of(reach)
        sheet = ActionSheet(
            collectivity_id=scope.collectivity_id,
            owner_telegram_id=scope.owner,
            edition=edition,
            enjeu=enjeu,
            status=SheetStatus.BROUILLON,
            position=-1,
            created_by=by,
            updated_by=by,
            created_at=now,
            updated_at=now,
        )
        self.session.add(sheet)
        await self.session.flush()
        await self.session.refresh(sheet, ["answers", "attachments"])  # empty, and loaded: no lazy load later
        return sheet

    async def get(self, reach: Reach, sheet_id: int) -> ActionSheet | None:
        """The sheet if `scope` reaches it. Loaded once per transaction (identity map); a
        colleague's concurrent write is caught at flush by the answers' versions."""
        sheet = self.session.identity_map.get(self.session.identity_key(ActionSheet, sheet_id))
        if sheet is None or inspect(sheet).expired_attributes:  # as session.get, without its cache key
            result = await self.session.scalars(_whole_sheet(), {"sheet_id": sheet_id})
            sheet = result.unique().one_or_none()
        return sheet if sheet is not None and scope_of(reach).covers(sheet) else None

    async def editable(self, reach: Reach, sheet_id: int) -> ActionSheet | NotEditable | None:
        """The sheet to write to, NotEditable once submitted or validated, None outside `reach`."""
        sheet = await self.get(reach, sheet_id)
        if sheet is not None and not sheet.editable:
            return NotEditable(sheet.status)
        return sheet

    async def dossier(self, reach: Reach, edition: int) -> Sequence[ActionSheet]:
        owner, scope = ActionSheet.owner_telegram_id, scope_of(reach)
        query = select(ActionSheet).where(
            ActionSheet.collectivity_id == scope.collectivity_id,
            ActionSheet.edition == edition,
            owner.is_(None) if scope.owner is None else owner == scope.owner,
            started(),
        )
        return (await self.session.scalars(query.order_by(ActionSheet.id))).all()

    async def share_private_drafts(self, collectivity_id: int, owner: int) -> int:
        """A request accepted: the person's private drafts join the collectivity's dossier."""
        return await changed_rows(
            self.session,
            update(ActionSheet)
            .where(ActionSheet.collectivity_id == collectivity_id, ActionSheet.owner_telegram_id == owner)
            .values(owner_telegram_id=None)
            .execution_options(synchronize_session="fetch"),
        )

    async def save_answer(
        self,
        reach: Reach,
        sheet_id: int,
        field: str,
        value: str,
        *,
        seen_version: int,
        by: int,
        now: datetime,
        position: int | None = None,
    ) -> SaveResult | None:
        """Save `value` if the field is still at `seen_version` (0: never answered) or already
        holds `value`; otherwise report the conflict. None: no such sheet for this collectivity.
        `position`: the question the filling moves on to, written in the same UPDATE."""
        sheet = await self.editable(reach, sheet_id)
        if not isinstance(sheet, ActionSheet):
            return sheet
        row = sheet.answer(field)
        current_version = row.version if row is not None else 0
        current_value = row.value if row is not None else ""
        if current_version != seen_version and current_value != value:
            return Conflict(current_value, current_version, row.updated_by if row is not None else 0)
        # Written at once, without the flush (`_write_now`). A concurrent insert (IntegrityError)
        # or update (StaleDataError) of the same field fails here; the dispatcher runs the whole
        # update again, which then sees the conflict. The sheet's row before the answer's, as the
        # flush ordered them and as the erasure of a person writes them (`detach_person`): the
        # other order could deadlock on PostgreSQL.
        moved = {"updated_by": by, "updated_at": now} | ({} if position is None else {"position": position})
        await update_now(self.session, sheet, moved)
        if row is None:
            new = SheetAnswer(sheet_id=sheet.id, field=field, value=value, version=1, updated_by=by, updated_at=now)
            await add_now(self.session, sheet, "answers", new)
            return Saved(1)
        if row.value == value:
            return Saved(current_version)
        await update_now(self.session, row, {"value": value, "updated_by": by, "updated_at": now})
        return Saved(current_version + 1)  # its version column, bumped by the write (or the flush)

    async def toggle_service(
        self, reach: Reach, sheet_id: int, service: str, *, by: int, now: datetime
    ) -> list[str] | NotEditable | None:
        """Add or remove one service: a toggle applies to the current list, so two members'
        toggles merge instead of one replacing the other."""
        sheet = await self.editable(reach, sheet_id)
        if not isinstance(sheet, ActionSheet):
            return sheet
        row = sheet.answer(SERVICES_FIELD)
        services = decode_list(row.value) if row is not None else []
        services = [s for s in services if s != service] if service in services else [*services, service]
        if row is None:
            sheet.answers.append(
                SheetAnswer(field=SERVICES_FIELD, value=encode_list(services), updated_by=by, updated_at=now)
            )
        else:
            row.value, row.updated_by, row.updated_at = encode_list(services), by, now
        sheet.updated_by, sheet.updated_at = by, now
        await self.session.flush()
        return services

    async def forget_untouched(self, reach: Reach, *, by: int, keep: int | None = None) -> int:
        """Drop the person's drafts never started (no answer, no file): they were only a tap on an enjeu."""
        scope = scope_of(reach)
        query = select(ActionSheet).where(
            ActionSheet.collectivity_id == scope.collectivity_id,
            ActionSheet.created_by == by,
            ActionSheet.status == SheetStatus.BROUILLON,
            ~started(),
        )
        if keep is not None:
            query = query.where(ActionSheet.id != keep)
        untouched = (await self.session.scalars(query)).all()
        for sheet in untouched:
            await self.session.delete(sheet)
        return len(untouched)

    async def delete_draft(self, reach: Reach, sheet_id: int) -> bool:
        sheet = await self.get(reach, sheet_id)
        if sheet is None or sheet.status != SheetStatus.BROUILLON:
            return False
        await self.session.delete(sheet)
        await self.session.flush()
        return True

    async def submit(self, reach: Reach, sheet_id: int, *, by: int, now: datetime) -> bool:
        """Editable -> soumise, once: a double tap or a colleague's simultaneous tap gets False.
        A private draft (membership still requested) is never submitted."""
        sheet = await self.get(reach, sheet_id)
        if sheet is None or not scope_of(reach).shared:
            return False
        was = sheet.status
        changed = await self._transition(sheet_id, SheetStatus.SOUMISE, EDITABLE_STATUSES, now=now, by=by)
        if changed and was == SheetStatus.A_CORRIGER:
            self.add_comment(sheet_id, author=by, kind=CommentKind.RESUBMISSION, now=now)
        return changed

    async def visible_comments(self, reach: Reach, sheet_id: int) -> Sequence[SheetComment]:
        if await self.get(reach, sheet_id) is None:
            return []
        return await self.comments(sheet_id, visible_only=True)

    # -- staff (review, issue 6) -------------------------------------------------------
    async def submitted_queue(self, edition: int | None = None) -> Sequence[ActionSheet]:
        """Sheets waiting for review, oldest submission first."""
        query = select(ActionSheet).where(ActionSheet.status == SheetStatus.SOUMISE)
        if edition is not None:
            query = query.where(ActionSheet.edition == edition)
        return (await self.session.scalars(query.order_by(ActionSheet.submitted_at, ActionSheet.id))).all()

    async def get_for_staff(self, sheet_id: int) -> ActionSheet | None:
        """A sheet of a collectivity's dossier; someone's private draft stays theirs, even for staff."""
        return await self.session.scalar(select(ActionSheet).where(ActionSheet.id == sheet_id, shared()))

    async def set_status(
        self,
        sheet_id: int,
        status: SheetStatus,
        *,
        expected: Iterable[str],
        now: datetime,
        by: int,
        comment: tuple[CommentKind, str, str] | None = None,
        visible_to_collectivity: bool = True,
    ) -> bool:
        """Move a sheet to `status` if it is in one of `expected` (False otherwise: someone acted
        first); `comment` = (kind, reason, text) is added to the history in the same transaction."""
        changed = await self._transition(sheet_id, status, expected, now=now, by=by)
        if changed and comment is not None:
            kind, reason, text = comment
            self.add_comment(
                sheet_id,
                author=by,
                kind=kind,
                reason=reason,
                text=text,
                now=now,
                visible_to_collectivity=visible_to_collectivity,
            )
        return changed

    def add_comment(
        self,
        sheet_id: int,
        *,
        author: int,
        kind: CommentKind,
        now: datetime,
        reason: str = "",
        text: str = "",
        visible_to_collectivity: bool = True,
    ) -> SheetComment:
        comment = SheetComment(
            sheet_id=sheet_id,
            author_telegram_id=author,
            kind=kind,
            reason=reason[:200],
            text=text,
            visible_to_collectivity=visible_to_collectivity,
            created_at=now,
        )
        self.session.add(comment)
        return comment

    async def comments(self, sheet_id: int, *, visible_only: bool = False) -> Sequence[SheetComment]:
        query = select(SheetComment).where(SheetComment.sheet_id == sheet_id)
        if visible_only:
            query = query.where(SheetComment.visible_to_collectivity.is_(True))
        return (await self.session.scalars(query.order_by(SheetComment.id))).all()

    async def _transition(
        self, sheet_id: int, status: SheetStatus, expected: Iterable[str], *, now: datetime, by: int
    ) -> bool:
        values: dict = {"status": status, "updated_at": now, "updated_by": by}
        if status == SheetStatus.SOUMISE:
            values["submitted_at"], values["submitted_by"] = now, by
        if status == SheetStatus.VALIDEE:
            values["validated_at"] = now
        return bool(
            await changed_rows(
                self.session,
                update(ActionSheet)
                .where(ActionSheet.id == sheet_id, shared(), ActionSheet.status.in_([str(s) for s in expected]))
                .values(**values)
                .execution_options(synchronize_session="fetch"),
            )
        )

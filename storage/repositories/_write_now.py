"""Write a loaded row at once with one Core statement, keeping the session's objects true.

A sheet answer is the bot's most frequent write. Through the ORM, its rows (the answer and its
sheet) wait for the unit-of-work flush, which costs more Python than the statements themselves
(profiled: about two thirds of the flush's time). Here each row is written when the repository
decides to, by a Core UPDATE or INSERT built once, and the written values are set on the object as
its committed state (`set_committed_value`): the identity map stays what the database holds and
the flush has nothing left to write for them. The conversation state uses `update_now` too.

An UPDATE of a row with a version column checks the version the object was read at, as the flush
does, and raises `StaleDataError` when another transaction changed it meanwhile (the dispatcher
then runs the whole update again). Objects not yet in the database (pending) are left to the flush.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, inspect, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapper, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.sql.dml import Insert, Update

from storage.models import Base
from storage.repositories._rowcount import changed_rows


async def update_now(session: AsyncSession, obj: Base, values: Mapping[str, Any]) -> None:
    """UPDATE `obj`'s row with `values` (attribute names) now; bump and check its version column.
    An object not in the database yet (pending) gets the values as attributes, for the flush."""
    state = inspect(obj)
    if not state.persistent and not state.detached:
        for key, value in values.items():
            setattr(obj, key, value)
        return
    mapper = state.mapper
    version = _version_key(mapper)
    params = {f"v_{key}": value for key, value in values.items()}
    for column in mapper.primary_key:
        key = mapper.get_property_by_column(column).key
        params[f"pk_{key}"] = state.dict[key]
    if version is not None:
        params["old_version"] = state.dict[version]
        params[f"v_{version}"] = state.dict[version] + 1
    if await changed_rows(session, _update(mapper, tuple(values)), params) != 1:
        raise StaleDataError(f"{mapper.class_.__name__}: the row changed or went since it was read")
    for key, value in values.items():
        set_committed_value(obj, key, value)
    if version is not None:
        set_committed_value(obj, version, params[f"v_{version}"])


async def add_now(session: AsyncSession, parent: Base, collection: str, obj: Base) -> None:
    """INSERT the transient `obj` now as a new member of `parent`'s one-to-many `collection`, and
    make it a persistent, unchanged object of the session, in that collection. Every column must
    be set on it (no Python-side defaults are run) but the primary key `id`, the foreign key
    included. A parent not in the database yet (pending) gets it appended, for the flush."""
    if not inspect(parent).persistent:
        getattr(parent, collection).append(obj)
        return
    mapper = inspect(obj).mapper
    keys = tuple(attr.key for attr in mapper.column_attrs if attr.key != "id")
    values = {key: getattr(obj, key) for key in keys}
    new_id = (await session.execute(_insert(mapper, keys), values)).scalar_one()
    obj.id = new_id  # type: ignore[attr-defined]
    make_transient_to_detached(obj)  # what it holds is now the committed state, as if read
    session.add(obj)  # back in the session, persistent, nothing to flush
    relationship = inspect(parent).mapper.relationships[collection]
    if relationship.back_populates:
        set_committed_value(obj, relationship.back_populates, parent)
    set_committed_value(parent, collection, [*getattr(parent, collection), obj])


def _version_key(mapper: Mapper[Any]) -> str | None:
    column = mapper.version_id_col
    return None if column is None else mapper.get_property_by_column(column).key


@functools.cache
def _update(mapper: Mapper[Any], keys: tuple[str, ...]) -> Update:
    table = cast(Table, mapper.local_table)
    where = [column == bindparam(f"pk_{mapper.get_property_by_column(column).key}") for column in mapper.primary_key]
    written: dict[Any, Any] = {table.c[_column(mapper, key)]: bindparam(f"v_{key}") for key in keys}
    version = _version_key(mapper)
    if version is not None:
        where.append(table.c[_column(mapper, version)] == bindparam("old_version"))
        written[table.c[_column(mapper, version)]] = bindparam(f"v_{version}")
    return update(table).where(*where).values(written)


@functools.cache
def _insert(mapper: Mapper[Any], keys: tuple[str, ...]) -> Insert:
    table = cast(Table, mapper.local_table)
    return insert(table).values({table.c[_column(mapper, key)]: bindparam(key) for key in keys}).returning(table.c.id)


def _column(mapper: Mapper[Any], key: str) -> str:
    return mapper.column_attrs[key].columns[0].key

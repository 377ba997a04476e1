"""Contract: every column that names a person is exported by /mesdonnees and erased by
/effacer, through a section of `handlers.core.registry.personal_data_sections`.

A new column with a person's id fails here until a feature declares the section that covers it
(tests/core/test_personal_data*.py and test_erasure_dump.py check the sections do what they say).
"""

from __future__ import annotations

from sqlalchemy import Column, Integer

from handlers.core.registry import personal_data_sections
from storage.models import Base

# Columns that name a person (their Telegram id, or their row in `people`), besides every
# `*_telegram_id` and every integer `*_by` column (who wrote, decided, used, submitted...).
PERSON_COLUMNS = {"telegram_id", "user_id", "person_id", "chat_id", "status_chat_id"}


def names_a_person(column: Column) -> bool:
    if column.name in PERSON_COLUMNS or column.name.endswith("_telegram_id"):
        return True
    if column.name.endswith("_by") and isinstance(column.type, Integer):  # not outbox.claimed_by, a worker
        return True
    return any(fk.column.table.name == "people" for fk in column.foreign_keys)


def person_columns() -> set[str]:
    return {
        f"{name}.{column.name}"
        for name, table in Base.metadata.tables.items()
        for column in table.columns
        if names_a_person(column)
    }


def test_every_column_naming_a_person_is_covered_by_a_personal_data_section():
    covered = {column for section in personal_data_sections() for column in section.columns}
    personal = person_columns()
    assert {"sheet_comments.author_telegram_id", "memberships.decided_by", "outbox.about_telegram_id"} <= personal
    assert sorted(personal - covered) == []
    assert sorted(covered - personal) == []  # a section names only columns that exist and name a person


def test_sections_name_real_tables_and_explain_what_they_keep():
    tables = set(Base.metadata.tables)
    for section in personal_data_sections():
        assert set(section.tables) <= tables, section.name
        assert len(section.kept) > 40, section.name
    names = [section.name for section in personal_data_sections()]
    assert len(names) == len(set(names))

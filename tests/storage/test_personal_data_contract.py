"""Contract: every table that holds a person's id is exported by /mesdonnees and erased by
/effacer, through a section of `handlers.core.registry.personal_data_sections`.

A new table with a person's id fails here until a feature declares the section that covers it.
"""

from __future__ import annotations

from sqlalchemy import Table

from handlers.core.registry import personal_data_sections
from storage.models import Base

# Columns that name a person (their Telegram id, or their row in `people`).
PERSON_COLUMNS = {
    "telegram_id", "user_id", "person_id", "chat_id", "status_chat_id", "asker_telegram_id",
    "actor_telegram_id", "author_telegram_id", "answered_by", "added_by", "created_by", "updated_by",
}  # fmt: skip


def names_a_person(table: Table) -> bool:
    for column in table.columns:
        if column.name in PERSON_COLUMNS or column.name.endswith("_telegram_id"):
            return True
        if any(fk.column.table.name == "people" for fk in column.foreign_keys):
            return True
    return False


def test_every_table_naming_a_person_is_covered_by_a_personal_data_section():
    covered = {table for section in personal_data_sections() for table in section.tables}
    personal = {name for name, table in Base.metadata.tables.items() if names_a_person(table)}
    assert personal, "the detection itself must find tables"
    assert sorted(personal - covered) == []


def test_sections_name_real_tables_and_explain_what_they_keep():
    tables = set(Base.metadata.tables)
    for section in personal_data_sections():
        assert set(section.tables) <= tables, section.name
        assert len(section.kept) > 40, section.name
    names = [section.name for section in personal_data_sections()]
    assert len(names) == len(set(names))

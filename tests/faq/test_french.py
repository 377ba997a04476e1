"""The French lemma table: built once into the cache directory, mapped from there at the next
start, and built in memory when the directory cannot be written, with the same lemmas."""

from __future__ import annotations

import logging

import pytest

from faq import french

WORDS = {"couterait": "couter", "adherents": "adherent", "mangeons": "manger", "webinaire": "webinaire"}


@pytest.fixture
def fresh_table(monkeypatch):
    def use(directory) -> None:
        monkeypatch.setenv("AROBASE_CACHE_DIR", str(directory))
        french._table.cache_clear()
        french.lemma.cache_clear()

    yield use
    monkeypatch.undo()
    french._table.cache_clear()
    french.lemma.cache_clear()


def lemmas() -> dict[str, str]:
    return {word: french.lemma(word) for word in WORDS}


def test_the_table_is_built_once_then_mapped_from_its_files(fresh_table, tmp_path):
    fresh_table(tmp_path)
    assert lemmas() == WORDS and french.is_french("couterait") and not french.is_french("zorglubs")
    built = sorted(p.name for p in tmp_path.iterdir())
    assert len(built) == 2 and all(name.endswith(".marisa") for name in built)
    stamps = [p.stat().st_mtime_ns for p in sorted(tmp_path.iterdir())]
    fresh_table(tmp_path)  # the next start
    assert lemmas() == WORDS
    assert [p.stat().st_mtime_ns for p in sorted(tmp_path.iterdir())] == stamps  # read, not rebuilt


def test_a_cache_directory_that_cannot_be_written_still_gives_the_lemmas(fresh_table, tmp_path, caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    fresh_table(blocker / "cache")
    with caplog.at_level(logging.WARNING, logger="faq.french"):
        assert lemmas() == WORDS
    assert "built in memory" in caplog.text

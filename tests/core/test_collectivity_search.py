"""Finding one's collectivity among the ~36,000 communes and EPCI of the shipped INSEE list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from handlers.content.collectivities import load_directory, normalise, read_entries
from handlers.content.errors import ContentError

CSV = Path(__file__).resolve().parents[2] / "data" / "collectivites.csv"


@pytest.fixture(scope="module")
def directory():
    return load_directory(CSV)


def names(entries):
    return [e.name for e in entries]


def test_the_whole_directory_is_loaded(directory):
    assert len(directory) > 36_000
    assert {e.kind for e in directory.entries} >= {"commune", "cc", "ca", "cu", "metro"}


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("Saint-Germain-en-Laye", "saint germain laye"),
        ("st germain en laye", "saint germain laye"),
        ("Ste-Foy-lès-Lyon", "sainte foy lyon"),
        ("CC du Pays de Nérondes", "communaute communes pays nerondes"),
        ("Communauté de communes du pays de Nérondes", "communaute communes pays nerondes"),
        ("ca de l'Albigeois", "communaute agglomeration albigeois"),
        ("L'Haÿ-les-Roses", "hay roses"),
        ("Le Mans", "mans"),
        ("Œuilly", "oeuilly"),
    ],
)
def test_names_are_normalised_alike(written, normalised):
    assert normalise(written) == normalised


def test_abbreviated_name_finds_the_commune_first(directory):
    assert directory.search("st germain en laye")[0].name == "Saint-Germain-en-Laye"
    assert directory.search("Albi")[0].name == "Albi"
    assert directory.search("Montpelier")[0].name == "Montpellier"  # a typo


def test_intercommunality_prefixes_are_understood(directory):
    assert directory.search("ca albigeois")[0].name == "CA de l'Albigeois (C2A)"
    assert directory.search("communauté de communes pays de nérondes")[0].name == "CC Pays de Nérondes"
    assert all(e.kind == "cc" for e in directory.search("cc du pays de")[:3])


def test_a_postal_code_is_an_exact_match(directory):
    assert names(directory.search("81000")) == ["Albi"]
    assert names(directory.search("81 000")) == ["Albi"]
    assert directory.search("99999") == []


def test_homonyms_are_ranked_by_population_and_told_apart(directory):
    found = directory.search("Saint-Martin")[:5]  # five communes bear exactly this name
    assert all(e.name == "Saint-Martin" for e in found)
    populations = [e.population for e in found]
    assert populations == sorted(populations, reverse=True)
    assert len({e.label for e in found}) == len(found)  # department + population differ
    gers = directory.search("saint martin 32")[0]
    assert gers.name == "Saint-Martin" and gers.department == "32"
    assert gers.label == f"Saint-Martin (32) — {gers.population:,} hab.".replace(",", "\u202f")


def test_an_epci_over_several_departments_lists_them(directory):
    entry = next(e for e in directory.search("Métropole du Grand Paris") if e.kind == "metro")
    assert entry.label.startswith("Métropole du Grand Paris (75, 91, 92")


def test_unknown_or_empty_queries_find_nothing(directory):
    assert directory.search("zzqxw") == []
    assert directory.search("") == []
    assert directory.search("   ") == []
    assert directory.search("x" * 10_000) == []


def test_a_broken_csv_names_the_file_and_line(tmp_path):
    bad = tmp_path / "c.csv"
    bad.write_text("kind,code,name,department,postcodes,population,epci\ncommune,1,A,01,,12,\nville,2,B,01,,x,\n")
    with pytest.raises(ContentError, match=r"c\.csv:3"):
        read_entries(bad)


HEADER = b"kind,code,name,department,postcodes,population,epci\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            HEADER + b"commune,01001,L'Abergement-Cl\xc3\xa9menciat,01,01400,860,2\ncommune,01002,L'Aber",
            "c.csv:3: ligne incomplète",
        ),
        (bytes(range(256)) * 4, "c.csv: illisible, ce n'est pas du texte UTF-8"),
        ("kind,code".encode("utf-16"), "c.csv: illisible, ce n'est pas du texte UTF-8"),
        (HEADER + b'commune,01001,"L\x00A",01,01400,860,2\n', "c.csv:2: ligne invalide"),
        (HEADER, "c.csv: aucune collectivité"),
    ],
)
def test_a_truncated_binary_or_empty_directory_is_one_clear_error(tmp_path, content, expected):
    bad = tmp_path / "c.csv"
    bad.write_bytes(content)
    with pytest.raises(ContentError) as error:
        read_entries(bad)
    message = str(error.value)
    assert expected in message and len(message.splitlines()) == 1
    assert "collectivites.README.md" in message or "invalide" in expected


EXPECTED = Path(__file__).resolve().parents[1] / "data" / "collectivity_search_expected.json"


def test_every_bench_query_is_recorded():
    from bench.collectivity_search import QUERIES

    assert set(QUERIES) <= set(json.loads(EXPECTED.read_text(encoding="utf-8")))


def test_the_search_finds_what_it_found_before_issue_15(directory):
    """The bench's queries and 400 generated ones (typos, prefixes, departments…) give, in the same order,
    what the search gave before it was made faster (recorded by `bench/collectivity_search.py --record`)."""
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    found = {query: [f"{e.code} {e.name}" for e in directory.search(query)] for query in expected}
    assert {q: f for q, f in found.items() if f != expected[q]} == {}

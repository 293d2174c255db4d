"""Search over the seeds and the documents of tests/search_corpus.py: a query set whose
right answers are known, facets that count what the results hold, order, pages, the cap."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from app.db import queries
from app.db import search as engine
from app.db.connection import connect_readonly
from app.search.keys import SEARCH_INDEX
from app.search.syntax import parse


@pytest.fixture
def conn(search_db: Path) -> Iterator[sqlite3.Connection]:
    with closing(connect_readonly(search_db)) as connection:
        yield connection


def find(
    conn: sqlite3.Connection, text: str, limit: int = 200, **filters: object
) -> engine.SearchResult:
    return engine.search(
        conn,
        parse(text).match(),
        engine.SearchFilters(**filters),  # type: ignore[arg-type]
        limit=limit,
        years=engine.snapshot_years(conn),
    )


def texts(result: engine.SearchResult) -> set[str]:
    return {h.text for h in result.hits}


ARABIC_NETWORKS = {
    "تتعاون الشركة مع الشبكات الطبية في عام 2023.",
    "وشبكات التوزيع تغطي المنطقة.",
    "أنشأت الشركة شبكة جديدة في آسيا.",
}
REINSURANCE_AR = "تُقَدِّمُ الشَّرِكَةُ إِعَادَةَ التَّأْمِينِ للعملاء."


@pytest.mark.parametrize("query", ["شبكة", "الشبكات", "وشبكات", "بالشبكة", "شَبَكَة", "شبكه"])
def test_arabic_forms_find_every_statement_with_the_word(
    conn: sqlite3.Connection, query: str
) -> None:
    found = texts(find(conn, query))
    assert found >= ARABIC_NETWORKS


@pytest.mark.parametrize(
    "query",
    [
        "إعادة التأمين",  # hamza forms as written
        "اعادة التامين",  # without hamza
        "إِعَادَةَ التَّأْمِينِ",  # with diacritics
        "اعاده التامين",  # ة typed as ه
        '"إعادة التأمين"',  # as a phrase
    ],
)
def test_arabic_with_and_without_diacritics_and_hamza(conn: sqlite3.Connection, query: str) -> None:
    assert REINSURANCE_AR in texts(find(conn, query))


def test_arabic_indic_digits_are_found_by_ascii_ones(conn: sqlite3.Connection) -> None:
    assert "يصل عدد الفروع إلى ١٢٠ فرعًا في مصر." in texts(find(conn, "120"))
    assert "ارتفعت الإيرادات إلى ٢٥٠ مليون دولار." in texts(find(conn, "٢٥٠ مليون"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pharmacies", "Regional pharmacies joined the network."),
        ("pharmacy", "Regional pharmacies joined the network."),
        ("partnered", "Acme partners with Express Scripts for pharmacy benefits in 2024."),
        ("partnering", "In 2020 Acme partnered with a single pharmacy chain."),
        ("broker", "Brokers sold most policies."),
        ("networks", "Regional pharmacies joined the network."),
    ],
)
def test_english_stemmed_forms_match(conn: sqlite3.Connection, query: str, expected: str) -> None:
    assert expected in texts(find(conn, query))


def test_a_phrase_needs_its_words_side_by_side(conn: sqlite3.Connection) -> None:
    phrase = texts(find(conn, '"partner networks"'))
    assert "Acme sells through insurance brokers and partner networks." in phrase
    words = texts(find(conn, "networks partner"))
    assert "Regional pharmacies joined the network." not in phrase
    assert phrase <= words and len(words) > len(phrase)


def test_an_excluded_word_leaves_its_statements_out(conn: sqlite3.Connection) -> None:
    everything = texts(find(conn, "pharmacy"))
    without = texts(find(conn, "pharmacy -retail"))
    assert "A retail pharmacy counter in every branch." in everything
    assert "A retail pharmacy counter in every branch." not in without
    assert without == {t for t in everything if "retail" not in t.casefold()}


def test_a_prefix_finds_the_words_that_begin_so(conn: sqlite3.Connection) -> None:
    found = texts(find(conn, "reinsur*"))
    assert "Reinsurance treaties with Swiss Re cover catastrophic losses." in found
    assert texts(find(conn, "reins*")) >= found


def test_names_are_found_in_either_language(conn: sqlite3.Connection) -> None:
    found = find(conn, '"Express Scripts"')
    assert "وقّعت الشركة اتفاقية مع Express Scripts." in texts(found)
    assert "Acme partners with Express Scripts for pharmacy benefits in 2024." in texts(found)
    assert {h.lang for h in found.hits} == {"ar", "en"}


def test_hits_come_by_relevance_across_every_snapshot(conn: sqlite3.Connection) -> None:
    """bm25 across every hit: the order is not the years' (the corpus's pharmacy hits span
    several), and it is FTS5's own ranking of the same query."""
    match = parse("pharmacy").match()
    hits = find(conn, "pharmacy").hits
    years = [h.year for h in hits]
    assert len(set(years)) > 1 and years != sorted(years, reverse=True)
    best = conn.execute(
        f"SELECT rowid FROM {SEARCH_INDEX} WHERE {SEARCH_INDEX} MATCH ?"
        f" ORDER BY bm25({SEARCH_INDEX}), rowid DESC LIMIT 1",
        (match,),
    ).fetchone()[0]
    assert engine._hit(conn, best) == hits[0]


def test_a_vague_query_comes_newest_snapshot_first(
    conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past RANK_ALL hits (here 10), bm25 over every hit would cost too much: newest first."""
    monkeypatch.setattr(engine, "RANK_ALL", 10)
    years = [h.year for h in find(conn, "cigna", limit=40).hits]
    assert years and years == sorted(years, reverse=True)


def test_facets_count_what_the_results_hold(conn: sqlite3.Connection) -> None:
    result = find(conn, "pharmacy")
    assert not result.capped and result.total == len(result.hits)
    assert dict(result.years) == Counter(h.year for h in result.hits)
    assert {c.slug: c.count for c in result.companies} == Counter(
        h.company_slug for h in result.hits
    )
    assert dict(result.kinds) == Counter(h.block_kind for h in result.hits)
    assert dict(result.langs) == Counter(h.block_lang for h in result.hits)


def test_filters_narrow_to_what_they_name(conn: sqlite3.Connection) -> None:
    acme = queries.company_id(conn, "acme")
    assert acme is not None
    for filters, check in [
        ({"company_id": acme}, lambda h: h.company_slug == "acme"),
        ({"year": 2025}, lambda h: h.year == 2025),
        ({"kind": "channels"}, lambda h: h.block_kind == "channels"),
        (
            {"company_id": acme, "year": 2020},
            lambda h: (h.company_slug, h.year) == ("acme", 2020),
        ),
    ]:
        everything = find(conn, "pharmacy")
        narrowed = find(conn, "pharmacy", **filters)
        assert narrowed.hits and all(check(h) for h in narrowed.hits), filters
        assert texts(narrowed) == {h.text for h in everything.hits if check(h)}, filters


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_language_filter_keeps_that_languages_blocks(
    conn: sqlite3.Connection, lang: str
) -> None:
    everything = find(conn, '"Express Scripts"')
    narrowed = find(conn, '"Express Scripts"', lang=lang)
    assert narrowed.hits and {h.block_lang for h in narrowed.hits} == {lang}
    assert texts(narrowed) == {h.text for h in everything.hits if h.block_lang == lang}


def test_pages_cut_one_order(conn: sqlite3.Connection) -> None:
    match = parse("cigna").match()
    years = engine.snapshot_years(conn)
    every = engine.search(conn, match, engine.SearchFilters(), limit=500, years=years).hits
    assert len(every) > 45
    pages = [
        engine.search(conn, match, engine.SearchFilters(), offset=o, limit=20, years=years).hits
        for o in range(0, len(every), 20)
    ]
    assert [h for page in pages for h in page] == every


def test_past_the_cap_counts_say_so(
    conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a cap of 10, "cigna" (over a hundred hits) is capped; every year still counted,
    each up to the cap; the rest over the newest 10 hits."""
    monkeypatch.setattr(engine, "SEARCH_CAP", 10)
    result = find(conn, "cigna", limit=20)
    assert result.capped and result.sampled and result.total == 11
    assert {y for y, _ in result.years} == {2015, 2023, 2025}
    assert all(n <= 11 for _, n in result.years)
    assert sum(c.count for c in result.companies) == 10


@pytest.mark.parametrize("text", ['"', "*", "NEAR(", "<script>", "a" * 10_000, "-", "(((", "AND"])
def test_hostile_queries_run(conn: sqlite3.Connection, text: str) -> None:
    query = parse(text)
    if not query.empty:
        result = find(conn, text)
        assert result.total == len(result.hits) or result.capped

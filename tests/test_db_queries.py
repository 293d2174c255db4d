"""The web side's queries: the canvas query stays indexed as companies grow, `companies()`
filters by name, slug or ticker, and `source_lines` cuts the ranges a citation asks for.

The seeds go through the real loader; the many-companies database is a copy of that one with
2,000 small companies inserted by plain sqlite3 (the site is read-only; a test may build
its own file), so the planner sees tables about a hundred times larger than the seeds'.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import cli
from app.db import queries
from app.db.connection import connect_readonly
from app.domain import BLOCK_KINDS
from tests.conftest import POST_SEED, SEEDS

MANY = 2_000
YEARS = (2022, 2023)  # 2023 is also a cigna year: same (year) keys, other companies
CLAIMS_PER_BLOCK = 2
POST_KEY = POST_SEED.stem


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("queries") / "seeds.db"
    result = CliRunner().invoke(cli, ["load", str(SEEDS), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def many_db(seeds_db: Path) -> Path:
    """The seeds plus 2,000 companies x 2 years x 9 blocks x 2 claims (36k blocks, 72k claims)."""
    db = seeds_db.with_name("many.db")
    shutil.copyfile(seeds_db, db)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = OFF")  # a scratch copy: no crash safety needed
    conn.execute("PRAGMA synchronous = OFF")
    with conn:
        first = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM companies").fetchone()[0]
        companies = [
            (first + i, f"testco-{i:04d}", f"Testco {i:04d} Holdings", f"TC{i:04d}")
            for i in range(MANY)
        ]
        conn.executemany(
            "INSERT INTO companies (id, slug, name, ticker) VALUES (?,?,?,?)", companies
        )
        sources, parts, blocks, links, claims = [], [], [], [], []
        block_id = conn.execute("SELECT COALESCE(MAX(id), 0) FROM blocks").fetchone()[0]
        source_id = conn.execute("SELECT COALESCE(MAX(id), 0) FROM sources").fetchone()[0]
        for company_id, slug, name, _ in companies:
            for year in YEARS:
                source_id += 1
                key = f"gen_{slug}_{year}"
                lines = [f"### {kind}" for kind in BLOCK_KINDS]
                text = "\n".join(lines)
                sources.append(
                    (source_id, key, company_id, f"gen/{key}.md", name, "markdown-post",
                     f"{source_id:064x}", len(lines), text, None, None, key)
                )  # fmt: skip
                parts.append((source_id, "en", year, year, 1, len(lines), 0))
                for line, kind in enumerate(BLOCK_KINDS, start=1):
                    block_id += 1
                    blocks.append((block_id, company_id, year, kind, "en", kind))
                    links.append((block_id, source_id, line))
                    claims.extend(
                        (block_id, source_id, position, "bullet", None,
                         f"{name} claim {position} in {year}.", "en", line, line,
                         f"{kind}-{position}", None, None, None)
                        for position in range(CLAIMS_PER_BLOCK)
                    )  # fmt: skip
        conn.executemany(
            "INSERT INTO sources (id, key, company_id, path, title, kind, sha256, line_count,"
            " text, url, summary, fingerprint) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            sources,
        )
        conn.executemany("INSERT INTO source_parts VALUES (?,?,?,?,?,?,?)", parts)
        conn.executemany(
            "INSERT INTO blocks (id, company_id, year, kind, lang, heading) VALUES (?,?,?,?,?,?)",
            blocks,
        )
        conn.executemany(
            "INSERT INTO block_sources (block_id, source_id, heading_line) VALUES (?,?,?)", links
        )
        conn.executemany(
            "INSERT INTO claims (block_id, source_id, position, kind, topic, text, lang,"
            " line_start, line_end, anchor, cells, header, table_line)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            claims,
        )
    conn.close()
    return db


@pytest.fixture
def seeds(seeds_db: Path) -> Iterator[sqlite3.Connection]:
    with closing(connect_readonly(seeds_db)) as conn:
        yield conn


@pytest.fixture
def many(many_db: Path) -> Iterator[sqlite3.Connection]:
    with closing(connect_readonly(many_db)) as conn:
        yield conn


def _cigna(conn: sqlite3.Connection) -> queries.CompanySummary:
    company = queries.company(conn, "cigna")
    assert company is not None
    return company


def _plans(conn: sqlite3.Connection, company_id: int, year: int) -> list[list[str]]:
    """The plan of each query the canvas page (and, for figures, the API) runs, as SQLite
    explains it."""
    return [
        [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", (company_id, year))]
        for sql in (queries.BLOCKS_SQL, queries.CLAIMS_SQL, queries.FIGURES_SQL)
    ]


def _assert_indexed(plans: list[list[str]]) -> None:
    blocks, claims, figures = plans
    for plan, aliases in ((blocks, ("b",)), (claims, ("b", "c")), (figures, ("b", "c", "f"))):
        assert not [step for step in plan if step.startswith("SCAN")], plan  # no table scan
        for alias in aliases:  # blocks and claims are each looked up by an index
            assert any(step.startswith(f"SEARCH {alias} USING") for step in plan), plan
        assert not [step for step in plan if "TEMP B-TREE" in step], plan  # index order


# -- the canvas query -------------------------------------------------------------------------


def test_canvas_query_uses_indexes_on_the_seeds(seeds: sqlite3.Connection) -> None:
    _assert_indexed(_plans(seeds, _cigna(seeds).id, 2023))


@pytest.mark.parametrize("analyzed", [False, True], ids=["no-stats", "after-analyze"])
def test_canvas_query_uses_indexes_with_many_companies(
    many_db: Path, tmp_path: Path, analyzed: bool
) -> None:
    db = many_db
    if analyzed:  # the planner must not switch to a scan once it has statistics either
        db = tmp_path / "analyzed.db"
        shutil.copyfile(many_db, db)
        with sqlite3.connect(db) as conn:
            conn.execute("ANALYZE")
        conn.close()
    with closing(connect_readonly(db)) as conn:
        (claims,) = conn.execute("SELECT COUNT(*) FROM claims").fetchone()
        assert claims > MANY * len(YEARS) * len(BLOCK_KINDS) * CLAIMS_PER_BLOCK
        _assert_indexed(_plans(conn, _cigna(conn).id, 2023))
        other = queries.company(conn, "testco-1234")
        assert other is not None
        _assert_indexed(_plans(conn, other.id, 2022))


def test_canvas_blocks_for_one_company_unchanged_by_many_others(
    seeds: sqlite3.Connection, many: sqlite3.Connection
) -> None:
    for year in (2015, 2023, 2025):
        alone = queries.canvas_blocks(seeds, _cigna(seeds).id, year)
        among = queries.canvas_blocks(many, _cigna(many).id, year)
        assert alone, year
        assert among == alone, year
    other = queries.company(many, "testco-0007")
    assert other is not None
    blocks = queries.canvas_blocks(many, other.id, 2023)
    assert [b.kind for b in blocks] == list(BLOCK_KINDS)
    assert all(
        [c.anchor for c in b.claims] == [f"{b.kind}-{p}" for p in range(CLAIMS_PER_BLOCK)]
        for b in blocks
    )
    assert {c.text.split(" claim")[0] for b in blocks for c in b.claims} == {"Testco 0007 Holdings"}


# -- companies() ------------------------------------------------------------------------------


def test_companies_lists_cigna_with_its_snapshots(seeds: sqlite3.Connection) -> None:
    (cigna,) = queries.companies(seeds)
    assert (cigna.slug, cigna.name, cigna.ticker) == ("cigna", "Cigna Corporation", "CI")
    assert [(s.year, s.langs) for s in cigna.snapshots] == [
        (2015, ("en",)),
        (2023, ("ar",)),
        (2025, ("en",)),
    ]
    assert cigna.latest_year == 2025


@pytest.mark.parametrize(
    "needle", ["cigna", "CIGNA", "  Cigna  ", "corporation", "igna co", "ci", "CI", ""]
)
def test_companies_needle_matches_name_slug_or_ticker(
    seeds: sqlite3.Connection, needle: str
) -> None:
    assert [c.slug for c in queries.companies(seeds, needle)] == ["cigna"]


@pytest.mark.parametrize("needle", ["acme", "cigna-x", "2023", "ci gna"])
def test_companies_needle_without_a_match_is_empty(seeds: sqlite3.Connection, needle: str) -> None:
    assert queries.companies(seeds, needle) == []


@pytest.mark.parametrize(
    ("needle", "slugs"),
    [
        ("tc1234", ["testco-1234"]),  # only the ticker holds this
        ("testco-0042", ["testco-0042"]),  # only the slug holds the dash
        ("Testco 0042 hold", ["testco-0042"]),  # only the name holds the space
        ("testco 000", [f"testco-000{i}" for i in range(10)]),  # by name, in name order
    ],
)
def test_companies_needle_among_many(
    many: sqlite3.Connection, needle: str, slugs: list[str]
) -> None:
    found = queries.companies(many, needle)
    assert [c.slug for c in found] == slugs
    assert all([s.year for s in c.snapshots] == list(YEARS) for c in found)


def test_companies_are_in_name_order_regardless_of_case(many: sqlite3.Connection) -> None:
    everything = queries.companies(many)
    assert len(everything) == MANY + 1
    names = [c.name for c in everything]
    assert names == sorted(names, key=str.casefold)
    assert queries.company(many, "cigna") == _cigna(many)


# -- source_lines -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "first", "last"),
    [
        (1, 1, 1, 1),  # one line
        (2, 3, 2, 3),  # the front matter's two keys
        (5, 13, 5, 13),  # a run of lines
        (0, 2, 1, 2),  # a start before line 1 begins at line 1
        (-5, 1, 1, 1),
        (78, 80, 78, 80),  # the last lines
        (1, 80, 1, 80),  # the whole document
    ],
)
def test_source_lines_ranges(
    seeds: sqlite3.Connection, start: int, end: int, first: int, last: int
) -> None:
    expected = POST_SEED.read_text(encoding="utf-8").splitlines()
    assert len(expected) == 80
    assert queries.source_lines(seeds, POST_KEY, start, end) == expected[first - 1 : last]


def test_source_lines_empty_and_unknown(seeds: sqlite3.Connection) -> None:
    assert queries.source_lines(seeds, POST_KEY, 5, 4) == []  # end before start
    assert queries.source_lines(seeds, "no-such-source", 1, 2) is None


def test_source_lines_stop_at_the_last_line(seeds: sqlite3.Connection) -> None:
    """A final newline ends the last line; it does not start a line 81 to quote."""
    (line_count,) = seeds.execute(
        "SELECT line_count FROM sources WHERE key = ?", (POST_KEY,)
    ).fetchone()
    assert line_count == 80
    assert queries.source_lines(seeds, POST_KEY, 81, 81) == []
    last_two = POST_SEED.read_text(encoding="utf-8").splitlines()[78:]
    assert queries.source_lines(seeds, POST_KEY, 79, 200) == last_two


# -- company_page: the directory, a page at a time ------------------------------------------


def test_company_pages_walk_every_company_once_in_name_order(many: sqlite3.Connection) -> None:
    everything = [c.slug for c in queries.companies(many)]
    walked: list[str] = []
    page = queries.company_page(many, limit=100)
    pages = 1
    while True:
        walked += [c.slug for c in page.companies]
        assert len(page.companies) <= 100 and page.total == len(everything)
        if page.after is None:
            break
        page = queries.company_page(many, after=page.after, limit=100)
        pages += 1
    assert walked == everything and pages == -(-len(everything) // 100)


def test_company_pages_go_back_to_the_same_page(many: sqlite3.Connection) -> None:
    first = queries.company_page(many, limit=100)
    assert first.before is None and first.after is not None
    second = queries.company_page(many, after=first.after, limit=100)
    assert second.before == second.companies[0].slug
    back = queries.company_page(many, before=second.before, limit=100)
    assert [c.slug for c in back.companies] == [c.slug for c in first.companies]
    assert back.before is None


def test_a_company_page_filters_and_counts(many: sqlite3.Connection) -> None:
    page = queries.company_page(many, "testco 00", limit=30)
    assert page.total == 100 and len(page.companies) == 30 and page.after == "testco-0029"
    rest = queries.company_page(many, "testco 00", after=page.after, limit=100)
    assert [c.slug for c in rest.companies] == [f"testco-00{i:02d}" for i in range(30, 100)]
    assert rest.after is None
    assert queries.company_page(many, "100%_").total == 0  # LIKE's own marks are text


def test_a_cursor_whose_company_is_gone_still_gives_a_page(many: sqlite3.Connection) -> None:
    page = queries.company_page(many, after="testco-0041-gone", limit=3)
    # "testco 0041 gone" sorts before "Testco 0041 Holdings": about where it stood
    assert [c.slug for c in page.companies] == ["testco-0041", "testco-0042", "testco-0043"]

"""The real seeds, loaded end to end: what a reader of the site would be shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.domain import BLOCK_KINDS, split_lines
from app.loader.detect import parse_document
from app.loader.lines import BULLET
from app.loader.pipe_tables import split_row
from tests.conftest import PAGE_SEED, POST_SEED, SEEDS, rows

ENGLISH_2025_BLOCKS = {
    "value-propositions",
    "customer-relationships",
    "channels",
    "customer-segments",
    "cost-structure",
    "revenue-streams",
}


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from app.cli import cli

    db = tmp_path_factory.mktemp("seeded") / "canvas.db"
    result = CliRunner().invoke(cli, ["load", str(SEEDS), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def test_one_company_cigna_with_three_snapshots(seeded_db: Path) -> None:
    assert rows(seeded_db, "SELECT slug, ticker FROM companies") == [("cigna", "CI")]
    years = rows(seeded_db, "SELECT DISTINCT year, lang FROM blocks ORDER BY year")
    assert years == [(2015, "en"), (2023, "ar"), (2025, "en")]


@pytest.mark.parametrize("year", [2015, 2023])
def test_all_nine_blocks_have_claims(seeded_db: Path, year: int) -> None:
    found = rows(
        seeded_db,
        "SELECT b.kind, COUNT(c.id) FROM blocks b JOIN claims c ON c.block_id = b.id "
        "WHERE b.year = ? GROUP BY b.kind",
        (year,),
    )
    assert {kind for kind, _ in found} == set(BLOCK_KINDS)
    assert all(count > 0 for _, count in found)


def test_2025_has_exactly_the_six_blocks_the_document_covers(seeded_db: Path) -> None:
    found = rows(seeded_db, "SELECT kind FROM blocks WHERE year = 2025")
    assert {kind for (kind,) in found} == ENGLISH_2025_BLOCKS


def test_claim_counts_match_formats_reading(seeded_db: Path) -> None:
    counts = dict(
        rows(
            seeded_db,
            "SELECT b.year, COUNT(*) FROM claims c JOIN blocks b ON b.id = c.block_id "
            "GROUP BY b.year",
        )
    )
    assert counts[2015] == 34
    assert 165 <= counts[2023] <= 175  # FORMATS.md: "about 170"
    assert 106 <= counts[2025] <= 116  # "about 111"


def test_arabic_part_claims_are_arabic(seeded_db: Path) -> None:
    langs = rows(
        seeded_db,
        "SELECT DISTINCT c.lang FROM claims c JOIN blocks b ON b.id = c.block_id "
        "WHERE b.year = 2023",
    )
    assert langs == [("ar",)]
    english = rows(
        seeded_db,
        "SELECT DISTINCT c.lang FROM claims c JOIN blocks b ON b.id = c.block_id "
        "WHERE b.year IN (2015, 2025)",
    )
    assert english == [("en",)]


@pytest.mark.parametrize(
    "boilerplate", ["Finance: draft", "Fully Editable", "Disclaimer", "Investor-Approved"]
)
def test_no_claim_holds_boilerplate(seeded_db: Path, boilerplate: str) -> None:
    hits = rows(seeded_db, "SELECT text FROM claims WHERE instr(text, ?) > 0", (boilerplate,))
    assert hits == []


def test_suffix_stripped_sentence_keeps_its_own_words(seeded_db: Path) -> None:
    line = next(
        line
        for line in split_lines(PAGE_SEED.read_text())
        if line.endswith("by Friday.") and not line.startswith("Finance:")
    )
    sentence = line[: line.index(" Finance: draft")]
    found = rows(seeded_db, "SELECT text, line_start FROM claims WHERE text = ?", (sentence,))
    assert len(found) == 1
    assert sentence.endswith("in Q2 2025.")


def test_figures_are_stored_verbatim(seeded_db: Path) -> None:
    texts = [t for (t,) in rows(seeded_db, "SELECT text FROM claims")]
    for figure in ("500.000 عضو", "1.5 مليون", "$6,328", "86.5%", "16,355 thousand", "N/A"):
        assert any(figure in text for text in texts), figure


def test_sources_keep_full_text_and_metadata(seeded_db: Path) -> None:
    found = rows(seeded_db, "SELECT key, path, kind, line_count, text FROM sources ORDER BY key")
    assert [(k, p, kind) for k, p, kind, _, _ in found] == [
        (POST_SEED.stem, f"seeds/{POST_SEED.name}", "markdown-post"),
        (PAGE_SEED.stem, f"seeds/{PAGE_SEED.name}", "scraped-page"),
    ]
    for (_, _, _, line_count, text), seed in zip(found, (POST_SEED, PAGE_SEED), strict=True):
        assert text == seed.read_text(encoding="utf-8")
        assert line_count == len(split_lines(text))


def test_table_rows_keep_header_and_cells(seeded_db: Path) -> None:
    found = rows(
        seeded_db,
        "SELECT text, cells, header FROM claims WHERE kind = 'row' AND text LIKE '$69.75%' "
        "OR (kind = 'row' AND text LIKE 'Total Consolidated Revenue%')",
    )
    assert len(found) == 1
    text, cells, header = found[0]
    assert json.loads(cells) == ["Total Consolidated Revenue", "$69.75 billion"]
    assert json.loads(header) == ["Revenue Component", "Latest Reported Amount (Q3 2025)"]
    assert text == "Total Consolidated Revenue | $69.75 billion"


def _line_holds(kind: str, text: str, cited: list[str], cells: str | None) -> bool:
    """Whether the claim's words stand in its cited lines, allowing markers and pipes."""
    if kind == "row":
        assert len(cited) == 1
        written = [c for c in split_row(cited[0])]
        stored = json.loads(cells or "[]")
        return written[: len(stored)] == stored and all(not c for c in written[len(stored) :])
    pieces = text.split("\n")
    if len(pieces) != len(cited):
        return False
    for piece, line in zip(pieces, cited, strict=True):
        body = line.strip()
        if kind == "bullet" and (match := BULLET.match(body)):
            body = match.group("text")
        if not body.startswith(piece):
            return False
    return True


def test_every_claim_stands_in_its_cited_lines(seeded_db: Path) -> None:
    sources = {
        key: split_lines(text) for key, text in rows(seeded_db, "SELECT key, text FROM sources")
    }
    claims = rows(
        seeded_db,
        "SELECT s.key, c.kind, c.text, c.line_start, c.line_end, c.cells "
        "FROM claims c JOIN sources s ON s.id = c.source_id",
    )
    assert len(claims) > 300
    for key, kind, text, start, end, cells in claims:
        cited = sources[key][start - 1 : end]
        assert _line_holds(kind, text, cited, cells), (key, start, text)


def test_no_claim_is_duplicated(seeded_db: Path) -> None:
    spans = rows(seeded_db, "SELECT source_id, line_start, line_end FROM claims")
    seen: set[tuple[object, int]] = set()
    for source_id, start, end in spans:
        for line in range(start, end + 1):
            assert (source_id, line) not in seen
            seen.add((source_id, line))


@pytest.mark.parametrize("seed", [POST_SEED, PAGE_SEED], ids=["post", "page"])
def test_every_non_blank_line_is_accounted_for(seed: Path) -> None:
    parsed = parse_document(seed.read_text(encoding="utf-8"))
    lines = split_lines(seed.read_text(encoding="utf-8"))
    roles: dict[int, str] = {}

    def assign(line: int, role: str) -> None:
        assert line not in roles, (line, roles[line], role)
        roles[line] = role

    for part in parsed.parts:
        for block in part.blocks:
            for claim in block.claims:
                for line in range(claim.line_start, claim.line_end + 1):
                    assign(line, "claim")
    for line, role in parsed.structure.items():
        assign(line, role)
    for dropped in parsed.dropped:
        assign(dropped.line, f"dropped: {dropped.reason}")
    non_blank = {n for n, line in enumerate(lines, start=1) if line.strip()}
    assert non_blank - set(roles) == set()
    assert {r for r in roles.values() if r.startswith("dropped")} >= (
        {"dropped: task line", "dropped: disclaimer", "dropped: marketing"}
        if seed == PAGE_SEED
        else {"dropped: front matter"}
    )


def test_anchors_are_unique_on_each_canvas_page(seeded_db: Path) -> None:
    found = rows(
        seeded_db,
        "SELECT b.company_id, b.year, c.anchor FROM claims c JOIN blocks b ON b.id = c.block_id",
    )
    assert len(found) == len(set(found))
    assert all(len(anchor) >= 10 for _, _, anchor in found)

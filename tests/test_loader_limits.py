"""The caps on what one document may hold (app/loader/document.py): each refusal one line
naming the line where the cap was passed, enforced while the document is parsed; and the
loader's memory on documents within them, measured (bench/loader_memory.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from app.loader import document
from app.loader.detect import parse_document
from app.loader.document import (
    MAX_BLOCK_STATEMENTS,
    MAX_LINES,
    MAX_ROW_CELLS,
    MAX_STATEMENTS,
    DocumentError,
)
from tests.conftest import ROOT

HEAD = "Businessmodel of Acme\n---------------------\n"
BLOCKS = ("Key Partners", "Key Activities", "Key Resources")
BLOCK_ERROR = f"over {MAX_BLOCK_STATEMENTS:,} statements in one block: the limit for a block"
DOCUMENT_ERROR = f"over {MAX_STATEMENTS:,} statements: the limit for a document"


def post(counts: list[int], item: str = "- Steel from mill {n} in 2021.") -> str:
    """A markdown post with `counts[i]` bullets in its i-th block."""
    parts = [HEAD]
    n = 0
    for block, count in zip(BLOCKS, counts, strict=False):
        parts.append(f"\n### {block}\n\n")
        for _ in range(count):
            parts.append(item.format(n=n) + "\n")
            n += 1
    return "".join(parts)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def refused(text: str) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        parse_document(text)
    return caught.value


def test_the_caps_are_far_above_real_documents() -> None:
    """The seeds: 424 lines, 280 statements, 25 in a block, 6 cells in a row (see the caps)."""
    assert (MAX_LINES, MAX_STATEMENTS, MAX_BLOCK_STATEMENTS, MAX_ROW_CELLS) == (
        100_000,
        10_000,
        5_000,
        100,
    )


def test_a_block_holds_5000_statements_and_not_one_more() -> None:
    parsed = parse_document(post([MAX_BLOCK_STATEMENTS]))
    assert parsed.claim_count == MAX_BLOCK_STATEMENTS
    text = post([MAX_BLOCK_STATEMENTS + 1])
    error = refused(text)
    assert (error.message, error.line) == (BLOCK_ERROR, line_of(text, "mill 5000 "))


def test_a_document_holds_10000_statements_and_not_one_more() -> None:
    assert parse_document(post([5_000, 5_000])).claim_count == MAX_STATEMENTS
    text = post([5_000, 4_000, 1_001])
    error = refused(text)
    assert (error.message, error.line) == (DOCUMENT_ERROR, line_of(text, "mill 10000 "))


def test_a_table_is_refused_at_the_row_past_the_block_cap() -> None:
    rows = "".join(f"| Mill {n} | 2021 |\n" for n in range(MAX_BLOCK_STATEMENTS + 1))
    text = f"{HEAD}\n### Key Partners\n\n| Partner | Since |\n|---|---|\n{rows}"
    error = refused(text)
    assert (error.message, error.line) == (BLOCK_ERROR, line_of(text, "| Mill 5000 |"))


def test_a_table_joining_a_full_document_is_refused_at_its_row_past_the_cap() -> None:
    rows = "".join(f"| Mill {n} | 2021 |\n" for n in range(10))
    text = post([5_000, 4_995]) + f"\n### Key Resources\n\n| Partner | Since |\n{rows}"
    error = refused(text)
    assert (error.message, error.line) == (DOCUMENT_ERROR, line_of(text, "| Mill 5 |"))


def test_a_scraped_page_block_is_capped_the_same_way() -> None:
    heading = "Acme (ACM) - Canvas Business Model: Key Partners\n"
    lines = "".join(f"Acme works with mill {n} in 2021.\n" for n in range(5_001))
    text = heading + lines
    error = refused(text)
    assert (error.message, error.line) == (BLOCK_ERROR, 5_002)
    table = "| Partner | Since |\n" + "".join(f"| Mill {n} | 2021 |\n" for n in range(5_001))
    text = heading + "Acme works with mills in 2021.\n" + table
    error = refused(text)
    assert (error.message, error.line) == (BLOCK_ERROR, line_of(text, "| Mill 4999 |"))


def test_a_table_row_holds_100_cells_and_not_one_more() -> None:
    def table(cells: int) -> str:
        row = "| 2021 |" + " x |" * (cells - 1)
        return f"{HEAD}\n### Key Partners\n\n| Partner | Since |\n|---|---|\n{row}\n"

    [part] = parse_document(table(MAX_ROW_CELLS)).parts
    assert len(part.blocks[0].claims[0].cells or ()) == MAX_ROW_CELLS
    error = refused(table(MAX_ROW_CELLS + 1))
    assert (error.message, error.line) == (
        "table row has 101 cells, over the 100-cell limit",
        8,
    )


def test_a_refusal_is_one_line_and_writes_nothing(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "many.md"
    text = post([MAX_BLOCK_STATEMENTS + 1])
    path.write_text(text, encoding="utf-8")
    code, out, err = run_cli("load", path, "--db", tmp_path / "c.db", "--quiet")
    assert (code, out) == (2, "")
    assert err.strip() == f"canvas: error: {path}:{line_of(text, 'mill 5000 ')}: {BLOCK_ERROR}"
    assert not (tmp_path / "c.db").exists()


def _parse_peak(text: str) -> tuple[int, str]:
    """tracemalloc's peak while `text` is parsed, and what came of it."""
    tracemalloc.start()
    try:
        result = f"{parse_document(text).claim_count} statements"
    except DocumentError as exc:
        result = exc.message
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak, result


def test_the_caps_refuse_before_the_memory_is_spent(monkeypatch: pytest.MonkeyPatch) -> None:
    """90,000 short bullets in one block (the line cap allows them): refused at the 5,001st,
    with a fraction of the memory the parse takes when nothing stops it."""
    text = post([90_000], item="- a{n}")
    capped_peak, capped = _parse_peak(text)
    assert capped == BLOCK_ERROR
    monkeypatch.setattr(document, "MAX_BLOCK_STATEMENTS", 10**9)
    monkeypatch.setattr(document, "MAX_STATEMENTS", 10**9)
    free_peak, free = _parse_peak(text)
    assert free == "90000 statements"
    assert capped_peak < free_peak / 2, (capped_peak, free_peak)


# -- memory, measured: bench/loader_memory.py, `canvas load` in a child process ----------------
SIZE_MB = 2
#: Net peak RSS over the document's size: "about 30 times". The worst shape, a 2 MB table of
#: 10,000 rows of 40 cells, measures 33-35x (a cell is a string object of its own, some 60
#: bytes for `| 12 `; and some 10 MB of the net is SQLite's page cache, a fixed cost); the
#: others 11-27x. At 9-10 MB every shape is under 20x (bench/README.md, "Loader memory").
RATIO = 36


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    """One run of the benchmark at 2 MB: each shape's peak RSS minus the tiny document's."""
    out = tmp_path_factory.mktemp("memory") / "memory.json"
    result = subprocess.run(
        [sys.executable, "bench/loader_memory.py", "--size", str(SIZE_MB), "--out", str(out)]
        + [f"--shape={shape}" for shape in SHAPES],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return {row["shape"]: row for row in json.loads(out.read_text())["rows"]}


SHAPES = ("bullets", "paragraphs", "noise", "arabic", "table")


@pytest.mark.slow
@pytest.mark.parametrize("shape", SHAPES)
def test_loader_memory_is_bounded_by_the_document(
    memory: dict[str, dict[str, object]], shape: str
) -> None:
    """A bound, not a time: the loader's peak RSS on a 2 MB document near the caps, less
    the same command's on a tiny document, is about 30 times the document's size at most."""
    row = memory[shape]
    assert row["exit_code"] == 0, row["error"]
    assert 1.5e6 < float(row["size_bytes"]) < 2.5e6  # type: ignore[arg-type]
    assert float(row["ratio"]) < RATIO, row  # type: ignore[arg-type]

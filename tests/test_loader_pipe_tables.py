"""Pipe tables: header is the first row, separator optional, outer pipes optional, ragged rows."""

from __future__ import annotations

import pytest

from app.domain import lang_of
from app.loader.pipe_tables import is_separator, is_table_line, split_row, table_claims


def run(*lines: str, first: int = 10) -> list[tuple[int, str]]:
    return list(enumerate(lines, start=first))


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("| a | b |", ["a", "b"]),
        ("a | b", ["a", "b"]),
        ("a | b |", ["a", "b"]),
        ("| a | b", ["a", "b"]),
        ("|  $6,328  |86.5%|N/A|", ["$6,328", "86.5%", "N/A"]),
        ("| الأطباء | 750,000 |", ["الأطباء", "750,000"]),
        ("| A | | C |", ["A", "", "C"]),
        (r"| a \| b | c |", [r"a \| b", "c"]),
    ],
)
def test_split_row_keeps_cells_verbatim(line: str, cells: list[str]) -> None:
    assert split_row(line) == cells


@pytest.mark.parametrize(
    "line", ["|---|---|", "|---|---|---|", "| :--- | ---: |", "---|---", "|:---:|:---:|"]
)
def test_separators(line: str) -> None:
    assert is_separator(line)


@pytest.mark.parametrize("line", ["| a | b |", "| --- | x |", "Revenue - costs"])
def test_not_separators(line: str) -> None:
    assert not is_separator(line)


@pytest.mark.parametrize(
    "line", ["| a | b |", "| Metric | Value | Context |", "Region | Revenue", "EMEA | $1,200 |"]
)
def test_table_lines(line: str) -> None:
    assert is_table_line(line)


@pytest.mark.parametrize(
    "line", ["|", "Acme grew 12% in 2024.", "- a bullet", "Metric |", "", "SG&A fell"]
)
def test_not_table_lines(line: str) -> None:
    assert not is_table_line(line)


def test_header_separator_and_rows() -> None:
    structure: dict[int, str] = {}
    rows = table_claims(
        run("| Line | Revenue | Share |", "|---|---|---|", "| Licences | $6,328 | 86.5% |"),
        lang_of,
        "Software",
        structure,
    )
    assert len(rows) == 1
    row = rows[0]
    assert (row.kind, row.text, row.line_start, row.line_end) == (
        "row",
        "Licences | $6,328 | 86.5%",
        12,
        12,
    )
    assert row.cells == ("Licences", "$6,328", "86.5%")
    assert row.header == ("Line", "Revenue", "Share")
    assert row.table_line == 10
    assert row.topic == "Software"
    assert row.lang == "en"
    assert structure == {10: "table-header", 11: "separator"}


def test_without_separator_the_first_row_is_still_the_header() -> None:
    structure: dict[int, str] = {}
    rows = table_claims(
        run(
            "| Metric | Value as of June 30, 2025 | Context |",
            "| Total Pharmacy Customers | 121.9 million | Up 3% |",
            "| Medical Customers | 18.0 million | N/A |",
            first=315,
        ),
        lang_of,
        None,
        structure,
    )
    assert [(r.text, r.line_start, r.table_line) for r in rows] == [
        ("Total Pharmacy Customers | 121.9 million | Up 3%", 316, 315),
        ("Medical Customers | 18.0 million | N/A", 317, 315),
    ]
    assert {r.header for r in rows} == {("Metric", "Value as of June 30, 2025", "Context")}
    assert structure == {315: "table-header"}


def test_ragged_rows_keep_the_cells_they_have() -> None:
    rows = table_claims(
        run("| Segment | Count | Revenue |", "| Large | 1,750 |", "| Small |"),
        lang_of,
        None,
        {},
    )
    assert [(r.cells, r.text) for r in rows] == [
        (("Large", "1,750"), "Large | 1,750"),
        (("Small",), "Small"),
    ]
    assert {r.header for r in rows} == {("Segment", "Count", "Revenue")}


def test_rows_without_leading_pipe() -> None:
    rows = table_claims(run("Region | Revenue", "Americas | 250+ clients"), lang_of, None, {})
    assert [(r.cells, r.header, r.table_line) for r in rows] == [
        (("Americas", "250+ clients"), ("Region", "Revenue"), 10)
    ]


def test_row_language_comes_from_its_letters_with_the_part_language_as_default() -> None:
    rows = table_claims(
        run("| البرنامج | التسجيل |", "| ميزة الرعاية الطبية | 500.000 عضو |", "| 2 | 18 |"),
        lambda text: lang_of(text, "ar"),
        None,
        {},
    )
    assert [(r.text, r.lang) for r in rows] == [
        ("ميزة الرعاية الطبية | 500.000 عضو", "ar"),
        ("2 | 18", "ar"),
    ]


def test_a_header_alone_gives_no_claims() -> None:
    structure: dict[int, str] = {}
    assert table_claims(run("| a | b |", "|---|---|"), lang_of, None, structure) == []
    assert structure == {10: "table-header", 11: "separator"}


def _table(*lines: str) -> tuple[list[tuple[str, ...] | None], list[str], dict[int, str]]:
    """(each row's header, each row's text, the structure) of one run of pipe lines."""
    structure: dict[int, str] = {}
    claims = table_claims(run(*lines), lang_of, None, structure)
    return [c.header for c in claims], [c.text for c in claims], structure


@pytest.mark.parametrize(
    "lines",
    [
        # Arabic, as a scraped page writes it after a lead-in line: figures in the first row
        ("| مصاريف البيع والتسويق | 1.9 مليار درهم |", "| مصاريف إدارية | 0.8 مليار درهم |"),
        ("| مصاريف البيع والتسويق | ١٫٩ مليار درهم |", "| مصاريف إدارية | ٠٫٨ مليار درهم |"),
        ("Selling and marketing | $1.9 billion", "General and administrative | $0.8 billion"),
        ("| Doctors | 750,000 | 12% |", "| Hospitals | 6,500 | 3% |", "| Clinics | 900 |"),
        ("| Research spending | 14% of revenue |",),  # one row, holding a figure
    ],
)
def test_a_first_row_of_figures_is_a_cited_row_not_a_header(lines: tuple[str, ...]) -> None:
    headers, texts, structure = _table(*lines)
    assert len(texts) == len(lines)  # every row is a statement
    assert texts[0] == " | ".join(split_row(lines[0]))
    assert headers == [None] * len(lines)
    assert "table-header" not in structure.values()


def test_the_rows_of_a_headerless_table_share_the_first_rows_line() -> None:
    structure: dict[int, str] = {}
    claims = table_claims(
        run("| Rent | $1.2 million |", "| Salaries | $3.4 million |", first=40),
        lang_of,
        None,
        structure,
    )
    assert [(c.line_start, c.table_line, c.cells) for c in claims] == [
        (40, 40, ("Rent", "$1.2 million")),
        (41, 40, ("Salaries", "$3.4 million")),
    ]


@pytest.mark.parametrize(
    "lines",
    [
        ("| Segment | 2023 | 2024 |", "| Retail | $5 billion | $6 billion |"),  # years name columns
        ("| Metric | Q1 2025 | Q2 2025 |", "| Revenue | $65.5 billion | $66.1 billion |"),
        ("| Top 10 clients | Share |", "| Acme | 12% |"),  # a figure the next row lacks there
        ("| نوع المزود | عدد مقدمي الخدمة |", "| الأطباء | 750,000 |"),  # words
        ("| Rent | $1.2 million |", "|---|---|", "| Salaries | $3.4 million |"),  # `|---|` says so
    ],
)
def test_a_header_stays_a_header_and_its_line_is_reported(lines: tuple[str, ...]) -> None:
    headers, texts, structure = _table(*lines)
    assert structure[10] == "table-header"
    rows_written = [line for line in lines[1:] if not is_separator(line)]
    assert len(texts) == len(rows_written)
    assert all(h == tuple(split_row(lines[0])) for h in headers)


def test_every_line_of_a_table_is_a_statement_or_reported() -> None:
    lines = ("| Metric | 2024 |", "|---|---|", "| Revenue | $5 billion |", "| Costs | $3 billion |")
    structure: dict[int, str] = {}
    claims = table_claims(run(*lines), lang_of, None, structure)
    cited = {c.line_start for c in claims}
    assert cited | set(structure) == set(range(10, 10 + len(lines)))
    assert not cited & set(structure)

"""Figures with meaning on the site: the figures page, its CSV and SVG and the API's series
over the seeds (the Cigna revenue series the issue lists) and over documents written here;
the key figures on a canvas; the comparison's side by side and its changes; bars in tables."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.figure_documents import FIGURE_DOCUMENTS
from tests.web_fixtures import load, site_client

SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def seeds(seeded_db: Path) -> Iterator[TestClient]:
    with site_client(seeded_db) as client:
        yield client


@pytest.fixture(scope="module")
def lumen(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("figure-docs")
    for name, text in FIGURE_DOCUMENTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = load([folder], tmp_path_factory.mktemp("figure-db") / "canvas.db")
    with site_client(db) as client:
        yield client


def revenue_by_year(client: TestClient) -> dict[str, object]:
    body = client.get("/api/companies/cigna/figures").json()
    return next(
        s for s in body["series"]
        if s["metric"] == "revenue" and s["period_kind"] == "year" and s["scope"] is None
        and s["reading"] is None and s["currency"] == "USD"
    )  # fmt: skip


def test_the_api_holds_the_cigna_revenue_series_each_value_dated_and_cited(
    seeds: TestClient,
) -> None:
    body = seeds.get("/api/companies/cigna/figures").json()
    values = {
        (v["period"], v["text"], tuple(v["qualifiers"]))
        for s in body["series"] if s["metric"] == "revenue" and s["scope"] is None
        for v in s["values"]
    }  # fmt: skip
    assert (
        "2014",
        "$34.91 billion",
        ("earlier",),
    ) in values  # "up on the $34.91 billion … in 2014"
    assert ("2015", "$37.88 billion", ()) in values
    assert ("2023", "180.6 مليار دولار أمريكي", ()) in values
    assert ("2024", "86.4 مليار دولار", ()) in values  # "financial resources as of 2024"
    assert ("2025Q1", "$65.5 billion", ()) in values
    assert ("2025Q3", "$69.75 billion", ()) in values
    assert ("2025", "$252 billion", ("projected", "at least", "adjusted")) in values
    for s in body["series"]:
        for v in s["values"]:
            c = v["citation"]
            assert c["url"] == f"/sources/{c['source_key']}#L{c['line_start']}-L{c['line_end']}"
            assert v["statement_url"].startswith(f"/c/cigna/{v['snapshot']}")


def test_a_series_never_mixes_period_kinds_currencies_or_readings(seeds: TestClient) -> None:
    body = seeds.get("/api/companies/cigna/figures").json()
    assert body["url"] == "/c/cigna/figures" and body["csv_url"] == "/c/cigna/figures.csv"
    for s in body["series"]:
        kinds = {v["period"][4:6] == "Q" or v["period"][4:5] == "Q" for v in s["values"]}
        assert len(kinds) == 1, s["id"]
    yearly = revenue_by_year(seeds)
    assert [v["period"] for v in yearly["values"]] == ["2014", "2015", "2023", "2024"]


def test_the_figures_endpoint_is_in_the_openapi_schema(seeds: TestClient) -> None:
    schema = seeds.get("/openapi.json").json()
    operation = schema["paths"]["/api/companies/{slug}/figures"]["get"]
    assert operation["operationId"] == "getCompanyFigures"
    assert "CompanyFigures" in schema["components"]["schemas"]


def test_the_csv_parses_and_holds_every_value_with_its_citation(seeds: TestClient) -> None:
    answer = seeds.get("/c/cigna/figures.csv")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    text = answer.content.decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheets read it as UTF-8
    rows = list(csv.DictReader(io.StringIO(text[1:], newline="")))
    api = seeds.get("/api/companies/cigna/figures").json()
    points = [
        (s["metric"], v["period"], v["text"], v["citation"]["line_start"])
        for s in api["series"]
        for v in s["values"]
    ]
    assert [
        (r["metric"], r["period"], r["as_written"], int(r["line_start"])) for r in rows
    ] == points
    for r in rows:
        assert (
            r["lines_url"]
            == f"http://127.0.0.1/sources/{r['source']}#L{r['line_start']}-L{r['line_end']}"
        )
    arabic = next(
        r for r in rows if r["period"] == "2023" and r["metric"] == "revenue" and not r["scope"]
    )
    assert arabic["as_written"] == "180.6 مليار دولار أمريكي"
    assert float(arabic["value"]) == 180.6e9


def test_each_chart_is_an_svg_whose_dots_link_their_lines(seeds: TestClient) -> None:
    yearly = revenue_by_year(seeds)
    answer = seeds.get(yearly["chart_url"])
    assert answer.status_code == 200 and answer.headers["content-type"] == "image/svg+xml"
    root = ET.fromstring(answer.content)
    links = [a.get("href") for a in root.iter(f"{SVG_NS}a")]
    assert links == [f"http://127.0.0.1{v['citation']['url']}" for v in yearly["values"]]
    assert root.find(f"{SVG_NS}title").text == "Revenue"
    assert seeds.get("/c/cigna/figures/revenue.year.00000000.svg").status_code == 404


def test_the_figures_page_charts_each_series_and_tables_every_value(seeds: TestClient) -> None:
    page = seeds.get("/c/cigna/figures").text
    yearly = revenue_by_year(seeds)
    section = re.search(
        rf'<section class="series" id="{re.escape(yearly["id"])}".*?</section>', page, re.S
    )
    assert section is not None
    assert section.group().count('class="dot') == 4 * 2  # a dot a value, wide and narrow
    for v in yearly["values"]:
        assert v["citation"]["url"] in section.group()
    assert "an earlier value, written beside a later one" in section.group()  # 2014
    arabic = seeds.get("/c/cigna/figures", headers={"Accept-Language": "ar"}).text
    assert "الأرقام عبر الزمن" in arabic and 'dir="rtl"' in arabic


def test_a_company_without_figures_says_so(lumen: TestClient, seeds: TestClient) -> None:
    assert seeds.get("/c/nobody/figures").status_code == 404
    page = lumen.get("/c/lumen-freight/figures").text
    assert "Revenue" in page and "$25.0 billion" in page


def test_the_canvas_opens_with_its_key_figures(seeds: TestClient) -> None:
    page = seeds.get("/c/cigna/2015").text
    box = re.search(r'<section class="key-figures".*?</section>', page, re.S)
    assert box is not None
    first = re.search(
        r'<dt>(.*?)</dt><dd><span class="kf-value"[^>]*>(.*?)</span>'
        r'.*?class="kf-period">(.*?)<',
        box.group(),
    )
    assert first is not None
    assert first.group(1) == "Revenue"
    assert "$37.88 billion" in first.group(2) and first.group(3) == "2015"
    assert 'href="/c/cigna/figures"' in box.group()
    later = seeds.get("/c/cigna/2025").text
    box = re.search(r'<section class="key-figures".*?</section>', later, re.S)
    assert box is not None and "$69.75 billion" in box.group() and "Q3 2025" in box.group()
    arabic = seeds.get("/c/cigna/2023").text
    box = re.search(r'<section class="key-figures".*?</section>', arabic, re.S)
    assert box is not None and "أرقام رئيسية" in box.group() and "الإيرادات" in box.group()


def test_the_comparison_opens_with_revenue_side_by_side(seeds: TestClient) -> None:
    page = seeds.get("/c/cigna/compare/2015...2025").text
    figures = page.index('class="compare-figures"')
    assert figures < page.index('id="summary"')
    first_row = re.search(
        r"<tbody>\s*<tr>\s*<th scope=\"row\">(.*?)</th>(.*?)</tr>", page[figures:], re.S
    )
    assert first_row is not None and first_row.group(1) == "Revenue"
    assert "$37.88 billion" in first_row.group(2) and "$69.75 billion" in first_row.group(2)
    assert "not comparable" in first_row.group(2)  # a year against a quarter
    api = seeds.get("/api/companies/cigna/figures").json()
    stated: dict[tuple[int, str], set[str]] = {}
    for series in api["series"]:
        for v in series["values"]:
            stated.setdefault((v["snapshot"], v["text"]), set()).add(v["statement_url"])
    links = re.findall(
        r'class="figure-value" lang="\w+" href="([^"]+)"><bdi>(.*?)</bdi>', first_row.group(2)
    )
    assert [text for _, text in links] == ["$37.88 billion", "$69.75 billion"]
    for (href, text), year in zip(links, (2015, 2025), strict=True):
        assert href in stated[(year, text)]  # each value links its statement on its canvas


def changes_of(page: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", c)
        for c in re.findall(r'<span class="change">(.*?)</span>(?:; |</p>)', page, re.S)
    ]


def test_an_up_from_value_never_makes_a_change_and_neither_do_increments_or_scopes(
    lumen: TestClient,
) -> None:
    page = lumen.get("/c/lumen-freight/compare/2023...2024").text
    found = changes_of(page)
    assert "$20.16 billion → $25.0 billion (+24.0%)" in found
    assert not any("58.3" in c or "$15.79" in c for c in found)
    assert not any("$394 million" in c or "$500 million" in c for c in found)  # "a further"
    assert not any("$2.5 billion →" in c and "$2.62" in c for c in found)  # two brands, fiscal
    assert "+24.0%" in re.search(r'class="compare-figures".*?</section>', page, re.S).group()
    api = lumen.get("/api/companies/lumen-freight/compare/2023...2024").json()
    changed = [c for b in api["blocks"] for s in b["statements"] for c in s["changes"]]
    assert {(c["before"], c["after"]) for c in changed} >= {("$20.16 billion", "$25.0 billion")}
    assert not any(c["before"] == "$15.79 billion" for c in changed)


def test_lists_fold_where_two_snapshots_share_nothing(seeds: TestClient) -> None:
    page = seeds.get("/c/cigna/compare/2015...2025").text
    assert "each block&#39;s lists are folded" in page or "each block's lists are folded" in page
    assert '<details class="compare-fold">' in page
    assert "Nothing in common:" in page


def bars(page: str, header: str) -> list[tuple[str, float, float]]:
    table = re.search(rf"<table[^>]*>(?:(?!</table>).)*?{re.escape(header)}.*?</table>", page, re.S)
    assert table is not None, header
    return [
        (cls, float(x), float(w))
        for cls, x, w in re.findall(
            r'<rect class="(pos|neg)" x="([\d.]+)" width="([\d.]+)"', table.group()
        )
    ]


def test_a_column_of_one_unit_gets_bars_both_ways_and_a_column_of_years_none(
    lumen: TestClient,
) -> None:
    page = lumen.get("/c/lumen-freight/2023").text
    costs = bars(page, "Cost line")
    assert [c for c, _, _ in costs] == ["pos", "pos", "pos", "neg"]
    (_, x_fuel, fuel), (_, _, wages), _, (_, x_hedge, hedge) = costs
    assert fuel / wages == pytest.approx(4.1 / 2.3, rel=1e-3)
    assert x_hedge + hedge == pytest.approx(x_fuel, abs=0.01)  # both ways from one zero
    shares = bars(page, "Share of revenue")
    assert len(shares) == 3  # the percentages; the "Opened" years get none
    assert page.count('class="cell-bar"') == 7


def test_no_document_words_become_a_spreadsheet_formula(lumen: TestClient) -> None:
    from app.views.figures import inert

    assert inert('=HYPERLINK("http://x","y")') == '\'=HYPERLINK("http://x","y")'
    assert [inert(t) for t in ("+1", "-$0.4 billion", "@SUM(A1)", "\tx")] == [
        "'+1", "'-$0.4 billion", "'@SUM(A1)", "'\tx",
    ]  # fmt: skip
    assert inert("$4.1 billion") == "$4.1 billion" and inert("Fuel") == "Fuel"
    rows = list(csv.DictReader(io.StringIO(lumen.get("/c/lumen-freight/figures.csv").text[1:])))
    assert rows and not any(
        r[c].startswith(("=", "+", "-", "@"))
        for r in rows
        for c in ("as_written", "label", "scope")
    )


def test_an_accountant_s_minus_draws_its_bar_the_other_way() -> None:
    from types import SimpleNamespace

    from app.views.canvas_html import _bars

    rows = [
        SimpleNamespace(cells=(name, cell), lang="en", dir="ltr")
        for name, cell in (("Sales", "12.0"), ("Loss", "(5.2)"))
    ]
    item = SimpleNamespace(rows=rows)  # an Item as _bars reads one: rows of cells, lang, dir
    (_, column) = _bars(item, [False, True])  # type: ignore[arg-type]  # duck-typed Item
    assert column is not None
    assert 'class="pos"' in column[0] and 'class="neg"' in column[1]

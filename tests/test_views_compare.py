"""The comparison page and its API over the seeds and the compare corpus: the address,
the 404 that lists the years, the counts, directions, marks and escaping."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.web_fixtures import site_client


@pytest.fixture(scope="module")
def client(compare_db: Path) -> TestClient:
    return site_client(compare_db)


def claims_per_block(db: Path, slug: str, year: int) -> dict[str, int]:
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT b.kind, count(c.id) FROM blocks b JOIN companies co ON co.id = b.company_id"
        " LEFT JOIN claims c ON c.block_id = b.id WHERE co.slug = ? AND b.year = ?"
        " GROUP BY b.kind",
        (slug, year),
    ).fetchall()
    conn.close()
    return dict(rows)


@pytest.mark.parametrize(("a", "b"), [(2015, 2025), (2023, 2025), (2025, 2015)])
def test_every_statement_of_both_years_is_counted_once(
    client: TestClient, compare_db: Path, a: int, b: int
) -> None:
    body = client.get(f"/api/companies/cigna/compare/{a}...{b}").json()
    in_a, in_b = claims_per_block(compare_db, "cigna", a), claims_per_block(compare_db, "cigna", b)
    for block in body["blocks"]:
        pairs = block["matched"] + block["changed"]
        assert pairs + block["only_a"] == in_a.get(block["kind"], 0)
        assert pairs + block["only_b"] == in_b.get(block["kind"], 0)
        assert block["in_a"] == (block["kind"] in in_a)
        assert len(block["statements"]) == pairs + block["only_a"] + block["only_b"]


def test_the_summary_shows_the_counts_and_links_each_block(client: TestClient) -> None:
    page = client.get("/c/cigna/compare/2015...2025").text
    api = client.get("/api/companies/cigna/compare/2015...2025").json()
    for block in api["blocks"]:
        row = re.search(rf'<a href="#{block["kind"]}">.*?</tr>', page, re.S)
        assert row is not None, block["kind"]
        numbers = [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', row.group())]
        assert numbers == [block["matched"], block["changed"], block["only_a"], block["only_b"]]
        assert f'id="{block["kind"]}"' in page  # linkable per block
    assert "not in 2025" in page  # key partners: 2015 only


def test_each_side_is_drawn_in_its_own_language_and_direction(client: TestClient) -> None:
    page = client.get("/c/cigna/compare/2023...2025").text
    sides = re.findall(r'<div class="side" lang="(\w+)" dir="(\w+)">', page)
    assert ("ar", "rtl") in sides and ("en", "ltr") in sides
    assert all(d == ("rtl" if lang == "ar" else "ltr") for lang, d in sides)


def test_a_changed_figure_is_marked_with_its_change(client: TestClient) -> None:
    page = client.get("/c/orbit/compare/2020...2024").text
    assert '<mark class="figure-changed">750,000</mark>' in page
    assert '<mark class="figure-changed">800,000</mark>' in page
    assert "<bdi>750,000</bdi> → <bdi>800,000</bdi>" in page
    assert "(+6.7%)" in page
    # "up 12%" -> "up 9%": rates of change, not levels of what they measure (issue 27)
    assert "(−3 points)" not in page


def test_the_api_gives_pairs_with_their_figure_changes(client: TestClient) -> None:
    body = client.get("/api/companies/orbit/compare/2020...2024").json()
    revenue = next(b for b in body["blocks"] if b["kind"] == "revenue-streams")
    changed = next(s for s in revenue["statements"] if s["status"] == "changed")
    assert changed["a"]["text"] == "Premiums reached $6,328 million, up 12%."
    assert changed["b"]["text"] == "Premiums reached $7,100 million, up 9%."
    (money,) = changed["changes"]  # "up 12%" -> "up 9%" are rates of change: not compared
    assert (money["before_value"], money["after_value"]) == (6_328_000_000, 7_100_000_000)
    channels = next(b for b in body["blocks"] if b["kind"] == "channels")
    assert (channels["in_a"], channels["in_b"], channels["only_b"]) == (False, True, 2)


def test_a_pair_across_languages_says_how_it_was_found(client: TestClient) -> None:
    page = client.get("/c/orbit/compare/2020...2022?hl=en").text
    assert "In another language: paired by the figures and names they share" in page


def test_across_languages_the_pair_shares_an_amount(client: TestClient) -> None:
    body = client.get("/api/companies/orbit/compare/2020...2022").json()
    revenue = next(b for b in body["blocks"] if b["kind"] == "revenue-streams")
    pair = next(s for s in revenue["statements"] if s["a"] and s["b"])
    assert pair["basis"] == "figures and names"
    assert pair["b"]["text"] == "بلغت الأقساط 6,328 مليون دولار."


def test_document_text_is_escaped(client: TestClient) -> None:
    page = client.get("/c/orbit/compare/2020...2024").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page


def test_either_order_puts_the_first_year_first(client: TestClient) -> None:
    page = client.get("/c/cigna/compare/2025...2015").text
    first, second = re.findall(r"Only in (\d{4})</th>", page)
    assert (first, second) == ("2025", "2015")
    assert 'href="/c/cigna/compare/2015...2025"' in page  # swap sides


def test_a_year_the_company_lacks_is_a_404_listing_its_years(client: TestClient) -> None:
    response = client.get("/c/cigna/compare/2019...2025")
    assert response.status_code == 404
    page = response.text
    assert "no canvas for 2019" in page
    for year in (2015, 2023, 2025):
        assert f'href="/c/cigna/{year}"' in page
    assert 'href="/c/cigna/compare/2015...2023"' in page
    api = client.get("/api/companies/cigna/compare/2019...2025")
    assert api.status_code == 404
    assert api.json()["detail"].endswith("its years: 2015, 2023, 2025.")


@pytest.mark.parametrize(
    "url",
    ["/c/cigna/compare/2015..2025", "/c/cigna/compare/abc", "/c/nobody/compare/2015...2025"],
)
def test_an_address_that_names_no_comparison_is_a_404(client: TestClient, url: str) -> None:
    assert client.get(url).status_code == 404


def test_one_year_twice_goes_to_its_canvas(client: TestClient) -> None:
    response = client.get("/c/cigna/compare/2015...2015?hl=ar")
    assert response.status_code == 302
    assert response.headers["location"] == "/c/cigna/2015?hl=ar"
    same = client.get("/api/companies/cigna/compare/2015...2015")
    assert same.status_code == 422
    assert same.json() == {"detail": "Compare two different years."}  # JSON, as the API's
    assert same.headers["access-control-allow-origin"] == "*"


def test_the_canvas_offers_the_comparisons(client: TestClient) -> None:
    page = client.get("/c/cigna/2023").text
    assert 'href="/c/cigna/compare/2015...2023"' in page
    assert 'href="/c/cigna/compare/2023...2025"' in page


def test_the_page_speaks_the_second_years_language_or_the_readers_choice(
    client: TestClient,
) -> None:
    arabic_second = client.get("/c/cigna/compare/2025...2023").text
    assert '<html lang="ar" dir="rtl"' in arabic_second
    assert "ما الذي تغيّر" in arabic_second
    chosen = client.get("/c/cigna/compare/2025...2023?hl=en").text
    assert '<html lang="en" dir="ltr"' in chosen
    assert "What changed" in chosen


def test_a_text_cut_for_the_page_keeps_the_marks_before_the_cut_and_ends_in_an_ellipsis() -> None:
    from app.views.highlight import marked

    text = "Revenue rose from $5 million to $7 million in 2024 " + "and more " * 50
    spans = ((18, 28), (32, 42), (300, 310))  # the last one lies past the cut
    shown = str(marked(text, "en", spans, limit=60))
    assert shown.count("<mark") == 2 and shown.endswith("…")
    plain = shown.replace('<mark class="figure-changed">', "").replace("</mark>", "")
    assert plain == "Revenue rose from $5 million to $7 million in 2024 and more…"  # at a word
    assert str(marked(text, "en", spans)).count("<mark") == 3  # no limit: the whole text
    assert str(marked("Short.", "en", (), limit=60)) == "Short."

"""The canvas page as a reader gets it over HTTP (layout and RTL are checked in a browser)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from app.domain import BLOCK_KINDS
from tests.interface_text import elements


def test_company_redirects_to_its_latest_year(client: TestClient) -> None:
    response = client.get("/c/cigna")
    assert response.status_code == 302
    assert response.headers["location"] == "/c/cigna/2025"


def test_every_panel_is_reachable_by_its_block_kind(client: TestClient) -> None:
    tags = elements(client.get("/c/cigna/2015").text)
    ids = [a.get("id") for t, a in tags if t == "section" and "block" in a["class"].split()]
    assert ids == list(BLOCK_KINDS)
    map_panels = [a.get("data-block") for t, a in tags if t == "li" and a.get("data-block")]
    assert map_panels == list(BLOCK_KINDS)


def test_arabic_snapshot_is_rtl_with_headings_as_written_and_in_english(
    client: TestClient,
) -> None:
    html = client.get("/c/cigna/2023").text
    tags = elements(html)
    text = next(a for t, a in tags if t == "div" and a.get("class") == "canvas-text")
    assert (text["dir"], text["lang"]) == ("rtl", "ar")
    grid = next(a for t, a in tags if a.get("id") == "canvas-map")
    assert (grid["dir"], grid["lang"]) == ("rtl", "ar")
    claims = [a for t, a in tags if "claim" in (a.get("class") or "").split()]
    assert len(claims) == 169
    assert {(a["lang"], a["dir"]) for a in claims} == {("ar", "rtl")}
    assert "الشراكات الرئيسية" in html and "Key Partners" in html
    # a Latin name inside an Arabic sentence is isolated
    assert "تتعاون <bdi>Cigna</bdi> مع <bdi>1.5</bdi> مليون" in html


def test_english_snapshot_is_ltr(client: TestClient) -> None:
    tags = elements(client.get("/c/cigna/2015").text)
    text = next(a for t, a in tags if t == "div" and a.get("class") == "canvas-text")
    grid = next(a for t, a in tags if a.get("id") == "canvas-map")
    assert text["dir"] == grid["dir"] == "ltr"
    claims = [a for t, a in tags if "claim" in (a.get("class") or "").split()]
    assert len(claims) == 34 and {a["dir"] for a in claims} == {"ltr"}


def test_every_claim_has_a_numbered_citation_and_a_reference(client: TestClient) -> None:
    html = client.get("/c/cigna/2025").text
    tags = elements(html)
    claims = [a["id"] for t, a in tags if "claim" in (a.get("class") or "").split()]
    cites = [a for t, a in tags if t == "a" and (a.get("id") or "").startswith("cite-")]
    assert len(cites) == len(claims) == 111
    assert [c["id"] for c in cites] == [f"cite-{n}" for n in range(1, 112)]
    assert all(
        re.fullmatch(r"/sources/001_ead442415cccde68#L\d+-L\d+", c["href"] or "") for c in cites
    )
    # one entry per cited document (2025 cites one), a back-link to every statement in it
    refs = [a["id"] for t, a in tags if t == "li" and "reference" in (a.get("class") or "")]
    assert refs == ["source-1"]
    backlinks = [a["href"] for t, a in tags if t == "a" and a.get("class") == "backlink"]
    assert backlinks == [f"#{anchor}" for anchor in claims]


def test_a_reference_names_its_document_once_and_labels_back_links_with_lines(
    client: TestClient,
) -> None:
    html = client.get("/c/cigna/2015").text
    references = html[html.index('<ol id="references">') :]
    assert references.count("Businessmodel of Cigna") == 1
    assert '<span class="kind">Blog post</span>' in references
    assert "markdown-post" not in references
    # statements are not repeated in the list: only line numbers label the back-links
    assert "Cigna is a health services company." not in references
    labels = re.findall(r'class="backlink" href="#c-[^"]+" aria-label="[^"]+">([^<]+)</a>', html)
    assert labels and all(re.fullmatch(r"\d+(\u2013\d+)?", label) for label in labels), labels


def test_tables_are_real_tables_with_their_header(client: TestClient) -> None:
    html = client.get("/c/cigna/2023").text
    assert '<th scope="col">نوع المزود</th>' in html
    assert '<td>الأطباء</td><td class="num"><bdi>750,000</bdi></td>' in html


def test_empty_block_says_so_and_links_the_nearest_year(client: TestClient) -> None:
    html = client.get("/c/cigna/2025").text
    assert "No statements for this block in 2025." in html
    assert '<a href="/c/cigna/2023#key-partners">See 2023</a>' in html


def test_year_switch_links_every_year_and_serves_a_fragment_to_htmx(client: TestClient) -> None:
    page = client.get("/c/cigna/2015")
    switch = next(a for t, a in elements(page.text) if t == "nav" and a.get("class") == "years")
    assert switch["aria-label"] == "Snapshot years"
    links = [a for t, a in elements(page.text) if t == "a" and "/c/cigna/20" in a.get("href", "")]
    years = [
        a["href"] for a in links if a["href"] in ("/c/cigna/2015", "/c/cigna/2023", "/c/cigna/2025")
    ]
    assert years[:3] == ["/c/cigna/2015", "/c/cigna/2023", "/c/cigna/2025"]
    # htmx swaps the canvas in only where the interface keeps its language: the Arabic 2023
    # is a page of its own (an Arabic interface), the English 2025 a swap
    swapped = [a["href"] for a in links if a.get("data-hx-push-url")]
    assert swapped == ["/c/cigna/2015", "/c/cigna/2025"]
    with_hl = client.get("/c/cigna/2015?hl=en").text  # a chosen language: every year swaps
    swapped = [a["href"] for t, a in elements(with_hl) if t == "a" and a.get("data-hx-push-url")]
    assert swapped == ["/c/cigna/2015?hl=en", "/c/cigna/2023?hl=en", "/c/cigna/2025?hl=en"]
    assert page.headers["vary"] == "HX-Request, HX-History-Restore-Request, Accept-Encoding"
    fragment = client.get("/c/cigna/2023", headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith("<title>")
    assert "<html" not in fragment.text and 'id="canvas"' in fragment.text
    assert fragment.headers["vary"] == "HX-Request, HX-History-Restore-Request, Accept-Encoding"


def test_credit_line_under_every_canvas(client: TestClient) -> None:
    for year in (2015, 2023, 2025):
        html = client.get(f"/c/cigna/{year}").text
        assert "Strategyzer" in html and "https://creativecommons.org/licenses/by-sa/3.0/" in html


def test_unknown_company_or_year_is_a_404_listing_what_exists(client: TestClient) -> None:
    for url in ("/c/acme/2020", "/c/cigna/1999", "/c/cigna/20x5", "/c/acme"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert '<a href="/c/cigna/2015">2015</a>' in response.text
        assert "acme" not in response.text and "1999" not in response.text


def test_a_year_in_other_digits_is_not_found_not_a_server_error(client: TestClient) -> None:
    for year in ("²⁰¹⁵", "٢٠١٥", "20155", "201x"):
        response = client.get(f"/c/cigna/{year}")
        assert response.status_code == 404, year


def test_panels_show_the_block_name_and_the_block_page_the_heading_as_written(
    client: TestClient,
) -> None:
    canvas = client.get("/c/cigna/2023").text
    block = client.get("/c/cigna/2023/key-partners").text
    headings = re.findall(r'<span class="heading-as-written"[^>]*>(.*?)</span>', canvas)
    assert len(headings) == 18  # each block named in the map and over its text
    assert headings[:9] == headings[9:]
    assert not any("نموذج الأعمال" in h for h in headings), headings
    assert "الشراكات الرئيسية" in headings
    own = re.findall(r'<span class="heading-as-written"[^>]*>(.*?)</span>', block)
    assert len(own) == 1 and "نموذج الأعمال" in own[0] and "الشراكات الرئيسية" in own[0]


def test_a_statement_cut_from_its_line_shows_the_line_in_its_reference(
    client: TestClient,
) -> None:
    """The loader cut a task note off a 2025 sentence; the reference quotes the line whole."""
    html = client.get("/c/cigna/2025").text
    references = html[html.index('<ol id="references">') :]
    assert references.count('class="as-written"') == 1
    assert "Finance: draft 13-week cash view by Friday.</q>" in references
    assert 'Feeds <a href="/c/cigna/2023">2023</a> and <a href="/c/cigna/2025">2025</a>' in html

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


def test_every_claim_has_a_numbered_citation_and_a_note_with_that_number(
    client: TestClient,
) -> None:
    html = client.get("/c/cigna/2025").text
    tags = elements(html)
    claims = [a["id"] for t, a in tags if "claim" in (a.get("class") or "").split()]
    cites = [a for t, a in tags if t == "a" and (a.get("id") or "").startswith("cite-")]
    assert len(cites) == len(claims) == 111
    # each marker links its note; markers citing the same lines share a number
    numbers = [int(c["href"].removeprefix("#ref-")) for c in cites]
    assert numbers[0] == 1 and max(numbers) == len(set(numbers))
    assert all(
        re.fullmatch(r"/sources/001_ead442415cccde68#L\d+-L\d+", c["data-lines"] or "")
        for c in cites
    )
    # one entry per cited document (2025 cites one), then a note per number, in order
    refs = [a["id"] for t, a in tags if t == "li" and "reference" in (a.get("class") or "")]
    assert refs == ["source-1"]
    notes = [a["id"] for t, a in tags if t == "li" and (a.get("id") or "").startswith("ref-")]
    assert notes == [f"ref-{n}" for n in range(1, max(numbers) + 1)]
    # every marker has a back-link from its note
    backlinks = [a["href"] for t, a in tags if t == "a" and a.get("class") == "backlink"]
    assert sorted(backlinks) == sorted(f"#{c['id']}" for c in cites)


def test_a_reference_names_its_document_once_and_each_note_its_lines(
    client: TestClient,
) -> None:
    html = client.get("/c/cigna/2015").text
    references = html[html.index('<ol id="references">') :]
    assert references.count("Businessmodel of Cigna") == 1
    assert '<span class="kind">Blog post</span>' in references
    assert "markdown-post" not in references
    # statements are not repeated in the list: each note names the lines it cites
    assert "Cigna is a health services company." not in references
    lines = re.findall(r'<a class="note-lines" href="/sources/[^"]+">([^<]+)</a>', references)
    assert len(lines) == 34 and all(re.fullmatch(r"lines? \d+(–\d+)?", x) for x in lines), lines


def test_an_english_part_of_a_document_titled_in_arabic_is_named_by_its_own_heading(
    client: TestClient,
) -> None:
    english = client.get("/c/cigna/2025").text
    references = english[english.index('<ol id="references">') :]
    assert "<cite><bdi>Cigna Corporation (CI) - Canvas Business Model</bdi></cite>" in references
    arabic = client.get("/c/cigna/2023").text
    assert "شركة Cigna (CI): نموذج الأعمال التجارية</bdi></cite>" in arabic


def test_tables_are_real_tables_with_their_header(client: TestClient) -> None:
    html = client.get("/c/cigna/2023").text
    assert '<th scope="col">نوع المزود</th>' in html
    assert (
        '<td data-label="نوع المزود">الأطباء</td>'
        '<td class="num" data-label="عدد مقدمي الخدمة"><bdi>750,000</bdi><svg class="cell-bar"'
    ) in html  # the figure, then its bar (tests/test_views_figures.py)


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


def test_the_map_names_blocks_canonically_and_the_text_as_written(
    client: TestClient,
) -> None:
    canvas = client.get("/c/cigna/2023").text
    block = client.get("/c/cigna/2023/key-partners").text
    headings = re.findall(r'<span class="heading-as-written"[^>]*>(.*?)</span>', canvas)
    assert len(headings) == 9  # each block's text, under the heading its document wrote
    assert not any("نموذج الأعمال" in h for h in headings), headings
    assert "الشراكات الرئيسية" in headings and "الموارد الأساسية" in headings
    start = canvas.index('id="canvas-map"')
    canvas_map = canvas[start : canvas.index("</section>", start)]
    names = re.findall(r'<span class="heading-ui"[^>]*>(.*?)</span>', canvas_map)
    assert names[:3] == ["الشركاء الرئيسيون", "الأنشطة الرئيسية", "الموارد الرئيسية"]
    own = re.findall(r'<span class="heading-as-written"[^>]*>(.*?)</span>', block)
    assert len(own) == 1 and "نموذج الأعمال" in own[0] and "الشراكات الرئيسية" in own[0]


def test_the_references_never_quote_a_line_the_loader_cut_as_noise(
    client: TestClient,
) -> None:
    """The loader cut a task note off a 2025 sentence: no page shows the note."""
    html = client.get("/c/cigna/2025").text
    assert "Finance: draft" not in html
    assert 'Feeds <a href="/c/cigna/2023">2023</a> and <a href="/c/cigna/2025">2025</a>' in html

"""The comparison page in real Chromium: both sides in their directions, the summary counts
what the blocks hold, a changed figure is marked, citations open the right lines, and the
page reads at phone width, in dark mode and in print."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.compare_corpus import SEEDS, write_documents
from tests.live_server import LiveServer
from tests.web_fixtures import load

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("live-compare")
    db = load([SEEDS, write_documents(root / "docs")], root / "canvas.db")
    server = LiveServer(db).start()
    yield server.url
    server.stop()


@pytest.mark.parametrize("years", ["2015...2025", "2023...2025"])
def test_the_seeds_comparison_shows_both_sides_and_counts_what_it_shows(
    page: Page, site: str, years: str
) -> None:
    page.goto(f"{site}/c/cigna/compare/{years}")
    sides = page.locator(".compare-block .side")
    directions = sides.evaluate_all("els => els.map(e => [e.lang, getComputedStyle(e).direction])")
    assert directions and all(d == ("rtl" if lang == "ar" else "ltr") for lang, d in directions)
    if years == "2023...2025":
        assert {lang for lang, _ in directions} == {"ar", "en"}
    for row in page.locator(".summary-table tbody tr").all():
        kind = row.locator("a").get_attribute("href").lstrip("#")  # type: ignore[union-attr]
        matched, changed, only_a, only_b = (int(n) for n in row.locator("td.num").all_inner_texts())
        block = page.locator(f"section#{kind}")
        assert block.locator(".compare-row").count() == matched + changed
        lists = block.locator(".only-list")
        shown = [lists.nth(i).locator(".only-rows > li").count() for i in range(lists.count())]
        assert shown in ([only_a, only_b], []) and (shown or only_a + only_b == 0)


def test_a_summary_link_scrolls_to_its_block(page: Page, site: str) -> None:
    page.goto(f"{site}/c/cigna/compare/2015...2025")
    page.locator('.summary-table a[href="#cost-structure"]').click()
    block = page.locator("section#cost-structure")
    expect(block).to_be_in_viewport()
    assert block.evaluate("e => e.matches(':target')")


def test_a_changed_figure_is_marked(page: Page, site: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{site}/c/orbit/compare/2020...2024")
    marks = page.locator("mark.figure-changed")
    expect(marks.first).to_be_visible()
    assert "750,000" in marks.all_inner_texts() and "800,000" in marks.all_inner_texts()
    background = marks.first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    expect(page.locator(".is-changed .compare-changes").first).to_contain_text("750,000 → 800,000")
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("section#key-partners").screenshot(path=ARTIFACTS / "compare-changed.png")


def test_a_citation_opens_its_lines(page: Page, site: str) -> None:
    page.goto(f"{site}/c/cigna/compare/2023...2025")
    side = page.locator(".side[lang=ar]").first
    words = side.locator(".side-text").inner_text().split()[:3]
    link = side.locator("a.side-cite")
    href = link.get_attribute("href")
    assert href and "#L" in href
    link.click()
    page.wait_for_url(f"**{href}")
    first_line = href.split("#L")[1].split("-")[0]
    line = page.locator(f"#L{first_line}")
    expect(line).to_be_in_viewport()
    text = line.inner_text()
    assert all(w in text for w in words), (words, text)


def test_a_statement_links_to_itself_in_its_canvas(page: Page, site: str) -> None:
    page.goto(f"{site}/c/orbit/compare/2020...2024")
    link = page.locator(".side-year a").first
    href = link.get_attribute("href")
    page.goto(f"{site}{href}")
    target = page.locator(f"#{href.split('#')[1]}")  # type: ignore[union-attr]
    expect(target).to_be_visible()


def test_the_canvas_links_to_a_comparison(page: Page, site: str) -> None:
    page.goto(f"{site}/c/cigna/2025")
    page.locator(".compare-with a", has_text="2023").click()
    page.wait_for_url("**/c/cigna/compare/2023...2025")
    expect(page.locator("h1")).to_contain_text("2023")


@pytest.mark.parametrize(("lang", "scheme"), [("en", "light"), ("ar", "dark")])
def test_it_reads_at_phone_width(browser: Browser, site: str, lang: str, scheme: str) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, color_scheme=scheme, locale=lang
    )
    page = context.new_page()
    page.goto(f"{site}/c/cigna/compare/2023...2025?hl={lang}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width  # nothing wider than the phone
    size = page.locator(".side-text").first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert size >= 14
    background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    dark = background != "rgb(244, 245, 247)"
    assert dark == (scheme == "dark")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"compare-phone-{lang}-{scheme}.png")
    context.close()


def test_it_prints_readably(page: Page, site: str) -> None:
    page.goto(f"{site}/c/orbit/compare/2020...2024")
    page.emulate_media(media="print")
    size = page.locator(".side-text").first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert size >= 12  # 9pt and more: read, not squinted at
    assert page.locator(".compare-bar").evaluate("e => getComputedStyle(e).display") == "none"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")

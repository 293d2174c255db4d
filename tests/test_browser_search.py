"""Search in real Chromium: the header box shows results as one types, a hit opens the
canvas at its statement (highlighted), Arabic hits run right to left, the directory pages
forward and back, and without JavaScript the form and the pages still work."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.live_server import LiveServer
from tests.search_corpus import SEEDS, write_documents
from tests.web_fixtures import load

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture(scope="module")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("live-search")
    db = load([SEEDS, write_documents(root / "docs")], root / "canvas.db")
    server = LiveServer(db).start()
    yield server.url
    server.stop()


def test_typing_in_the_header_box_shows_results_live(page: Page, search_site: str) -> None:
    page.goto(f"{search_site}/c/cigna/2025")
    box = page.locator("#site-q")
    box.press_sequentially("reinsur", delay=30)  # no Enter: the list comes while typing
    hit = page.locator("#search-preview .preview-hits a").first
    expect(hit).to_be_visible(timeout=5000)
    expect(hit.locator("mark").first).to_have_text("Reinsurance")
    assert page.url == f"{search_site}/c/cigna/2025"  # nothing was submitted


def test_typing_on_the_search_page_updates_results_and_address(
    page: Page, search_site: str
) -> None:
    page.goto(f"{search_site}/search")
    page.locator("#site-q").press_sequentially("pharmacies", delay=20)
    expect(page.locator(".search-results .summary")).to_contain_text("statements", timeout=5000)
    expect(page.locator(".hit mark").first).to_be_visible()
    page.wait_for_url("**/search?q=pharmacies", timeout=5000)


def test_a_hit_opens_the_canvas_at_its_statement_highlighted(page: Page, search_site: str) -> None:
    page.goto(f"{search_site}/search?q=reinsurance+treaties")
    link = page.locator("a.hit-text").first
    href = link.get_attribute("href")
    assert href and "#c-" in href
    link.click()
    page.wait_for_url(f"**{href}")
    target = page.locator(f"#{href.split('#')[1]}")
    expect(target).to_be_visible()
    assert target.evaluate("e => e.matches(':target')")
    background = target.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")  # the highlight colour


def test_an_arabic_hit_runs_right_to_left(page: Page, search_site: str) -> None:
    page.goto(f"{search_site}/search?q=شبكة&hl=en")
    arabic = page.locator('a.hit-text[lang="ar"]').first
    expect(arabic).to_be_visible()
    assert arabic.evaluate("e => getComputedStyle(e).direction") == "rtl"
    box = arabic.bounding_box()
    mark = arabic.locator("mark").first.bounding_box()
    assert box and mark
    # in an Arabic sentence the text starts at the right edge
    assert arabic.evaluate(
        "e => { const r = document.createRange(); r.selectNodeContents(e);"
        " const first = r.getClientRects()[0]; return first.right; }"
    ) == pytest.approx(box["x"] + box["width"], abs=2)


def test_the_directory_pages_forward_and_back(
    browser: Browser, search_site: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.views import index

    monkeypatch.setattr(index, "PAGE_SIZE", 1)  # three companies, three pages
    context = browser.new_context(base_url=search_site)
    page = context.new_page()
    page.goto("/")
    names = [page.locator("a.company").inner_text()]
    while page.locator('a[rel="next"]').count():
        page.locator('a[rel="next"]').click()
        names.append(page.locator("a.company").inner_text())
    assert len(names) == 3 and names == sorted(names, key=str.casefold)
    page.locator('a[rel="prev"]').click()
    assert page.locator("a.company").inner_text() == names[1]
    page.go_back()
    assert page.locator("a.company").inner_text() == names[2]
    context.close()


def test_without_javascript_the_form_and_the_pages_work(browser: Browser, search_site: str) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=search_site)
    page = context.new_page()
    page.goto("/c/cigna/2015")
    page.locator("#site-q").fill("cigna")
    page.locator(".site-search button").click()
    page.wait_for_url("**/search?q=cigna")
    first = page.locator("a.hit-text").all_inner_texts()
    assert len(first) == 20
    page.locator('a[rel="next"]').click()
    page.wait_for_url("**page=2")
    assert set(page.locator("a.hit-text").all_inner_texts()).isdisjoint(first)
    page.locator(".facet a").first.click()  # narrowing is a plain link too
    assert "year=" in page.url
    context.close()


@pytest.mark.parametrize("width,height", [(1440, 900), (390, 844)])
@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_the_search_page(
    browser: Browser, search_site: str, width: int, height: int, lang: str, scheme: str
) -> None:
    """For a reader's eyes (tests/artifacts/search-*.png); the page must have hits."""
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale=lang,
        extra_http_headers={"Accept-Language": lang},
        color_scheme=scheme,  # type: ignore[arg-type]
    )
    page = context.new_page()
    query = "شبكة" if lang == "ar" else "pharmacy"
    page.goto(f"{search_site}/search?q={query}")
    expect(page.locator("a.hit-text").first).to_be_visible()
    assert page.evaluate("document.documentElement.dir") == ("rtl" if lang == "ar" else "ltr")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"search-{lang}-{width}-{scheme}.png"))
    context.close()

"""The canvas in a real browser (Debian chromium via Playwright): layout direction, year
switching with and without JavaScript, no horizontal scroll, long claims, screenshots."""

from __future__ import annotations

import re
import struct
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
POST_KEY = "000_47e352ee965e9675"

PAGES = {
    "index": "/",
    "canvas-2015": "/c/cigna/2015",
    "canvas-2023": "/c/cigna/2023",
    "canvas-2025": "/c/cigna/2025",
    "source": f"/sources/{POST_KEY}",
}


def box(page: Page, selector: str) -> dict[str, float]:
    found = page.locator(selector).bounding_box()
    assert found is not None, f"{selector} is not rendered"
    return found


def horizontal_overflow(page: Page) -> tuple[int, int]:
    return page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )


@pytest.mark.parametrize(
    ("year", "direction", "mirrored"), [(2015, "ltr", False), (2023, "rtl", True)]
)
def test_the_arabic_canvas_is_mirrored_and_the_english_one_is_not(
    page: Page, live_site: str, year: int, direction: str, mirrored: bool
) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_site}/c/cigna/{year}")
    partners = box(page, "#canvas-map [data-block=key-partners]")
    segments = box(page, "#canvas-map [data-block=customer-segments]")
    if mirrored:
        assert partners["x"] >= segments["x"] + segments["width"], (partners, segments)
    else:
        assert partners["x"] + partners["width"] <= segments["x"], (partners, segments)
    directions = page.eval_on_selector_all(
        "#key-partners .claim", "els => els.map(e => getComputedStyle(e).direction)"
    )
    assert directions, f"no claims in #key-partners in {year}"
    assert set(directions) == {direction}
    for selector in ("#canvas-map", ".canvas-text"):
        assert page.eval_on_selector(selector, "e => getComputedStyle(e).direction") == direction


def test_year_links_swap_the_canvas_in_place_with_javascript(page: Page, live_site: str) -> None:
    page.goto(f"{live_site}/c/cigna/2015")
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate("window.__sameDocument = 'still here'")
    with page.expect_response(re.compile(r"/c/cigna/2025$")) as answer:
        page.locator("nav.years a", has_text="2025").click()
    assert answer.value.request.headers.get("hx-request") == "true"
    expect(page).to_have_url(f"{live_site}/c/cigna/2025")
    expect(page.locator("h1")).to_contain_text("2025")
    expect(page.locator("#key-partners .empty")).to_contain_text(
        "No statements for this block in 2025"
    )
    expect(page.locator("nav.years a[aria-current=page] .year")).to_have_text("2025")
    assert page.evaluate("window.__sameDocument") == "still here", "the page was reloaded"
    assert page.locator("#canvas").count() == 1
    assert page.locator("main h1").count() == 1
    expect(page).to_have_title(re.compile("2025"))


def test_every_page_works_by_clicking_with_javascript_off(browser: Browser, live_site: str) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=live_site)
    try:
        page = context.new_page()
        page.goto("/")
        assert page.evaluate("1 + 1") == 2  # evaluate still works; the page's scripts don't
        expect(page.locator("h1")).to_have_text("Companies")
        page.locator("a.company").first.click()
        expect(page).to_have_url(f"{live_site}/c/cigna/2025")  # the latest year
        expect(page.locator("h1")).to_contain_text("2025")

        page.locator("nav.years a", has_text="2015").click()
        expect(page).to_have_url(f"{live_site}/c/cigna/2015")
        expect(page.locator("h1")).to_contain_text("2015")
        expect(page.locator("#key-partners .claim").first).to_be_visible()

        cite = page.locator("sup.cite a").first
        assert cite.get_attribute("href") == "#ref-1"  # the marker leads to its note
        cite.click()
        expect(page).to_have_url(f"{live_site}/c/cigna/2015#ref-1")
        note = page.locator("#ref-1 a.note-lines")  # and the note to the lines it cites
        href = note.get_attribute("href")
        assert href is not None
        match = re.fullmatch(r"/sources/([^#]+)#L(\d+)-L(\d+)", href)
        assert match, href
        note.click()
        expect(page).to_have_url(f"{live_site}{href}")
        expect(page.locator(f"li#L{match[2]}")).to_be_visible()
        assert page.locator(".source-lines li").count() > 10

        page.locator(".source-meta a", has_text="2015").click()
        expect(page).to_have_url(f"{live_site}/c/cigna/2015")
        page.locator("header a.site-name").click()
        expect(page).to_have_url(f"{live_site}/")
        page.locator(".snapshots a", has_text="2023").click()
        expect(page).to_have_url(f"{live_site}/c/cigna/2023")
        expect(page.locator("#key-partners .claim").first).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize("width", [1440, 390])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_horizontal_scroll(page: Page, live_site: str, name: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_site}{PAGES[name]}")
    page.evaluate("document.fonts.ready.then(() => true)")
    scroll_width, client_width = horizontal_overflow(page)
    assert scroll_width <= client_width, f"{name} at {width}px scrolls sideways"


def long_post(company: str, line: str) -> str:
    return (
        f"---\nlayout: post\ntitle: {company.lower()}\n---\n\n"
        f"Businessmodel of {company}\n-------------------------\n\n"
        f"### Key Partners\n\n{line}\n\n"
        f"### Key Activities\n\n{company} has made widgets since 2020.\n"
    )


SPACED = " ".join(f"Interoperability{i:02d}" + "x" * 70 for i in range(40))[:3000]
SOLID = ("Pneumonoultramicroscopicsilicovolcanoconiosis" * 80)[:3000]


@pytest.fixture(scope="module")
def long_claims(serve_documents: Callable[[dict[str, str]], str]) -> str:
    assert len(SPACED) == len(SOLID) == 3000 and " " in SPACED and " " not in SOLID
    return serve_documents(
        {
            "spaced.md": long_post("Spaced Widgets", SPACED),
            "solid.md": long_post("Solid Widgets", SOLID),
        }
    )


@pytest.mark.parametrize("width", [1440, 390])
@pytest.mark.parametrize(("slug", "claim"), [("spaced-widgets", SPACED), ("solid-widgets", SOLID)])
def test_a_3000_character_claim_wraps_inside_its_panel(
    page: Page, long_claims: str, slug: str, claim: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{long_claims}/c/{slug}/2020")
    element = page.locator("#key-partners .claim").first
    expect(element).to_contain_text(claim[:200])
    panel = box(page, "#key-partners")
    inner = box(page, "#key-partners .claim")
    assert inner["x"] >= panel["x"] - 0.5
    assert inner["x"] + inner["width"] <= panel["x"] + panel["width"] + 0.5, (inner, panel)
    # the text itself, not only its box, stays inside: no line overflows the claim
    text_right = page.eval_on_selector(
        "#key-partners .claim",
        """e => { const r = document.createRange(); r.selectNodeContents(e);
                  return Math.max(...[...r.getClientRects()].map(q => q.right)); }""",
    )
    assert text_right <= panel["x"] + panel["width"] + 0.5, (text_right, panel)
    assert inner["height"] > 100, "a 3,000-character claim should wrap onto many lines"
    scroll_width, client_width = horizontal_overflow(page)
    assert scroll_width <= client_width


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


@pytest.mark.parametrize("year", [2015, 2023])
def test_canvas_screenshots(page: Page, live_site: str, year: int) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_site}/c/cigna/{year}")
    page.evaluate("document.fonts.ready.then(() => true)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = page.screenshot()
    path = ARTIFACTS / f"canvas-{year}.png"  # docs/screenshots/ are copied from here by hand
    path.write_bytes(shot)
    assert png_size(path) == (1440, 900)
    assert len(shot) > 20_000, "the screenshot looks blank"

"""The Arabic interface in real Chromium: whole Arabic pages around Arabic snapshots (after
the scripts have run and a citation's popover has been filled), `?hl=en` around the same
statements, Accept-Language on the index, and the language switch with and without
JavaScript."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.interface_text import ARABIC_LETTER, arabic_letters, english_words

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
NAMES = ("Cigna Corporation",)

#: What the page's own parts say, read from the live DOM.
PARTS = """() => {
  const text = (sel) => [...document.querySelectorAll(sel)].map(e => e.innerText).join(' ');
  return {
    lang: document.documentElement.lang, dir: document.documentElement.dir,
    header: text('.site-header'), footer: text('.site-footer'),
    actions: text('.block-actions, .embed-dialog > summary, .block-nav, .open-full'),
    references: text('.references h2, .references summary, .references .kind, .feeds'),
    credit: text('.credit'), title: document.title,
    headerDirection: getComputedStyle(document.querySelector('.site-header') ||
                                      document.body).direction,
  };
}"""


def open_popover(page: Page) -> None:
    """Hover the first citation: its preview fills with the quoted lines."""
    page.locator(".cite a").first.hover()
    page.wait_for_function(
        "() => document.querySelector('#cite-pop .quote-open') !== null", timeout=5000
    )


@pytest.mark.parametrize(
    "path", ["/c/cigna/2023", "/c/cigna/2023/key-partners", "/embed/cigna/2023/channels"]
)
def test_an_arabic_snapshot_is_a_whole_arabic_page(page: Page, live_site: str, path: str) -> None:
    page.goto(f"{live_site}{path}")
    page.wait_for_load_state("networkidle")
    open_popover(page)
    parts = page.evaluate(PARTS)
    assert (parts["lang"], parts["dir"]) == ("ar", "rtl")
    assert any(t in parts["title"] for t in ("مخطط نموذج العمل", "الشركاء الرئيسيون", "القنوات"))
    for name in ("actions", "references", "credit") + (
        () if path.startswith("/embed/") else ("header", "footer")
    ):
        assert ARABIC_LETTER.search(parts[name]), (name, parts[name])
    if not path.startswith("/embed/"):
        assert parts["headerDirection"] == "rtl"  # the header mirrored: the name at the right
        name_box = page.locator(".site-name").bounding_box()
        switch_box = page.locator(".lang-switch").bounding_box()
        assert name_box and switch_box and name_box["x"] > switch_box["x"]
        assert "نسخ الرابط" in parts["actions"] or "/key-partners" in path  # the script's label
    live = page.content()  # after the scripts: the copy labels, the filled popover
    assert not english_words(live, names=NAMES), english_words(live, names=NAMES)[:10]
    assert "افتح" in live or "فتح المصدر" in live  # the popover's link, in Arabic
    # the English block names beside the Arabic headings
    assert page.locator(".block-title .heading-en").first.inner_text() in (
        "Key Partners",
        "Channels",
    )


def test_hl_en_gives_the_english_interface_around_the_same_arabic_statements(
    page: Page, live_site: str
) -> None:
    page.goto(f"{live_site}/c/cigna/2023")
    arabic = page.locator(".claim").all_inner_texts()
    page.goto(f"{live_site}/c/cigna/2023?hl=en")
    parts = page.evaluate(PARTS)
    assert (parts["lang"], parts["dir"]) == ("en", "ltr")
    assert parts["title"] == "Cigna Corporation — business model canvas, 2023"
    assert "Copy link" in parts["actions"] and "References" in parts["references"]
    assert not arabic_letters(page.content())  # but the statements, each lang="ar"
    english = page.locator(".claim").all_inner_texts()
    # the same statements; only their markers' popover labels follow the interface
    assert [t.split("\u2060")[0] for t in english] == [t.split("\u2060")[0] for t in arabic]
    direction = page.locator(".claim").first.evaluate("e => getComputedStyle(e).direction")
    assert direction == "rtl"
    year_links = page.locator("nav.years a").evaluate_all("els => els.map(a => a.href)")
    assert all(h.endswith("?hl=en") for h in year_links)  # the choice rides along


@pytest.mark.parametrize("year", [2015, 2025])
def test_the_english_canvases_stay_english(page: Page, live_site: str, year: int) -> None:
    page.goto(f"{live_site}/c/cigna/{year}")
    parts = page.evaluate(PARTS)
    assert (parts["lang"], parts["dir"]) == ("en", "ltr")
    assert parts["title"] == f"Cigna Corporation — business model canvas, {year}"
    assert parts["header"].startswith("Canvas viewer")
    assert not arabic_letters(page.content())


def test_accept_language_ar_turns_the_index_arabic(browser: Browser, live_site: str) -> None:
    context = browser.new_context(locale="ar-EG")  # Chromium sends Accept-Language: ar-EG
    page = context.new_page()
    page.goto(f"{live_site}/")
    parts = page.evaluate(PARTS)
    assert (parts["lang"], parts["dir"]) == ("ar", "rtl")
    assert page.locator("h1").inner_text() == "الشركات"
    assert page.locator("label[for=q]").inner_text() == "تصفية الشركات"
    assert not english_words(page.content(), names=NAMES)
    page.fill("#q", "zzz")  # the live filter answers in Arabic too
    page.wait_for_selector("text=لا توجد شركة تطابق هذه التصفية.")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "index-ar.png")
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_switch_changes_the_interface_language(
    browser: Browser, live_site: str, javascript: bool
) -> None:
    context = browser.new_context(java_script_enabled=javascript, locale="en-US")
    page = context.new_page()
    page.goto(f"{live_site}/c/cigna/2023")
    assert page.evaluate("document.documentElement.lang") == "ar"
    page.locator(".lang-switch a[lang=en]").click()
    page.wait_for_url("**/c/cigna/2023?hl=en")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator(".lang-switch a[aria-current=true]").inner_text() == "English"
    page.locator("nav.years a", has_text="2015").click()  # the choice is carried on
    page.wait_for_url("**/c/cigna/2015?hl=en")
    page.locator(".lang-switch a[lang=ar]").click()
    page.wait_for_url("**/c/cigna/2015?hl=ar")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        "ar",
        "rtl",
    ]
    assert "مخطط نموذج العمل" in page.title()
    page.locator(".site-name").click()  # and onto the index, with no cookie
    page.wait_for_url("**/?hl=ar")
    assert page.locator("h1").inner_text() == "الشركات"
    assert context.cookies() == []
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("width", "height"), [(1440, 900), (390, 844)])
def test_arabic_interface_screenshots(
    browser: Browser, live_site: str, scheme: str, width: int, height: int
) -> None:
    """Written to tests/artifacts/ for a person to look at; the page must not scroll sideways."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, color_scheme=scheme, locale="ar"
    )
    page = context.new_page()
    for name, path in (
        ("canvas-2023", "/c/cigna/2023"),
        ("index", "/"),
        ("source", "/sources/001_ead442415cccde68"),
    ):
        page.goto(f"{live_site}{path}")
        page.wait_for_load_state("networkidle")
        wide = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert wide[0] <= wide[1], (path, wide)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"ar-{name}-{width}-{scheme}.png")
    context.close()

"""Sharing a canvas in a real browser (Debian chromium via Playwright): links to a block or
a claim, "Copy link" and its fallback, the block page a chat tool previews, the embed
dialog.

Why: a link someone pastes must land on exactly that block, highlighted and in view, with
or without JavaScript; what "Copy link" and "Copy code" put on the clipboard is what people
will paste, so it is read back from the clipboard itself (permission granted for the site);
the block page's metadata (canonical URL, OpenGraph, oEmbed discovery) is what wikis and chat
tools read, and it must be in the block's own language and direction.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CANVAS = "/c/cigna/2023"
# its page speaks Arabic, the scripts' words included
COPY_LINK, COPIED, COPY_CODE, LINK, EMBED = "نسخ الرابط", "نُسخ", "نسخ الشيفرة", "رابط", "تضمين"
BLOCK = "/c/cigna/2023/key-partners"
CLIPBOARD = ["clipboard-read", "clipboard-write"]
CITE_HREF = re.compile(r"/sources/(?P<key>[^#/]+)#L(?P<a>\d+)-L(?P<b>\d+)")
SENTINEL = "nothing copied yet"
HIGHLIGHT = "e => { const s = getComputedStyle(e); return [s.outlineStyle, s.backgroundColor]; }"


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def clipboard(context: BrowserContext, live_site: str) -> Iterator[BrowserContext]:
    """The test's context, allowed to read and write the clipboard on the site."""
    context.grant_permissions(CLIPBOARD, origin=live_site)
    yield context


def reset_clipboard(page: Page) -> None:
    """The clipboard is the browser's, shared by tests: start each check from a known text."""
    page.evaluate("text => navigator.clipboard.writeText(text)", SENTINEL)
    assert read_clipboard(page) == SENTINEL


def read_clipboard(page: Page) -> str:
    return page.evaluate("() => navigator.clipboard.readText()")


def target_id(page: Page) -> str | None:
    return page.evaluate("() => document.querySelector(':target')?.id ?? null")


def assert_highlighted_in_view(page: Page, element: Locator, other: Locator) -> None:
    """`element` is the :target, its top edge is inside the viewport, and it is drawn
    unlike `other` (the :target outline and background)."""
    expect(element).to_be_in_viewport()
    box = element.bounding_box()
    assert box is not None
    height = page.viewport_size["height"] if page.viewport_size else 0
    assert -1 <= box["y"] < height, f"the top of the target is at {box['y']}px"
    assert target_id(page) == element.get_attribute("id")
    mine, theirs = element.evaluate(HIGHLIGHT), other.evaluate(HIGHLIGHT)
    assert mine[0] == "solid" and theirs[0] == "none", (mine, theirs)
    assert mine[1] != theirs[1], (mine, theirs)


# -- links to a block or a claim --------------------------------------------------------------


def test_a_block_link_scrolls_to_and_highlights_the_block(page: Page, live_site: str) -> None:
    page.set_viewport_size({"width": 390, "height": 800})  # stacked: the block is far down
    page.goto(f"{live_site}{CANVAS}#value-propositions")
    assert page.evaluate("window.scrollY") > 400
    assert_highlighted_in_view(page, page.locator("#value-propositions"), page.locator("#channels"))


@pytest.mark.parametrize("tag", ["p", "li", "tr"])
def test_a_claim_link_scrolls_to_and_highlights_the_claim(
    page: Page, live_site: str, tag: str
) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_site}{CANVAS}")
    ids = page.eval_on_selector_all(f"{tag}.claim", "els => els.map(e => e.id)")
    assert len(ids) > 2 and all(re.fullmatch(r"c-[0-9a-z]+", i) for i in ids), ids
    claim, other = ids[-1], ids[0]  # the last is far down the page
    page.goto("about:blank")
    page.goto(f"{live_site}{CANVAS}#{claim}")
    assert page.evaluate("window.scrollY") > 0
    assert_highlighted_in_view(page, page.locator(f"#{claim}"), page.locator(f"#{other}"))


def block_link(page: Page, kind: str) -> Locator:
    return page.locator(f"#{kind} a.block-link")


@pytest.mark.parametrize("kind", ["key-partners", "revenue-streams"])
def test_copy_link_puts_the_block_url_on_the_clipboard(
    clipboard: BrowserContext, page: Page, live_site: str, kind: str
) -> None:
    page.goto(f"{live_site}{CANVAS}")
    link = block_link(page, kind)
    expect(link).to_have_attribute("role", "button")  # block-links.js has run
    expect(link).to_contain_text(COPY_LINK)
    reset_clipboard(page)
    link.click()
    expect(link.locator(".label")).to_have_text(COPIED)
    assert read_clipboard(page) == f"{live_site}{CANVAS}#{kind}"
    expect(page).to_have_url(f"{live_site}{CANVAS}")  # a copy, not a navigation


def test_the_y_key_copies_the_link_of_the_target_block(
    clipboard: BrowserContext, page: Page, live_site: str
) -> None:
    page.goto(f"{live_site}{CANVAS}#customer-segments")
    expect(block_link(page, "customer-segments")).to_have_attribute("role", "button")
    reset_clipboard(page)
    page.keyboard.press("y")
    assert read_clipboard(page) == f"{live_site}{CANVAS}#customer-segments"

    # focus inside another block wins over the address's target
    page.locator("#channels sup.cite a").first.focus()
    page.keyboard.press("y")
    assert read_clipboard(page) == f"{live_site}{CANVAS}#channels"


def test_after_an_htmx_year_switch_copy_link_copies_the_new_years_url(
    clipboard: BrowserContext, page: Page, live_site: str
) -> None:
    page.goto(f"{live_site}/c/cigna/2015")  # (htmx swaps years whose pages speak English)
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate("window.__sameDocument = true")
    page.locator("nav.years a", has_text="2025").click()
    expect(page).to_have_url(f"{live_site}/c/cigna/2025")
    expect(page.locator("h1")).to_contain_text("2025")
    assert page.evaluate("window.__sameDocument") is True, "the page was reloaded, not swapped"
    link = block_link(page, "revenue-streams")
    expect(link).to_have_attribute("role", "button")  # the swapped-in links are enhanced too
    reset_clipboard(page)
    link.click()
    expect(link.locator(".label")).to_have_text("Copied")
    assert read_clipboard(page) == f"{live_site}/c/cigna/2025#revenue-streams"


# How the Clipboard API can fail: (context permissions, init script). Chromium grants
# clipboard-write by default; an explicit empty permission list denies it.
NO_CLIPBOARD = {
    "denied": ([], ""),
    "missing": (
        None,
        "Object.defineProperty(Navigator.prototype, 'clipboard',"
        " {get: () => undefined, configurable: true});",
    ),
    "refused": (
        None,
        "navigator.clipboard.writeText = () =>"
        " Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));",
    ),
}


@pytest.mark.parametrize("how", list(NO_CLIPBOARD))
def test_without_the_clipboard_copy_link_shows_the_url_selected(
    browser: Browser, live_site: str, how: str
) -> None:
    permissions, script = NO_CLIPBOARD[how]
    context = browser.new_context(permissions=permissions)
    try:
        if script:
            context.add_init_script(script)
        page = context.new_page()
        page.goto(f"{live_site}{CANVAS}")
        link = block_link(page, "key-activities")
        expect(link).to_have_attribute("role", "button")
        link.click()
        fallback = page.locator("#key-activities input.copy-fallback")
        expect(fallback).to_be_visible()
        expect(fallback).to_have_value(f"{live_site}{CANVAS}#key-activities")
        expect(fallback).to_be_focused()
        selected = fallback.evaluate("e => [e.selectionStart, e.selectionEnd, e.value.length]")
        assert selected[0] == 0 and selected[1] == selected[2], f"not all selected: {selected}"
        expect(page).to_have_url(f"{live_site}{CANVAS}")
    finally:
        context.close()


def test_without_javascript_a_block_link_is_a_plain_link(browser: Browser, live_site: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 800})
    try:
        page = context.new_page()
        page.goto(f"{live_site}{CANVAS}")
        link = block_link(page, "cost-structure")
        expect(link.locator(".label")).to_have_text(LINK)
        assert link.get_attribute("role") is None
        link.click()
        expect(page).to_have_url(f"{live_site}{CANVAS}#cost-structure")
        assert_highlighted_in_view(
            page, page.locator("#cost-structure"), page.locator("#key-partners")
        )
    finally:
        context.close()


# -- the block page ---------------------------------------------------------------------------


def meta(page: Page, selector: str, attribute: str = "content") -> str:
    element = page.locator(f"head {selector}")
    expect(element).to_have_count(1)
    return element.get_attribute(attribute) or ""


def first_claim_text(page: Page) -> str:
    """The block's first claim as read, without its citation: the number, the popover
    and the word joiner that keeps the number on the line of the word before it."""
    return squash(
        page.eval_on_selector(
            "#key-partners .claim",
            "e => { const c = e.cloneNode(true); c.querySelectorAll('sup.cite')"
            ".forEach(s => s.remove()); return c.textContent; }",
        ).replace("\u2060", "")
    )


def test_the_block_page_is_in_the_blocks_language_with_preview_metadata(
    page: Page, live_site: str
) -> None:
    page.goto(f"{live_site}{BLOCK}")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    directions = page.eval_on_selector_all(
        "#key-partners .claim", "els => els.map(e => getComputedStyle(e).direction)"
    )
    assert directions and set(directions) == {"rtl"}, directions
    assert page.locator("[data-block]").count() == 1

    assert meta(page, "link[rel=canonical]", "href") == f"{live_site}{BLOCK}"
    title = meta(page, "meta[property='og:title']")
    assert "الشركاء الرئيسيون" in title and "2023" in title, title
    assert meta(page, "meta[property='og:url']") == f"{live_site}{BLOCK}"
    assert meta(page, "meta[property='og:locale']") == "ar_AR"
    description = squash(meta(page, "meta[property='og:description']"))
    first = first_claim_text(page)
    assert description and first, (description, first)
    assert description.startswith(first) or first.startswith(description.removesuffix("…")), (
        description,
        first,
    )
    assert meta(page, "meta[name='twitter:description']") == meta(
        page, "meta[property='og:description']"
    )


@pytest.mark.parametrize(
    ("path", "embed"), [(BLOCK, "/embed/cigna/2023/key-partners"), (CANVAS, "/embed/cigna/2023")]
)
def test_the_oembed_discovery_link_answers_a_rich_embed(
    page: Page, live_site: str, path: str, embed: str
) -> None:
    page.goto(f"{live_site}{path}")
    assert meta(page, "link[rel=canonical]", "href") == f"{live_site}{path}"
    href = meta(page, "link[rel=alternate][type='application/json+oembed']", "href")
    assert href.startswith(f"{live_site}/oembed?"), href
    answer = page.request.get(href)
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("application/json")
    body = answer.json()
    assert body["type"] == "rich" and body["version"] == "1.0", body
    assert isinstance(body["width"], int) and isinstance(body["height"], int), body
    assert body["title"] and body["provider_name"], body
    assert f'src="{live_site}{embed}"' in body["html"], body["html"]


def test_the_block_page_cites_its_sources_and_links_to_the_full_canvas(
    page: Page, live_site: str
) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_site}{BLOCK}")
    hrefs = page.eval_on_selector_all("a.note-lines", "els => els.map(a => a.getAttribute('href'))")
    assert len(hrefs) > 5 and all(CITE_HREF.fullmatch(h) for h in hrefs), hrefs
    markers = page.eval_on_selector_all("sup.cite a", "els => els.map(a => a.hash)")
    assert markers and all(page.locator(m).count() == 1 for m in markers)  # each its note
    page.get_by_role("link", name="اعرضه في مخطط 2023 كاملًا").click()  # an Arabic page
    expect(page).to_have_url(f"{live_site}{CANVAS}#key-partners")
    expect(page.locator("#canvas-map [data-block]")).to_have_count(9)
    assert_highlighted_in_view(
        page, page.locator("#key-partners"), page.locator("#customer-segments")
    )


def test_block_page_screenshot(page: Page, live_site: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_site}{BLOCK}")
    page.evaluate("document.fonts.ready.then(() => true)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = page.screenshot(path=ARTIFACTS / "block-2023-key-partners.png")
    assert len(shot) > 20_000, "the screenshot looks blank"


# -- the embed dialog -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "embed", "panels"),
    [(CANVAS, "/embed/cigna/2023", 9), (BLOCK, "/embed/cigna/2023/key-partners", 1)],
)
def test_the_embed_dialog_gives_the_snippet_a_preview_and_copies_it(
    clipboard: BrowserContext, page: Page, live_site: str, path: str, embed: str, panels: int
) -> None:
    page.goto(f"{live_site}{path}")
    code = page.locator("textarea#embed-code")
    expect(code).to_be_hidden()
    page.locator("details.embed-dialog > summary", has_text=EMBED).click()
    expect(code).to_be_visible()
    snippet = code.input_value()
    iframe = re.search(r"<iframe\b[^>]*>", snippet)
    assert iframe, snippet
    tag = iframe[0]
    for part in ['width="100%"', 'loading="lazy"', f'src="{live_site}{embed}"']:
        assert part in tag, (part, tag)
    assert re.search(r' height="[1-9][0-9]*"', tag), tag
    assert re.search(r' title="[^"]+"', tag), tag
    assert "</iframe>" in snippet

    preview = page.frame_locator("iframe.embed-preview")
    expect(preview.locator("[data-block]")).to_have_count(panels)
    expect(preview.locator("body.embed")).to_have_count(1)

    copy = page.locator("button.copy-embed")
    expect(copy).to_be_visible()  # hidden until block-links.js can copy
    expect(copy).to_have_text(COPY_CODE)
    reset_clipboard(page)
    copy.click()
    expect(copy).to_have_text(COPIED)
    assert read_clipboard(page) == snippet

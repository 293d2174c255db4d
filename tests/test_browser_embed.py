"""Embeds in a real browser (Debian chromium via Playwright), framed by wiki stand-ins on
other loopback origins, as a wiki would frame them.

Origins: `site` serves the seeds at 127.0.0.1:p1 with CANVAS_EMBED_ORIGINS narrowed to
`wiki1` (127.0.0.2:p2); `wiki2` (127.0.0.1:p3: the site's address but another port, so
another origin) is not on that list; `live_site` has the default (any origin, unless
CANVAS_EMBED_ORIGINS is set in the environment running the tests).

What is checked, and why: only /embed/ pages may be framed, and only by the configured
origins (else anyone could clickjack the site, or an admin's narrowing would do nothing);
a framed embed sets no cookie and asks no third party for anything; static/embed.js sizes
the iframe to its content within a second and follows it when the host page's width
changes, and ignores height messages from anything but the framed site; an embed's links
open in a new tab (a click must not replace the host's page) without an opener.
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Frame, Page, expect

from app.domain import BLOCK_KINDS
from tests.live_server import HostPages, host_page

# fixtures (conftest.py registers only live_site and serve_documents)
from tests.live_server import host_pages as host_pages
from tests.live_server import serve_site as serve_site

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CANVAS = "/embed/cigna/2023"
BLOCK = "/embed/cigna/2023/key-partners"
SOURCE_KEY = "001_ead442415cccde68"
IFRAME = "iframe"  # the host page's only one (the pasted snippet's has no id)
START = 150  # px: the iframe's height before embed.js sizes it
SLACK = 3  # px: rounding (embed-frame.js rounds up) and subpixel layout
HEIGHT_TYPE = "canvas-viewer:height"
CITE_HREF = re.compile(r"/sources/(?P<key>[^#/]+)#L(?P<a>\d+)-L(?P<b>\d+)")


@dataclass(frozen=True)
class Origins:
    site: str  # embeds may be framed by wiki1 only
    wiki1: HostPages
    wiki2: HostPages


@pytest.fixture(scope="module")
def origins(
    serve_site: Callable[..., str],
    host_pages: Callable[[str], HostPages],
) -> Origins:
    wiki1, wiki2 = host_pages("127.0.0.2"), host_pages("127.0.0.1")
    site = serve_site(embed_origins=(wiki1.origin,), host="127.0.0.1")
    assert len({site, wiki1.origin, wiki2.origin}) == 3
    return Origins(site, wiki1, wiki2)


_pages = itertools.count()


def publish(wiki: HostPages, html: str) -> str:
    """Put `html` on the wiki under a fresh name; its URL."""
    return wiki.add(f"/page-{next(_pages)}.html", html)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def embed_frame(page: Page) -> Frame:
    """The document inside the host page's iframe (the browser's error page if blocked)."""
    handle = page.locator(IFRAME).element_handle()
    frame = handle.content_frame() if handle else None
    assert frame is not None, "the host page has no iframe document"
    frame.wait_for_load_state("load")
    return frame


def frame_document(frame: Frame) -> dict[str, object]:
    return frame.evaluate(
        "() => ({origin: location.origin, href: location.href,"
        " panels: document.querySelectorAll('[data-block]').length})"
    )


@pytest.fixture
def console_errors(page: Page) -> list[str]:
    errors: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", record)
    return errors


# -- who may frame what -----------------------------------------------------------------------


def assert_rendered(page: Page, site: str, path: str, panels: int) -> None:
    expect(page.frame_locator(IFRAME).locator("[data-block]")).to_have_count(panels)
    document = frame_document(embed_frame(page))
    assert document == {"origin": site, "href": f"{site}{path}", "panels": panels}


def assert_blocked(page: Page, site: str, errors: list[str]) -> None:
    """The frame does not show the site's page: Chromium put its error page there, and
    said why (the callers check that the site did answer 200)."""
    document = frame_document(embed_frame(page))
    assert document["panels"] == 0, f"the framed page rendered: {document}"
    assert document["origin"] != site, f"the frame holds the site's document: {document}"
    assert any("frame-ancestors" in e for e in errors), errors


@pytest.mark.parametrize(("path", "panels"), [(CANVAS, 9), (BLOCK, 1)])
def test_an_allowed_origin_frames_an_embed_with_no_cookie_and_no_third_party(
    page: Page, context: BrowserContext, origins: Origins, path: str, panels: int
) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    url = publish(origins.wiki1, host_page(f"{origins.site}{path}"))
    with page.expect_response(f"{origins.site}{path}") as answer:
        page.goto(url)
    assert answer.value.status == 200
    assert "set-cookie" not in answer.value.headers
    assert_rendered(page, origins.site, path, panels)
    page.wait_for_load_state("networkidle")  # the frame's styles, scripts and fonts too
    assert context.cookies() == []
    asked = {origin_of(u) for u in requested}
    assert asked <= {origins.site, origins.wiki1.origin}, sorted(requested)
    assert any(u.startswith(f"{origins.site}/static/") for u in requested), "no site assets?"


@pytest.mark.parametrize(
    "path", ["/c/cigna/2023", "/c/cigna/2023/key-partners", f"/sources/{SOURCE_KEY}"]
)
def test_an_allowed_origin_cannot_frame_a_normal_page(
    page: Page, origins: Origins, console_errors: list[str], path: str
) -> None:
    url = publish(origins.wiki1, host_page(f"{origins.site}{path}"))
    with page.expect_response(f"{origins.site}{path}") as answer:
        page.goto(url)
    assert answer.value.status == 200
    assert_blocked(page, origins.site, console_errors)


def test_an_origin_not_on_the_list_cannot_frame_an_embed(
    page: Page, origins: Origins, console_errors: list[str]
) -> None:
    url = publish(origins.wiki2, host_page(f"{origins.site}{CANVAS}"))
    with page.expect_response(f"{origins.site}{CANVAS}") as answer:
        page.goto(url)
    assert answer.value.status == 200
    assert_blocked(page, origins.site, console_errors)


@pytest.mark.parametrize(("path", "panels"), [(CANVAS, 9), (BLOCK, 1)])
def test_by_default_any_origin_frames_an_embed(
    page: Page, live_site: str, origins: Origins, path: str, panels: int
) -> None:
    page.goto(publish(origins.wiki2, host_page(f"{live_site}{path}")))
    assert_rendered(page, live_site, path, panels)


def test_by_default_a_normal_page_still_cannot_be_framed(
    page: Page, live_site: str, origins: Origins, console_errors: list[str]
) -> None:
    page.goto(publish(origins.wiki2, host_page(f"{live_site}/c/cigna/2023")))
    assert_blocked(page, live_site, console_errors)


# -- the iframe's height ----------------------------------------------------------------------


def iframe_height(page: Page) -> float:
    return page.eval_on_selector(IFRAME, "e => e.getBoundingClientRect().height")


def content_heights(frame: Frame) -> tuple[float, float]:
    """The embed document's scrollHeight, and its root box (which does not grow with the
    iframe: a frame sized far too tall would make scrollHeight match it trivially)."""
    return tuple(
        frame.evaluate(
            "() => [document.documentElement.scrollHeight,"
            " document.documentElement.getBoundingClientRect().height]"
        )
    )


def wait_for_fit(page: Page, frame: Frame, seconds: float = 1.0) -> float:
    """Poll until the iframe is as tall as its document, within `seconds`; that height."""
    deadline = time.monotonic() + seconds
    while True:
        height = iframe_height(page)
        scroll, box = content_heights(frame)
        if abs(height - scroll) <= SLACK and abs(height - box) <= SLACK:
            return height
        if time.monotonic() > deadline:
            pytest.fail(
                f"after {seconds}s the iframe is {height}px tall, its document"
                f" {scroll}px (scrollHeight) / {box}px (root box)"
            )
        page.wait_for_timeout(20)


def messages(page: Page) -> list[dict[str, object]]:
    return page.evaluate("window.__messages")


@pytest.mark.parametrize("path", [BLOCK, CANVAS])
def test_embed_js_sizes_the_iframe_to_its_content_within_a_second(
    page: Page, origins: Origins, path: str
) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    html = host_page(f"{origins.site}{path}", resizer=f"{origins.site}/static/embed.js")
    page.goto(publish(origins.wiki1, html))
    frame = embed_frame(page)
    wide = wait_for_fit(page, frame)
    assert abs(wide - START) > SLACK, "the iframe kept the height the host page gave it"

    page.set_viewport_size({"width": 560, "height": 800})  # narrower: a block's text wraps
    narrow = wait_for_fit(page, frame)  # more; the canvas's map becomes a list
    assert abs(narrow - wide) > SLACK, (wide, narrow)
    if path == BLOCK:
        assert narrow > wide, (wide, narrow)

    page.set_viewport_size({"width": 1280, "height": 800})  # and back: it may shrink too
    assert abs(wait_for_fit(page, frame) - wide) <= SLACK


def test_embed_js_loaded_after_the_embed_reported_its_height_still_sizes_it(
    page: Page, origins: Origins
) -> None:
    """A wiki loads embed.js `async`: it may arrive after the embed's load-time report,
    which nobody heard. It asks each embed of its site for its height when it starts."""
    page.goto(publish(origins.wiki1, host_page(f"{origins.site}{BLOCK}")))
    page.wait_for_function(
        "type => window.__messages.some(m => m.fromFrame && m.data.type === type)",
        arg=HEIGHT_TYPE,
        timeout=2000,
    )
    frame = embed_frame(page)
    page.wait_for_timeout(300)  # the embed has settled and reports nothing more
    assert iframe_height(page) == START
    page.add_script_tag(url=f"{origins.site}/static/embed.js")
    assert abs(wait_for_fit(page, frame) - START) > SLACK


def test_a_canvas_embed_fits_a_wiki_column_and_the_snippets_height(
    page: Page, live_site: str, origins: Origins
) -> None:
    """At 1,000 px wide the canvas embed (the map) is at most 1,000 px tall, and the
    snippet's own height already shows all of it (for hosts without embed.js)."""
    page.goto(f"{live_site}/c/cigna/2023")
    snippet = page.locator("textarea#embed-code").input_value()
    given = re.search(r'<iframe [^>]*height="(\d+)"', snippet)
    assert given, snippet
    page.set_viewport_size({"width": 1000, "height": 800})
    html = host_page(f"{origins.site}{CANVAS}", resizer=f"{origins.site}/static/embed.js")
    page.goto(publish(origins.wiki1, html))
    height = wait_for_fit(page, embed_frame(page))
    assert height <= 1000, height
    assert int(given[1]) >= height, (given[1], height)


def test_opening_the_embeds_source_list_grows_the_iframe(page: Page, origins: Origins) -> None:
    html = host_page(f"{origins.site}{BLOCK}", resizer=f"{origins.site}/static/embed.js")
    page.goto(publish(origins.wiki1, html))
    frame = embed_frame(page)
    closed = wait_for_fit(page, frame)
    frame.locator("details.references > summary").click()
    expect(frame.locator("details.references li").first).to_be_visible()
    opened = wait_for_fit(page, frame)
    listed = frame.locator("details.references #references").bounding_box()
    assert listed is not None and listed["height"] > 30  # the source with its back-links
    assert opened >= closed + listed["height"], (closed, opened, listed)


def test_without_embed_js_the_iframe_keeps_its_height(page: Page, origins: Origins) -> None:
    page.goto(publish(origins.wiki1, host_page(f"{origins.site}{BLOCK}")))
    page.wait_for_function(
        "type => window.__messages.some(m => m.fromFrame && m.data.type === type)",
        arg=HEIGHT_TYPE,
        timeout=2000,
    )
    reported = [m["data"]["height"] for m in messages(page) if m["fromFrame"]]
    assert all(h > START for h in reported), reported  # the frame asked for more...
    assert iframe_height(page) == START  # ...and nobody listened


FORGED = f"{{type: {HEIGHT_TYPE!r}, height: 5000}}"


def wait_for_message_from(page: Page, origin: str, from_frame: bool) -> None:
    page.wait_for_function(
        "([origin, fromFrame]) => window.__messages.some("
        " m => m.origin === origin && m.fromFrame === fromFrame && m.data.height === 5000)",
        arg=[origin, from_frame],
        timeout=2000,
    )


def test_a_height_message_the_host_page_posts_itself_is_ignored(
    page: Page, live_site: str, origins: Origins
) -> None:
    forge = f"<button id=forge onclick=\"window.postMessage({FORGED}, '*')\">forge</button>"
    html = host_page(f"{live_site}{BLOCK}", resizer=f"{live_site}/static/embed.js", extra=forge)
    page.goto(publish(origins.wiki2, html))
    fitted = wait_for_fit(page, embed_frame(page))
    page.locator("#forge").click()
    wait_for_message_from(page, origins.wiki2.origin, from_frame=False)
    assert iframe_height(page) == pytest.approx(fitted, abs=SLACK)


def test_a_height_message_from_another_origin_inside_the_iframe_is_ignored(
    page: Page, live_site: str, origins: Origins
) -> None:
    """The frame navigated away to a page of wiki2 (the iframe's src still names the
    site): that page's messages come from the iframe, but not from the site's origin."""
    forger = publish(
        origins.wiki2,
        f"<!doctype html><title>forger</title><script>parent.postMessage({FORGED}, '*')</script>",
    )
    html = host_page(f"{live_site}{BLOCK}", resizer=f"{live_site}/static/embed.js")
    page.goto(publish(origins.wiki2, html))
    frame = embed_frame(page)
    fitted = wait_for_fit(page, frame)
    frame.evaluate("url => { location.href = url }", forger)
    wait_for_message_from(page, origins.wiki2.origin, from_frame=True)
    assert iframe_height(page) == pytest.approx(fitted, abs=SLACK)


# -- links out of an embed --------------------------------------------------------------------


def frame_embed(page: Page, origins: Origins, path: str, panels: int = 9) -> Frame:
    """wiki1 framing `path` of the site (with embed.js), loaded; the embed's document."""
    html = host_page(f"{origins.site}{path}", resizer=f"{origins.site}/static/embed.js")
    page.goto(publish(origins.wiki1, html))
    expect(page.frame_locator(IFRAME).locator("[data-block]")).to_have_count(panels)
    return embed_frame(page)


@pytest.fixture
def framed_canvas(page: Page, origins: Origins) -> Frame:
    return frame_embed(page, origins, CANVAS)


@pytest.fixture
def framed_block(page: Page, origins: Origins) -> Frame:
    return frame_embed(page, origins, BLOCK, panels=1)


def links_out(frame: Frame) -> list[dict[str, object]]:
    return frame.eval_on_selector_all(
        "a[href]:not([href^='#'])",
        "els => els.map(a => ({href: a.getAttribute('href'), text: a.textContent.trim(),"
        " target: a.target, rel: a.rel.split(/\\s+/), cite: !!a.closest('sup.cite')}))",
    )


def assert_new_tabs(links: list[dict[str, object]]) -> None:
    opens_in_place = [link for link in links if link["target"] != "_blank"]
    no_noopener = [link for link in links if "noopener" not in link["rel"]]
    assert opens_in_place == [] and no_noopener == [], (opens_in_place, no_noopener)


# 2025 has an empty Key Partners block, which links to the nearest year that has it
@pytest.mark.parametrize("year", [2023, 2025])
def test_every_link_out_of_a_canvas_embed_opens_a_new_tab_without_an_opener(
    page: Page, origins: Origins, year: int
) -> None:
    links = links_out(frame_embed(page, origins, f"/embed/cigna/{year}"))
    assert_new_tabs(links)
    # (2023 is Arabic: so is its embed)
    full = [link for link in links if link["text"] in ("Open full canvas", "فتح المخطط كاملًا")]
    assert [link["href"] for link in full] == [f"{origins.site}/c/cigna/{year}"]
    # the map: each panel opens its block in the full canvas; no citation in a map
    panels = [link["href"] for link in links if str(link["text"]) != "See 2023"]
    panels = [h for h in panels if "#" in str(h)]
    assert panels == [f"/c/cigna/{year}#{kind}" for kind in BLOCK_KINDS], panels
    assert not [link for link in links if link["cite"]]
    if year == 2025:
        assert any(link["text"] == "See 2023" for link in links), links


def test_every_link_out_of_a_block_embed_opens_a_new_tab_and_cites(framed_block: Frame) -> None:
    links = links_out(framed_block)
    assert_new_tabs(links)
    # each marker leads to its note in the folded list; each note opens its lines
    markers = framed_block.eval_on_selector_all(
        "sup.cite a", "els => els.map(a => a.getAttribute('href'))"
    )
    assert len(markers) > 10 and all(m.startswith("#ref-") for m in markers), markers[:3]
    notes = [link for link in links if "line" in str(link["text"]) or "السطر" in str(link["text"])]
    assert len(notes) >= len(set(markers)), "every note cites its lines"
    assert all(CITE_HREF.fullmatch(str(link["href"])) for link in notes), notes[:3]


def test_a_citation_in_an_embed_opens_the_source_in_a_new_tab(
    page: Page, context: BrowserContext, framed_block: Frame, origins: Origins
) -> None:
    marker = framed_block.locator("#key-partners sup.cite a").first
    marker.click()  # its note, in the folded list, which opens to show it
    note = framed_block.locator(marker.get_attribute("href") or "")
    expect(note).to_be_visible()
    cite = note.locator("a.note-lines")
    href = cite.get_attribute("href") or ""
    match = CITE_HREF.fullmatch(href)
    assert match, href
    host_url = page.url
    with context.expect_page() as opened:
        cite.click()
    source = opened.value
    source.wait_for_load_state()
    assert source.url == f"{origins.site}{href}"
    first, last = int(match["a"]), int(match["b"])
    expect(source.locator(f"#L{first}")).to_have_class(re.compile(r"\bhl\b"))
    expect(source.locator(f"#L{first}")).to_be_in_viewport()
    lit = source.eval_on_selector_all(".source-lines li.hl", "els => els.map(e => e.id)")
    assert lit == [f"L{n}" for n in range(first, last + 1)]
    assert source.evaluate("window.opener") is None
    assert page.url == host_url, "the host page navigated away"
    expect(page.frame_locator(IFRAME).locator("[data-block]")).to_have_count(1)


def test_a_canvas_embed_is_the_map_without_chrome_mirrored(framed_canvas: Frame) -> None:
    assert framed_canvas.locator("header, footer, nav.years, details.embed-dialog").count() == 0
    map_dir = framed_canvas.eval_on_selector("#canvas-map", "e => getComputedStyle(e).direction")
    assert map_dir == "rtl"
    partners = framed_canvas.locator("[data-block=key-partners]").bounding_box()
    segments = framed_canvas.locator("[data-block=customer-segments]").bounding_box()
    assert partners and segments
    assert partners["x"] >= segments["x"] + segments["width"], "not mirrored"
    assert framed_canvas.locator(".claim, sup.cite").count() == 0  # the text is a click away


def test_a_block_embed_is_its_text_rtl_with_working_popovers(framed_block: Frame) -> None:
    directions = framed_block.eval_on_selector_all(
        "#key-partners .claim", "els => els.map(e => getComputedStyle(e).direction)"
    )
    assert directions and set(directions) == {"rtl"}, directions
    cite = framed_block.locator("#key-partners #cite-1")
    cite.hover()  # the preview fetches the quoted lines from the site, inside the frame
    expect(framed_block.locator("#cite-pop .quote-lines")).to_have_count(1)
    expect(framed_block.locator("#cite-pop")).to_be_visible()


def test_the_embed_dialogs_preview_works_when_origins_are_narrowed(
    page: Page, origins: Origins
) -> None:
    """The site frames its own embeds ('self'), whatever the list says."""
    page.goto(f"{origins.site}/c/cigna/2023")
    page.locator("details.embed-dialog > summary").click()
    expect(page.frame_locator("iframe.embed-preview").locator("[data-block]")).to_have_count(9)


def test_the_dialogs_snippet_pasted_as_is_into_a_wiki_sizes_itself(
    page: Page, live_site: str, origins: Origins
) -> None:
    page.goto(f"{live_site}/c/cigna/2023/key-partners")
    snippet = page.locator("textarea#embed-code").input_value()
    assert f'<script src="{live_site}/static/embed.js"' in snippet, snippet
    given = re.search(r'<iframe [^>]*height="(\d+)"', snippet)
    assert given, snippet
    wiki = f"<!doctype html><title>wiki</title><h1>Pasted</h1>\n{snippet}\n<p>after</p>"
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(publish(origins.wiki2, wiki))
    frame = embed_frame(page)
    expect(page.frame_locator(IFRAME).locator("[data-block]")).to_have_count(1)
    height = wait_for_fit(page, frame)
    assert abs(height - int(given[1])) > SLACK, "the snippet's own height was kept"


# -- a screenshot -----------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "name"), [(CANVAS, "2023"), (BLOCK, "2023-key-partners")])
def test_screenshot_of_an_embed_in_a_wiki_page(
    page: Page, origins: Origins, path: str, name: str
) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    html = host_page(
        f"{origins.site}{path}",
        resizer=f"{origins.site}/static/embed.js",
        title="Team wiki: our competitors",
    )
    page.goto(publish(origins.wiki1, html))
    frame = embed_frame(page)
    frame.evaluate("document.fonts.ready.then(() => true)")
    wait_for_fit(page, frame)
    # A viewport as tall as the host page, not full_page: Chromium paints a cross-origin
    # frame only where it is inside the viewport, so a full-page shot cuts the embed off.
    tall = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": 1280, "height": tall})
    wait_for_fit(page, frame)
    frame.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = page.screenshot(path=ARTIFACTS / f"embed-in-wiki-{name}.png")
    assert len(shot) > 50_000, "the screenshot looks blank"

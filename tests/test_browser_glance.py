"""The canvas at a glance, in Chromium (issue 26): at 1440x900 and 390x844, in English and
Arabic, light and dark, on the seeds and on documents written for it (tests/glance_documents.py),
every map panel with statements shows 3 to 6 phrases, each at most eight words and each found
verbatim in its block's text; the panels carry the canonical block names, whatever the
documents call them."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page

from app.domain import BLOCK_KINDS, ENGLISH_TITLES
from tests.glance_documents import GLANCE_CANVASES, GLANCE_DOCUMENTS
from tests.live_server import HostPages
from tests.live_server import host_pages as host_pages

SIZES = {"1440": (1440, 900), "390": (390, 844)}


@pytest.fixture(scope="module")
def glance_site(serve_documents: Callable[[dict[str, str]], str]) -> str:
    return serve_documents(GLANCE_DOCUMENTS)


@pytest.fixture(
    params=[
        (s, lang, scheme) for s in SIZES for lang in ("en", "ar") for scheme in ("light", "dark")
    ],
    ids=lambda p: "-".join(p),
)
def reader(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[Page, str]]:
    size, lang, scheme = request.param
    width, height = SIZES[size]
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale=lang,
        color_scheme=scheme,
        extra_http_headers={"Accept-Language": lang},
    )
    yield context.new_page(), lang
    context.close()


def canvases(live_site: str, glance_site: str) -> list[str]:
    """Every canvas: the seeds' three and the three documents written for these tests."""
    urls = [f"{live_site}/c/cigna/{y}" for y in (2015, 2023, 2025)]
    return urls + [f"{glance_site}/c/{slug}/{year}" for slug, year in GLANCE_CANVASES]


PANELS = """() => [...document.querySelectorAll('#canvas-map .map-panel')].map(panel => {
  const kind = panel.dataset.block;
  const box = panel.getBoundingClientRect();
  const shown = [...panel.querySelectorAll('.phrases li')].filter(li => li.getClientRects().length)
    .map(li => {
      const r = li.getBoundingClientRect();
      return {text: li.textContent, inside: r.top >= box.top - 1 && r.bottom <= box.bottom + 1
              && r.left >= box.left - 1 && r.right <= box.right + 1};
    });
  const block = document.querySelector(`section#${kind}`);
  return {kind, empty: panel.classList.contains('map-empty'), shown,
          name: panel.querySelector('.map-name').textContent.trim(),
          text: block ? block.textContent.replace(/\\s+/g, ' ') : ''};
})"""


def test_every_panel_shows_three_to_six_short_phrases_of_its_own_block(
    reader: tuple[Page, str], live_site: str, glance_site: str
) -> None:
    page, lang = reader
    for url in canvases(live_site, glance_site):
        page.goto(f"{url}?hl={lang}")
        for panel in page.evaluate(PANELS):
            if panel["empty"]:
                assert panel["shown"] == [], (url, panel["kind"])
                continue
            where = (url, panel["kind"], [p["text"] for p in panel["shown"]])
            assert 3 <= len(panel["shown"]) <= 6, where
            for phrase in panel["shown"]:
                assert phrase["inside"], where  # drawn whole inside its panel
                assert len(phrase["text"].split()) <= 8, where
                assert " ".join(phrase["text"].split()) in panel["text"], where


NOTES = """() => [...document.querySelectorAll('.cite a')].map(a => {
  const n = a.textContent.slice(1, -1);  // [12] -> 12
  const note = document.getElementById('ref-' + n);
  return {n, href: a.getAttribute('href'), note: !!note && note.closest('#references') !== null,
          value: note && note.getAttribute('value'),
          back: !!note && note.querySelector(`a.backlink[href="#${a.id}"]`) !== null};
})"""


def test_every_citation_number_has_its_note_and_back(
    reader: tuple[Page, str], live_site: str, glance_site: str
) -> None:
    page, lang = reader
    for url in canvases(live_site, glance_site):
        page.goto(f"{url}?hl={lang}")
        markers = page.evaluate(NOTES)
        assert markers, url
        for m in markers:
            assert m["href"] == f"#ref-{m['n']}" and m["note"], (url, m)
            assert m["value"] == m["n"] and m["back"], (url, m)


CANONICAL_EN = {
    "key-partners": "Key Partners",
    "customer-segments": "Customer Segments",
    "revenue-streams": "Revenue Streams",
}


def test_the_map_names_each_block_canonically_and_its_text_keeps_the_documents_heading(
    page: Page, glance_site: str
) -> None:
    page.goto(f"{glance_site}/c/summit-grocers/2024?hl=en")
    for kind, name in CANONICAL_EN.items():
        assert page.locator(f"#canvas-map [data-block={kind}] .map-name").inner_text() == name
    # the document wrote "Key Partnerships" and "Customer Segment": its headings head the text
    assert "Key Partnerships" in page.locator("section#key-partners h2").inner_text()
    assert "Customer Segment" in page.locator("section#customer-segments h2").inner_text()
    page.goto(f"{glance_site}/c/summit-grocers/2024?hl=ar")
    assert page.locator("#canvas-map [data-block=key-partners] .map-name").inner_text() == (
        "الشركاء الرئيسيون\nKey Partners"
    )


PREVIEW = """() => {
  const p = document.getElementById('cite-pop');
  const r = p.getBoundingClientRect();
  const link = p.querySelector('.quote-open');
  const l = link.getBoundingClientRect();
  const hit = document.elementFromPoint(l.left + l.width / 2, l.top + l.height / 2);
  return {open: p.matches(':popover-open'), left: r.left, top: r.top, right: r.right,
          bottom: r.bottom, width: innerWidth, height: innerHeight,
          sheet: p.classList.contains('sheet'), linkAtCentre: hit === link || link.contains(hit),
          cells: p.querySelectorAll('.qcell').length, markdown: /\\|\\s*-{3}/.test(p.textContent)};
}"""


def _wait_shown(page: Page, quote: str | None) -> None:
    page.wait_for_function(
        "q => { const p = document.getElementById('cite-pop');"
        " return p.matches(':popover-open') && p.dataset.shown === q; }",
        arg=quote,
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("how", ["hover", "focus"])
@pytest.mark.parametrize("year", [2023, 2025])  # Arabic tables, English tables
def test_a_preview_on_a_tables_last_row_is_whole_and_its_link_on_top(
    page: Page, live_site: str, year: int, how: str, lang: str, scheme: str
) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(f"{live_site}/c/cigna/{year}?hl={lang}")
    tables = page.locator("section.block table")
    assert tables.count() >= 3
    for t in range(min(tables.count(), 6)):
        marker = tables.nth(t).locator("tbody tr").last.locator(".cite a")
        marker.scroll_into_view_if_needed()
        # the row at the very bottom of the window: the preview has to open above it
        page.evaluate(
            "m => window.scrollBy(0, m.getBoundingClientRect().bottom - innerHeight + 4)",
            marker.element_handle(),
        )
        marker.hover() if how == "hover" else marker.focus()
        _wait_shown(page, marker.get_attribute("data-quote"))
        found = page.evaluate(PREVIEW)
        assert found["open"] and not found["sheet"], found
        assert found["left"] >= 0 and found["right"] <= found["width"], found
        assert found["top"] >= 0 and found["bottom"] <= found["height"], found
        assert found["linkAtCentre"], found
        assert found["cells"] >= 2 and not found["markdown"], found  # a row as its cells
        page.mouse.move(0, 0)
        page.keyboard.press("Escape")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_tap_on_a_phone_opens_the_sheet_without_leaving_the_page(
    browser: Browser, live_site: str, lang: str, scheme: str
) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        has_touch=True,
        is_mobile=True,
        color_scheme=scheme,  # type: ignore[arg-type]
    )
    page = context.new_page()
    try:
        url = f"{live_site}/c/cigna/2023?hl={lang}"
        page.goto(url)
        marker = page.locator("section#key-partners tbody tr").last.locator(".cite a")
        marker.scroll_into_view_if_needed()
        # a phone's table keeps each row's citation in view: no sideways scroll hides it
        box = marker.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        marker.tap()
        _wait_shown(page, marker.get_attribute("data-quote"))
        found = page.evaluate(PREVIEW)
        assert found["open"] and found["sheet"] and found["linkAtCentre"], found
        assert found["bottom"] == pytest.approx(844, abs=1) and found["left"] == 0, found
        assert page.url == url  # still here: the sheet, not the note or the source
        scroll = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert scroll[0] <= scroll[1]
        page.locator("h1").tap()  # a tap outside closes it
        page.wait_for_function(
            "() => !document.getElementById('cite-pop').matches(':popover-open')"
        )
    finally:
        context.close()


@pytest.mark.parametrize(
    ("width", "lang", "scheme"), [(1440, "en", "light"), (1440, "ar", "dark"), (390, "ar", "light")]
)
def test_each_citation_is_one_tab_stop_and_every_stop_shows_a_ring(
    page: Page, glance_site: str, width: int, lang: str, scheme: str
) -> None:
    page.set_viewport_size({"width": width, "height": 900 if width > 800 else 844})
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(f"{glance_site}/c/delta-farms/2023?hl={lang}")
    page.wait_for_function("document.fonts.status === 'loaded'")
    markers = page.locator(".cite a").count()
    stops: list[str] = []
    for _ in range(400):
        page.keyboard.press("Tab")
        here = page.evaluate(
            "() => { const e = document.activeElement;"
            " return e === document.body ? null : (e.id || e.className || e.tagName)"
            " + '|' + (e.closest('.cite') ? 'cite' : e.closest('#cite-pop') ? 'pop' : '') }"
        )
        if here is None or (stops and here == stops[0]):
            break
        # the ring: the stop's surroundings drawn differently focused and not
        box = page.evaluate(
            "() => { const e = document.activeElement;"
            " const t = e.closest('.map-panel') || e; const r = t.getBoundingClientRect();"
            " return [Math.max(r.left - 6, 0), Math.max(r.top - 6, 0),"
            " r.width + 12, r.height + 12]; }"
        )
        clip = {"x": box[0], "y": box[1], "width": max(box[2], 1), "height": max(box[3], 1)}
        page.evaluate(  # a marker's preview opens on focus: the ring alone must show
            "() => { const p = document.getElementById('cite-pop');"
            " if (p.matches(':popover-open')) p.hidePopover(); }"
        )
        focused = page.screenshot(clip=clip)
        page.evaluate("() => { window.__was = document.activeElement; window.__was.blur(); }")
        unfocused = page.screenshot(clip=clip)
        page.evaluate("() => window.__was.focus({focusVisible: true})")
        assert focused != unfocused, f"no visible focus on {here}"
        stops.append(here)
    assert sum(1 for s in stops if s.endswith("|cite")) == markers  # one stop per marker
    assert not [s for s in stops if s.endswith("|pop")]  # the preview is no stop of its own
    assert len(stops) > markers + 9  # the map's nine panels, the links around them


def _background(frame_or_page: object) -> str:
    return frame_or_page.evaluate(  # type: ignore[attr-defined,no-any-return]
        "() => getComputedStyle(document.body).backgroundColor"
    )


def _is_light(rgb: str) -> bool:
    r, g, b = (int(x) for x in rgb.removeprefix("rgb(").removesuffix(")").split(",")[:3])
    return (r + g + b) / 3 > 200


@pytest.mark.parametrize("theme", [None, "dark", "auto"])
def test_an_embed_in_a_light_wiki_is_light_whatever_the_readers_system(
    browser: Browser,
    live_site: str,
    host_pages: Callable[[str], HostPages],
    theme: str | None,
) -> None:
    """The reader's system is dark; the wiki page is light. The embed is light unless its
    snippet asked for dark, or to follow the reader ("auto")."""
    wiki = host_pages("127.0.0.3")
    src = f"{live_site}/embed/cigna/2015" + (f"?theme={theme}" if theme else "")
    url = wiki.add(
        f"/page-{theme}",
        "<!doctype html><body style='background:#fff'>"
        f"<iframe src='{src}' width='900' height='600'></iframe>",
    )
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(url)
        page.frame_locator("iframe").locator(".map").wait_for()
        inner = next(f for f in page.frames if f.url.startswith(live_site))
        assert _is_light(_background(inner)) == (theme is None), (theme, _background(inner))
    finally:
        context.close()


def test_the_embed_dialog_offers_light_dark_and_the_readers_system(
    page: Page, live_site: str
) -> None:
    page.goto(f"{live_site}/c/cigna/2015")
    page.locator(".canvas-bar .embed-dialog summary").click()
    code = page.locator("#embed-code")
    assert "?theme=" not in code.input_value()  # light: the default needs no parameter
    page.get_by_label("Dark").check()
    assert "/embed/cigna/2015?theme=dark" in code.input_value()
    preview = page.locator(".canvas-bar .embed-preview")
    assert (preview.get_attribute("src") or "").endswith("/embed/cigna/2015?theme=dark")
    page.get_by_label("Follow the reader's system").check()
    assert "/embed/cigna/2015?theme=auto" in code.input_value()


@pytest.mark.parametrize("width", [1440, 390])
def test_landing_on_a_statement_keeps_its_blocks_name_in_view(
    page: Page, live_site: str, width: int
) -> None:
    """A search hit (or a shared link) to a statement deep in a block: the statement is in
    view, under the block's name, which stays in view while the block is read."""
    page.set_viewport_size({"width": width, "height": 900 if width > 800 else 844})
    page.goto(f"{live_site}/search?q=المتخصصين")
    page.locator("a.hit-text").first.click()
    page.wait_for_function("() => location.hash.startsWith('#c-')")
    page.wait_for_function("document.fonts.status === 'loaded'")
    # the browser scrolls to the statement once the page is laid out: wait for that, not
    # for the address alone (a statement never brought into view fails here)
    page.wait_for_function(
        "() => { const r = document.querySelector(location.hash).getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= innerHeight; }"
    )
    found = page.evaluate(
        "() => { const c = document.querySelector(location.hash);"
        " const h = c.closest('section.block').querySelector('.block-title');"
        " const a = c.getBoundingClientRect(), b = h.getBoundingClientRect();"
        " return [a.top, a.bottom, b.top, b.bottom, innerHeight]; }"
    )
    claim_top, claim_bottom, head_top, head_bottom, height = found
    assert head_top >= 0 and head_bottom <= claim_top, found  # the name, then the statement
    assert claim_bottom <= height, found
    page.mouse.wheel(0, 400)  # reading on: the name stays
    page.wait_for_timeout(100)
    top = page.evaluate(
        "() => document.querySelector(location.hash).closest('section.block')"
        ".querySelector('.block-title').getBoundingClientRect().top"
    )
    assert 0 <= top < 60, top


IN_ORDER = """([selector, words]) => {
  // Is `words`, inside the element, drawn left to right, after whatever precedes it?
  const el = [...document.querySelectorAll(selector)].find(e => e.textContent.includes(words));
  if (!el) return 'missing';
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const at = node.data.indexOf(words);
    if (at < 0) continue;
    const box = (i) => { const r = document.createRange(); r.setStart(node, i);
                         r.setEnd(node, i + 1); return r.getBoundingClientRect(); };
    const first = box(at), last = box(at + words.length - 1);
    return first.top === last.top ? first.left < last.left : 'wrapped';
  }
  return 'split';
}"""


def test_no_control_character_in_one_text_reorders_another(
    page: Page, serve_documents: Callable[[dict[str, str]], str]
) -> None:
    from tests.glance_documents import ISOLATE_PAGE

    site = serve_documents({"isolate.txt": ISOLATE_PAGE})
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{site}/c/isolate-works/2024")
    checks = [
        ("#canvas-map .phrases li", "Plain topic after"),  # a phrase after a hostile one
        ("section.block h3.topic", "Plain topic after"),  # a topic after a hostile topic
        ("section.block .claim", "second line after 2020"),  # a statement after one
        ("section.block .claim", "second bullet after 2020"),
        ("section.block td", "Plain partner after"),  # a cell after a hostile row
        (".canvas-facts", "snapshot"),  # the facts after the intro
    ]
    for selector, words in checks:
        assert page.evaluate(IN_ORDER, [selector, words]) is True, (selector, words)
    # each marker stands after its statement, in its own order, whatever the statement holds
    markers = page.evaluate(
        "() => [...document.querySelectorAll('section.block p.claim, section.block li.claim')]"
        ".map(c => { const rects = [...c.querySelector('span[dir]').getClientRects()];"
        " const top = Math.max(...rects.map(r => r.top));"
        " const right = Math.max(...rects.filter(r => r.top === top).map(r => r.right));"
        " const m = c.querySelector('.cite a'); const r = m.getBoundingClientRect();"
        " return [c.textContent.slice(0, 20), m.textContent,"
        " r.left >= right - 1 && r.bottom > top]; })"
    )
    assert len(markers) >= 4
    for text, number, after in markers:  # "[4]", after the statement's last line
        assert number.startswith("[") and number.endswith("]"), (text, number)
        assert after, (text, number)
    page.goto(f"{site}/search?q=after")
    assert page.evaluate(IN_ORDER, ["a.hit-text", "second line"]) is True


@pytest.mark.parametrize("width", [1000, 600])
def test_an_embed_shows_whole_block_names(page: Page, live_site: str, width: int) -> None:
    """Names once cut with an ellipsis ("Customer Relations…") in a wiki's narrow column."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_site}/embed/cigna/2015")
    names = page.eval_on_selector_all(
        "#canvas-map .map-name",
        "els => els.map(e => [e.textContent.trim(), e.scrollWidth <= e.clientWidth,"
        " getComputedStyle(e.querySelector('span')).textOverflow])",
    )
    assert [n for n, _, _ in names] == list(CANONICAL_ALL)
    assert all(whole and overflow != "ellipsis" for _, whole, overflow in names), names


CANONICAL_ALL = tuple(ENGLISH_TITLES[kind] for kind in BLOCK_KINDS)  # app.domain's names

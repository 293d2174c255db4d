"""How the canvas reads in a real browser (Debian chromium via Playwright): tables that never
break a word, figures aligned, the dark palette, the skip link and focus ring, the index's
ticker badge. The reading-edition issue (#10), part by part."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

# Every word of every table cell, with the number of line boxes it occupies: a word broken
# inside the cell spans two or more rects of different `top`. A line may still end after a
# hyphen or a slash ("in-/network"), as in print: both halves stay whole words.
SPLIT_WORDS = """() => {
  const split = [];
  for (const cell of document.querySelectorAll('.table-wrap th, .table-wrap td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /[^\\s\\-\\u2010/]+/g;
      let m;
      while ((m = re.exec(node.data)) !== null) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) split.push(m[0]);
      }
    }
  }
  return split;
}"""


@pytest.mark.parametrize("width", [1440, 390])
@pytest.mark.parametrize("year", [2015, 2023, 2025])
def test_no_word_in_a_table_is_split_across_lines(
    page: Page, live_site: str, year: int, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_site}/c/cigna/{year}")
    page.evaluate("document.fonts.ready.then(() => true)")
    cells = page.locator(".table-wrap td").count()
    split = page.evaluate(SPLIT_WORDS)
    assert not split, f"{len(split)} words broken across lines in {year} at {width}: {split[:10]}"
    if year == 2023:
        assert cells > 0, "the 2023 canvas has tables"


WIDE = [
    "Telecommunications",
    "Internationalisation",
    "Pharmaceuticals",
    "Administrative",
    "Reinsurance",
]


def test_a_wide_table_scrolls_in_its_own_wrapper_and_stacks_its_rows_on_a_phone(
    page: Page, serve_documents
) -> None:
    row = "| " + " | ".join(WIDE) + " |"
    site = serve_documents(
        {
            "wide.md": "---\nlayout: post\ntitle: wide widgets\n---\n\n"
            "Businessmodel of Wide Widgets\n-------------------------\n\n"
            "### Key Partners\n\nWide Widgets works with five kinds of partner in 2024.\n\n"
            f"{row}\n|---|---|---|---|---|\n{row}\n",
        }
    )
    page.set_viewport_size({"width": 700, "height": 844})
    page.goto(f"{site}/c/wide-widgets/2024")
    assert page.evaluate(SPLIT_WORDS) == []
    widths = page.eval_on_selector_all(
        ".table-wrap",
        "els => els.map(e => [e.scrollWidth, e.clientWidth, getComputedStyle(e).overflowX])",
    )
    assert widths
    assert all(overflow == "auto" for _, _, overflow in widths)
    assert any(scroll > client for scroll, client, _ in widths), "no table needs to scroll at 700"
    page_width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert page_width[0] <= page_width[1], f"the page itself scrolls sideways: {page_width}"
    # a phone: each row a card, each cell under its column's name, the citation in view
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate(SPLIT_WORDS) == []
    cells = page.eval_on_selector_all(
        "section.block tbody td:not(.cite-col)",
        "els => els.map(e => [getComputedStyle(e, '::before').content,"
        " e.getBoundingClientRect().right])",
    )
    assert cells and all(label.strip('"') in WIDE for label, _ in cells), cells[:3]
    assert all(right <= 390 for _, right in cells)
    marker = page.locator("section.block tbody .cite a").first.bounding_box()
    assert marker is not None and marker["x"] >= 0 and marker["x"] + marker["width"] <= 390
    page_width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert page_width[0] <= page_width[1], f"the page itself scrolls sideways: {page_width}"


def test_figures_align_to_the_end_of_their_cell_in_the_cells_direction(
    page: Page, serve_documents
) -> None:
    site = serve_documents(
        {
            "acme.md": "---\nlayout: post\ntitle: acme widgets\n---\n\n"
            "Businessmodel of Acme Widgets\n-------------------------\n\n"
            "### Revenue Streams\n\nAcme reported its 2024 revenue by stream.\n\n"
            "| Stream | Revenue 2024 | Share |\n|---|---|---|\n"
            "| Widgets sold in shops | $15,759 | 41% |\n| Service plans | $2,310 | 6% |\n",
        }
    )
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{site}/c/acme-widgets/2024")
    aligns = page.eval_on_selector_all(
        "#revenue-streams td:not(.cite-col)",
        "els => els.map(e => [e.textContent.trim(), getComputedStyle(e).textAlign,"
        " getComputedStyle(e).fontVariantNumeric])",
    )
    by_text = {text: (align, numeric) for text, align, numeric in aligns}
    assert by_text["$15,759"] == ("end", "tabular-nums"), by_text
    assert by_text["41%"] == ("end", "tabular-nums"), by_text
    assert by_text["Widgets sold in shops"][0] == "start", by_text


def luminance(page: Page, selector: str, prop: str) -> float:
    """Relative luminance (0 black .. 1 white) of an element's computed colour."""
    return page.eval_on_selector(
        selector,
        f"""e => {{
          const c = getComputedStyle(e).{prop}.match(/[\\d.]+/g).slice(0, 3).map(Number);
          const l = c.map(v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
          return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
        }}""",
    )


# (an embed follows the reader's system only when its snippet asks: ?theme=auto)
@pytest.mark.parametrize("path", ["/", "/c/cigna/2023", "/embed/cigna/2015?theme=auto"])
def test_the_dark_palette_applies_under_the_media_feature(
    page: Page, live_site: str, path: str
) -> None:
    page.emulate_media(color_scheme="light")
    page.goto(f"{live_site}{path}")
    assert luminance(page, "html", "backgroundColor") > 0.8
    page.emulate_media(color_scheme="dark")
    assert luminance(page, "html", "backgroundColor") < 0.05
    assert luminance(page, "main", "color") > 0.6


@pytest.mark.parametrize(
    ("theme", "scheme", "dark"), [("light", "dark", False), ("dark", "light", True)]
)
def test_an_embed_can_force_its_theme(
    page: Page, live_site: str, theme: str, scheme: str, dark: bool
) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{live_site}/embed/cigna/2015?theme={theme}")
    background = luminance(page, "body", "backgroundColor")
    assert (background < 0.05) if dark else (background > 0.8), background


def test_an_unknown_theme_is_a_404(page: Page, live_site: str) -> None:
    answer = page.goto(f"{live_site}/embed/cigna/2015?theme=neon")
    assert answer is not None and answer.status == 404


def test_the_first_tab_reaches_a_visible_skip_link_that_moves_focus_to_the_content(
    page: Page, live_site: str
) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_site}/c/cigna/2023")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["y"] >= 0 and box["height"] > 10, box
    outline = page.eval_on_selector(".skip-link", "e => getComputedStyle(e).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_every_focused_control_shows_a_ring(page: Page, live_site: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_site}/c/cigna/2015")
    seen = 0
    for _ in range(12):
        page.keyboard.press("Tab")
        style = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return [document.activeElement.tagName, s.outlineStyle,"
            " parseFloat(s.outlineWidth)]; })()"
        )
        tag, outline, width = style
        if tag == "BODY":
            continue
        seen += 1
        assert outline == "solid" and width >= 2, style
    assert seen >= 10


def test_the_index_sets_the_ticker_apart_from_the_name(page: Page, live_site: str) -> None:
    page.goto(f"{live_site}/")
    name = page.locator(".companies a.company").first.bounding_box()
    ticker = page.locator(".companies .ticker").first.bounding_box()
    assert name and ticker
    assert ticker["x"] >= name["x"] + name["width"] + 4, (name, ticker)
    border = page.eval_on_selector(".companies .ticker", "e => getComputedStyle(e).borderStyle")
    assert border == "solid"
    label = page.locator(".companies > li").first.inner_text()
    assert "CorporationCI" not in label.replace("\n", "")


@pytest.mark.parametrize("year", [2015, 2023, 2025])
def test_every_citation_number_leads_to_its_note_and_back(
    page: Page, live_site: str, year: int
) -> None:
    """Wikipedia's model: [n] in the text links note n in the list, under its document;
    the note's "^" (or "^ a b") links back to each marker with that number."""
    page.goto(f"{live_site}/c/cigna/{year}")
    markers = page.eval_on_selector_all(
        ".cite a", "els => els.map(a => [a.textContent, a.getAttribute('href'), a.id])"
    )
    assert markers
    for text, href, marker_id in markers:
        n = text.strip("[]")
        assert href == f"#ref-{n}", (text, href)
        note = page.locator(f"#references li#ref-{n}")
        assert note.count() == 1 and note.get_attribute("value") == n
        assert note.locator(f'a.backlink[href="#{marker_id}"]').count() == 1
    documents = page.locator("#references > li.reference")
    assert documents.count() == 1  # each seed canvas cites one document
    # follow a marker to its note, and the note back to the marker
    _, last_href, last_id = markers[-1]
    page.locator(f"#{last_id}").click()
    assert page.evaluate("location.hash") == last_href
    assert page.eval_on_selector(last_href, "e => e.matches(':target')")
    page.locator(f'{last_href} a.backlink[href="#{last_id}"]').click()
    assert page.evaluate("location.hash") == f"#{last_id}"


def test_the_year_switch_names_each_years_language_and_keeps_focus_and_metadata_current(
    page: Page, live_site: str
) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_site}/c/cigna/2015")
    page.wait_for_function("() => window.htmx !== undefined")
    labels = page.locator("nav.years a").all_inner_texts()
    # each year's language, named in the interface's (an Arabic page names it العربية)
    assert labels == ["2015 · English", "2023 · Arabic", "2025 · English"], labels
    # htmx swaps in a year whose page speaks the same language (2023's is a page of its own)
    page.locator("nav.years a", has_text="2025").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_site}/c/cigna/2025")
    page.wait_for_function(
        "() => document.querySelector('link[rel=canonical]').href.endsWith('/c/cigna/2025')"
    )
    focused = page.evaluate(
        "[document.activeElement.closest('nav.years') !== null,"
        " document.activeElement.getAttribute('aria-current')]"
    )
    assert focused == [True, "page"], focused
    og_url = page.get_attribute('meta[property="og:url"]', "content")
    assert og_url is not None and og_url.endswith("/c/cigna/2025")
    assert "2025" in (page.get_attribute('meta[property="og:title"]', "content") or "")
    assert "2025" in page.title()


@pytest.mark.parametrize("year", [2015, 2023])
def test_every_preview_opens_inside_the_viewport(page: Page, live_site: str, year: int) -> None:
    """Hover markers across the page, nearest both edges included, in both directions: the
    one preview (the top layer) is wholly inside the viewport and nothing scrolls sideways."""
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_site}/c/cigna/{year}")
    markers = page.locator(".cite > a")
    count = markers.count()
    xs = page.eval_on_selector_all(".cite > a", "els => els.map(e => e.getBoundingClientRect().x)")
    # the markers furthest left and right, and a spread of the rest
    picks = sorted({xs.index(min(xs)), xs.index(max(xs)), *range(0, count, max(1, count // 8))})
    for n in picks:
        marker = markers.nth(n)
        marker.scroll_into_view_if_needed()
        marker.hover()
        quote = marker.get_attribute("data-quote")
        page.wait_for_function(
            "q => { const p = document.getElementById('cite-pop');"
            " return p.matches(':popover-open') && p.querySelector('.quote-lines') !== null"
            " && p.dataset.shown === q; }",
            arg=quote,
        )
        box = page.evaluate(
            "(() => { const r = document.getElementById('cite-pop').getBoundingClientRect();"
            " return [r.left, r.top, r.right, r.bottom, innerWidth, innerHeight,"
            " document.documentElement.scrollWidth, document.documentElement.clientWidth]; })()"
        )
        left, top, right, bottom, vw, vh, scroll_width, client_width = box
        assert left >= 0 and right <= vw and top >= 0 and bottom <= vh, (n, box)
        assert scroll_width <= client_width, (n, box)

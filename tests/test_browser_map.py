"""The canvas map in Chromium: the nine panels on the first screen whatever the blocks hold,
in the standard layout (mirrored right to left), a compact list on a phone; then the text at
a reading measure; Arabic brackets paired and Arabic letters sized to sit beside Latin ones.

On the seeds and on documents written here: an Arabic scraped page with parentheses and
acronyms in its sentences, a 4-column table with Latin-only rows under an Arabic header, a
block of 40 statements and seven empty blocks; an English post with long names and topics.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from app.domain import BLOCK_KINDS

FORTY = "\n".join(f"- ينفذ فريق Nile النشاط رقم {n} في مصانع القاهرة" for n in range(1, 41))
ARABIC = f"""|
شركة Nile Works (NIL): نموذج الأعمال التجارية |
شركة Nile Works (NIL) - نموذج الأعمال: الشراكات الرئيسية
شركاء التمويل
تتعاون Nile مع المؤسسة الفيدرالية لتأمين الودائع (FDIC) منذ عام (2023) في برامج التمويل.
يعمل في كل مصنع بين 50-500 موظف، ولدى الفريق 250+ نموذجًا في عام 2023.
| الشريك | الدولة | الحصة (2023) | عدد العقود |
|---|---|---|---|
| Federal Deposit Insurance Corporation | United States | 12% | 40 |
| Maersk Line | Denmark | 8% | 15 |
شركة Nile Works (NIL) - نموذج الأعمال: الأنشطة الرئيسية
{FORTY}
"""

LONGNAME = "longname-international"
HEADING = "Longname International Holdings Inc. (LNG) - Canvas Business Model:"
LONG_TOPICS = "\n".join(
    f"Distribution and licensing partners of region {n}\n"
    f"Statement {n} says something about the partners that Longname sells through in 2024."
    for n in range(1, 16)
)
FORTY_EN = "\n".join(f"- Longname offers value number {n} to its customers." for n in range(40))
ENGLISH = f"""|
Longname International Holdings Inc. (LNG): Business Model Canvas |
{HEADING} Key Partners
{LONG_TOPICS}
{HEADING} Value Propositions
{FORTY_EN}
{HEADING} Revenue Streams
Longname earns its revenue from {"subscriptions and licences, " * 30}in 2024.
"""


@pytest.fixture(scope="module")
def documents(serve_documents: Callable[[dict[str, str]], str]) -> str:
    return serve_documents({"nile.txt": ARABIC, "longname.txt": ENGLISH})


def canvases(live_site: str, documents: str) -> list[str]:
    return [
        f"{live_site}/c/cigna/2015",
        f"{live_site}/c/cigna/2023",
        f"{live_site}/c/cigna/2025",
        f"{documents}/c/nile-works/2023",
        f"{documents}/c/{LONGNAME}/2024",
    ]


MAP_FITS = """() => {
  const map = document.querySelector('#canvas-map').getBoundingClientRect();
  const panels = [...document.querySelectorAll('#canvas-map [data-block]')].map(p => {
    const box = p.getBoundingClientRect();
    const inner = [...p.querySelectorAll('.map-name, .map-count, .phrases li, .empty')]
      .map(e => e.getBoundingClientRect().bottom);
    return {kind: p.dataset.block, top: box.top, bottom: box.bottom, left: box.left,
            right: box.right, content: Math.max(...inner)};
  });
  return {bottom: map.bottom, scrollY: window.scrollY, panels};
}"""


def test_the_whole_map_is_on_the_first_screen_for_every_canvas(
    page: Page, live_site: str, documents: str
) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    for url in canvases(live_site, documents):
        page.goto(url)
        page.wait_for_function("document.fonts.status === 'loaded'")
        found = page.evaluate(MAP_FITS)
        assert [p["kind"] for p in found["panels"]] == list(BLOCK_KINDS), url
        assert found["bottom"] <= 900, (url, found["bottom"])
        for panel in found["panels"]:  # nothing drawn past a panel's own edge
            assert panel["content"] <= panel["bottom"], (url, panel)


def test_the_panels_stand_in_the_canvas_layout(page: Page, live_site: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_site}/c/cigna/2015")
    panels = {p["kind"]: p for p in page.evaluate(MAP_FITS)["panels"]}
    row = ("key-partners", "key-activities", "value-propositions")
    row += ("customer-relationships", "customer-segments")
    assert [panels[k]["left"] for k in row] == sorted(panels[k]["left"] for k in row)
    assert panels["key-resources"]["top"] > panels["key-activities"]["bottom"]
    assert panels["channels"]["top"] > panels["customer-relationships"]["bottom"]
    for tall in ("key-partners", "value-propositions", "customer-segments"):
        assert panels[tall]["bottom"] == pytest.approx(panels["key-resources"]["bottom"], abs=1)
    for bottom in ("cost-structure", "revenue-streams"):
        assert panels[bottom]["top"] > panels["key-partners"]["bottom"]
    assert panels["cost-structure"]["right"] < panels["revenue-streams"]["left"]


def test_each_panel_counts_its_statements_and_links_to_its_text(page: Page, live_site: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_site}/c/cigna/2023")
    for kind in BLOCK_KINDS:
        count = page.locator(f"#canvas-map [data-block={kind}] .map-count").inner_text()
        claims = page.locator(f"section#{kind} .claim").count()
        # in Arabic, 11 to 99 things take the singular: "20 عبارة" (ngettext, the plural rules)
        assert 11 <= claims <= 99 and count == f"{claims} عبارة", (kind, count)
    page.locator("#canvas-map [data-block=channels]").click(position={"x": 30, "y": 150})
    expect(page).to_have_url(f"{live_site}/c/cigna/2023#channels")
    expect(page.locator("section#channels")).to_be_in_viewport()
    outline = page.eval_on_selector("section#channels", "e => getComputedStyle(e).outlineStyle")
    assert outline == "solid"  # the :target highlight


def test_an_empty_block_says_so_in_its_panel_and_links_the_nearest_year(
    page: Page, live_site: str, documents: str
) -> None:
    page.goto(f"{live_site}/c/cigna/2025")
    empty = page.locator("#canvas-map [data-block=key-partners]")
    expect(empty).to_contain_text("None in 2025")
    empty.get_by_role("link", name="See 2023").click()
    expect(page).to_have_url(f"{live_site}/c/cigna/2023#key-partners")
    page.goto(f"{documents}/c/nile-works/2023")  # one year only: nothing to link to
    # (an Arabic document: its page says so in Arabic)
    expect(page.locator("#canvas-map [data-block=channels] .empty")).to_have_text("لا شيء في 2023.")


def test_under_800_px_the_map_is_a_list_in_reading_order_with_three_phrases_each(
    page: Page, live_site: str
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_site}/c/cigna/2023")
    panels = page.evaluate(MAP_FITS)["panels"]
    assert [p["kind"] for p in panels] == list(BLOCK_KINDS)
    tops = [p["top"] for p in panels]
    assert tops == sorted(tops) and len(set(tops)) == 9  # one under the other
    widths = {round(p["right"] - p["left"]) for p in panels}
    assert len(widths) == 1, widths  # all the column's width
    # compact: the name and count on a line, the first three phrases under them
    assert max(p["bottom"] - p["top"] for p in panels) < 170
    shown = page.eval_on_selector_all(
        "#canvas-map .phrases",
        "lists => lists.map(l => [...l.children].filter(li => li.getClientRects().length).length)",
    )
    assert shown == [3] * 9
    scroll = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert scroll[0] <= scroll[1]


def test_prose_reads_at_a_measure_of_about_75_characters(page: Page, live_site: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_site}/c/cigna/2015")
    per_line = page.eval_on_selector_all(
        "section.block p.claim",
        """claims => claims.map(p => {
          const text = p.firstChild.firstChild;  // the statement; its citation marker follows
          const r = document.createRange();
          r.selectNodeContents(text);
          const tops = new Set([...r.getClientRects()].map(q => Math.round(q.top)));
          return [text.data.length, tops.size];
        }).filter(([, lines]) => lines >= 3).map(([n, lines]) => n / lines)""",
    )
    assert per_line, "no paragraph of three lines or more"
    average = sum(per_line) / len(per_line)
    assert 65 <= average <= 85, per_line


BRACKETS = """([selector, inner]) => {
  const el = document.querySelector(selector);
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const boxes = {};
  const text = el.textContent;
  const place = (offset, length) => {
    let seen = 0, node;
    walker.currentNode = el;
    while ((node = walker.nextNode())) {
      if (offset < seen + node.length) {
        const r = document.createRange();
        r.setStart(node, offset - seen); r.setEnd(node, offset - seen + length);
        const b = r.getBoundingClientRect();
        return [b.left, b.right];
      }
      seen += node.length;
    }
  };
  const at = text.indexOf('(' + inner + ')');
  return {open: place(at, 1), inner: place(at + 1, inner.length),
          close: place(at + 1 + inner.length, 1)};
}"""


@pytest.mark.parametrize(
    ("selector", "inner"),
    [
        ("section#key-partners p.claim", "FDIC"),
        ("section#key-partners p.claim", "2023"),
        ("section#key-partners th:nth-child(3)", "2023"),
    ],
)
def test_brackets_in_arabic_text_enclose_what_they_enclose(
    page: Page, documents: str, selector: str, inner: str
) -> None:
    """In a right-to-left line "(FDIC)" reads with "(" at the right of FDIC and ")" at its
    left, one on each side: an isolate that held one bracket drew both on one side."""
    page.goto(f"{documents}/c/nile-works/2023")
    boxes = page.evaluate(BRACKETS, [selector, inner])
    open_, word, close = boxes["open"], boxes["inner"], boxes["close"]
    assert open_[0] >= word[1] - 0.5 and close[1] <= word[0] + 0.5, boxes


CHARS = """([selector, needle]) => {
  const el = [...document.querySelectorAll(selector)].find(e => e.textContent.includes(needle));
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const at = node.data.indexOf(needle);
    if (at < 0) continue;
    return [...needle].map((_, i) => {
      const r = document.createRange();
      r.setStart(node, at + i); r.setEnd(node, at + i + 1);
      return r.getBoundingClientRect().left;
    });
  }
}"""


@pytest.mark.parametrize("figure", ["50-500", "250+"])
def test_figures_inside_arabic_read_as_written(page: Page, documents: str, figure: str) -> None:
    """A run of figures has no strong direction of its own; isolated, its characters still
    run left to right inside the Arabic sentence ("500-50" or "+250" would misquote it)."""
    page.goto(f"{documents}/c/nile-works/2023")
    lefts = page.evaluate(CHARS, ["section#key-partners p.claim", figure])
    assert lefts == sorted(lefts), (figure, lefts)


def test_latin_rows_under_an_arabic_header_keep_their_words_whole(
    page: Page, documents: str
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{documents}/c/nile-works/2023")
    split = page.eval_on_selector_all(
        "section#key-partners td",
        """cells => cells.flatMap(cell => {
          const out = [];
          const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
          let node;
          while ((node = walker.nextNode())) {
            for (const m of node.data.matchAll(/\\S+/g)) {
              const r = document.createRange();
              r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
              if (r.getClientRects().length > 1) out.push(m[0]);
            }
          }
          return out;
        })""",
    )
    assert split == []
    columns = page.locator("section#key-partners thead th:not(.cite-col)").count()
    assert columns == 4


def test_arabic_letters_are_sized_to_sit_beside_latin_ones(page: Page, live_site: str) -> None:
    """The body of Arabic letters (a meem's height) against the Latin x-height, in the
    fonts the page uses: below about three quarters Arabic reads a size smaller."""
    page.goto(f"{live_site}/c/cigna/2023")
    ratio = page.evaluate(
        """async () => {
          await document.fonts.ready;
          const family = getComputedStyle(document.querySelector('#key-partners .claim'))
            .fontFamily;
          const c = document.createElement('canvas').getContext('2d');
          c.font = `100px ${family}`;
          await document.fonts.load(c.font, 'م');
          const m = t => c.measureText(t).actualBoundingBoxAscent;
          return {body: m('ممم') / m('xxx'), tall: m('الا') / m('HHH')};
        }"""
    )
    assert ratio["body"] >= 0.72, ratio
    assert ratio["tall"] <= 1.25, ratio  # and not so large that it towers over capitals


def test_a_blocks_quiet_actions_copy_open_and_embed_it(page: Page, live_site: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_site}/c/cigna/2015")
    actions = page.locator("section#channels .block-actions")
    names = [re.compile(r"^Copy link to Channels"), re.compile(r"^Block page: Channels")]
    expect(actions.locator("a")).to_have_text([*names, re.compile(r"^Embed Channels")])
    size = actions.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    body = page.eval_on_selector(
        "section#channels .claim", "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert size < body  # quiet: smaller than the text, not underlined
    decoration = actions.locator("a").first.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert decoration == "none"
    actions.get_by_role("link", name="Embed").click()
    expect(page).to_have_url(f"{live_site}/c/cigna/2015/channels#embed-code")
    expect(page.locator("details.embed-dialog")).to_have_attribute("open", "")
    expect(page.locator("textarea#embed-code")).to_be_focused()

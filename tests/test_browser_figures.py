# ruff: noqa: E501  (JavaScript run in the page, a statement a line)
"""Figures with meaning in real Chromium (issue 27): the key figures after a canvas's lead, the
figures page and its charts (each dot opens the lines that state it), in-cell bars in a
canvas's tables; at 1440x900 and 390x844, in English and Arabic, light and dark, and printed."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.figure_documents import FIGURE_DOCUMENTS

SIZES = {"1440": (1440, 900), "390": (390, 844)}


@pytest.fixture(scope="module")
def lumen_site(serve_documents: Callable[[dict[str, str]], str]) -> str:
    return serve_documents(FIGURE_DOCUMENTS)


@pytest.fixture(
    params=[
        (s, lang, scheme) for s in SIZES for lang in ("en", "ar") for scheme in ("light", "dark")
    ],
    ids=lambda p: "-".join(p),
)
def reader(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[Page, str, str]]:
    size, lang, scheme = request.param
    width, height = SIZES[size]
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale=lang,
        color_scheme=scheme,
        extra_http_headers={"Accept-Language": lang},
    )
    yield context.new_page(), lang, size
    context.close()


BOX = """() => {
  const box = document.querySelector('.key-figures');
  const map = document.querySelector('#canvas-map');
  const list = box.querySelector('dl');
  return {
    above: box.getBoundingClientRect().bottom <= map.getBoundingClientRect().top,
    dir: getComputedStyle(box).direction,
    cards: [...box.querySelectorAll('.kf')].map(k => ({
      name: k.querySelector('dt').textContent.trim(),
      value: k.querySelector('.kf-value').textContent.trim(),
      period: k.querySelector('.kf-period').textContent.trim(),
      cite: k.querySelector('.kf-cite a') !== null,
      width: k.getBoundingClientRect().width,
      ink: getComputedStyle(k.querySelector('.kf-value')).color,
      paper: getComputedStyle(k).backgroundColor,
    })),
    scrolls: list.scrollWidth > list.clientWidth + 1,
    overflow: document.documentElement.scrollWidth > innerWidth + 1,
  };
}"""


def test_the_key_figures_stand_after_the_lead_in_the_page_s_language(
    reader: tuple[Page, str, str], live_site: str
) -> None:
    page, lang, size = reader
    expected = {  # the first card of each snapshot, named in the interface's language
        2015: ({"en": "Revenue", "ar": "الإيرادات"}, "$37.88 billion", "2015"),
        2025: ({"en": "Revenue", "ar": "الإيرادات"}, "$69.75 billion", "2025"),
        2023: ({"en": "Revenue", "ar": "الإيرادات"}, "180.6 مليار دولار أمريكي", "2023"),
    }
    for year, (name, value, period) in expected.items():
        page.goto(f"{live_site}/c/cigna/{year}?hl={lang}")
        found = page.evaluate(BOX)
        assert found["above"], year
        assert found["dir"] == ("rtl" if lang == "ar" else "ltr")
        first = found["cards"][0]
        assert (first["name"], first["value"]) == (name[lang], value)
        assert period in first["period"]
        assert all(c["cite"] and c["width"] > 100 for c in found["cards"])
        assert all(c["ink"] != c["paper"] for c in found["cards"])
        assert not found["overflow"], year  # a phone scrolls the strip, never the page
        if size == "390" and len(found["cards"]) > 2:
            assert found["scrolls"]


def test_a_key_figure_s_citation_previews_its_lines(page: Page, live_site: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_site}/c/cigna/2015")
    page.locator(".key-figures .kf-cite a").first.hover()
    popover = page.locator("#cite-pop")
    expect(popover).to_be_visible()
    expect(popover).to_contain_text("37.88")


CHART = """(id) => {
  const section = document.getElementById(id);
  const shown = [...section.querySelectorAll('svg.figure-chart')].filter(s => s.getClientRects().length);
  const svg = shown[0];
  const box = svg.getBoundingClientRect();
  const dots = [...svg.querySelectorAll('circle.dot')].map(c => {
    const r = c.getBoundingClientRect();
    return {x: r.x + r.width / 2, y: r.y + r.height / 2, inside: r.left >= box.left && r.right <= box.right
            && r.top >= box.top && r.bottom <= box.bottom, fill: getComputedStyle(c).fill};
  });
  const labels = [...svg.querySelectorAll('.axis-label')].map(t => parseFloat(getComputedStyle(t).fontSize)
    * box.width / svg.viewBox.baseVal.width);
  return {shown: shown.length, width: box.width, dots, smallest: Math.min(...labels),
          background: getComputedStyle(section.querySelector('.chart-box')).backgroundColor,
          rows: section.querySelectorAll('.figures-table tbody tr').length,
          overflow: document.documentElement.scrollWidth > innerWidth + 1};
}"""


def test_the_figures_page_charts_each_series_readably(
    reader: tuple[Page, str, str], live_site: str
) -> None:
    page, lang, _ = reader
    page.goto(f"{live_site}/c/cigna/figures?hl={lang}")
    series = page.evaluate(
        "() => [...document.querySelectorAll('section.series[id]')].map(s => s.id)"
    )
    charted = [s for s in series if s != "stated-once"]
    assert charted
    for sid in charted:
        found = page.evaluate(CHART, sid)
        assert found["shown"] == 1, sid  # the wide chart or the phone's, never both
        assert found["dots"] and all(d["inside"] for d in found["dots"]), sid
        assert found["smallest"] >= 11, sid  # axis words at a readable size
        assert all(d["fill"] != found["background"] for d in found["dots"] if "conflict" not in d)
        assert len(found["dots"]) <= found["rows"]
        assert not found["overflow"]
    revenue = page.evaluate(CHART, charted[0])
    xs = [d["x"] for d in revenue["dots"]]
    assert xs == sorted(xs)  # time runs left to right in both languages


def test_each_dot_opens_the_lines_that_state_it(page: Page, live_site: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_site}/c/cigna/figures")
    dot = page.locator("section.series svg.figure-chart.wide a").first
    href = dot.get_attribute("href")
    assert href is not None
    match = re.search(r"#L(\d+)-L(\d+)$", href)
    assert match is not None
    dot.click()
    page.wait_for_url(re.compile(r"/sources/.*#L\d+-L\d+$"))
    line = page.locator(f"#L{match.group(1)}")
    expect(line).to_be_in_viewport()
    expect(line).to_contain_text("34.91")  # Cigna's 2014 revenue, the series' first value


def test_the_figures_page_prints_its_charts_and_tables(page: Page, live_site: str) -> None:
    page.goto(f"{live_site}/c/cigna/figures")
    page.emulate_media(media="print")
    assert page.locator(".figures-bar").evaluate("e => getComputedStyle(e).display") == "none"
    chart = page.locator("section.series svg.figure-chart.wide").first
    assert chart.evaluate("e => e.getBoundingClientRect().width") > 300
    assert page.locator(".figures-table").first.is_visible()


BARS = """() => [...document.querySelectorAll('table')].filter(t => t.querySelector('.cell-bar')).map(t => ({
  head: t.querySelector('thead') ? t.querySelector('thead').textContent : '',
  dir: getComputedStyle(t.closest('[dir]')).direction,
  bars: [...t.querySelectorAll('.cell-bar')].map(svg => {
    const s = svg.getBoundingClientRect();
    const r = svg.querySelector('rect').getBoundingClientRect();
    return {left: r.left - s.left, right: s.right - r.right, width: r.width, neg: svg.querySelector('rect.neg') !== null,
            fill: getComputedStyle(svg.querySelector('rect')).fill};
  }),
}))"""


def test_a_column_of_figures_gets_bars_both_ways_on_screen_and_in_print(
    reader: tuple[Page, str, str], lumen_site: str, live_site: str
) -> None:
    page, lang, _ = reader
    for media in ("screen", "print"):
        page.emulate_media(media=media)  # type: ignore[arg-type]
        page.goto(f"{lumen_site}/c/lumen-freight/2023?hl={lang}")
        costs = next(t for t in page.evaluate(BARS) if "Cost line" in t["head"])
        fuel, wages, ports, hedge = costs["bars"]
        assert fuel["width"] / wages["width"] == pytest.approx(4.1 / 2.3, rel=0.05)
        assert fuel["width"] > ports["width"] > 0 and hedge["neg"] and not fuel["neg"]
        assert hedge["left"] + hedge["width"] == pytest.approx(fuel["left"], abs=1.5)  # one zero
        # an Arabic table's bars grow from the right
        page.goto(f"{live_site}/c/cigna/2023?hl={lang}")
        arabic = page.evaluate(BARS)
        assert arabic and all(t["dir"] == "rtl" for t in arabic)
        for table in arabic:
            assert all(b["right"] < 1 and b["width"] > 0 for b in table["bars"])

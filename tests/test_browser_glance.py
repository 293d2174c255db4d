"""The canvas at a glance, in Chromium (issue 26): at 1440x900 and 390x844, in English and
Arabic, light and dark, on the seeds and on documents written for it (tests/glance_documents.py),
every map panel with statements shows 3 to 6 phrases, each at most eight words and each found
verbatim in its block's text; the panels carry the canonical block names, whatever the
documents call them."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.glance_documents import GLANCE_CANVASES, GLANCE_DOCUMENTS

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
    urls = [f"{live_site}/c/cigna/{y}" for y in (2015, 2023, 2025)]
    urls += [f"{glance_site}/c/{slug}/{year}" for slug, year in GLANCE_CANVASES]
    for url in urls:
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

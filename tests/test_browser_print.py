"""A printed canvas is meant to be read: the map with its phrases on the first page at any
paper size, then the text in two columns and the references at a readable size, with the
URL, the year and the date, and no controls; about half the pages it once took.

Read back from the PDF Chromium prints (pdfminer.six), not from the stylesheet."""

from __future__ import annotations

import io
import re

import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTPage, LTTextContainer
from playwright.sync_api import Browser

MAP_NAMES = (
    "Key Partners",
    "Key Activities",
    "Key Resources",
    "Value Propositions",
    "Customer Relationships",
    "Channels",
    "Customer Segments",
    "Cost Structure",
    "Revenue Streams",
)


def chars(layout: object) -> list[LTChar]:
    if isinstance(layout, LTChar):
        return [layout]
    found: list[LTChar] = []
    for child in getattr(layout, "_objs", []):
        found += chars(child)
    return found


def text(page: LTPage) -> str:
    return " ".join(e.get_text() for e in page if isinstance(e, LTTextContainer))


def printed(browser: Browser, url: str, paper: str = "A4") -> list[LTPage]:
    page = browser.new_page()
    try:
        page.goto(url)
        page.wait_for_function("document.fonts.status === 'loaded'")
        pdf = page.pdf(format=paper, prefer_css_page_size=True, print_background=True)
    finally:
        page.close()
    return list(extract_pages(io.BytesIO(pdf)))


@pytest.mark.parametrize("year", [2015, 2023, 2025])
def test_a_printed_canvas_is_readable_with_the_map_first_then_text_and_references(
    browser: Browser, live_site: str, year: int
) -> None:
    # 2023 with the English interface around its Arabic text: the PDF's text layer holds
    # Arabic as presentation forms this test cannot read back (test_browser_i18n covers
    # the Arabic interface)
    pages = printed(browser, f"{live_site}/c/cigna/{year}{'?hl=en' if year == 2023 else ''}")
    first = pages[0]
    assert first.width < first.height  # the paper as the reader chose it: A4 portrait
    assert len(pages) > 1, "the text and references follow the map"
    sizes = [round(c.size, 1) for p in pages for c in chars(p) if c.get_text().strip()]
    assert sizes and min(sizes) >= 8, f"smallest printed text: {min(sizes)} pt"
    opening = " ".join(text(first).split())
    words = set(opening.split())  # a name may wrap around the Arabic one beside it
    for name in MAP_NAMES:
        assert set(name.split()) <= words, f"{name} is not on the first page"
    assert "[1]" not in opening, "the text starts on a page of its own, after the map"
    if year == 2015:  # the panels with their phrases (the Arabic ones print as shapes)
        for phrase in (
            "Supplier and Vendor Partners",
            "Individual Customers",
            "net investment income",
        ):
            assert phrase in opening, phrase
    assert f"{live_site}/c/cigna/{year}" in opening and f"snapshot {year}" in opening
    assert re.search(r"printed [A-Z][a-z]+ \d{1,2}, \d{4}", opening), opening[:300]
    everything = " ".join(" ".join(text(p) for p in pages).split())
    assert "References" in everything and "cigna" in everything.casefold()
    for control in ("Copy link", "Block page", "Embed", "Skip to content"):
        assert control not in everything, f"{control!r} was printed"
    assert f"{year - 1} ·" not in opening  # no year switch


def test_the_reference_list_is_printed_with_each_document_and_its_lines(
    browser: Browser, live_site: str
) -> None:
    pages = printed(browser, f"{live_site}/c/cigna/2015")
    last = " ".join(" ".join(text(p) for p in pages[1:]).split())
    assert "Blog post" in last, last[-600:]
    assert re.search(r"\^ line \d+", last), last[-600:]  # a note: its back-link, its line
    assert "Full text" in last


# Cigna 2023 printed 15 pages before issue 26 (A4 landscape, the text at one column's
# width); the issue asks for at most 60% of that on A4 portrait and on US letter.
BEFORE = 15


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_2023_canvas_prints_on_at_most_60_percent_of_its_old_pages_map_first(
    browser: Browser, live_site: str, paper: str
) -> None:
    pages = printed(browser, f"{live_site}/c/cigna/2023?hl=en", paper)
    assert len(pages) <= 0.6 * BEFORE, len(pages)
    first = pages[0]
    assert first.width < first.height
    sizes = [round(c.size, 1) for p in pages for c in chars(p) if c.get_text().strip()]
    assert min(sizes) >= 8, f"smallest printed text: {min(sizes)} pt"
    opening = " ".join(text(first).split())
    words = set(opening.split())
    for name in MAP_NAMES:  # the nine panels, each with its statements' count
        assert set(name.split()) <= words, f"{name} is not on the first page"
    assert opening.count("statements") >= 9
    assert "[1]" not in opening

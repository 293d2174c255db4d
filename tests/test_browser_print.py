"""Printing a canvas gives one landscape page (the print stylesheet and its zoom classes)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser


@pytest.mark.parametrize("year", [2015, 2023, 2025])
def test_each_seed_canvas_prints_on_one_landscape_page(
    browser: Browser, live_site: str, year: int
) -> None:
    page = browser.new_page()
    try:
        page.goto(f"{live_site}/c/cigna/{year}")
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    finally:
        page.close()
    pages = re.findall(rb"/Type\s*/Page[^s]", pdf)
    assert len(pages) == 1
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert box is not None
    width, height = float(box.group(1)), float(box.group(2))
    assert width > height  # landscape

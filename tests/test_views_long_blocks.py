"""A block longer than a page shows: the canvas shows its first statements and says how many
there are; its page is read a window at a time; every link to a statement (search, API,
comparison) lands where the statement is shown; a statement or line too long for its page is
cut and says how much is left out."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.db import queries
from app.views.compare_model import comparison
from tests.web_fixtures import load, site_client

HEAD = "---\ntitle: longco\n---\n\nBusinessmodel of Longco\n-----------------------\n\n"


def _post(year: int, count: int, long_line: str = "") -> str:
    bullets = "\n".join(
        f"* Longco item {n} ships {n * 3} crates in {year}." for n in range(1, count + 1)
    )
    extra = f"### Channels\n\n* {long_line}\n\n" if long_line else ""
    return f"{HEAD}### Key Activities\n\n{bullets}\n\n{extra}"


@pytest.fixture(scope="module")
def longco(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = tmp_path_factory.mktemp("docs")
    (docs / "longco-2023.md").write_text(_post(2023, 130), encoding="utf-8")
    huge = "Longco " + "&lt; <b>x</b> " * 50_000  # 700,000 characters on one line
    (docs / "longco-2024.md").write_text(_post(2024, 130, huge), encoding="utf-8")
    return load([docs], tmp_path_factory.mktemp("db") / "canvas.db")


@pytest.fixture(scope="module")
def client(longco: Path) -> Iterator[TestClient]:
    with site_client(longco) as client:
        yield client


def _statements(html: str) -> list[str]:
    return re.findall(r'<li id="c-[^"]+" class="claim"[^>]*>' + _TEXT + r"Longco item (\d+) ", html)


_TEXT = '<span dir="ltr">'  # a statement's text, isolated from its citation marker


def test_the_canvas_shows_fifty_statements_of_a_block_and_links_the_rest(
    client: TestClient,
) -> None:
    html = client.get("/c/longco/2023").text
    assert _statements(html) == [str(n) for n in range(1, 51)]
    assert "The first 50 of 130 statements." in html
    block = client.get("/c/longco/2023/key-activities").text
    rest = f'<a href="/c/longco/2023/key-activities#c-{_anchor(block, 51)}">'  # where it stopped
    assert f"{rest}The rest on the block&#39;s page</a>" in html
    assert "130 statements" in html  # the map counts them all


def test_the_block_page_is_read_a_hundred_statements_at_a_time(client: TestClient) -> None:
    first = client.get("/c/longco/2023/key-activities").text
    assert _statements(first) == [str(n) for n in range(1, 101)]
    assert "Statements 1–100 of 130" in first
    assert 'href="/c/longco/2023/key-activities?from=101" rel="next"' in first
    assert 'rel="prev"' not in first
    second = client.get("/c/longco/2023/key-activities?from=117").text  # the window holding it
    assert _statements(second) == [str(n) for n in range(101, 131)]
    assert 'href="/c/longco/2023/key-activities" rel="prev"' in second
    assert 'rel="next"' not in second
    assert _statements(client.get("/c/longco/2023/key-activities?from=99999").text) == [
        str(n) for n in range(101, 131)
    ]
    assert client.get("/c/longco/2023/key-activities?from=0").status_code == 400
    assert "The rest on the block" not in first  # the page's own links say it


def test_a_short_block_has_no_window_links(client: TestClient) -> None:
    html = client.get("/c/longco/2024/channels").text
    assert "block-window" not in html and "The first" not in html


def _anchor(html: str, n: int) -> str:
    found = re.search(rf'<li id="c-([^"]+)" class="claim"[^>]*>{_TEXT}Longco item {n} ', html)
    assert found, n
    return found.group(1)


def test_search_and_api_hits_link_where_the_statement_is_shown(client: TestClient) -> None:
    late = _anchor(client.get("/c/longco/2023/key-activities?from=101").text, 120)
    early = _anchor(client.get("/c/longco/2023").text, 7)
    page = client.get("/search", params={"q": "360 crates"}).text  # item 120, each year
    assert f'href="/c/longco/2023/key-activities?from=101#c-{late}"' in page
    hits = client.get("/api/search", params={"q": "360 crates"}).json()["hits"]
    assert f"/c/longco/2023/key-activities?from=101#c-{late}" in [h["url"] for h in hits]
    page = client.get("/search", params={"q": "21 crates"}).text  # item 7
    assert f'href="/c/longco/2023#c-{early}"' in page


def test_the_comparison_shows_fifty_of_each_list_and_links_each_side_where_it_is_shown(
    client: TestClient, longco: Path
) -> None:
    html = client.get("/c/longco/compare/2023...2024").text
    early = _anchor(client.get("/c/longco/2023").text, 7)
    assert f'href="/c/longco/2023#c-{early}"' in html
    # numbers and words every statement shares pair nothing: 130 of each year stand alone
    assert "Only in 2023: 130 statements" in html
    shown = re.findall(r"Longco item (\d+) ships \d+ crates in 2023", html)
    assert shown == [str(n) for n in range(1, 51)]  # the summary counts them all
    assert (
        "Each list shows its first 50 statements; the summary counts them all. Every statement"
        " is on the block's own page of each year:"
        ' <a href="/c/longco/2023/key-activities">2023</a> and'
        ' <a href="/c/longco/2024/key-activities">2024</a>.'
    ) in html
    # a statement past those a canvas shows: the link names its block's window
    late = _anchor(client.get("/c/longco/2023/key-activities?from=101").text, 120)
    conn = sqlite3.connect(longco)
    conn.row_factory = sqlite3.Row
    page = comparison(conn, queries.company(conn, "longco"), 2023, 2024)  # type: ignore[arg-type]
    block = next(b for b in page.blocks if b.kind == "key-activities")
    side = next(c for c in block.only_a if c.anchor == late)
    assert page.statement_href(side) == f"/c/longco/2023/key-activities?from=101#c-{late}"


def test_a_statement_too_long_for_the_page_is_cut_escaped_and_says_how_much_is_left(
    client: TestClient,
) -> None:
    html = client.get("/c/longco/2024").text
    assert len(html) < 2_000_000  # the line is 700,000 characters; escaped, 1.7 MB more
    assert "<b>x</b>" not in html and "&amp;lt; &lt;b&gt;x&lt;/b&gt;" in html
    more = re.search(
        r'… <span class="left-out" lang="en" dir="ltr">'
        r'<a href="/sources/longco-2024#L(\d+)-L\1">([\d,]+) more characters in the source</a>',
        html,
    )
    assert more, "the cut names what is left out and links the line"
    shown = re.search(
        r'<li id="c-[^"]+" class="claim"[^>]*>'
        + _TEXT
        + r'(Longco &amp;lt;.*?)<span class="left-out"',
        html,
        re.S,
    )
    assert shown
    assert int(more.group(2).replace(",", "")) > 400_000
    compared = client.get("/c/longco/compare/2023...2024").text  # 101 statements shown
    assert len(compared) < 1_000_000 and "Longco &amp;lt; &lt;b&gt;x&lt;/b&gt;" in compared
    assert re.search(r"&lt;b&gt;x&lt;/b&gt; &amp;lt;…</p>", compared)  # cut at a word, marked
    source = client.get("/sources/longco-2024").text
    assert len(source) < 2_000_000
    assert re.search(r"[\d,]+ more characters, in the file itself", source)


def test_the_arabic_interface_says_it_in_arabic(client: TestClient) -> None:
    html = client.get("/c/longco/2023?hl=ar").text
    assert "أول 50 من 130 عبارة." in html or "أول ٥٠ من ١٣٠ عبارة." in html
    assert "البقية في صفحة الجزء" in html
    block = client.get("/c/longco/2023/key-activities?hl=ar").text
    assert "العبارات التالية" in block

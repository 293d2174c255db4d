"""`/sources/{key}`: numbered lines and metadata; `/sources/{key}/lines`: the quoted lines."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from fastapi.testclient import TestClient

from tests.conftest import PAGE_SEED, POST_SEED
from tests.web_fixtures import load, site_client


def test_source_page_numbers_every_line_and_shows_metadata(client: TestClient) -> None:
    html = client.get(f"/sources/{PAGE_SEED.stem}").text
    lines = PAGE_SEED.read_text(encoding="utf-8").split("\n")
    count = len(lines) - (1 if lines[-1] == "" else 0)
    assert html.count('<li id="L') == count
    assert f'<li id="L{count}">' in html and f'<li id="L{count + 1}">' not in html
    assert hashlib.sha256(PAGE_SEED.read_bytes()).hexdigest() in html
    assert "<dt>Kind</dt><dd>Web page</dd>" in html  # in words, not the loader's
    assert "scraped-page" not in html
    # where the document came from, never the server's folders
    assert str(PAGE_SEED.parent) not in html and "seeds/" not in html
    assert PAGE_SEED.name in html or "<dt>From</dt><dd><a href=" in html
    assert '<a href="/c/cigna/2023">2023</a> and <a href="/c/cigna/2025">2025</a>' in html
    assert '<a href="/c/cigna"><bdi>Cigna Corporation</bdi></a>' in html


def test_quote_fragment_holds_the_cited_lines_with_a_line_of_context_each_side(
    client: TestClient,
) -> None:
    response = client.get(f"/sources/{POST_SEED.stem}/lines", params={"start": 45, "end": 47})
    assert response.status_code == 200
    html = response.text
    lines = re.findall(r'<span class="qline( context)?"[^>]*><span class="qn">(\d+)</span>', html)
    assert lines == [(" context", "44"), ("", "45"), ("", "46"), ("", "47"), (" context", "48")]
    assert "Cigna is a health services company." in html
    assert '<bdi class="quote-title">Businessmodel of Cigna</bdi>, lines 45–47' in html
    assert f'href="/sources/{POST_SEED.stem}#L45-L47"' in html


def test_the_first_line_quoted_has_no_line_before_it(client: TestClient) -> None:
    html = client.get(f"/sources/{POST_SEED.stem}/lines", params={"start": 1, "end": 1}).text
    lines = re.findall(r'<span class="qline( context)?"[^>]*><span class="qn">(\d+)</span>', html)
    assert lines == [("", "1"), (" context", "2")]


def test_unknown_source_is_a_404_without_the_url(client: TestClient) -> None:
    response = client.get("/sources/no-such-key")
    assert response.status_code == 404
    assert "no-such-key" not in response.text
    assert f'<a href="/sources/{POST_SEED.stem}" dir="ltr">' in response.text
    assert client.get("/sources/no-such-key/lines?start=1&end=2").status_code == 404


def test_bad_line_numbers_are_a_400(client: TestClient) -> None:
    assert client.get(f"/sources/{POST_SEED.stem}/lines?start=0&end=2").status_code == 400
    assert client.get(f"/sources/{POST_SEED.stem}/lines?start=x&end=2").status_code == 400


def test_a_long_source_is_read_a_window_at_a_time(tmp_path: Path) -> None:
    """A source of 99,000 lines was one 20 MB page that took a worker past 370 MB: now a
    window of SOURCE_WINDOW lines, with links to the earlier and later ones, and every
    citation links the window that holds its lines."""
    docs = tmp_path / "docs"
    docs.mkdir()
    body = "\n".join(f"* Longco line {n} in 2023." for n in range(1, 4501))
    (docs / "longco-2023.md").write_text(
        "---\ntitle: longco\n---\n\nBusinessmodel of Longco\n-----------------------\n\n"
        f"### Key Activities\n\n{body}\n",
        encoding="utf-8",
    )
    db = load([docs], tmp_path / "canvas.db")
    with site_client(db) as client:
        first = client.get("/sources/longco-2023")
        second = client.get("/sources/longco-2023?from=2001")
        beyond = client.get("/sources/longco-2023?from=99999")
        block = client.get("/c/longco/2023/key-activities?from=2991").text  # bullet 2,991
    assert first.status_code == second.status_code == beyond.status_code == 200
    assert 'id="L1"' in first.text and 'id="L2000"' in first.text
    assert 'id="L2001"' not in first.text
    assert 'href="/sources/longco-2023?from=2001" rel="next"' in first.text
    assert 'id="L2001"' in second.text and 'id="L4000"' in second.text
    assert 'id="L1"' not in second.text and 'rel="prev"' in second.text
    assert "Lines 2,001–4,000 of 4,509" in second.text
    assert 'id="L4509"' in beyond.text and 'rel="next"' not in beyond.text  # the last window
    assert len(first.content) < 1_000_000
    # a statement on line 3,000 cites the window that shows it
    assert 'href="/sources/longco-2023?from=2001#L3000-L3000"' in block

"""`/sources/{key}`: numbered lines and metadata; `/sources/{key}/lines`: the quoted lines."""

from __future__ import annotations

import hashlib
import re

from fastapi.testclient import TestClient

from tests.conftest import PAGE_SEED, POST_SEED


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

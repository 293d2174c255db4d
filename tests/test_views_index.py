"""`/`: companies with their years and languages, and the filter (htmx and plain form)."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_index_lists_companies_with_years_and_languages(client: TestClient) -> None:
    html = client.get("/").text
    assert '<a class="company" href="/c/cigna/2025"><bdi>Cigna Corporation</bdi></a>' in html
    # each snapshot's language, named in the interface's
    assert '<a href="/c/cigna/2023">2023</a> <span class="langs">· Arabic</span>' in html
    assert '<a href="/c/cigna/2015">2015</a> <span class="langs">· English</span>' in html
    arabic = client.get("/", headers={"Accept-Language": "ar"}).text
    assert '<a href="/c/cigna/2023">2023</a> <span class="langs">· العربية</span>' in arabic
    assert '<a href="/c/cigna/2015">2015</a> <span class="langs">· الإنجليزية</span>' in arabic


def test_plain_form_filter_works_without_js(client: TestClient) -> None:
    assert "Cigna Corporation" in client.get("/", params={"q": "cig"}).text
    assert "Cigna Corporation" in client.get("/", params={"q": "CI"}).text
    miss = client.get("/", params={"q": "zzz"}).text
    assert "No company matches that filter." in miss and "Cigna Corporation" not in miss


def test_htmx_filter_gets_only_the_list(client: TestClient) -> None:
    response = client.get("/", params={"q": "zzz"}, headers={"HX-Request": "true"})
    assert response.text.startswith('<div id="company-list">')
    assert "<html" not in response.text
    assert (
        response.headers["vary"]
        == "HX-Request, HX-History-Restore-Request, Accept-Language, Accept-Encoding"
    )


def test_the_filter_echo_is_escaped(client: TestClient) -> None:
    html = client.get("/", params={"q": '"><script>alert(1)</script>'}).text
    assert "<script>alert(1)" not in html
    assert "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html

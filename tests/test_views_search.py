"""The search page, its htmx fragment, the header box's list and the API's answer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from app.views import index as index_view
from tests.interface_text import english_words
from tests.web_fixtures import load, site_client


@pytest.fixture
def site(search_db: Path) -> Iterator[TestClient]:
    with site_client(search_db) as client:
        yield client


def hit_links(html: str) -> list[str]:
    return re.findall(r'<a class="hit-text" href="([^"]+)"', html)


def test_a_search_lists_hits_grouped_by_snapshot_with_marks(site: TestClient) -> None:
    page = site.get("/search", params={"q": '"Express Scripts"'})
    assert page.status_code == 200
    html = page.text
    groups = re.findall(r'<section class="hit-group">\s*<h2>(.*?)</h2>', html, re.S)
    assert len(groups) == len(set(groups)) >= 3  # each snapshot once on the page
    assert "<mark>Express</mark> <mark>Scripts</mark>" in html
    assert "<mark>pharmacies</mark>" in site.get("/search?q=pharmacy").text
    assert all(re.fullmatch(r"/c/[\w-]+/\d{4}#c-[0-9a-f]+(-\d+)?", h) for h in hit_links(html))


def test_each_hit_opens_its_statement_on_its_canvas(site: TestClient) -> None:
    for link in hit_links(site.get("/search?q=reinsurance").text):
        path, anchor = link.split("#")
        assert f'id="{anchor}"' in site.get(path).text, link


def test_document_text_is_escaped_before_it_is_marked(site: TestClient) -> None:
    html = site.get("/search?q=brochures").text
    assert "<mark>Brochures</mark> print &lt;script&gt;alert(1)&lt;/script&gt; &amp;" in html
    assert "&lt;mark&gt;free&lt;/mark&gt;" in html
    assert "<script>alert" not in html


@pytest.mark.parametrize(
    "q", ['"', "*", "NEAR(", "NEAR(a b, 2)", "a" * 10_000, "<script>alert(1)</script>", "-", "((("]
)
def test_hostile_queries_give_a_page(site: TestClient, q: str) -> None:
    page = site.get("/search", params={"q": q})
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    assert len(page.text) < 40_000  # 10 KB of query is not echoed into every link


def test_a_long_query_is_said_to_be_cut(site: TestClient) -> None:
    assert (
        "Only the beginning of that text was searched"
        in site.get("/search", params={"q": "pharmacy " * 200}).text
    )


@pytest.mark.parametrize(
    "query", ["page=0", "page=x", "page=501", "block=zz", "lang=fr", "year=99", "year=abc"]
)
def test_a_malformed_parameter_is_a_400(site: TestClient, query: str) -> None:
    assert site.get(f"/search?q=pharmacy&{query}").status_code == 400


def test_an_unknown_company_says_so(site: TestClient) -> None:
    page = site.get("/search?q=pharmacy&company=no-such-co")
    assert page.status_code == 200
    assert "No company has that name in the address." in page.text


def test_facets_narrow_to_as_many_hits_as_they_count(site: TestClient) -> None:
    html = site.get("/search?q=pharmacy").text
    facets = re.findall(
        r'<li><a href="(/search\?[^"]+)"><bdi>[^<]*</bdi></a> <span class="count">(\d+)</span>',
        html,
    )
    assert len(facets) >= 6
    for href, count in facets:
        narrowed = site.get(href.replace("&amp;", "&")).text
        total = re.search(r'<p class="summary" role="status">\s*(\d+) statement', narrowed)
        assert total and total.group(1) == count, href


def test_pages_of_twenty_with_next_and_previous(site: TestClient) -> None:
    first = site.get("/search?q=cigna").text
    assert len(hit_links(first)) == 20
    following = re.search(r'<a rel="next" href="([^"]+)"', first)
    assert following
    second = site.get(following.group(1).replace("&amp;", "&")).text
    assert not set(hit_links(first)) & set(hit_links(second))
    back = re.search(r'<a rel="prev" href="([^"]+)"', second)
    assert back and hit_links(site.get(back.group(1).replace("&amp;", "&")).text) == hit_links(
        first
    )


def test_htmx_gets_the_results_alone(site: TestClient) -> None:
    page = site.get("/search?q=pharmacy", headers={"HX-Request": "true"})
    assert page.text.lstrip().startswith('<div id="search-results"')
    assert "<html" not in page.text
    assert "HX-Request" in page.headers["vary"] and "Accept-Language" in page.headers["vary"]
    restore = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    assert "<html" in site.get("/search?q=pharmacy", headers=restore).text


def test_the_header_box_list_reads_the_last_word_as_typed_so_far(site: TestClient) -> None:
    typed = site.get("/search/preview?q=pharm", headers={"HX-Request": "true"}).text
    assert "<mark>pharmacy</mark>" in typed or "<mark>pharmacies</mark>" in typed
    assert "/search?q=pharm" in typed  # the link to every hit
    plain = site.get("/search/preview?q=pharm")
    assert plain.status_code == 303 and plain.headers["location"] == "/search?q=pharm"


def test_every_page_has_the_search_box(site: TestClient) -> None:
    for path in ("/", "/c/cigna/2025", "/c/cigna/2023", "/search", "/nowhere"):
        html = site.get(path).text
        assert re.search(r'<form class="site-search" method="get" action="/search"', html), path


def test_an_arabic_reader_gets_an_arabic_page_with_right_to_left_hits(site: TestClient) -> None:
    page = site.get("/search?q=شبكة", headers={"Accept-Language": "ar"})
    assert '<html lang="ar" dir="rtl">' in page.text
    assert re.search(r'class="hit-text" href="[^"]+" lang="ar" dir="rtl"', page.text)
    assert not english_words(
        page.text, names=("Cigna Corporation", "Cigna", "Express Scripts", "nile")
    )


def test_the_api_answers_the_same_search(site: TestClient) -> None:
    page = site.get("/search?q=pharmacy").text
    answer = site.get("/api/search?q=pharmacy").json()
    assert answer["total"] == 27 and len(answer["hits"]) == 20 and not answer["capped"]
    # the same hits; the page groups them by company and snapshot, where each group's best
    # ranks
    urls = [h["url"] for h in answer["hits"]]
    links = [h.replace("&amp;", "&") for h in hit_links(page)]
    assert sorted(urls) == sorted(links) and urls[0] == links[0]
    hit = answer["hits"][0]
    assert set(hit) >= {"slug", "year", "block", "anchor", "text", "citation", "snippet"}
    assert "<mark>" in hit["snippet"]
    assert sum(f["count"] for f in answer["facets"]["year"]) == answer["total"]
    escaped = site.get("/api/search?q=brochures").json()["hits"][0]["snippet"]
    assert "&lt;script&gt;" in escaped and "<script>" not in escaped
    many = site.get("/api/search?q=cigna").json()
    assert many["next"] and parse_qs(urlsplit(many["next"]).query)["page"] == ["2"]


def test_the_directory_pages_forward_and_back(
    site: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_view, "PAGE_SIZE", 1)
    seen = []
    html = site.get("/").text
    while True:
        seen += re.findall(r'<a class="company" href="[^"]+"><bdi>([^<]+)</bdi>', html)
        following = re.search(r'<a rel="next" href="([^"]+)"', html)
        if not following:
            break
        html = site.get(following.group(1).replace("&amp;", "&")).text
    assert seen == sorted(seen, key=str.casefold) and len(seen) == 3
    back = re.search(r'<a rel="prev" href="([^"]+)"', html)
    assert back
    previous = site.get(back.group(1).replace("&amp;", "&")).text
    assert re.findall(r'<a class="company" href="[^"]+"><bdi>([^<]+)</bdi>', previous) == [seen[1]]


def test_a_filter_without_a_company_offers_a_search(site: TestClient) -> None:
    html = site.get("/?q=reinsurance").text
    assert "No company matches that filter." in html
    assert '<a href="/search?q=reinsurance">' in html


def test_the_header_list_speaks_the_language_of_the_page_around_it(site: TestClient) -> None:
    arabic_canvas = site.get("/c/cigna/2023", headers={"Accept-Language": "en"}).text
    assert """data-hx-vals='{"hl": "ar"}'""" in arabic_canvas  # the page is Arabic
    listed = site.get(
        "/search/preview?q=pharm&hl=ar", headers={"HX-Request": "true", "Accept-Language": "en"}
    ).text
    places = re.findall(r'<span class="preview-where">(.*?)</span>', listed)
    assert places and all(re.search("[\u0621-\u064a]", p) for p in places)  # Arabic block names
    assert not any(t in listed for t in ("Cost Structure", "Channels", "Revenue Streams"))


def test_an_older_snapshots_best_match_is_on_the_first_page(tmp_path: Path) -> None:
    """Twenty-five weak hits of a newer snapshot (a long sentence that names pharmacy once)
    and one strong hit of a 2015 snapshot: relevance, not recency, puts the strong one on
    page 1, first."""
    from tests.search_corpus import post

    weak = [
        f"In 2025 Newco item {n} ships cleaning supplies, garden tools, kitchenware, paint,"
        " stationery and one aisle of pharmacy goods to its warehouse stores."
        for n in range(25)
    ]
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "newco.md").write_text(
        post("newco", "Businessmodel of Newco", 2025, {"Channels": weak}), encoding="utf-8"
    )
    strong = ["Pharmacy chain in 2015: retail pharmacy and mail-order pharmacy."]
    (docs / "oldrx.md").write_text(
        post("oldrx", "Businessmodel of Oldrx", 2015, {"Channels": strong}), encoding="utf-8"
    )
    with site_client(load([docs], tmp_path / "c.db")) as site:
        answer = site.get("/api/search?q=pharmacy").json()
        assert answer["total"] == 26 and len(answer["hits"]) == 20
        assert (answer["hits"][0]["slug"], answer["hits"][0]["year"]) == ("oldrx", 2015)
        page = site.get("/search?q=pharmacy").text
        first = re.search(r'<section class="hit-group">\s*<h2><a href="([^"]+)"', page)
        assert first and first[1] == "/c/oldrx"


def test_a_table_hit_names_each_cells_column(site: TestClient) -> None:
    """ "المتخصصين | 350,000" says nothing of what 350,000 counts: the hit names the columns."""
    page = site.get("/search?q=المتخصصين").text
    hit = re.search(r'<a class="hit-text"[^>]*>(.*?)</a>', page, re.S)
    assert hit, page[:500]
    cells = re.findall(r'<span class="hit-col">([^<]+)</span> (.*?)</span>', hit[1])
    assert cells == [("نوع المزود", "<mark>المتخصصين</mark>"), ("عدد مقدمي الخدمة", "350,000")]
    # one line: "line 17", not "lines 17"
    assert re.search(r">source, line \d+</a>", page) and not re.search(r"lines \d+<", page)

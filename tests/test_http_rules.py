"""Each route's declared rules (app.http.rules): every route has them, they hold for what the
route really serves, and the three ways a new page used to serve a wrong page now fail safe."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlencode

import httpx
import pytest
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import Response
from fastapi.testclient import TestClient
from starlette.routing import BaseRoute, Mount
from starlette.types import ASGIApp, Receive, Scope, Send

from app.http.rules import (
    NONE,
    READER,
    SNAPSHOT,
    UNROUTED,
    PageRules,
    RouteTable,
    UndeclaredRoute,
    kept_query,
    page,
)
from app.views.i18n import interface
from app.views.responses import cached_html, render
from app.web import ROUTERS, create_app, served_routes

#: What each path parameter of a route is filled with to walk it over the seeds.
PATH_VALUES = {
    "slug": "cigna",
    "year": "2023",
    "kind": "key-partners",
    "key": "001_ead442415cccde68",
    "years": "2015...2023",
    "path": "app.css",
    "chart": "revenue.year.8de02c9f",  # Cigna revenue by year, in dollars
}
#: Two values of each query parameter some route declares, both answered with a 200. A new
#: parameter must be added here: the walk below then checks its route keys pages by it.
QUERY_VALUES = {
    "q": ("cigna", "revenue"),
    "after": ("a", "b"),
    "before": ("z", "y"),
    "page": ("1", "2"),
    "company": ("cigna", "acme"),
    "year": ("2015", "2023"),
    "block": ("key-partners", "channels"),
    "lang": ("en", "ar"),
    "theme": ("dark", "auto"),
    "start": ("1", "2"),
    "end": ("3", "4"),
    "limit": ("1", "2"),
    "url": ("http://127.0.0.1/c/cigna/2023", "http://127.0.0.1/c/cigna/2015"),
    "maxwidth": ("300", "400"),
    "maxheight": ("300", "400"),
    "format": ("json", ""),
    "from": ("1", "2001"),
}


def sample_url(route: BaseRoute) -> str:
    path: str = getattr(route, "path", "")
    if isinstance(route, Mount):
        path += "/{path}"
    return re.sub(r"\{(\w+)(:\w+)?\}", lambda m: PATH_VALUES[m.group(1)], path)


@pytest.fixture(scope="module")
def site(seeded_db: Path) -> Iterator[tuple[FastAPI, TestClient]]:
    app = create_app(seeded_db, render_cache=True)
    with TestClient(base_url="http://127.0.0.1", app=app, follow_redirects=False) as client:
        yield app, client


def walked() -> list[tuple[str, PageRules]]:
    """Every distinct route of the app, as (a URL it serves, its rules). (Which routes there
    are does not depend on the database.)"""
    app = create_app(Path("/nonexistent/canvas.db"))
    routes = served_routes(app)
    table = RouteTable(routes)
    seen: dict[str, PageRules] = {}
    for route, rules in zip(routes, table.rules, strict=True):
        seen.setdefault(sample_url(route), rules)
    return list(seen.items())


def test_every_route_of_the_app_is_walked_and_declared(seeded_db: Path) -> None:
    app = create_app(seeded_db)
    routes = served_routes(app)
    assert len(RouteTable(routes).rules) == len(routes)  # none raised UndeclaredRoute
    paths = {getattr(r, "path", "") for r in routes}
    # the views' routers, the static files, the health check: all there, none twice
    assert {"/", "/c/{slug}/{year}", "/api/search", "/static", "/healthz", "/docs"} <= paths
    assert sum(len(r.routes) for r in ROUTERS) + 2 == len(routes)


def test_a_request_finds_the_route_the_router_would(site: tuple[FastAPI, TestClient]) -> None:
    """The first route whose path matches, as Starlette tries them: a comparison is not a
    year of the canvas; unknown addresses get the 404's rules."""
    app, _ = site
    table = RouteTable(served_routes(app))
    assert table.find({"path": "/c/cigna/compare/2015...2023"}).language == SNAPSHOT
    assert not table.find({"path": "/c/cigna/compare/2015...2023"}).fragment
    assert table.find({"path": "/c/cigna/2023"}).fragment
    assert table.find({"path": "/embed/cigna/2023/channels"}).framed
    assert table.find({"path": "/static/fonts/x.woff2"}).files
    assert table.find({"path": "/nowhere/at/all"}) is UNROUTED
    assert table.find({"path": "/c/a/b/c/d"}) is UNROUTED


def etag_and_body(client: TestClient, url: str, **headers: str) -> tuple[str | None, bytes]:
    response = client.get(url, headers=headers)
    assert response.status_code in (200, 302, 303, 404), (url, response.status_code)
    return response.headers.get("etag"), response.content


@pytest.mark.parametrize(("url", "rules"), walked(), ids=[url for url, _ in walked()])
def test_each_route_keys_its_pages_by_what_it_declares(
    site: tuple[FastAPI, TestClient], url: str, rules: PageRules
) -> None:
    """For each route: a parameter it does not declare changes nothing (not the page, not
    its ETag); each one it declares gives its own ETag; the reader's language and
    HX-Request give their own ETag exactly where declared, and change nothing elsewhere
    (so a page that reads one without declaring it fails here)."""
    _, client = site
    if rules.params:  # every declared parameter at its first value (some are required)
        missing = sorted(rules.params - QUERY_VALUES.keys())
        assert not missing, f"{url}: give its parameters {missing} sample values"
        url += "?" + urlencode([(name, QUERY_VALUES[name][0]) for name in sorted(rules.params)])
    base = etag_and_body(client, url)
    assert etag_and_body(client, f"{url}{'&' if '?' in url else '?'}zz=1&sort=name") == base

    asked = [{}, {"hx-request": "true"}] if rules.fragment else [{}]
    for name in sorted(rules.params):
        other = re.sub(rf"(^|[?&]){name}=[^&]*", rf"\g<1>{name}={QUERY_VALUES[name][1]}", url)
        for headers in asked:
            first, second = client.get(url, headers=headers), client.get(other, headers=headers)
            if "etag" in first.headers or "etag" in second.headers:  # (a no-store answer has none)
                assert first.headers.get("etag") != second.headers.get("etag"), (url, name)

    if rules.files:
        return
    for headers in asked:
        english = etag_and_body(client, url, **headers, **{"accept-language": "en"})
        arabic = etag_and_body(client, url, **headers, **{"accept-language": "ar"})
        if english[0] is None:  # a 404 (it speaks the reader's language) or a no-store answer
            continue
        if rules.language == READER:
            assert english[0] != arabic[0] and english[1] != arabic[1], url
        else:
            assert english == arabic, f"{url} changes with Accept-Language: declare READER"

    fragment = etag_and_body(client, url, **{"hx-request": "true"})
    if rules.fragment:
        assert fragment[0] != base[0], url
    else:
        assert fragment == base, f"{url} changes with HX-Request: declare fragment=True"


def test_a_cached_page_is_served_only_to_the_variant_it_was_rendered_for(
    site: tuple[FastAPI, TestClient],
) -> None:
    _, client = site
    for url in ("/", "/search?q=cigna", "/sources/001_ead442415cccde68", "/docs"):
        english = client.get(url, headers={"accept-language": "en"})
        arabic = client.get(url, headers={"accept-language": "ar"})  # after the English one
        assert 'lang="en"' in english.text and 'lang="ar"' in arabic.text
    full = client.get("/c/cigna/2023")
    part = client.get("/c/cigna/2023", headers={"hx-request": "true"})
    assert full.text.count("<html") == 1 and part.text.count("<html") == 0


def test_the_query_a_page_is_handed_keeps_only_what_it_declares() -> None:
    rules = PageRules(READER, params=frozenset({"q", "page"}))
    raw = b"utm=1&q=a+b&hl=ar&page=2&hl=xx&q=%C3%A9"
    assert kept_query(rules, raw) == b"q=a+b&hl=ar&page=2&q=%C3%A9"
    assert kept_query(PageRules(NONE), b"hl=ar&q=1") == b""  # JSON speaks no language
    assert kept_query(rules, b"") == b""


# -- the three traps, now safe ----------------------------------------------------------------


def index_like(request: Request) -> Response:
    """A new page written exactly like the index: the reader's language, from the cache."""

    def build(conn: object) -> bytes:
        ui = interface(request)
        return render(request, "error.html", ui, status=200, message=ui.gettext("Search"))

    return cached_html(request, build)


def test_a_new_page_without_rules_stops_the_start(seeded_db: Path) -> None:
    app = create_app(seeded_db, render_cache=True)
    app.add_api_route("/new", index_like, methods=["GET", "HEAD"])
    with (
        pytest.raises(UndeclaredRoute, match="/new"),
        TestClient(base_url="http://127.0.0.1", app=app),
    ):
        pass


def test_a_router_outside_the_list_stops_the_start(seeded_db: Path) -> None:
    router = APIRouter()
    router.add_api_route("/elsewhere", page(READER)(index_like), methods=["GET"])
    app = create_app(seeded_db)
    app.include_router(router)
    with (
        pytest.raises(UndeclaredRoute, match="ROUTERS"),
        TestClient(base_url="http://127.0.0.1", app=app),
    ):
        pass


def test_a_new_page_like_the_index_serves_each_reader_their_language(seeded_db: Path) -> None:
    app = create_app(seeded_db, render_cache=True)
    app.add_api_route("/new", page(READER)(index_like), methods=["GET", "HEAD"])
    with TestClient(base_url="http://127.0.0.1", app=app) as client:
        arabic = client.get("/new", headers={"accept-language": "ar"})
        english = client.get("/new", headers={"accept-language": "en"})
    assert 'lang="ar"' in arabic.text and 'lang="en"' in english.text
    assert arabic.headers["etag"] != english.headers["etag"]
    assert "Accept-Language" in english.headers["vary"]


def sorted_page(request: Request) -> Response:
    """A new `?sort=` read from the query string, not declared in the signature."""
    order = request.query_params.get("sort", "none")
    return cached_html(request, lambda conn: f"<p>{order}</p>".encode())


def test_an_undeclared_parameter_is_never_seen_so_never_mixed_up(seeded_db: Path) -> None:
    app = create_app(seeded_db, render_cache=True)
    app.add_api_route("/sorted", page(NONE)(sorted_page), methods=["GET"])
    with TestClient(base_url="http://127.0.0.1", app=app) as client:
        by_name = client.get("/sorted?sort=name")
        by_year = client.get("/sorted?sort=year")
    # before: the first answer went to both under one ETag; now the page never sees it
    assert by_name.text == by_year.text == "<p>none</p>"
    assert by_name.headers["etag"] == by_year.headers["etag"]


def declared_sort(request: Request, sort: str = "none") -> Response:
    return cached_html(request, lambda conn: f"<p>{sort}</p>".encode())


def test_a_declared_parameter_keys_its_pages(seeded_db: Path) -> None:
    app = create_app(seeded_db, render_cache=True)
    app.add_api_route("/sorted", page(NONE)(declared_sort), methods=["GET"])
    with TestClient(base_url="http://127.0.0.1", app=app) as client:
        by_name = client.get("/sorted?sort=name")
        by_year = client.get("/sorted?sort=year")
        again = client.get("/sorted?sort=name&utm=1")
    assert (by_name.text, by_year.text, again.text) == ("<p>name</p>", "<p>year</p>", "<p>name</p>")
    assert by_name.headers["etag"] != by_year.headers["etag"]
    assert again.headers["etag"] == by_name.headers["etag"]


class Counting:
    """A middleware added after the app is built, as a deployment might (metrics, logs)."""

    seen: ClassVar[list[tuple[str, str]]] = []

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            Counting.seen.append((scope["method"], scope["path"]))
        await self.app(scope, receive, send)


def test_a_middleware_added_later_sees_every_request(seeded_db: Path) -> None:
    """Before, cached pages and 304s were answered ahead of the middleware: it saw 1 in 3."""
    Counting.seen = []
    app = create_app(seeded_db, render_cache=True)
    app.add_middleware(Counting)
    with TestClient(base_url="http://127.0.0.1", app=app) as client:
        rendered = client.get("/c/cigna/2023")
        cached = client.get("/c/cigna/2023")
        current = client.get("/c/cigna/2023", headers={"if-none-match": rendered.headers["etag"]})
        refused = client.post("/c/cigna/2023")
        misdirected = client.get("/c/cigna/2023", headers={"host": "evil.example"})
        static = client.get("/static/app.css")
    statuses = [r.status_code for r in (rendered, cached, current, refused, misdirected, static)]
    assert statuses == [200, 200, 304, 405, 421, 200]
    assert len(Counting.seen) == 6
    assert isinstance(cached, httpx.Response)


def broken(request: Request) -> Response:
    raise RuntimeError("a bug")


def test_a_bug_s_500_carries_the_site_s_headers(seeded_db: Path) -> None:
    """Answered from outside every middleware, it still gets the one header rule."""
    app = create_app(seeded_db)
    app.add_api_route("/broken", page(NONE)(broken), methods=["GET"])
    with TestClient(base_url="http://127.0.0.1", app=app, raise_server_exceptions=False) as c:
        response = c.get("/broken")
    assert response.status_code == 500
    assert response.text == "500 Internal Server Error\n"
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["content-security-policy"].startswith("default-src 'none'")

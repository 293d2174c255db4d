"""The framing policy: embed pages may be framed by the configured origins, nothing else may.

Embed pages are checked where they may not exist yet (200 or 404, the same headers) and on
addresses that are surely 404s or 405s, which carry the embed set too (a frame showing "not
found" beats a browser's blocked-frame page); the rule is also tested alone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from app.http.headers import ResponseHeaders
from app.http.rules import SNAPSHOT, PageRules
from app.http.security import HEADERS, headers_for
from app.settings import get_settings
from app.web import create_app

POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; frame-src 'self'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors "
)
PAGE = {
    "content-security-policy": POLICY + "'none'",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "cross-origin-opener-policy": "same-origin",
}
EMBED_ANY = {
    "content-security-policy": POLICY + "*",
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "cross-origin-resource-policy": "cross-origin",
}
SECURITY_NAMES = {*PAGE, *EMBED_ANY}


def as_dict(headers: tuple[tuple[bytes, bytes], ...]) -> dict[str, str]:
    names = [name for name, _ in headers]
    assert len(names) == len(set(names)), "a header twice"
    return {name.decode(): value.decode() for name, value in headers}


def security_headers(response: httpx.Response) -> dict[str, str]:
    """The answer's security headers: exactly these, none missing and none extra."""
    assert all(len(response.headers.get_list(n)) <= 1 for n in SECURITY_NAMES), "a header twice"
    return {n: v for n, v in response.headers.items() if n in SECURITY_NAMES}


# -- the pure policy --------------------------------------------------------------------------


def test_a_normal_page_is_unframeable() -> None:
    assert as_dict(headers_for(False, ("*",))) == PAGE
    assert headers_for(False, ("https://wiki.example",)) == HEADERS  # the origins don't matter


def test_headers_is_still_the_normal_set() -> None:
    assert as_dict(HEADERS) == PAGE


def test_an_embed_may_be_framed_by_any_origin_by_default() -> None:
    assert as_dict(headers_for(True, ("*",))) == EMBED_ANY


def test_an_embed_names_self_and_the_configured_origins() -> None:
    origins = ("https://wiki.example", "http://127.0.0.2:8001", "https://[::1]:8443")
    assert as_dict(headers_for(True, origins)) == {
        **EMBED_ANY,
        "content-security-policy": POLICY
        + "'self' https://wiki.example http://127.0.0.2:8001 https://[::1]:8443",
    }


def test_no_origins_means_only_the_site_itself() -> None:
    csp = as_dict(headers_for(True, ()))["content-security-policy"]
    assert csp == POLICY + "'self'"


@pytest.mark.parametrize(
    "origins", [("https://a.example\r\nSet-Cookie: x=1",), ("https://a.example;",), ("*", "x")]
)
def test_origins_that_could_break_the_header_are_refused(origins: tuple[str, ...]) -> None:
    with pytest.raises(ValueError):
        headers_for(True, origins)


def test_the_policy_stays_strict_on_both_kinds() -> None:
    for framed in (False, True):
        csp = as_dict(headers_for(framed, ("*",)))["content-security-policy"]
        assert csp.startswith("default-src 'none';") and "frame-src 'self'" in csp
        assert "unsafe-" not in csp and "base-uri 'none'" in csp and "form-action 'self'" in csp


# -- the middleware on the site ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/c/cigna/2015",
        "/c/cigna/2015?again",
        "/sources/000_47e352ee965e9675",
        "/nope",
        "/static/app.css",
        "/static/embed.js",
        "/api/companies",
        "/oembed?url=/c/cigna/2015",
        "/healthz",
    ],
)
def test_every_other_answer_carries_the_page_set(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code in (200, 404)
    assert security_headers(response) == PAGE


def test_a_cached_page_carries_the_page_set_too(client: TestClient) -> None:
    first, second = client.get("/c/cigna/2023"), client.get("/c/cigna/2023")  # miss, then hit
    assert security_headers(first) == security_headers(second) == PAGE


@pytest.mark.parametrize("url", ["/embed/nope/2015", "/embed/cigna/1999", "/embed/cigna/2015/x"])
def test_an_embed_address_carries_the_embed_set_even_when_not_found(
    client: TestClient, url: str
) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert security_headers(response) == EMBED_ANY


@pytest.mark.parametrize("url", ["/embed/cigna/2015", "/embed/cigna/2023/key-partners"])
def test_an_embed_page_carries_the_embed_set_rendered_and_cached(
    client: TestClient, url: str
) -> None:
    """200 once the embed pages exist, 404 before: the same headers either way, on the
    rendering path and on the cached one (app.http.front_door, before routing)."""
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code and first.status_code in (200, 404)
    assert security_headers(first) == security_headers(second) == EMBED_ANY


def test_a_refused_method_carries_the_path_s_set(client: TestClient) -> None:
    embed, page = client.post("/embed/cigna/2015"), client.post("/c/cigna/2015")
    assert embed.status_code == page.status_code == 405
    assert embed.headers["allow"] == page.headers["allow"] == "GET, HEAD"
    assert security_headers(embed) == EMBED_ANY
    assert security_headers(page) == PAGE


@pytest.fixture
def narrowed(seeded_db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("CANVAS_EMBED_ORIGINS", "https://wiki.example, http://127.0.0.2:8001")
    get_settings.cache_clear()
    try:
        with TestClient(base_url="http://127.0.0.1", app=create_app(seeded_db)) as test_client:
            yield test_client
    finally:
        get_settings.cache_clear()


def test_the_site_uses_the_configured_origins(narrowed: TestClient) -> None:
    embed = security_headers(narrowed.get("/embed/nope/2015"))
    assert embed["content-security-policy"] == (
        POLICY + "'self' https://wiki.example http://127.0.0.2:8001"
    )
    assert security_headers(narrowed.get("/c/cigna/2015")) == PAGE


def decided(
    rules: PageRules, own: tuple[tuple[bytes, bytes], ...] = (), **kwargs: tuple[str, ...]
) -> httpx.Headers:
    """The headers the site's one rule gives a 200 of a route declared with `rules`."""
    return httpx.Headers(ResponseHeaders(**kwargs).decide(rules, "/x", 200, own, None))


def security_of(headers: httpx.Headers) -> dict[str, str]:
    assert all(len(headers.get_list(n)) <= 1 for n in SECURITY_NAMES), "a header twice"
    return {n: v for n, v in headers.items() if n in SECURITY_NAMES}


def test_the_rule_picks_the_set_by_the_route_s_declaration() -> None:
    origins = ("https://wiki.example",)
    assert security_of(decided(PageRules(SNAPSHOT), embed_origins=origins)) == PAGE
    assert security_of(decided(PageRules(SNAPSHOT, framed=True), embed_origins=origins)) == {
        **EMBED_ANY,
        "content-security-policy": POLICY + "'self' https://wiki.example",
    }


def test_the_rule_defaults_to_any_origin() -> None:
    assert security_of(decided(PageRules(SNAPSHOT, framed=True))) == EMBED_ANY


def test_a_security_header_a_response_sets_itself_gives_way_to_the_rule() -> None:
    """One source of truth: a view cannot loosen (or double) the framing policy."""
    headers = decided(PageRules(SNAPSHOT), ((b"X-Frame-Options", b"SAMEORIGIN"),))
    assert headers.get_list("x-frame-options") == ["DENY"]


def test_the_rule_refuses_malformed_origins() -> None:
    with pytest.raises(ValueError):
        ResponseHeaders(embed_origins=("https://a.example/path",))


# -- the embed scripts ------------------------------------------------------------------------


def test_the_embed_scripts_are_served_as_scripts(client: TestClient) -> None:
    """Files, never inline (the CSP allows only 'self' scripts); both speak one message."""
    for name in ("embed-frame.js", "embed.js"):
        response = client.get(f"/static/{name}")
        assert response.status_code == 200
        assert "javascript" in response.headers["content-type"]
        assert response.text.startswith('"use strict";')
        assert '"canvas-viewer:height"' in response.text
    resizer = client.get("/static/embed.js").text
    assert "event.origin" in resizer and "event.source" in resizer  # it checks both

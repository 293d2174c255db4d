"""Cached pages are answered before routing, byte for byte and header for header."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.web import create_app


@pytest.mark.parametrize("hx", [False, True])
def test_a_cached_page_is_the_rendered_page_without_rendering_again(
    seeded_db: Path, hx: bool
) -> None:
    app = create_app(seeded_db, render_cache=True)
    renders: list[str] = []
    original = app.state.templates.render

    def counting(template: str, ui: object, **context: object) -> bytes:
        renders.append(template)
        return original(template, ui, **context)

    app.state.templates.render = counting
    headers = {"HX-Request": "true"} if hx else {}
    with TestClient(base_url="http://127.0.0.1", app=app) as client:
        first = client.get("/c/cigna/2023", headers=headers)
        second = client.get("/c/cigna/2023", headers=headers)
        head = client.head("/c/cigna/2023", headers=headers)
        other = client.get("/c/cigna/2023", headers={} if hx else {"HX-Request": "true"})
    assert first.status_code == second.status_code == head.status_code == 200
    assert second.content == first.content and head.content == b""
    assert dict(second.headers) == dict(first.headers)
    assert head.headers["content-length"] == first.headers["content-length"]
    assert first.headers["vary"] == "HX-Request, HX-History-Restore-Request, Accept-Encoding"
    assert len(renders) == 2  # the first request and the other variant; no re-render
    assert other.content != first.content


def test_without_the_cache_every_request_renders(seeded_db: Path) -> None:
    app = create_app(seeded_db, render_cache=False)
    calls = 0
    original = app.state.templates.render

    def counting(template: str, ui: object, **context: object) -> bytes:
        nonlocal calls
        calls += 1
        return original(template, ui, **context)

    app.state.templates.render = counting
    with TestClient(base_url="http://127.0.0.1", app=app) as client:
        for _ in range(3):
            assert client.get("/c/cigna/2015").status_code == 200
    assert calls == 3


@pytest.mark.parametrize("cache", [True, False])
def test_pages_go_out_gzipped_to_clients_that_accept_it(seeded_db: Path, cache: bool) -> None:
    app = create_app(seeded_db, render_cache=cache)
    with TestClient(base_url="http://127.0.0.1", app=app) as client:
        plain = client.get("/c/cigna/2023", headers={"Accept-Encoding": "identity"})
        zipped = [client.get("/c/cigna/2023", headers={"Accept-Encoding": "gzip"}) for _ in "ab"]
        refused = client.get("/c/cigna/2023", headers={"Accept-Encoding": "gzip;q=0, br"})
    assert "content-encoding" not in plain.headers
    assert "content-encoding" not in refused.headers
    for response in zipped:
        assert response.headers["content-encoding"] == "gzip"
        assert int(response.headers["content-length"]) < len(plain.content) / 4
        assert response.content == plain.content  # httpx decodes: the same page
        assert "Accept-Encoding" in response.headers["vary"]
        assert (
            response.headers["content-security-policy"] == plain.headers["content-security-policy"]
        )
    if cache:  # compressed once: the second answer is the first's bytes, headers alike
        assert dict(zipped[0].headers) == dict(zipped[1].headers)

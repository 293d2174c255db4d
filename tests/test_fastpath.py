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
    original = app.state.renderer.render

    def counting(template: str, **context: object) -> bytes:
        renders.append(template)
        return original(template, **context)

    app.state.renderer.render = counting
    headers = {"HX-Request": "true"} if hx else {}
    with TestClient(app) as client:
        first = client.get("/c/cigna/2023", headers=headers)
        second = client.get("/c/cigna/2023", headers=headers)
        head = client.head("/c/cigna/2023", headers=headers)
        other = client.get("/c/cigna/2023", headers={} if hx else {"HX-Request": "true"})
    assert first.status_code == second.status_code == head.status_code == 200
    assert second.content == first.content and head.content == b""
    assert dict(second.headers) == dict(first.headers)
    assert head.headers["content-length"] == first.headers["content-length"]
    assert first.headers["vary"] == "HX-Request"
    assert len(renders) == 2  # the first request and the other variant; no re-render
    assert other.content != first.content


def test_without_the_cache_every_request_renders(seeded_db: Path) -> None:
    app = create_app(seeded_db, render_cache=False)
    calls = 0
    original = app.state.renderer.render

    def counting(template: str, **context: object) -> bytes:
        nonlocal calls
        calls += 1
        return original(template, **context)

    app.state.renderer.render = counting
    with TestClient(app) as client:
        for _ in range(3):
            assert client.get("/c/cigna/2015").status_code == 200
    assert calls == 3

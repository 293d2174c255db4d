"""Absolute URLs (canonical, og:url, embed snippets, oEmbed) come from CANVAS_BASE_URL, or
from the request's Host only when that is a loopback name; any other Host is refused (421),
never written into a page that caches and proxies keep for everyone."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.settings import parse_base_url
from app.web import create_app

EVIL = "evil.example"


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000", "127.0.0.2"])
def test_a_loopback_host_builds_the_absolute_urls(seeded_db: Path, host: str) -> None:
    with TestClient(create_app(seeded_db), base_url=f"http://{host}") as client:
        html = client.get("/c/cigna/2015").text
    assert f'<link rel="canonical" href="http://{host}/c/cigna/2015">' in html


@pytest.mark.parametrize("path", ["/c/cigna/2015", "/", "/oembed?url=/c/cigna/2015", "/healthz"])
def test_any_other_host_is_refused_without_a_base_url(seeded_db: Path, path: str) -> None:
    with TestClient(create_app(seeded_db), base_url=f"http://{EVIL}") as client:
        response = client.get(path)
    assert response.status_code == 421
    assert EVIL not in response.text
    assert "CANVAS_BASE_URL" in response.text
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_with_a_base_url_every_absolute_url_is_the_sites_whatever_the_host(
    seeded_db: Path,
) -> None:
    app = create_app(seeded_db, base_url="https://canvas.example.org")
    with TestClient(app, base_url=f"http://{EVIL}") as client:
        page = client.get("/c/cigna/2015")
        embed = client.get("/c/cigna/2015/channels").text
        oembed = client.get("/oembed", params={"url": "https://canvas.example.org/c/cigna/2015"})
        again = client.get("/c/cigna/2015", headers={"Host": "other.example"})
    assert page.status_code == 200 and EVIL not in page.text
    assert '<link rel="canonical" href="https://canvas.example.org/c/cigna/2015">' in page.text
    assert "https://canvas.example.org/embed/cigna/2015/channels" in embed and EVIL not in embed
    assert oembed.status_code == 200
    assert oembed.json()["html"].startswith('<iframe src="https://canvas.example.org/embed/')
    assert again.headers["etag"] == page.headers["etag"]  # one page, whatever Host said


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", None),
        ("https://canvas.example.org", "https://canvas.example.org"),
        ("https://canvas.example.org/", "https://canvas.example.org"),
        ("HTTP://Canvas.Example.org:8080", "http://canvas.example.org:8080"),
    ],
)
def test_the_base_url_setting_is_an_origin(value: str, expected: str | None) -> None:
    assert parse_base_url(value) == expected


@pytest.mark.parametrize(
    "value", ["canvas.example.org", "ftp://x.org", "https://x.org/a/b", "https://x.org?q"]
)
def test_a_base_url_that_is_not_an_origin_is_a_one_line_error(value: str) -> None:
    with pytest.raises(ValueError, match=r"^CANVAS_BASE_URL: .* is not the site's address"):
        parse_base_url(value)

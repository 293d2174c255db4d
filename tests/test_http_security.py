"""Headers on every answer, methods other than GET/HEAD refused, document text inert."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from app.web import create_app
from tests.web_fixtures import load


def test_every_page_sends_the_security_headers(client: TestClient) -> None:
    for url in ("/", "/c/cigna/2015", "/sources/000_47e352ee965e9675", "/nope", "/static/app.css"):
        headers = client.get(url).headers
        csp = headers["content-security-policy"]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin"


def test_only_get_and_head_are_answered(client: TestClient) -> None:
    assert client.head("/c/cigna/2015").status_code == 200
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS"):
        response = client.request(method, "/c/cigna/2015")
        assert response.status_code == 405, method
        assert response.headers["allow"] == "GET, HEAD"


def test_htmx_is_configured_strictly(client: TestClient) -> None:
    html = client.get("/").text
    assert '"selfRequestsOnly": true' in html and '"allowEval": false' in html
    assert '"allowScriptTags": false' in html and '"includeIndicatorStyles": false' in html


def test_hostile_document_text_is_escaped(tmp_path: Path) -> None:
    doc = tmp_path / "evil.md"
    doc.write_text(
        "---\ntitle: Evil Corp\n---\n### Key Partners\n\n"
        "<script>alert(1)</script> works with partners in 2020.\n\n"
        "* <img src=x onerror=alert(2)> is a supplier\n",
        encoding="utf-8",
    )
    db = load([doc], tmp_path / "evil.db")
    with TestClient(base_url="http://127.0.0.1", app=create_app(db)) as client:
        for url in ("/c/evil/2020", "/sources/evil", "/sources/evil/lines?start=6&end=8"):
            html = client.get(url).text
            assert "<script>alert(1)" not in html and "<img src=x" not in html, url
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url
            assert "&lt;img src=x onerror=alert(2)&gt;" in html, url

"""The exact header set of each kind of answer: page, fragment, embed, API, static, 404, 304.

One table, so that a header added or lost anywhere shows up here as a diff. Values that
depend on the bytes (length, ETag, Last-Modified) are checked for presence and shape.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from app.http.headers import IMMUTABLE, PUBLIC
from app.http.security import CSP

EMBED_CSP = CSP.replace("frame-ancestors 'none'", "frame-ancestors *")
PAGE_SECURITY = {
    "content-security-policy": CSP,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "cross-origin-opener-policy": "same-origin",
}
EMBED_SECURITY = {
    "content-security-policy": EMBED_CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "cross-origin-resource-policy": "cross-origin",
}
HTML = "text/html; charset=utf-8"
ANY = object()  # present, any value
ETAG = re.compile(r'^W/"[0-9a-f]{16}-[0-9a-f]{12}-[0-9a-f]{12}"$')

CASES = {
    "page": (
        "/c/cigna/2023",
        {},
        200,
        {
            **PAGE_SECURITY,
            "content-type": HTML,
            "content-encoding": "gzip",
            "vary": "HX-Request, HX-History-Restore-Request, Accept-Encoding",
            "cache-control": PUBLIC.decode(),
        },
    ),
    "fragment": (
        "/c/cigna/2023",
        {"HX-Request": "true"},
        200,
        {
            **PAGE_SECURITY,
            "content-type": HTML,
            "content-encoding": "gzip",
            "vary": "HX-Request, HX-History-Restore-Request, Accept-Encoding",
            "cache-control": PUBLIC.decode(),
        },
    ),
    "block page": (
        "/c/cigna/2023/key-partners",
        {},
        200,
        {
            **PAGE_SECURITY,
            "content-type": HTML,
            "content-encoding": "gzip",
            "vary": "Accept-Encoding",  # one page whoever asks: no htmx fragment
            "cache-control": PUBLIC.decode(),
        },
    ),
    "embed": (
        "/embed/cigna/2023",
        {},
        200,
        {
            **EMBED_SECURITY,
            "content-type": HTML,
            "content-encoding": "gzip",
            "vary": "Accept-Encoding",
            "cache-control": PUBLIC.decode(),
        },
    ),
    "api": (
        "/api/companies/cigna/2023",
        {},
        200,
        {
            **PAGE_SECURITY,
            "content-type": "application/json",
            "content-encoding": "gzip",
            "vary": "Accept-Encoding",
            "cache-control": PUBLIC.decode(),
            "access-control-allow-origin": "*",
        },
    ),
    "static": (
        "/static/htmx-2.0.11.min.js",
        {},
        200,
        {
            **PAGE_SECURITY,
            "content-type": ANY,
            "content-encoding": "gzip",
            "vary": "Accept-Encoding",
            "cache-control": IMMUTABLE.decode(),
            "accept-ranges": "bytes",
            "last-modified": ANY,
        },
    ),
    "404": (
        "/c/nobody/2023",
        {},
        404,
        {
            **PAGE_SECURITY,
            "content-type": HTML,
            "content-encoding": "gzip",
            "vary": "HX-Request, HX-History-Restore-Request, Accept-Language, Accept-Encoding",
            "cache-control": PUBLIC.decode(),
        },
    ),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_each_kind_of_answer_has_exactly_its_headers(client: TestClient, kind: str) -> None:
    path, headers, status, expected = CASES[kind]
    response = client.get(path, headers={"Accept-Encoding": "gzip", **headers})
    assert response.status_code == status
    got = {name.lower(): value for name, value in response.headers.items()}
    if kind == "404":  # it speaks the reader's language at any address: no tag (headers.py)
        assert "etag" not in got
    else:
        assert ETAG.match(got.pop("etag")) or kind == "static"  # Starlette's own for files
    assert int(got.pop("content-length")) > 0
    assert set(got) == set(expected), (kind, sorted(set(got) ^ set(expected)))
    for name, value in expected.items():
        if value is not ANY:
            assert got[name] == value, (kind, name)


@pytest.mark.parametrize("kind", ["page", "embed", "api"])
def test_a_304_carries_the_validators_and_nothing_else(client: TestClient, kind: str) -> None:
    path, headers, _, expected = CASES[kind]
    etag = client.get(path, headers=headers).headers["etag"]
    response = client.get(path, headers={**headers, "If-None-Match": etag})
    assert response.status_code == 304
    assert dict(response.headers) == {
        "etag": etag,
        "cache-control": PUBLIC.decode(),
        "vary": expected["vary"],
    }


def test_refused_methods_are_405_with_the_security_headers(client: TestClient) -> None:
    response = client.post("/c/cigna/2023")
    assert response.status_code == 405
    got = dict(response.headers)
    assert got.pop("allow") == "GET, HEAD"
    assert got.pop("content-type") == "text/plain; charset=utf-8"
    got.pop("content-length", None)
    assert got == {**PAGE_SECURITY, "cache-control": "no-store"}

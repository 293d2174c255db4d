"""Which Accept-Encoding values admit gzip, and the cached form of a page."""

from __future__ import annotations

import gzip

import pytest

from app.http.compression import accepts_gzip
from app.http.page_cache import Page


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip, deflate, br, zstd", True),  # what browsers send
        ("br;q=1.0, gzip;q=0.8, *;q=0.1", True),
        ("GZIP", True),
        ("x-gzip", True),
        ("*", True),
        ("", False),
        ("identity", False),
        ("br", False),
        ("gzip;q=0", False),
        ("gzip;q=0.000, *", False),  # an explicit refusal beats the wildcard
        ("*;q=0", False),
        ("gzip;q=oops", False),
    ],
)
def test_accepts_gzip(header: str, expected: bool) -> None:
    assert accepts_gzip(header) is expected


def test_a_page_compresses_to_the_same_bytes_every_time() -> None:
    body = "<p>مرحبا Cigna</p>".encode() * 200
    first, headers = Page(body).encoded(gzip_ok=True)
    assert Page(body).encoded(gzip_ok=True)[0] == first  # no timestamp inside
    assert gzip.decompress(first) == body
    assert (b"content-length", str(len(first)).encode()) in headers
    assert Page(b"<p>short</p>").encoded(gzip_ok=True)[0] == b"<p>short</p>"

"""One answer builder: every kind of answer, asked again and again, plain and gzip, carries
the headers of its first answer (the cached and the 304 answers are built from one rule)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.web import create_app

KINDS = [
    ("/c/cigna/2023", {}),
    ("/c/cigna/2023", {"HX-Request": "true"}),  # the htmx fragment
    ("/c/cigna/2023/key-partners", {}),
    ("/embed/cigna/2023", {}),
    ("/embed/cigna/2023/key-partners", {}),
    ("/sources/001_ead442415cccde68", {}),
    ("/sources/001_ead442415cccde68/lines?start=3&end=4", {"HX-Request": "true"}),
    ("/", {}),
    ("/?q=cig", {"HX-Request": "true"}),
    ("/api/companies", {}),
    ("/oembed?url=/c/cigna/2015", {}),
    ("/static/app.css", {}),
    ("/c/nobody/2015", {}),  # 404
]


def comparable(headers: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k != "date"}


@pytest.mark.parametrize("cache", [True, False], ids=["page-cache", "no-page-cache"])
@pytest.mark.parametrize("encoding", ["identity", "gzip"])
@pytest.mark.parametrize(("path", "headers"), KINDS, ids=[f"{p} {h}" for p, h in KINDS])
def test_every_answer_keeps_the_headers_of_the_first(
    seeded_db: Path, path: str, headers: dict[str, str], encoding: str, cache: bool
) -> None:
    ask = {**headers, "Accept-Encoding": encoding}
    with TestClient(create_app(seeded_db, render_cache=cache), base_url="http://127.0.0.1") as c:
        first = c.get(path, headers=ask)
        for _ in range(3):
            again = c.get(path, headers=ask)
            assert again.status_code == first.status_code
            assert comparable(dict(again.headers)) == comparable(dict(first.headers)), path
        etag = first.headers.get("etag")
        if etag and first.status_code in (200, 404):
            not_modified = c.get(path, headers={**ask, "If-None-Match": etag})
            assert not_modified.status_code == 304
            for name in ("etag", "cache-control", "vary"):
                assert not_modified.headers.get(name) == first.headers.get(name), name


@pytest.mark.parametrize("cache", [True, False], ids=["page-cache", "no-page-cache"])
@pytest.mark.parametrize("path", ["/c/cigna/2023", "/embed/cigna/2023", "/api/companies"])
def test_every_304_and_405_keeps_the_headers_of_the_first(
    seeded_db: Path, path: str, cache: bool
) -> None:
    """A 304 for a tag, a 304 for `*` (the first from the app, the next from memory) and a
    405, each asked again: the same headers each time, and the two 304s alike."""
    with TestClient(create_app(seeded_db, render_cache=cache), base_url="http://127.0.0.1") as c:
        wildcard = [c.get(path, headers={"If-None-Match": "*"}) for _ in range(3)]
        etag = c.get(path).headers["etag"]
        tagged = [c.get(path, headers={"If-None-Match": etag}) for _ in range(3)]
        refused = [c.delete(path) for _ in range(3)]
    for series, status in ((wildcard, 304), (tagged, 304), (refused, 405)):
        assert [r.status_code for r in series] == [status] * 3
        assert all(
            comparable(dict(r.headers)) == comparable(dict(series[0].headers)) for r in series
        )
    assert dict(wildcard[0].headers) == dict(tagged[0].headers)
    assert set(tagged[0].headers) == {"etag", "cache-control", "vary"}


def test_a_refused_host_and_method_carry_the_security_headers(seeded_db: Path) -> None:
    """(A 304 carries the validators only: tests/test_headers.py.)"""
    with TestClient(create_app(seeded_db), base_url="http://127.0.0.1") as c:
        page = c.get("/c/cigna/2015")
        refused = c.post("/c/cigna/2015")
        misdirected = c.get("/c/cigna/2015", headers={"Host": "evil.example"})
    assert (refused.status_code, misdirected.status_code) == (405, 421)
    for answer in (refused, misdirected):
        for name in ("content-security-policy", "x-content-type-options", "referrer-policy"):
            assert answer.headers.get(name) == page.headers[name], (answer.status_code, name)


def test_two_replicas_on_two_copies_of_one_database_answer_alike(
    seeded_db: Path, tmp_path: Path
) -> None:
    """The site grows past one machine by replicas behind a load balancer or a CDN: each
    with its own copy of the file, all answering the same bytes under the same ETags."""
    answers = []
    for name in ("a", "b"):
        copy = tmp_path / name / "canvas.db"
        copy.parent.mkdir()
        copy.write_bytes(seeded_db.read_bytes())
        app = create_app(copy, base_url="https://canvas.example.org")
        with TestClient(app, base_url=f"http://10.0.0.{len(answers) + 1}") as client:
            answers.append(
                [client.get(path, headers=h) for path, h in KINDS if not path.startswith("/static")]
            )
    for one, other in zip(*answers, strict=True):
        assert one.status_code == other.status_code
        assert one.content == other.content
        assert one.headers.get("etag") == other.headers.get("etag")

"""No client can grow a worker past its page cache (bench/cache_keys.py against a real
`canvas serve` worker, 20,000 requests), and cheap requests get cheap answers: one 404 page
a language, API answers kept like pages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.db import queries
from app.web import create_app
from tests.conftest import ROOT
from tests.test_http_caching import counting_renders

#: What a worker may hold beyond its page cache's budget after any flood: the ETag and 304
#: memos (4,096 entries each, keys of at most 2 KB), the header memos, the allocator's slack.
CONSTANT_MB = 24


@pytest.mark.slow
def test_distinct_long_queries_and_hosts_leave_a_worker_within_its_budget(
    tmp_path: Path,
) -> None:
    out = tmp_path / "keys.json"
    result = subprocess.run(
        [sys.executable, "bench/cache_keys.py", "--requests", "20000", "--page-cache-mb", "8",
         "--query-kb", "8", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(out.read_text())
    assert report["errors"] == [] and report["tracebacks"] == 0
    assert report["growth_mb"] <= report["page_cache_mb"] + CONSTANT_MB, report


def test_a_flood_of_random_addresses_renders_one_404_page_a_language(seeded_db: Path) -> None:
    """Every 404 listed 100 companies and 100 sources, rendered each time: a random-URL
    flood slowed cached pages from 1 ms to 0.7 s. It echoes nothing of the address."""
    app = create_app(seeded_db, render_cache=True)
    renders = counting_renders(app)
    with TestClient(base_url="http://127.0.0.1", app=app) as client:
        english = [client.get(f"/nowhere/{n}") for n in range(50)]
        arabic = [
            client.get(f"/c/nobody-{n}/2015", headers={"accept-language": "ar"}) for n in range(50)
        ]
        other_host = client.get("/elsewhere", headers={"host": "h.localhost"})
    assert {r.status_code for r in english + arabic} == {404}
    assert renders.count("not_found.html") == 2  # one a language
    assert len({r.content for r in english}) == 1 and len({r.content for r in arabic}) == 1
    assert other_host.content == english[0].content  # no address of its own in it
    assert 'lang="ar"' in arabic[0].text and 'lang="en"' in english[0].text
    assert english[0].headers["cache-control"].startswith("public")
    # the first rendered by the app, the rest sent by the front door without routing: alike
    for name in ("content-type", "cache-control", "vary", "content-security-policy"):
        assert english[0].headers[name] == english[-1].headers[name], name
    assert "etag" not in english[-1].headers


def test_api_answers_are_kept_like_pages(seeded_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An API answer was computed on every call (576 requests/s against 23,171 for a
    cached page; a big comparison 14-16 s each time): now once per database file."""
    calls: list[int] = []
    original = queries.canvas_blocks

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(queries, "canvas_blocks", counted)
    app = create_app(seeded_db, render_cache=True)
    with TestClient(base_url="http://127.0.0.1", app=app) as client:
        first = client.get("/api/companies/cigna/2023")
        second = client.get("/api/companies/cigna/2023")
        compared = [client.get("/api/companies/cigna/compare/2015...2023") for _ in range(2)]
    assert len(calls) == 1 + 2  # the canvas once, the comparison's two snapshots once
    assert first.content == second.content and first.json()["year"] == 2023
    for answer in (first, second, *compared):
        assert answer.headers["content-type"] == "application/json"
        assert answer.headers["access-control-allow-origin"] == "*"
        assert answer.headers["etag"].startswith('W/"')
    assert compared[0].content == compared[1].content


@pytest.mark.slow
def test_a_flood_of_random_404s_leaves_cached_pages_fast(tmp_path: Path) -> None:
    """Random addresses at 200 a second (the rate that once slowed a cached canvas from
    1 ms to 0.2-0.7 s) while one reader asks for a cached canvas: its p99 stays near its
    quiet p99. bench/not_found_flood.py, three rounds of quiet and flooded phases in turn,
    the medians' ratio: 1.1-1.4x now that an unknown company is a 404 before routing,
    1.6-1.9x before, 8.1x before the 404 page was kept. Issue 25 asks at most 3x."""
    out = tmp_path / "flood.json"
    result = subprocess.run(
        [sys.executable, "bench/not_found_flood.py", "--rate", "200", "--seconds", "4",
         "--rounds", "3", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(out.read_text())
    assert report["not_found_requests"] >= 2000  # the flood ran at its rate (3 x 5 s x 200)
    assert report["p99_ratio"] <= 3, report

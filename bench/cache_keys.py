"""Distinct long queries and Host values must not grow a worker past its page cache.

A worker keeps rendered pages (CANVAS_PAGE_CACHE_MB), ETags by request key and 304 answers by
ETag. Each is bounded in what it holds, keys included; this sends what an anonymous client
would to blow them up and reports the worker's RSS before and after:

1. `canvas load seeds` into a temp folder; `canvas serve --workers 1` on loopback with
   CANVAS_PAGE_CACHE_MB (8 by default);
2. warm-up (every kind of request below, a few hundred times), then the worker's RSS;
3. `--requests` requests over 4 keep-alive connections, in turn: the search box's htmx
   fragment (`/search/preview`, HX-Request) with a distinct 8 KB `q` (`--query-kb`); a
   block page with a distinct 8 KB query and a distinct Host (`p<n>.localhost`: every one
   a page of its own, as pages carry absolute URLs); `/healthz` with a distinct 8 KB query
   and Host;
4. the worker's RSS again: growth = after - before, against the page cache's budget.

Loopback only, bounded in count and time. `tests/test_http_bounds.py` runs it.

    .venv/bin/python bench/cache_keys.py                     # 20,000 requests
    .venv/bin/python bench/cache_keys.py --requests 3000     # a quick look
"""

from __future__ import annotations

import argparse
import http.client
import json
import tempfile
import threading
import time
from pathlib import Path

from local_server import HOST, ROOT, environment, load, memory_mb, serving

OUT = ROOT / "bench" / "out" / "cache_keys.json"


def request(n: int, pad_kb: int) -> tuple[str, dict[str, str]]:
    """The n-th hostile request: distinct in its 8 KB query and, but for the fragment, its
    Host (a loopback name: the only kind the site answers without CANVAS_BASE_URL)."""
    pad = f"{n:08d}" * (pad_kb * 1024 // 8)
    kind = n % 3
    if kind == 0:
        return f"/search/preview?q={pad}", {"HX-Request": "true", "Host": HOST}
    if kind == 1:
        return f"/c/cigna/2023/key-partners?utm={pad}", {"Host": f"p{n}.localhost"}
    return f"/healthz?x={pad}", {"Host": f"h{n}.localhost"}


def flood(port: int, start: int, count: int, pad_kb: int, errors: list[str]) -> None:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    for n in range(start, start + count):
        path, headers = request(n, pad_kb)
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(f"{path[:30]} {response.status}")
        except (OSError, http.client.HTTPException) as exc:
            errors.append(f"{path[:30]} {exc!r}")
            conn = http.client.HTTPConnection(HOST, port, timeout=30)


def measure(requests: int, cache_mb: int, pad_kb: int, tmp: Path) -> dict[str, object]:
    db = tmp / "canvas.db"
    env = environment(CANVAS_PAGE_CACHE_MB=str(cache_mb))
    load(ROOT / "seeds", db, env)
    with serving(db, env, "--workers", "1") as served:
        port = served.port
        errors: list[str] = []
        warm = 600
        flood(port, 10**7, warm, pad_kb, errors)  # every kind, its code paths and memos warm
        before = memory_mb(served.process.pid)
        started = time.monotonic()
        threads = [
            threading.Thread(
                target=flood, args=(port, i * requests // 4, requests // 4, pad_kb, errors)
            )
            for i in range(4)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        took = time.monotonic() - started
        after = memory_mb(served.process.pid)
    return {
        "requests": requests,
        "page_cache_mb": cache_mb,
        "query_kb": pad_kb,
        "seconds": round(took, 1),
        "rss_before_mb": round(before, 1),
        "rss_after_mb": round(after, 1),
        "growth_mb": round(after - before, 1),
        "errors": errors[:20],
        "tracebacks": served.stderr.decode("utf-8", "replace").count("Traceback"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--page-cache-mb", type=int, default=8)
    parser.add_argument("--query-kb", type=int, default=8, help="each query's size")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        report = measure(args.requests, args.page_cache_mb, args.query_kb, Path(tmp))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print(
        f"{report['requests']:,} requests of {report['query_kb']} KB in {report['seconds']} s: "
        "worker RSS "
        f"{report['rss_before_mb']} -> {report['rss_after_mb']} MB "
        f"(+{report['growth_mb']} MB; page cache budget {report['page_cache_mb']} MB), "
        f"{len(report['errors'])} errors, {report['tracebacks']} tracebacks"  # type: ignore[arg-type]
    )


if __name__ == "__main__":
    main()

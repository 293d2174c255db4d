"""A flood of random addresses must not slow the pages readers ask for.

1. `canvas load` of the seeds and `--companies` small posts (so the 404 page lists 100
   companies and 100 sources, as on a real site) into a temp folder; `canvas serve` (2
   workers, the default) on loopback;
2. quiet: one client asks for a cached canvas page for `--seconds`, one request at a time,
   and its p50/p99 are noted;
3. flood: `--flooders` processes ask for random addresses (every one a 404:
   `/nowhere/<random>`, `/c/<random>/2015`), at `--rate` requests/s in all (0: without
   pause), while the same client asks for the cached page again for `--seconds`;
4. the flood's cached-page p99 as a multiple of the quiet p99 (issue 25: at most 3x).

Loopback only, bounded in processes and time. `tests/test_http_bounds.py` runs it small.

    .venv/bin/python bench/not_found_flood.py                  # 4 flooders, 10 s each phase
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import random
import shutil
import tempfile
import time
from pathlib import Path

from local_server import HOST, ROOT, environment, load, percentile, serving

OUT = ROOT / "bench" / "out" / "not_found_flood.json"
PAGE = "/c/cigna/2023"


def flooder(
    port: int,
    stop_at: float,
    seed: int,
    interval: float,
    counter: multiprocessing.Value,  # type: ignore[type-arg]
) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    sent = 0
    due = time.time()
    while time.time() < stop_at:
        if interval:
            due += interval
            time.sleep(max(0.0, due - time.time()))
        word = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(12))
        path = f"/nowhere/{word}" if sent % 2 else f"/c/{word}/2015"
        try:
            conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
            conn.getresponse().read()
            sent += 1
        except (OSError, http.client.HTTPException):
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
    with counter.get_lock():
        counter.value += sent


def page_times(port: int, seconds: float) -> list[float]:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    times: list[float] = []
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        started = time.perf_counter()
        conn.request("GET", PAGE, headers={"Accept-Encoding": "gzip"})
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"{PAGE} answered {response.status}")
        times.append(time.perf_counter() - started)
    return times


def post(n: int) -> str:
    """A small post about company n: a title, one block, three statements."""
    name = f"Company {n:04d} Holdings"
    bullets = "\n".join(f"* {name} serves market {k} in 2023." for k in range(3))
    return (
        f"---\ntitle: company-{n:04d}\n---\n\nBusinessmodel of {name}\n"
        f"-----------------------\n\n### Key Activities\n\n{bullets}\n"
    )


def measure(
    flooders: int, seconds: float, rate: float, companies: int, tmp: Path
) -> dict[str, object]:
    db = tmp / "canvas.db"
    docs = tmp / "docs"
    shutil.copytree(ROOT / "seeds", docs)
    for n in range(companies):
        (docs / f"company-{n:04d}-2023.md").write_text(post(n), encoding="utf-8")
    env = environment()
    load(docs, db, env)
    with serving(db, env) as served:
        port = served.port
        page_times(port, 1.0)  # both workers render it once and keep it
        quiet = page_times(port, seconds)
        counter = multiprocessing.Value("i", 0)
        stop_at = time.time() + seconds + 1.0
        procs = [
            multiprocessing.Process(
                target=flooder, args=(port, stop_at, n, flooders / rate if rate else 0, counter)
            )
            for n in range(flooders)
        ]
        for proc in procs:
            proc.start()
        time.sleep(0.5)  # the flood under way
        flooded = page_times(port, seconds)
        for proc in procs:
            proc.join(timeout=seconds + 30)
    quiet_p99, flood_p99 = percentile(quiet, 0.99), percentile(flooded, 0.99)
    return {
        "flooders": flooders,
        "rate": rate,
        "companies": companies,
        "seconds": seconds,
        "not_found_requests": counter.value,
        "not_found_per_s": round(counter.value / (seconds + 1.0)),
        "quiet_p50_ms": round(percentile(quiet, 0.5) * 1e3, 2),
        "quiet_p99_ms": round(quiet_p99 * 1e3, 2),
        "flood_p50_ms": round(percentile(flooded, 0.5) * 1e3, 2),
        "flood_p99_ms": round(flood_p99 * 1e3, 2),
        "p99_ratio": round(flood_p99 / quiet_p99, 2),
        "page_requests": [len(quiet), len(flooded)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--flooders", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rate", type=float, default=0, help="404s/s in all (0: no pause)")
    parser.add_argument("--companies", type=int, default=120)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        report = measure(args.flooders, args.seconds, args.rate, args.companies, Path(tmp))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print(
        f"{report['flooders']} flooders, {report['not_found_per_s']:,} 404s/s: cached page p99 "
        f"{report['quiet_p99_ms']} ms quiet, {report['flood_p99_ms']} ms flooded "
        f"({report['p99_ratio']}x); p50 {report['quiet_p50_ms']} -> {report['flood_p50_ms']} ms"
    )


if __name__ == "__main__":
    main()

"""A slow page must not hold up the fast ones: /healthz and a cached page under 8 clients of
a comparison that is rendered on every request.

Why: a request's database and CPU work runs in a worker thread (sync handlers, one
read-only connection per thread), so the event loop stays free to answer what needs no
work. This script

1. writes two posts about one company, a year apart, each with `--statements` bullets in
   one block (words and figures, as real statements have), and loads them;
2. serves them with `canvas serve --workers 1` on a free loopback port (one process: the
   worst case, every request on the same loop);
3. times the API comparison of the two years alone (`/api/companies/{slug}/compare/...`,
   each request under a Host of its own, so it is computed every time, not served from the
   page cache): the reference;
4. then for `--seconds` keeps `--clients` threads asking for that comparison while one more
   thread asks, in turn, for `/healthz` and a cached canvas page, and reports the slow
   page's median and the fast ones' p50/p99, as ratios to the slow median.

Loopback only, bounded in clients and time. `tests/test_serving_slow.py` runs it small.

    .venv/bin/python bench/slow_page.py                      # 2,000 statements, 8 clients, 20 s
    .venv/bin/python bench/slow_page.py --statements 600 --seconds 6
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx
from local_server import HOST, ROOT, environment, load, percentile, serving

OUT = ROOT / "bench" / "out" / "slow_page.json"
SLUG = "slowco"
WORDS = [
    "agents",
    "brokers",
    "clinics",
    "pharmacies",
    "employers",
    "members",
    "plans",
    "claims",
    "networks",
    "hospitals",
    "doctors",
    "nurses",
    "software",
    "analytics",
    "contracts",
    "premiums",
    "reinsurance",
    "coverage",
    "benefits",
    "services",
    "partners",
    "regions",
    "markets",
    "channels",
    "segments",
]


def post(year: int, statements: int) -> str:
    """A post about Slowco: `statements` bullets, each its own words and figures."""
    lines = [
        "---",
        f"title: {SLUG}",
        "---",
        "",
        "Businessmodel of Slowco",
        "-----------------------",
        "",
        "### Key Activities",
        "",
    ]
    for n in range(statements):
        words = " ".join(WORDS[(n * 7 + k * 3) % len(WORDS)] for k in range(8))
        lines.append(f"* Slowco {words} {n} in {year}: ${(n * 37) % 900 + 10} million.")
    return "\n".join(lines) + "\n"


_asked = iter(range(10**9))


def uncached() -> dict[str, str]:
    """A Host of its own for each slow request (a loopback name, which the site answers):
    the comparison is kept like a page, so the same request twice would be a cached one."""
    return {"Host": f"s{next(_asked)}.localhost"}


def measure(statements: int, clients: int, seconds: float, tmp: Path) -> dict[str, object]:
    docs = tmp / "docs"
    docs.mkdir()
    (docs / "slowco-2023.md").write_text(post(2023, statements), encoding="utf-8")
    (docs / "slowco-2024.md").write_text(post(2024, statements), encoding="utf-8")
    db = tmp / "canvas.db"
    env = environment()
    load(docs, db, env)
    with serving(db, env, "--workers", "1") as served:
        base = f"http://{HOST}:{served.port}"
        slow_url = f"{base}/api/companies/{SLUG}/compare/2023...2024"
        fast = {"healthz": f"{base}/healthz", "cached page": f"{base}/c/{SLUG}/2024"}
        with httpx.Client(timeout=300) as client:
            for url in fast.values():  # the canvas page is rendered once, then cached
                client.get(url).raise_for_status()
            alone = []
            for _ in range(3):
                started = time.perf_counter()
                client.get(slow_url, headers=uncached()).raise_for_status()
                alone.append(time.perf_counter() - started)

        stop = time.monotonic() + seconds
        slow_times: list[float] = []
        fast_times: dict[str, list[float]] = {name: [] for name in fast}
        errors: list[str] = []

        def slow_client() -> None:
            with httpx.Client(timeout=300) as c:
                while time.monotonic() < stop:
                    started = time.perf_counter()
                    response = c.get(slow_url, headers=uncached())
                    if response.status_code != 200:
                        errors.append(f"slow {response.status_code}")
                    slow_times.append(time.perf_counter() - started)

        def fast_client() -> None:
            with httpx.Client(timeout=60) as c:
                time.sleep(min(1.0, seconds / 10))  # once the slow clients are at work
                while time.monotonic() < stop:
                    for name, url in fast.items():
                        started = time.perf_counter()
                        response = c.get(url)
                        if response.status_code != 200:
                            errors.append(f"{name} {response.status_code}")
                        fast_times[name].append(time.perf_counter() - started)
                    time.sleep(0.02)

        threads = [threading.Thread(target=slow_client) for _ in range(clients)]
        threads.append(threading.Thread(target=fast_client))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    slow_median = statistics.median(slow_times)
    report: dict[str, object] = {
        "statements": statements,
        "clients": clients,
        "seconds": seconds,
        "slow_alone_median_s": statistics.median(alone),
        "slow_under_load_median_s": slow_median,
        "slow_requests": len(slow_times),
        "errors": errors,
    }
    for name, times in fast_times.items():
        report[name] = {
            "requests": len(times),
            "p50_s": percentile(times, 0.5),
            "p99_s": percentile(times, 0.99),
            "p99_over_slow_median": percentile(times, 0.99) / slow_median,
        }
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=2000, help="a year's, in one block")
    parser.add_argument("--clients", type=int, default=8, help="asking for the slow page")
    parser.add_argument("--seconds", type=float, default=20, help="how long they ask")
    parser.add_argument("--out", type=Path, default=OUT, help=f"JSON report (default {OUT})")
    args = parser.parse_args()
    if not 1 <= args.clients <= 32 or not 0 < args.seconds <= 120:
        raise SystemExit("clients 1-32 and seconds up to 120: a bounded load")
    with tempfile.TemporaryDirectory(prefix="canvas-slow-") as tmp:
        report = measure(args.statements, args.clients, args.seconds, Path(tmp))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(
        f"slow page ({args.statements} statements a year): alone"
        f" {report['slow_alone_median_s']:.2f} s, under {args.clients} clients"
        f" {report['slow_under_load_median_s']:.2f} s median, {report['slow_requests']} done"
    )
    for name in ("healthz", "cached page"):
        row = report[name]
        assert isinstance(row, dict)
        print(
            f"{name}: {row['requests']} requests, p50 {row['p50_s'] * 1000:.1f} ms,"
            f" p99 {row['p99_s'] * 1000:.1f} ms = {row['p99_over_slow_median']:.3f}"
            " of the slow page's median"
        )
    if report["errors"]:
        print(f"errors: {report['errors'][:5]}")


if __name__ == "__main__":
    main()

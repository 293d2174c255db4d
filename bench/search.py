"""Search benchmark: the 10,000-document corpus, the search index's cost and speed.

Why: issue 14 asks for figures on a real-sized corpus (bench/corpus.py, 10,000 documents,
2,500 companies, about 1.2 million statements), each against a reference measured in the
same run on the same machine:

1. the loader with the search index against the same loader without it (a child process
   that leaves the index empty: no stemming, no index rows; runs alternate A B A B), and the
   database's size with and without the index;
2. the directory (`/`): size and server time of its pages (first, a middle one by cursor,
   a filtered one), rendered in process with the page cache off;
3. search: server time of whole `/search` pages (in process, page cache off) for one-,
   two- and three-word queries and phrases in both languages, common words included,
   against the plain FTS5 query the issue names as the reference (`MATCH ? ORDER BY rank
   LIMIT 20` on the same index);
4. memory: `canvas serve` with one worker answers 10,000 different pages (searches,
   directory pages, canvases), its worker's RSS sampled from /proc.

    .venv/bin/python bench/search.py [--n 10000] [--repeat 2] [--out bench/out/search.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import write_corpus  # noqa: E402
from revision import git_revision  # noqa: E402

OUT = ROOT / "bench" / "out" / "search.json"
QUERIES = {
    "en 1 word": ["network", "customer", "insurance", "reinsurance", "pharmacy", "the"],
    "en 2 words": ["customer support", "retail stores", "cost savings", "health network"],
    "en 3 words": ["health network cost", "customer support centres", "data analytics growth"],
    "en phrase": ['"customer support"', '"retail stores"', '"cost savings programs"'],
    "ar 1 word": ["شبكة", "العملاء", "التأمين", "في"],
    "ar 2 words": ["إعادة التأمين", "دعم العملاء", "من العملاء"],
    "ar 3 words": ["مراكز دعم العملاء", "القطاع العام الحكومة"],
    "ar phrase": ['"مراكز دعم العملاء"', '"تكلفة الخدمات"'],
    "prefix": ["netw*", "insur*", "شبك*"],
}
TARGETS = {"p95_ms": 50.0, "max_ms": 300.0, "page_kb": 100.0, "page_ms": 20.0}
TARGETS |= {"load_slowdown": 0.30, "worker_mb": 150.0}


# -- 1. loading ---------------------------------------------------------------------------


def _without_index() -> None:
    """Child: `canvas load` with the index left empty (the same code, minus the index)."""
    from app.loader import pipeline, store

    pipeline.index_text = lambda topic, text: ""  # type: ignore[assignment]

    def flush(self: store.Store) -> None:
        self._pending = []
        self._pending_sources.clear()

    store.Store._flush_search = flush  # type: ignore[method-assign]
    from app.cli import main

    sys.argv = ["canvas", *sys.argv[2:]]
    main()


def time_load(docs: Path, db: Path, with_index: bool) -> float:
    db.unlink(missing_ok=True)
    command = (
        [sys.executable, "-m", "app.cli"]
        if with_index
        else [sys.executable, __file__, "--child-without-index"]
    )
    started = time.perf_counter()
    subprocess.run([*command, "load", str(docs), "--db", str(db), "--quiet"], check=True, cwd=ROOT)
    return time.perf_counter() - started


# -- 2, 3. pages and search, in process ----------------------------------------------------


def _client(db: Path):  # type: ignore[no-untyped-def]
    os.environ["CANVAS_RENDER_CACHE"] = "false"
    from fastapi.testclient import TestClient

    from app.web import create_app

    return TestClient(base_url="http://127.0.0.1", app=create_app(db))


def timed(client, url: str, repeat: int = 5) -> tuple[list[float], int]:  # type: ignore[no-untyped-def]
    times = []
    size = 0
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        size = len(response.content)
    return times, size


def directory(db: Path) -> dict[str, object]:
    client = _client(db)
    conn = sqlite3.connect(db)
    names = [
        s for (s,) in conn.execute("SELECT slug FROM companies ORDER BY name COLLATE NOCASE, slug")
    ]
    pages = {"first": "/", "middle": f"/?after={names[len(names) // 2]}", "filtered": "/?q=health"}
    found = {}
    for name, url in pages.items():
        times, size = timed(client, url)
        found[name] = {
            "url": url,
            "kb": round(size / 1024, 1),
            "median_ms": round(statistics.median(times), 1),
        }
    return found


def search(db: Path, repeat: int) -> dict[str, object]:
    from urllib.parse import quote

    from app.search.syntax import parse

    client = _client(db)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows: list[dict[str, object]] = []
    every: list[float] = []
    reference: list[float] = []
    for group, queries in QUERIES.items():
        for q in queries:
            times, size = timed(client, f"/search?q={quote(q)}", repeat)
            ref = []
            for _ in range(repeat):
                started = time.perf_counter()
                conn.execute(
                    "SELECT rowid FROM claims_search WHERE claims_search MATCH ?"
                    " ORDER BY rank LIMIT 20",
                    (parse(q).match(),),
                ).fetchall()
                ref.append((time.perf_counter() - started) * 1000)
            total = client.get(f"/api/search?q={quote(q)}").json()
            if group != "prefix":
                every += times
                reference += ref
            rows.append({
                "group": group, "q": q, "hits": total["total"], "capped": total["capped"],
                "median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1),
                "kb": round(size / 1024, 1), "fts5_rank_ms": round(statistics.median(ref), 1),
            })  # fmt: skip
    every.sort()
    reference.sort()
    p95 = every[int(0.95 * (len(every) - 1))]
    return {
        "queries": rows,
        "median_ms": round(statistics.median(every), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(max(every), 1),
        "reference_fts5_rank_median_ms": round(statistics.median(reference), 1),
        "reference_fts5_rank_p95_ms": round(reference[int(0.95 * (len(reference) - 1))], 1),
    }


# -- 4. memory over 10,000 pages -------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def memory(db: Path, pages: int) -> dict[str, object]:
    import httpx

    port = _free_port()
    env = {**os.environ, "CANVAS_DB": str(db), "CANVAS_WORKERS": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port)], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                httpx.get(f"{base}/", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        worker = int(children[0]) if children else server.pid
        conn = sqlite3.connect(db)
        words = [w for (w,) in conn.execute("SELECT DISTINCT slug FROM companies")]
        years = conn.execute(
            "SELECT DISTINCT c.slug, b.year FROM blocks b JOIN companies c ON c.id = b.company_id"
        ).fetchall()
        # 10,000 different pages: canvases, directory pages, searches for company names and
        # the benchmark's words, a page of each (every URL once, in an interleaved order)
        names = sorted({w.split("-")[0] for w in words})
        vocabulary = [q for qs in QUERIES.values() for q in qs]
        kinds = [
            [f"/c/{slug}/{year}" for slug, year in years],
            [f"/?after={w}" for w in words],
            [f"/search?q={n}&page={p}" for p in (1, 2) for n in names],
            [f"/search?q={q}&page={p}" for p in range(1, 41) for q in vocabulary],
        ]
        urls: list[str] = []
        seen: set[str] = set()
        while len(urls) < pages and any(kinds):
            for kind in kinds:
                if kind and len(urls) < pages:
                    url = kind.pop()
                    if url not in seen:
                        seen.add(url)
                        urls.append(url)
        samples = []
        started = time.perf_counter()
        with httpx.Client(base_url=base, timeout=30) as client:
            for i, url in enumerate(urls):
                assert client.get(url).status_code == 200, url
                if i % 250 == 0:
                    samples.append(_rss_mb(worker))
        samples.append(_rss_mb(worker))
        return {
            "pages": len(urls), "distinct": len(set(urls)),
            "seconds": round(time.perf_counter() - started, 1),
            "rss_mb_start": round(samples[0], 1), "rss_mb_max": round(max(samples), 1),
            "rss_mb_end": round(samples[-1], 1),
        }  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child-without-index":
        _without_index()
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=2, help="loads of each kind (alternated)")
    parser.add_argument("--pages", type=int, default=10_000, help="pages for the memory run")
    parser.add_argument("--tmp", help="where the corpus and databases go")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-search-", dir=args.tmp))
    try:
        docs = work / "docs"
        stats = write_corpus(docs, args.n)
        loads: dict[str, list[float]] = {"with": [], "without": []}
        for _ in range(args.repeat):
            loads["without"].append(time_load(docs, work / "without.db", False))
            loads["with"].append(time_load(docs, work / "with.db", True))
        with_s, without_s = (statistics.median(loads[k]) for k in ("with", "without"))
        report = {
            "revision": git_revision(),
            "corpus": {
                "documents": stats.documents, "claims": stats.claims, "companies": stats.companies,
            },
            "load": {
                "with_index_s": [round(t, 1) for t in loads["with"]],
                "without_index_s": [round(t, 1) for t in loads["without"]],
                "slowdown": round(with_s / without_s - 1, 3),
                "db_mb_with": round((work / "with.db").stat().st_size / 1e6, 1),
                "db_mb_without": round((work / "without.db").stat().st_size / 1e6, 1),
            },
            "directory": directory(work / "with.db"),
            "search": search(work / "with.db", repeat=5),
            "memory": memory(work / "with.db", args.pages),
            "targets": TARGETS,
        }  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "search"}, indent=2))
    s = report["search"]
    print(json.dumps({k: v for k, v in s.items() if k != "queries"}, indent=2))  # type: ignore[union-attr]
    for row in s["queries"]:  # type: ignore[index]
        print(row)


if __name__ == "__main__":
    main()

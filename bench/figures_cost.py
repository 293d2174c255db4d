"""What figures with meaning (issue 27) cost: the load and the pages, against the code before.

Why: reading what each figure measures runs on every figure of every document the loader
reads, and the canvas and comparison pages now read figures too; the issue holds the loader
and both pages within 1.3x of the code before it. A ratio measured in one run, on one
machine, is the only fair one: this script checks the reference revision out into a
temporary git worktree and, for `--repeat` rounds, alternately

1. loads the same `bench/corpus.py` documents with each revision's `canvas load` (a child
   process each, interpreter start-up included), timing the wall clock;
2. before that, loads the seeds with each revision and renders, in a child process, each
   canvas and comparison of the seeds `--renders` times with the page cache off (FastAPI's
   TestClient, the whole request path), keeping the median per page; the disk is synced
   first (a render timed beside the last load's writeback measured the disk).

It prints the medians and the ratios (this revision over the reference) and writes
bench/out/figures_cost.json.

    .venv/bin/python bench/figures_cost.py --docs 10000            # the issue's bench
    .venv/bin/python bench/figures_cost.py --docs 200 --repeat 1   # a smoke run
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import write_corpus
from revision import git_revision

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "figures_cost.json"
#: The last commit before figure meanings reached the loader and the pages.
REFERENCE = "0002fd3"
PAGES = (
    "/c/cigna/2015",
    "/c/cigna/2023",
    "/c/cigna/2025",
    "/c/cigna/compare/2015...2025",
    "/c/cigna/compare/2023...2025",
)
RENDER = """
import json, statistics, sys, time
from pathlib import Path
from fastapi.testclient import TestClient
from app.web import create_app
db, pages, n = Path(sys.argv[1]), sys.argv[2].split(","), int(sys.argv[3])
client = TestClient(create_app(db, render_cache=False), base_url="http://127.0.0.1")
out = {}
for page in pages:
    assert client.get(page).status_code == 200, page  # warm: templates, catalogs
    times = []
    for _ in range(n):
        start = time.perf_counter()
        client.get(page)
        times.append(time.perf_counter() - start)
    out[page] = statistics.median(times)
print(json.dumps(out))
"""


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python ARGS` with `root`'s app package first on the path."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [sys.executable, *args], cwd=root, env=env, capture_output=True, text=True, check=True
    )


def load(root: Path, docs: Path, db: Path) -> float:
    db.unlink(missing_ok=True)
    start = time.perf_counter()
    run(
        root,
        "-c",
        "from app.cli import main; main()",
        "load",
        str(docs),
        "--db",
        str(db),
        "--quiet",
    )
    return time.perf_counter() - start


def renders(root: Path, db: Path, n: int) -> dict[str, float]:
    answer = run(root, "-c", RENDER, str(db), ",".join(PAGES), str(n))
    found: dict[str, float] = json.loads(answer.stdout)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", default=REFERENCE)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--corpus", type=Path, help="documents already written (else written)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--renders", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="figures-cost-") as tmp:
        work = Path(tmp)
        reference = work / "reference"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(reference), args.reference],
            cwd=ROOT, check=True, capture_output=True,
        )  # fmt: skip
        try:  # the worktree holds no compiled message catalogs: the app needs them
            run(reference, "-m", "babel.messages.frontend", "compile", "-d", "app/locales")
            docs = args.corpus
            if docs is None:
                docs = work / "docs"
                write_corpus(docs, args.docs)
            sides = {"reference": reference, "head": ROOT}
            loads: dict[str, list[float]] = {side: [] for side in sides}
            pages: dict[str, dict[str, list[float]]] = {side: {} for side in sides}
            for _ in range(args.repeat):
                for side, root in sides.items():
                    # the pages first, after the disk has written what the last load left
                    # (renders timed beside a gigabyte's writeback measured the disk)
                    seeds = work / f"{side}-seeds.db"
                    load(root, ROOT / "seeds", seeds)
                    os.sync()
                    for page, seconds in renders(root, seeds, args.renders).items():
                        pages[side].setdefault(page, []).append(seconds)
                    loads[side].append(load(root, docs, work / f"{side}.db"))
                    (work / f"{side}.db").unlink()
                    os.sync()
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(reference)], cwd=ROOT, check=False
            )
    load_ref, load_head = (statistics.median(loads[s]) for s in sides)
    result: dict[str, object] = {
        "reference": args.reference,
        "revision": git_revision(),
        "documents": args.docs if args.corpus is None else len(list(args.corpus.iterdir())),
        "load_seconds": {"reference": load_ref, "head": load_head, "ratio": load_head / load_ref},
        "pages_ms": {},
    }
    print(f"load of {result['documents']:,} documents: reference {load_ref:.2f} s, "
          f"this revision {load_head:.2f} s, ratio {load_head / load_ref:.2f}")  # fmt: skip
    for page in PAGES:
        ref = statistics.median(pages["reference"][page]) * 1000
        head = statistics.median(pages["head"][page]) * 1000
        result["pages_ms"][page] = {"reference": ref, "head": head, "ratio": head / ref}  # type: ignore[index]
        print(
            f"{page}: reference {ref:.1f} ms, this revision {head:.1f} ms, ratio {head / ref:.2f}"
        )
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()

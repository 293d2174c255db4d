"""Load benchmark: `canvas load` end to end against plain sqlite3 inserts of the same rows.

Why: the loader parses, classifies and writes every document inside one transaction and then
swaps the file in; we need to know whether that stays fast and flat in memory as corpora
grow, and how far it is from the floor set by SQLite itself. For each N this script

1. writes N synthetic documents of both families to a temp dir (bench/corpus.py, seeded);
2. times `canvas load DIR --db X --quiet` as a child process on a fresh db (the real CLI,
   interpreter start-up included) and takes its peak RSS from `wait4()`, which reports the
   rusage of that one child (the largest of its process and any worker processes it reaped),
   so measurements never mix; since the loader may fork workers, it also samples the summed
   RSS of the whole process tree from /proc (an upper bound: shared pages count twice);
3. in another child, copies the schema of the loaded db into a fresh db and times only the
   `executemany` inserts of every row it holds, plus the commit, in one transaction
   (rows are read in chunks outside the timed part, so its RSS stays meaningful);
4. repeats 2 and 3 `--repeat` times (default 3) on fresh dbs, keeping the median wall time
   and the largest RSS, then prints a markdown table with PASS/FAIL against the targets and
   writes bench/out/load.json (with the git commit measured, and a flag if app/ changed).

Targets: 1,000 documents in under 10 s; peak RSS independent of N (largest N within +25% of
the smallest, normally 10k vs 1k); end-to-end at least 25% of the baseline's claims/s.

    .venv/bin/python bench/load.py                # N = 1,000 and 10,000
    .venv/bin/python bench/load.py --n 50 --repeat 1   # smoke run
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from corpus import CorpusStats, write_corpus
from revision import git_revision

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "load.json"
DEFAULT_NS = (1_000, 10_000)
CHUNK_ROWS = 500  # sources rows carry whole documents: keep the baseline's memory flat

TARGET_1K_SECONDS = 10.0
TARGET_RSS_GROWTH = 1.25
TARGET_BASELINE_SHARE = 0.25


@dataclass(frozen=True, slots=True)
class ChildRun:
    exit_code: int
    wall_s: float
    peak_rss_mb: float  # wait4(): the largest single process of the tree
    tree_rss_mb: float  # sampled: the largest sum over the live process tree
    stdout: str
    stderr: str


@dataclass(frozen=True, slots=True)
class Measurement:
    engine: str
    documents: int
    claims: int
    wall_s: float  # median over the repeats
    peak_rss_mb: float  # largest over the repeats
    tree_rss_mb: float
    walls: tuple[float, ...]

    @property
    def docs_per_s(self) -> float:
        return self.documents / self.wall_s

    @property
    def claims_per_s(self) -> float:
        return self.claims / self.wall_s


@dataclass(frozen=True, slots=True)
class Run:
    n: int
    corpus: CorpusStats
    generate_s: float
    loader: Measurement
    baseline: Measurement
    claims_in_db: int
    sources_in_db: int

    @property
    def ratio(self) -> float:
        return self.loader.claims_per_s / self.baseline.claims_per_s


# -- children ---------------------------------------------------------------------------


def run_child(argv: list[str], workdir: Path, timeout: float) -> ChildRun:
    """Run `argv` to completion; wall time and the peak RSS of that process alone."""
    out_path, err_path = workdir / "child.out", workdir / "child.err"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        try:
            status, usage, tree_kib = _wait(proc.pid, started + timeout)
        except BaseException:
            proc.kill()
            os.wait4(proc.pid, 0)
            proc.returncode = -9
            raise
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    return ChildRun(
        exit_code=proc.returncode,
        wall_s=wall,
        peak_rss_mb=usage.ru_maxrss / 1024,  # Linux reports KiB
        tree_rss_mb=max(tree_kib, usage.ru_maxrss) / 1024,
        stdout=out_path.read_text(encoding="utf-8", errors="replace"),
        stderr=err_path.read_text(encoding="utf-8", errors="replace"),
    )


def _wait(pid: int, deadline: float) -> tuple[int, resource.struct_rusage, int]:
    delay = 0.001
    tree_kib = 0
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done == pid:
            return status, usage, tree_kib
        if time.perf_counter() > deadline:
            raise TimeoutError(f"child {pid} still running at the deadline")
        tree_kib = max(tree_kib, _tree_rss_kib(pid))
        time.sleep(delay)
        delay = min(delay * 2, 0.02)


def _tree_rss_kib(root: int) -> int:
    """Summed VmRSS of `root` and its descendants, now (0 where /proc cannot tell)."""
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            status = Path(f"/proc/{pid}/status").read_bytes()
            rss = next((ln for ln in status.splitlines() if ln.startswith(b"VmRSS:")), b"")
            total += int(rss.split()[1]) if rss else 0
            for task in Path(f"/proc/{pid}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return total


def canvas_command() -> list[str]:
    script = Path(sys.executable).with_name("canvas")
    return [str(script)] if script.exists() else [sys.executable, "-m", "app.cli"]


def baseline_child(source_db: Path, target_db: Path) -> None:
    """(Child process.) Insert every row of `source_db` into a fresh db with its schema.
    The full-text index is copied as the plain tables FTS5 keeps it in (its shadow tables,
    without the virtual table over them): the same bytes, inserted as rows."""
    source = sqlite3.connect(f"file:{source_db}?mode=ro", uri=True)
    schema = source.execute(
        "SELECT type, name, sql FROM sqlite_master"
        " WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
        " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY rowid"
    ).fetchall()
    target = sqlite3.connect(target_db, isolation_level=None)
    for _, _, sql in schema:
        target.execute(sql)
    counts: dict[str, int] = {}
    timed = 0.0
    target.execute("BEGIN")
    for kind, table, _ in schema:
        if kind != "table":
            continue
        columns = [row[1] for row in source.execute(f'PRAGMA table_info("{table}")')]
        names = ", ".join(f'"{c}"' for c in columns)
        insert = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'
        cursor = source.execute(f'SELECT {names} FROM "{table}"')
        counts[table] = 0
        while chunk := cursor.fetchmany(CHUNK_ROWS):
            started = time.perf_counter()
            target.executemany(insert, chunk)
            timed += time.perf_counter() - started
            counts[table] += len(chunk)
    started = time.perf_counter()
    target.execute("COMMIT")
    timed += time.perf_counter() - started
    target.close()
    source.close()
    print(json.dumps({"seconds": timed, "rows": counts}))


# -- one N ----------------------------------------------------------------------------------


def bench_one(n: int, seed: int, repeat: int, timeout: float, tmp_root: str | None) -> Run:
    with tempfile.TemporaryDirectory(prefix="canvas-bench-", dir=tmp_root) as tmp_name:
        tmp = Path(tmp_name)
        corpus_dir = tmp / "corpus"
        started = time.perf_counter()
        stats = write_corpus(corpus_dir, n, seed)
        generate_s = time.perf_counter() - started
        _note(
            f"N={n}: wrote {stats.documents} documents ({stats.posts} posts, {stats.pages} pages,"
            f" {stats.claims} claims, {stats.bytes / 1e6:.1f} MB) in {generate_s:.1f} s"
        )
        loads: list[ChildRun] = []
        bases: list[ChildRun] = []
        base_seconds: list[float] = []
        claims_in_db = sources_in_db = 0
        for attempt in range(1, repeat + 1):
            loaded = tmp / f"loaded-{attempt}.db"
            load = run_child(
                [*canvas_command(), "load", str(corpus_dir), "--db", str(loaded), "--quiet"],
                tmp,
                timeout,
            )
            if load.exit_code != 0:
                sys.stderr.write(load.stderr[-4000:])
                raise SystemExit(f"canvas load exited {load.exit_code} on the generated corpus")
            with sqlite3.connect(f"file:{loaded}?mode=ro", uri=True) as conn:
                claims_in_db = conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
                sources_in_db = conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0]
            base = run_child(
                [sys.executable, str(Path(__file__).resolve()), "--baseline-child", str(loaded),
                 str(tmp / f"baseline-{attempt}.db")],
                tmp,
                timeout,
            )  # fmt: skip
            if base.exit_code != 0:
                sys.stderr.write(base.stderr[-4000:])
                raise SystemExit(f"baseline child exited {base.exit_code}")
            result = json.loads(base.stdout)
            if result["rows"].get("claims") != claims_in_db:
                raise SystemExit(f"baseline copied {result['rows']} rows, not the loaded claims")
            _note(
                f"N={n} #{attempt}: canvas load {load.wall_s:.2f} s, {load.peak_rss_mb:.0f} MB"
                f" (tree {load.tree_rss_mb:.0f} MB), {sources_in_db} sources, {claims_in_db}"
                f" claims; baseline {result['seconds']:.2f} s, {base.peak_rss_mb:.0f} MB"
            )
            loads.append(load)
            bases.append(base)
            base_seconds.append(result["seconds"])
            for path in tmp.glob("*.db*"):
                path.unlink()  # keep the disk footprint to one run's
    return Run(
        n=n,
        corpus=stats,
        generate_s=generate_s,
        loader=_measurement("canvas load", n, claims_in_db, [r.wall_s for r in loads], loads),
        baseline=_measurement("sqlite3 executemany", n, claims_in_db, base_seconds, bases),
        claims_in_db=claims_in_db,
        sources_in_db=sources_in_db,
    )


def _measurement(
    engine: str, documents: int, claims: int, walls: list[float], runs: list[ChildRun]
) -> Measurement:
    return Measurement(
        engine=engine,
        documents=documents,
        claims=claims,
        wall_s=statistics.median(walls),
        peak_rss_mb=max(r.peak_rss_mb for r in runs),
        tree_rss_mb=max(r.tree_rss_mb for r in runs),
        walls=tuple(walls),
    )


def _note(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- targets and report -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Verdict:
    target: str
    value: str
    passed: bool | None  # None: not measured in this run

    @property
    def mark(self) -> str:
        return {True: "PASS", False: "FAIL", None: "n/a"}[self.passed]


def verdicts(runs: list[Run]) -> list[Verdict]:
    found: list[Verdict] = []
    by_n = {run.n: run for run in runs}
    for run in runs:
        ok = run.claims_in_db == run.corpus.claims and run.sources_in_db == run.n
        found.append(
            Verdict(
                f"N={run.n}: loader stored what the corpus holds",
                f"{run.sources_in_db}/{run.n} documents, {run.claims_in_db}/{run.corpus.claims}"
                " claims",
                ok,
            )
        )
    one_k = by_n.get(1_000)
    found.append(
        Verdict(
            f"1,000 documents in under {TARGET_1K_SECONDS:g} s",
            f"{one_k.loader.wall_s:.2f} s" if one_k else "N=1000 not run",
            one_k.loader.wall_s < TARGET_1K_SECONDS if one_k else None,
        )
    )
    if 1_000 in by_n and 10_000 in by_n:
        small, large = by_n[1_000], by_n[10_000]
    elif len(runs) >= 2:
        small, large = min(runs, key=lambda r: r.n), max(runs, key=lambda r: r.n)
    else:
        small = large = None
    if small is not None and large is not None:
        growth = large.loader.peak_rss_mb / small.loader.peak_rss_mb
        found.append(
            Verdict(
                f"peak RSS independent of N (N={large.n} within +25% of N={small.n})",
                f"{small.loader.peak_rss_mb:.0f} -> {large.loader.peak_rss_mb:.0f} MB"
                f" ({growth - 1:+.0%})",
                growth <= TARGET_RSS_GROWTH,
            )
        )
    else:
        found.append(Verdict("peak RSS independent of N", "needs two values of N", None))
    for run in runs:
        found.append(
            Verdict(
                f"N={run.n}: end-to-end >= {TARGET_BASELINE_SHARE:.0%} of baseline claims/s",
                f"{run.ratio:.1%}",
                run.ratio >= TARGET_BASELINE_SHARE,
            )
        )
    return found


def markdown(runs: list[Run], found: list[Verdict]) -> str:
    lines = [
        "| N | engine | claims | wall s (median) | docs/s | claims/s | peak RSS MB"
        " | tree RSS MB | rate vs baseline |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        for m in (run.loader, run.baseline):
            share = m.claims_per_s / run.baseline.claims_per_s
            lines.append(
                f"| {run.n:,} | {m.engine} | {m.claims:,} | {m.wall_s:.2f} | {m.docs_per_s:,.0f}"
                f" | {m.claims_per_s:,.0f} | {m.peak_rss_mb:.0f} | {m.tree_rss_mb:.0f}"
                f" | {share:.1%} |"
            )
    lines += ["", "| target | value | result |", "|---|---|---|"]
    lines += [f"| {v.target} | {v.value} | {v.mark} |" for v in found]
    return "\n".join(lines)


def as_json(
    runs: list[Run], found: list[Verdict], seed: int, repeat: int, git: dict[str, object]
) -> dict[str, object]:
    def measurement(m: Measurement) -> dict[str, object]:
        return {
            **asdict(m),
            "docs_per_s": m.docs_per_s,
            "claims_per_s": m.claims_per_s,
        }

    return {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "git": git,
        "seed": seed,
        "repeat": repeat,
        "runs": [
            {
                "n": run.n,
                "corpus": asdict(run.corpus),
                "generate_s": run.generate_s,
                "claims_in_db": run.claims_in_db,
                "sources_in_db": run.sources_in_db,
                "loader": measurement(run.loader),
                "baseline": measurement(run.baseline),
                "loader_rate_vs_baseline": run.ratio,
            }
            for run in runs
        ],
        "targets": [{**asdict(v), "result": v.mark} for v in found],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--n", type=int, action="append", help="documents per run; repeatable (default 1k, 10k)"
    )
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per N (default 3)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per child process")
    parser.add_argument("--tmp", help="where the temp dirs go (default: the system's)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"JSON report (default {OUT})")
    parser.add_argument("--baseline-child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline_child:
        baseline_child(*args.baseline_child)
        return
    ns = args.n or list(DEFAULT_NS)
    if any(n < 1 for n in ns) or args.repeat < 1:
        parser.error("--n and --repeat must be at least 1")
    git = git_revision()
    runs = [bench_one(n, args.seed, args.repeat, args.timeout, args.tmp) for n in ns]
    if git_revision() != git:
        git["changed_during_run"] = True
        _note("warning: app/ or migrations/ changed while the benchmark ran")
    found = verdicts(runs)
    print(markdown(runs, found))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(as_json(runs, found, args.seed, args.repeat, git), indent=2) + "\n"
    )
    print(f"\nwrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()

"""Loader memory: the peak RSS of `canvas load` on one hostile-but-accepted document.

Why: the loader holds a whole document, and what it makes of it, in memory at once; a
document that is accepted must not take a multiple of its size that no machine has. For
each shape and size this script

1. writes one document of that shape (below) near the loader's limits, as large as asked
   (every shape stays within the caps: 10 MB a file, 1 MB a line, 100,000 lines,
   20,000 statements a document and 5,000 a block, 100 cells a table row);
2. runs `canvas load FILE --db FRESH --quiet` as a child process (the real command line,
   interpreter start-up, Alembic migrating a fresh database and the final integrity check
   included) and takes its peak RSS from `wait4()`;
3. in the same run, measures the reference: the same command loading a tiny document
   (three statements), three times, the median kept;
4. reports peak, peak minus the reference ("net"), and net over the document's size, as a
   markdown table, and writes bench/out/loader_memory.json.

Shapes:

- `table`: a markdown post whose nine blocks are one pipe table each, 20,000 rows in all,
  each row up to 100 short cells (a cell is a string object, a tuple slot and a JSON item);
- `bullets`: 20,000 bullets of English words and a few figures, as long as the size asks;
- `paragraphs`: paragraphs of four lines of 250 KB each (a 1 MB statement each);
- `arabic`: a scraped page in Arabic, 20,000 statements packed with figures (`12%`, `١٣٪`:
  as many as a statement holds, up to the 40 it keeps), a sub-heading every twenty;
- `noise`: lines of 40 bytes or more (99,000 at most), nine in ten of them task lines
  (dropped, each kept as a `Dropped` with its text), one in ten a short bullet.

And the two reproductions of the issue, at their own size (refused now, by the caps):
`issue-bullets` (4 MB of one-letter bullets: a million statements) and `issue-wide-rows`
(8 MB of table rows of 300,000 two-letter cells each).

`--root DIR` measures another checkout (its `app/` and `migrations/`, with this virtualenv):
how the "before" figures of bench/README.md were taken, from `git archive HEAD`.
`--trace SHAPE` runs `prepare()` in process under tracemalloc instead, and prints where the
memory goes: the top allocation sites at the end, the peak, and the retained size of each
field of the `PreparedDocument`.

    .venv/bin/python bench/loader_memory.py                       # 1, 3, 10 MB, every shape
    .venv/bin/python bench/loader_memory.py --size 1 --shape table  # one cell
    .venv/bin/python bench/loader_memory.py --trace arabic --size 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from app.loader.document import MAX_LINES, MAX_ROW_CELLS, MAX_STATEMENTS

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "loader_memory.json"
MB = 1_000_000

#: The loader's caps: the documents are made from this checkout's, whichever checkout loads
#: them (`--root`).
STATEMENTS, LINES, ROW_CELLS = MAX_STATEMENTS, MAX_LINES, MAX_ROW_CELLS
TARGET_RATIO = 30.0  # net peak at most this many times the document's size
TARGET_NET_MB = 400.0  # and at most this, for any document under the 10 MB limit

BLOCKS_EN = (
    "Key Partners", "Key Activities", "Key Resources", "Value Propositions",
    "Customer Relationships", "Channels", "Customer Segments", "Cost Structure",
    "Revenue Streams",
)  # fmt: skip
BLOCKS_AR = (
    "الشركاء الرئيسيون", "الأنشطة الرئيسية", "الموارد الرئيسية", "عروض القيمة",
    "العلاقات مع العملاء", "القنوات", "شرائح العملاء", "هيكل التكاليف", "مصادر الإيرادات",
)  # fmt: skip
WORDS = (
    "network", "customers", "pharmacy", "growth", "insurance", "members", "services",
    "digital", "partners", "benefits", "clinical", "retail", "employer", "health", "plans",
)  # fmt: skip
AR_WORDS = ("الإيرادات", "العملاء", "الشبكة", "التأمين", "الخدمات", "نمو", "الرقمية")
POST_HEAD = "---\ntitle: Acme\n---\n\nBusinessmodel of Acme\n---------------------\n"


# -- documents ------------------------------------------------------------------------------


def _words(length: int, seed: int) -> str:
    """English words with a figure now and then, `length` characters (about)."""
    out: list[str] = []
    size, i = 0, seed
    while size < length:
        word = WORDS[i % len(WORDS)] if i % 7 else f"{i % 90 + 10}.5%"
        out.append(word)
        size += len(word) + 1
        i += 1
    return " ".join(out)[:length].rstrip() or "x"


def _spread(total: int, blocks: int) -> list[int]:
    base, extra = divmod(total, blocks)
    return [base + (1 if b < extra else 0) for b in range(blocks)]


def table(size: int) -> str:
    rows = STATEMENTS
    width = max(12, size // rows - 1)  # a row's characters, its newline aside
    parts = [POST_HEAD]
    n = 0
    for block, count in zip(BLOCKS_EN, _spread(rows, len(BLOCKS_EN)), strict=True):
        parts.append(f"\n### {block}\n\n| Item | Region | Units in 2023 | Share | Note |\n")
        parts.append("|---|---|---|---|---|\n")
        for _ in range(count):
            cells = max(2, min(ROW_CELLS, width // 5))  # `| ab ` is five characters
            cell = max(1, width // cells - 3)
            row = "| 2023 |" + "".join(
                f" {str(n + c)[-cell:].rjust(cell, 'a')} |" for c in range(cells - 1)
            )
            parts.append(row + "\n")
            n += 1
    return "".join(parts)


def bullets(size: int) -> str:
    per = max(8, size // STATEMENTS - 3)
    parts = [POST_HEAD]
    n = 0
    for block, count in zip(BLOCKS_EN, _spread(STATEMENTS, len(BLOCKS_EN)), strict=True):
        parts.append(f"\n### {block}\n\n")
        for _ in range(count):
            parts.append(f"- In 2023 {_words(per - 8, n)}\n")
            n += 1
    return "".join(parts)


def paragraphs(size: int) -> str:
    line = 250_000
    count = max(1, size // (4 * line))
    parts = [POST_HEAD]
    blocks = _spread(count, len(BLOCKS_EN))
    n = 0
    for block, many in zip(BLOCKS_EN, blocks, strict=True):
        parts.append(f"\n### {block}\n\n")
        for _ in range(many):
            body = "\n".join(f"In 2023 {_words(line - 8, n + k)}" for k in range(4))
            parts.append(body + "\n\n")
            n += 4
    return "".join(parts)


def arabic(size: int) -> str:
    per = max(40, size // STATEMENTS - 1)  # bytes a statement, its newline aside
    parts = ["شركة Acme (ACM): نموذج الأعمال التجارية |\n"]
    n = 0
    for block, count in zip(BLOCKS_AR, _spread(STATEMENTS, len(BLOCKS_AR)), strict=True):
        parts.append(f"شركة Acme (ACM) - نموذج الأعمال: {block}\n")
        for k in range(count):
            if k % 20 == 0:
                parts.append(f"القسم {AR_WORDS[k % len(AR_WORDS)]}\n")
            text, used, figures = f"في عام 2023 ارتفعت {n}", 0, 0
            used = len(text.encode())
            while figures < 40 and used + 8 < per:  # as many figures as the line holds
                figure = f" {(n + figures) % 90 + 10}٪" if figures % 2 else f" {figures + 10}%"
                text += figure
                used += len(figure.encode())
                figures += 1
            while used + 16 < per:
                word = f" {AR_WORDS[(n + used) % len(AR_WORDS)]}"
                text += word
                used += len(word.encode())
            parts.append(text + ".\n")
            n += 1
    return "".join(parts)


def noise(size: int) -> str:
    lines = min(LINES - 1_000, size // 40)
    per = max(40, size // lines - 1)
    parts = [POST_HEAD]
    n = 0
    for block, count in zip(BLOCKS_EN, _spread(lines, len(BLOCKS_EN)), strict=True):
        parts.append(f"\n### {block}\n\n")
        for k in range(count):
            if k % 10 == 0:
                parts.append(f"- Partners in 2023 {n}\n")
            else:
                middle = _words(per - 28, n)
                parts.append(f"Finance: draft {middle} by Friday.\n")
            n += 1
    return "".join(parts)


def issue_bullets(size: int) -> str:
    return POST_HEAD + "\n### Key Partners\n\nAcme in 2023.\n\n" + "- a\n" * (size // 4)


def issue_wide_rows(size: int) -> str:
    row = "|" + "ab|" * 300_000 + "\n"  # 900 KB a row: within the 1 MB line limit
    head = POST_HEAD + "\n### Key Partners\n\n| Item | Year |\n| Acme | 2023 |\n"
    return head + row * (size // len(row))


SHAPES: dict[str, Callable[[int], str]] = {
    "table": table,
    "bullets": bullets,
    "paragraphs": paragraphs,
    "arabic": arabic,
    "noise": noise,
}
ISSUE_SHAPES: dict[str, tuple[Callable[[int], str], int]] = {
    "issue-bullets": (issue_bullets, 4 * MB),
    "issue-wide-rows": (issue_wide_rows, 8 * MB),
}
TINY = POST_HEAD + "\n### Key Partners\n\nAcme works with 40 suppliers in 2023.\n\n- Steel.\n"


def write_document(folder: Path, shape: str, size: int) -> Path:
    maker = SHAPES.get(shape) or ISSUE_SHAPES[shape][0]
    suffix = ".txt" if shape == "arabic" else ".md"
    path = folder / f"{shape}-{size // 1000}k{suffix}"
    path.write_text(maker(size), encoding="utf-8")
    return path


# -- measuring ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Load:
    exit_code: int
    peak_mb: float
    wall_s: float
    error: str


def load_once(document: Path, workdir: Path, root: Path, timeout: float) -> Load:
    """`canvas load DOCUMENT` on a fresh database in a child; its peak RSS (wait4)."""
    db = workdir / "m.db"
    for stale in workdir.glob("m.db*"):
        stale.unlink()
    env = {**os.environ, "PYTHONPATH": str(root), "CANVAS_DB": str(db)}
    argv = [sys.executable, "-m", "app.cli", "load", str(document), "--db", str(db), "--quiet"]
    err_path = workdir / "child.err"
    with err_path.open("wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            argv, cwd=root, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err
        )
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid == proc.pid:
                break
            if time.perf_counter() - started > timeout:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.01)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
    error = err_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    for stale in workdir.glob("m.db*"):
        stale.unlink()
    return Load(
        exit_code=proc.returncode,
        peak_mb=usage.ru_maxrss / 1024,  # Linux reports KiB
        wall_s=wall,
        error=(error[-1][:200] if error else "")
        + (f" ({len(error)} lines)" if len(error) > 1 else ""),
    )


@dataclass(frozen=True, slots=True)
class Row:
    shape: str
    size_bytes: int
    exit_code: int
    peak_mb: float
    net_mb: float
    ratio: float  # net over the document's size
    wall_s: float
    error: str


def measure(
    shapes: list[str], sizes: list[int], root: Path, timeout: float, repeat: int
) -> tuple[float, list[float], list[Row]]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="canvas-mem-") as name:
        tmp = Path(name)
        tiny = tmp / "tiny.md"
        tiny.write_text(TINY, encoding="utf-8")
        references = []
        for _ in range(3):
            ref = load_once(tiny, tmp, root, timeout)
            if ref.exit_code != 0:
                raise SystemExit(f"the tiny document did not load: {ref.error}")
            references.append(ref.peak_mb)
        reference = statistics.median(references)
        _note(f"reference (tiny document): {references} MB, median {reference:.1f}")
        cells = [(s, size) for s in shapes if s in SHAPES for size in sizes]
        cells += [(s, ISSUE_SHAPES[s][1]) for s in shapes if s in ISSUE_SHAPES]
        for shape, size in cells:
            document = write_document(tmp, shape, size)
            actual = document.stat().st_size
            runs = [load_once(document, tmp, root, timeout) for _ in range(repeat)]
            worst = max(runs, key=lambda r: r.peak_mb)
            net = worst.peak_mb - reference
            row = Row(
                shape=shape,
                size_bytes=actual,
                exit_code=worst.exit_code,
                peak_mb=worst.peak_mb,
                net_mb=net,
                ratio=net * 1024 * 1024 / actual,
                wall_s=statistics.median(r.wall_s for r in runs),
                error=worst.error,
            )
            _note(
                f"{shape} {actual / MB:.2f} MB: exit {row.exit_code}, peak {row.peak_mb:.0f} MB,"
                f" net {net:.0f} MB ({row.ratio:.1f}x), {row.wall_s:.1f} s {row.error[:120]}"
            )
            rows.append(row)
            document.unlink()
    return reference, references, rows


def markdown(reference: float, rows: list[Row]) -> str:
    lines = [
        f"reference (tiny document): {reference:.0f} MB",
        "",
        "| shape | size MB | result | peak RSS MB | net MB | net / size | wall s |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for r in rows:
        result = "loaded" if r.exit_code == 0 else f"exit {r.exit_code}"
        lines.append(
            f"| {r.shape} | {r.size_bytes / MB:.2f} | {result} | {r.peak_mb:.0f} | {r.net_mb:.0f}"
            f" | {r.ratio:.1f}× | {r.wall_s:.1f} |"
        )
    loaded = [r for r in rows if r.exit_code == 0]
    if loaded:
        worst_ratio = max(loaded, key=lambda r: r.ratio)
        worst_net = max(loaded, key=lambda r: r.net_mb)
        lines += [
            "",
            f"- net / size at most {TARGET_RATIO:g}×: worst {worst_ratio.ratio:.1f}× "
            f"({worst_ratio.shape}, {worst_ratio.size_bytes / MB:.1f} MB): "
            + ("PASS" if worst_ratio.ratio <= TARGET_RATIO else "FAIL"),
            f"- net at most {TARGET_NET_MB:g} MB: worst {worst_net.net_mb:.0f} MB "
            f"({worst_net.shape}, {worst_net.size_bytes / MB:.1f} MB): "
            + ("PASS" if worst_net.net_mb <= TARGET_NET_MB else "FAIL"),
        ]
    return "\n".join(lines)


# -- where the memory goes ------------------------------------------------------------------


def deep_size(value: object, seen: set[int] | None = None) -> int:
    """Bytes held by `value` and everything it refers to (each object once)."""
    seen = set() if seen is None else seen
    stack, total = [value], 0
    while stack:
        item = stack.pop()
        if id(item) in seen or item is None or isinstance(item, (bool, type)):
            continue
        seen.add(id(item))
        total += sys.getsizeof(item)
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            stack.extend(item)
        elif hasattr(item, "__slots__"):
            stack.extend(getattr(item, s) for s in item.__slots__ if hasattr(item, s))
        elif hasattr(item, "__dict__"):
            stack.append(vars(item))
    return total


def trace(shape: str, size: int) -> None:
    import tracemalloc

    from app.loader.pipeline import prepare

    with tempfile.TemporaryDirectory(prefix="canvas-mem-") as name:
        document = write_document(Path(name), shape, size)
        actual = document.stat().st_size
        tracemalloc.start(1)
        started = time.perf_counter()
        doc = prepare(document, None, Path(name))
        wall = time.perf_counter() - started
        current, peak = tracemalloc.get_traced_memory()
        snapshot = tracemalloc.take_snapshot()
        slim = doc.slim()
        tracemalloc.stop()
    print(f"{shape}: {actual / MB:.2f} MB, prepare() {wall:.1f} s")
    print(f"tracemalloc: peak {peak / MB:.1f} MB ({peak / actual:.1f}x), held {current / MB:.1f}")
    print("\ntop allocation sites still held after prepare():")
    for stat in snapshot.statistics("lineno")[:12]:
        print(f"  {stat.size / MB:8.1f} MB {stat.count:>9,}  {stat.traceback}")
    print("\nretained by the PreparedDocument (each object counted once, in this order):")
    seen: set[int] = set()
    for field in ("source", "rows", "search_texts", "figures"):
        print(f"  {field:<14}{deep_size(getattr(doc, field), seen) / MB:8.1f} MB")
    parsed = doc.parsed
    for field in ("parts", "dropped", "structure", "warnings"):
        print(f"  parsed.{field:<7}{deep_size(getattr(parsed, field), seen) / MB:8.1f} MB")
    print(f"  after slim():  {deep_size(slim) / MB:8.1f} MB in all")


# -- main -----------------------------------------------------------------------------------


def _note(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=float, action="append", help="MB (default 1, 3, 10)")
    parser.add_argument(
        "--shape", action="append", choices=[*SHAPES, *ISSUE_SHAPES], help="default: all"
    )
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to measure")
    parser.add_argument("--repeat", type=int, default=1, help="loads per cell (the worst kept)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per load")
    parser.add_argument("--trace", choices=[*SHAPES, *ISSUE_SHAPES], help="tracemalloc prepare()")
    parser.add_argument("--out", type=Path, default=OUT, help=f"JSON report (default {OUT})")
    args = parser.parse_args()
    sizes = [int(s * MB) for s in (args.size or [1, 3, 10])]
    if args.trace:
        trace(args.trace, sizes[0])
        return
    shapes = args.shape or [*SHAPES, *ISSUE_SHAPES]
    reference, references, rows = measure(shapes, sizes, args.root.resolve(), args.timeout,
                                          args.repeat)  # fmt: skip
    print(markdown(reference, rows))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from revision import git_revision

    args.out.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "root": str(args.root.resolve()),
        "git": git_revision() if args.root.resolve() == ROOT else None,
        "reference_mb": reference,
        "reference_runs_mb": references,
        "rows": [asdict(r) for r in rows],
    }
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    _note(f"wrote {args.out}")


if __name__ == "__main__":
    main()

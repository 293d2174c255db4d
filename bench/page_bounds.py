"""How large a page any document under the loader's limits can make, and what it costs a worker.

Three documents written to hurt, each within every loader limit (10 MB, 100,000 lines,
1 MB a line, 10,000 statements, 5,000 a block):

- `letters`: 10,000 one-letter bullets, 5,000 in each of two blocks (the most statements);
- `bullets`: the same 10,000 bullets, each 400 characters of `<` and `&` (a 4 MB document
  whose every character HTML must escape), in two years (their comparison);
- `lines`: nine blocks of one bullet of 1,000,000 characters each (a 9 MB document, 9 lines
  of 1 MB);

plus `longsource`, an 8 MB source of 99,000 lines of 80 characters. All are loaded, served
by one worker (`canvas serve --workers 1`, no page cache, so each page is built), and each
page asked once: the canvas, a block's page and its last window, the source page, a
comparison. For each,
its size (uncompressed) and time; at the end the worker's peak memory (VmHWM) and its memory
before the first page.

Loopback only, one process, a few requests. `tests/test_views_bounds.py` runs it.

    .venv/bin/python bench/page_bounds.py
"""

from __future__ import annotations

import argparse
import http.client
import json
import tempfile
import time
from pathlib import Path

from local_server import HOST, ROOT, environment, load, memory_mb, serving

OUT = ROOT / "bench" / "out" / "page_bounds.json"
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def post(slug: str, blocks: dict[str, list[str]], year: int = 2023) -> str:
    lines = ["---", f"title: {slug}", "---", "", f"Businessmodel of {slug.title()}", "-" * 20, ""]
    for heading, bullets in blocks.items():
        lines += [f"### {heading}", "", f"{heading} in {year}."]  # the year the loader reads
        lines += [f"* {b}" for b in bullets] + [""]
    return "\n".join(lines) + "\n"


def documents(docs: Path) -> None:
    letters = [LETTERS[i % 26] for i in range(4999)]
    (docs / "letters-2023.md").write_text(
        post("letters", {"Key Activities": letters, "Channels": letters}), encoding="utf-8"
    )
    hostile = [f"{i:05d} " + "<&" * 197 for i in range(4999)]  # 400 characters each
    for year in (2023, 2024):  # two years: their comparison
        (docs / f"bullets-{year}.md").write_text(
            post("bullets", {"Key Activities": hostile, "Channels": hostile}, year),
            encoding="utf-8",
        )
    headings = [
        "Key Partners", "Key Activities", "Key Resources", "Value Propositions",
        "Customer Relationships", "Channels", "Customer Segments", "Cost Structure",
        "Revenue Streams",
    ]  # fmt: skip
    huge = {h: [f"{h} " + "<a& " * 249_990] for h in headings}  # about 1,000,000 characters
    (docs / "lines-2023.md").write_text(post("lines", huge), encoding="utf-8")
    text = [f"Line {n:06d} of a long filing, " + "x" * 52 for n in range(1, 99_001)]
    (docs / "longsource-2023.md").write_text(
        post("longsource", {"Key Activities": ["One statement."]}) + "\n".join(text) + "\n",
        encoding="utf-8",
    )


PAGES = {
    "letters canvas": "/c/letters/2023",
    "letters block": "/c/letters/2023/key-activities",
    "letters block, last window": "/c/letters/2023/key-activities?from=4950",
    "bullets canvas": "/c/bullets/2023",
    "bullets block": "/c/bullets/2023/key-activities",
    "bullets source": "/sources/bullets-2023",
    "bullets comparison": "/c/bullets/compare/2023...2024",
    "lines canvas": "/c/lines/2023",
    "lines block": "/c/lines/2023/channels",
    "lines source": "/sources/lines-2023",
    "lines quote": "/sources/lines-2023/lines?start=8&end=30",
    "longsource source": "/sources/longsource-2023?from=50000",
}


def measure(tmp: Path) -> dict[str, object]:
    docs = tmp / "docs"
    docs.mkdir()
    documents(docs)
    db = tmp / "canvas.db"
    env = environment(CANVAS_RENDER_CACHE="false")
    load(docs, db, env)
    pages = {}
    with serving(db, env, "--workers", "1") as served:
        pid = served.process.pid
        before = memory_mb(pid)
        conn = http.client.HTTPConnection(HOST, served.port, timeout=300)
        for name, path in PAGES.items():
            started = time.perf_counter()
            conn.request("GET", path)
            answer = conn.getresponse()
            body = answer.read()
            took = time.perf_counter() - started
            if answer.status != 200:
                raise SystemExit(f"{path}: {answer.status}")
            pages[name] = {"path": path, "kb": round(len(body) / 1024), "ms": round(took * 1000)}
        peak = memory_mb(pid, "VmHWM")
    return {
        "documents_mb": {
            p.stem: round(p.stat().st_size / 2**20, 1) for p in sorted(docs.iterdir())
        },
        "pages": pages,
        "worker_before_mb": round(before),
        "worker_peak_mb": round(peak),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        report = measure(Path(folder))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()

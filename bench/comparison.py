"""What a comparison of two snapshots costs as their blocks grow: time and peak memory.

For each N (`--sizes`, default 250 to 4,000), two posts about one company a year apart, each
with one block of N distinct bullets (nine words of a 3,000-word vocabulary and an amount;
the second year keeps 70% of the first's bullets with their amounts changed and writes 30%
anew), are loaded, and a fresh Python process computes the comparison the page and the API
show (app.views.compare_model.comparison): its time (the best of three), and its peak
memory above the process's before it. Growth per doubling of N is the time ratio of
consecutive sizes (issue 25: at most about 2.2x).

    .venv/bin/python bench/comparison.py                     # 250 500 1000 2000 4000
    .venv/bin/python bench/comparison.py --sizes 500 1000    # `tests/test_compare_align.py`
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "comparison.json"
SLUG = "growco"

#: Run in a fresh process: the comparison's time and its peak RSS above the baseline.
PROBE = """
import json, resource, sys, time
from pathlib import Path
from app.db import queries
from app.db.connection import connect_readonly
from app.views.compare_model import comparison
conn = connect_readonly(Path(sys.argv[1]))
company = queries.company(conn, sys.argv[2])
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
took = float("inf")
for _ in range(3):  # the best of three: the machine's noise, not the comparison's cost
    started = time.perf_counter()
    page = comparison(conn, company, 2023, 2024)
    took = min(took, time.perf_counter() - started)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
counts = [b.counts for b in page.blocks if b.in_a or b.in_b]
print(json.dumps({"seconds": took, "peak_mb": (peak - base) / 1024,
                  "matched": sum(c.matched + c.changed for c in counts)}))
"""


def posts(n: int, seed: int = 7) -> tuple[str, str]:
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"  # words of letters only: digits mark numbers
    vocabulary = sorted(
        {"".join(rng.choice(letters) for _ in range(rng.randrange(5, 10))) for _ in range(3000)}
    )
    first = [(rng.sample(vocabulary, 9), rng.randrange(10, 900)) for _ in range(n)]
    second = [
        (words, amount + 7) if rng.random() < 0.7 else (rng.sample(vocabulary, 9), amount)
        for words, amount in first
    ]

    def post(year: int, bullets: list[tuple[list[str], int]]) -> str:
        lines = ["---", f"title: {SLUG}", "---", "", "Businessmodel of Growco", "-" * 22, ""]
        lines += ["### Key Activities", ""]
        lines += [f"* Growco {' '.join(w)} in {year}: ${a} million." for w, a in bullets]
        return "\n".join(lines) + "\n"

    return post(2023, first), post(2024, second)


def measure(n: int, tmp: Path) -> dict[str, object]:
    docs = tmp / f"docs-{n}"
    docs.mkdir()
    first, second = posts(n)
    (docs / f"{SLUG}-2023.md").write_text(first, encoding="utf-8")
    (docs / f"{SLUG}-2024.md").write_text(second, encoding="utf-8")
    db = tmp / f"canvas-{n}.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CANVAS_")}
    subprocess.run([sys.executable, "-m", "app.cli", "load", str(docs), "--db", str(db),
                    "--quiet"], cwd=ROOT, env=env, check=True, timeout=600)  # fmt: skip
    probe = subprocess.run([sys.executable, "-c", PROBE, str(db), SLUG], cwd=ROOT, env=env,
                           capture_output=True, text=True, check=True, timeout=900)  # fmt: skip
    found: dict[str, object] = json.loads(probe.stdout)
    return {"statements": n, **found}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000, 2000, 4000])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            row = measure(n, Path(tmp))
            if rows:
                row["growth"] = round(float(row["seconds"]) / float(rows[-1]["seconds"]), 2)  # type: ignore[arg-type]
            rows.append(row)
            print(
                f"N={n:>5}: {row['seconds']:.2f} s, peak +{row['peak_mb']:.1f} MB, "  # type: ignore[str-format]
                f"{row['matched']} paired"
                + (f", x{row['growth']} per doubling" if "growth" in row else "")
            )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()

"""The load benchmark still runs, and its synthetic corpus loads exactly as generated."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_bench_smoke_run_stores_every_generated_claim(tmp_path: Path) -> None:
    out = tmp_path / "load.json"
    result = subprocess.run(
        [
            sys.executable,
            "bench/load.py",
            "--n",
            "24",
            "--repeat",
            "1",
            "--out",
            str(out),
            "--tmp",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr  # 1: a speed target missed on a small N
    report = json.loads(out.read_text())
    (run,) = report["runs"]
    # the generator counts claims by FORMATS.md's rules; the loader must store exactly those
    assert run["claims_in_db"] == run["corpus"]["claims"] > 24 * 30
    assert run["sources_in_db"] == 24
    assert run["corpus"]["posts"] > 0 and run["corpus"]["pages"] > 0

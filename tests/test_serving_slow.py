"""A slow page holds up no fast one: while 8 clients keep asking for a comparison that is
computed on every request, /healthz and a cached page answer at p99 within a tenth of the
slow page's median (bench/slow_page.py, run small: a ratio in one run, not a time)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def test_a_slow_page_does_not_hold_up_health_checks_or_cached_pages(tmp_path: Path) -> None:
    out = tmp_path / "slow.json"
    result = subprocess.run(
        [sys.executable, "bench/slow_page.py", "--statements", "1000", "--clients", "8",
         "--seconds", "10", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(out.read_text())
    assert report["errors"] == []
    assert report["slow_requests"] >= 8  # every client's request finished at least once
    for name in ("healthz", "cached page"):
        assert report[name]["requests"] >= 20, report
        assert report[name]["p99_over_slow_median"] < 0.1, report

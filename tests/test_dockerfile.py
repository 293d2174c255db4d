"""No Docker engine runs here, so the Dockerfile is linted and its contract read."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

DOCKERFILE = ROOT / "Dockerfile"


def _hadolint() -> str:
    found = Path(sys.executable).parent / "hadolint"
    return str(found) if found.exists() else (shutil.which("hadolint") or "hadolint")


def test_hadolint_finds_nothing() -> None:
    result = subprocess.run(
        [_hadolint(), "--no-color", str(DOCKERFILE)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


def test_imports_seeds_at_build_and_serves_as_non_root() -> None:
    instructions = [
        line.split(None, 1)
        for line in DOCKERFILE.read_text().splitlines()
        if line and not line.startswith((" ", "#"))
    ]
    kinds = [kind for kind, _ in instructions]
    users = [arg for kind, arg in instructions if kind == "USER"]
    assert users and users[-1].split(":")[0] not in {"0", "root"}
    runs = " ".join(arg for kind, arg in instructions if kind == "RUN")
    assert "canvas load seeds" in runs
    assert kinds.index("USER") < kinds.index("CMD")
    assert "serve" in instructions[kinds.index("CMD")][1]

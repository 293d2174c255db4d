"""CANVAS_* variables that name no setting: a warning each, with the closest setting."""

from __future__ import annotations

import re

import pytest

from app.settings import unknown_variables
from tests.conftest import ROOT

#: Every setting as the README's table lists it.
DOCUMENTED = (
    "CANVAS_DB",
    "CANVAS_SEEDS",
    "CANVAS_WORKERS",
    "CANVAS_RENDER_CACHE",
    "CANVAS_PAGE_CACHE_MB",
    "CANVAS_EMBED_ORIGINS",
    "CANVAS_BASE_URL",
)


@pytest.mark.parametrize(
    ("name", "warning"),
    [
        ("CANVAS_WORKER", "CANVAS_WORKER is not a setting; did you mean CANVAS_WORKERS?"),
        (
            "CANVAS_PAGECACHE_MB",
            "CANVAS_PAGECACHE_MB is not a setting; did you mean CANVAS_PAGE_CACHE_MB?",
        ),
        ("CANVAS_BASEURL", "CANVAS_BASEURL is not a setting; did you mean CANVAS_BASE_URL?"),
        ("CANVAS_SEED", "CANVAS_SEED is not a setting; did you mean CANVAS_SEEDS?"),
        ("CANVAS_PORT", "CANVAS_PORT is not a setting"),  # nothing close: no guess
    ],
)
def test_a_misspelled_variable_is_named_with_the_closest_setting(name: str, warning: str) -> None:
    assert unknown_variables({name: "4", "PATH": "/bin"}) == [warning]


def test_every_setting_is_known_in_any_case() -> None:
    environ = {name: "x" for name in DOCUMENTED}
    environ |= {name.lower(): "x" for name in DOCUMENTED}  # read without case, as pydantic does
    environ["CANVAS_MIGRATIONS"] = "migrations"  # a setting too, if undocumented
    environ["HOME"] = "/root"  # not ours
    assert unknown_variables(environ) == []


def test_each_unknown_variable_is_named_once_in_order() -> None:
    found = unknown_variables({"CANVAS_ZZZ": "1", "CANVAS_WORKER": "2", "CANVAS_DB": "x"})
    assert found == [
        "CANVAS_WORKER is not a setting; did you mean CANVAS_WORKERS?",
        "CANVAS_ZZZ is not a setting",
    ]


def test_no_variable_the_project_sets_is_unknown() -> None:
    """Every CANVAS_* name the Makefile, Dockerfile, CI, deploy files, benchmarks, tests and
    docs write is a setting (app/ is left out: its oEmbed size constant is named like one).
    A renamed setting left behind in one of them would warn at every start."""
    places = [ROOT / name for name in ("Makefile", "Dockerfile", "README.md")]
    for folder in (".ci", "deploy", "bench", "tests", "docs"):
        places.extend(p for p in (ROOT / folder).rglob("*") if p.is_file())
    names: set[str] = set()
    for place in places:
        if "vendor" in place.parts or place.suffix in {".db", ".png", ".woff2", ".pyc"}:
            continue
        text = place.read_text(encoding="utf-8", errors="replace")
        names.update(re.findall(r"\bCANVAS_[A-Z][A-Z0-9_]*[A-Z0-9]\b", text))
    assert set(DOCUMENTED) <= names  # the scan sees what it should
    names -= {"CANVAS_WORKER", "CANVAS_PAGECACHE_MB", "CANVAS_BASEURL", "CANVAS_SEED"}
    names -= {"CANVAS_PORT", "CANVAS_ZZZ", "CANVAS_NO_SUCH_THING"}  # this file's typos
    assert unknown_variables(dict.fromkeys(names, "x")) == []

"""The command line as a user runs it: `canvas load` and `canvas check`."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import PAGE_SEED, POST_SEED, ROOT, rows


def test_check_shows_blocks_claims_years_and_drops_and_writes_nothing(
    tmp_path: Path, run_cli, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli("check", PAGE_SEED)
    assert code == 0, err
    assert "scraped-page, company 'Cigna Corporation' (slug cigna, ticker CI)" in out
    assert re.search(r"ar part: year 2023 \(inferred 2023; mentions 2023×\d+", out)
    assert re.search(r"en part: year 2025 \(inferred 2025; mentions 2025×\d+", out)
    assert "key-partners line 10: 20 claims" in out
    assert "L15 row ar [مقدمو الرعاية الصحية والشبكات الطبية]: الأطباء | 750,000" in out
    assert "L421 disclaimer: Disclaimer" in out
    assert "L3 marketing: Fully Editable" in out
    assert "L338 task line: Finance: draft 13-week cash view by Friday." in out
    assert "warning: line 355: task-line suffix removed" in out
    assert list(tmp_path.iterdir()) == []


def test_load_prints_a_table_per_company_and_year(tmp_path: Path, run_cli) -> None:
    code, out, _ = run_cli("load", POST_SEED, PAGE_SEED, "--db", tmp_path / "c.db")
    assert code == 0
    cells = [line.split() for line in out.splitlines() if line.strip().startswith("cigna")]
    assert [c[:6] for c in cells] == [
        ["cigna", "2015", "en", "1", "9", "34"],
        ["cigna", "2023", "ar", "1", "9", "169"],
        ["cigna", "2025", "en", "1", "6", "111"],
    ]
    assert cells[0][6] == "0"  # the post's front matter is metadata, not noise dropped
    said = " ".join(out.split())  # as wrapped for the terminal
    assert said.startswith(
        f"{tmp_path / 'c.db'}: 1 company, 3 snapshots, 314 statements"
        " this load: 2 documents (2 added); 314 statements written"
    )


def test_manifest_pins_and_the_report_says_what_it_changed(
    tmp_path: Path, seeds_copy: Path, run_cli
) -> None:
    (seeds_copy / "manifest.toml").write_text(
        f"""
[sources."{PAGE_SEED.stem}"]
url = "https://example.org/cigna-canvas"
company = "The Cigna Group"

[sources."{PAGE_SEED.stem}".parts.en]
year = 2024
""",
        encoding="utf-8",
    )
    db = tmp_path / "c.db"
    code, out, _ = run_cli("load", seeds_copy, "--db", db)
    assert code == 0
    assert f"manifest: {PAGE_SEED.stem}: en part year 2025 -> 2024" in out
    assert f"manifest: {PAGE_SEED.stem}: company 'Cigna Corporation' -> 'The Cigna Group'" in out
    assert rows(db, "SELECT DISTINCT year FROM blocks ORDER BY year") == [(2015,), (2023,), (2024,)]
    assert rows(db, "SELECT slug, name FROM companies") == [("cigna", "The Cigna Group")]
    assert rows(db, "SELECT url FROM sources WHERE key = ?", (PAGE_SEED.stem,)) == [
        ("https://example.org/cigna-canvas",)
    ]
    assert rows(db, "SELECT lang, year, inferred_year FROM source_parts ORDER BY lang") == [
        ("ar", 2023, 2023),
        ("en", 2015, 2015),
        ("en", 2024, 2025),
    ]


def test_a_changed_manifest_reimports_the_source(tmp_path: Path, seeds_copy: Path, run_cli) -> None:
    db = tmp_path / "c.db"
    assert run_cli("load", seeds_copy, "--db", db)[0] == 0
    (seeds_copy / "manifest.toml").write_text(
        f'[sources."{POST_SEED.stem}"]\nyear = 2016\n', encoding="utf-8"
    )
    code, out, _ = run_cli("load", seeds_copy, "--db", db)
    assert code == 0
    assert "this load: 2 documents (1 replaced, 1 unchanged); 34 statements written" in out
    assert rows(db, "SELECT DISTINCT year FROM blocks ORDER BY year") == [(2016,), (2023,), (2025,)]


def test_a_broken_manifest_stops_the_load(tmp_path: Path, seeds_copy: Path, run_cli) -> None:
    (seeds_copy / "manifest.toml").write_text('[sources."x"]\nyeer = 2020\n', encoding="utf-8")
    code, _, err = run_cli("load", seeds_copy, "--db", tmp_path / "c.db")
    assert code == 2
    assert err.strip() == (
        f"canvas: error: {seeds_copy / 'manifest.toml'}: manifest: sources.x has unknown keys "
        "['yeer']"
    )
    assert not (tmp_path / "c.db").exists()


def test_an_empty_folder_is_an_error(tmp_path: Path, run_cli) -> None:
    code, _, err = run_cli("load", tmp_path, "--db", tmp_path / "c.db")
    assert code == 2
    assert err.strip() == f"canvas: error: {tmp_path}: no documents found"


#: A small post: front matter, a title, one block with a bullet and a table.
ACME = """---
title: acme
---

Business model of Acme
----------------------

### Customer Segments

* Small bakeries across Europe in 2021.

| Segment | Share |
|---|---|
| Bakeries | 60% |
"""


def _acme(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    post = folder / "acme.md"
    post.write_text(ACME, encoding="utf-8")
    return post


def test_check_json_says_everything_of_a_document(tmp_path: Path, run_cli) -> None:
    post = _acme(tmp_path)
    code, out, err = run_cli("check", post, "--json")
    assert code == 0, err
    [doc] = json.loads(out)
    assert doc["path"] == str(post)
    assert (doc["kind"], doc["company"], doc["slug"], doc["ticker"]) == (
        "markdown-post",
        "Acme",
        "acme",
        None,
    )
    assert doc["manifest_changes"] == [] and doc["warnings"] == []
    [part] = doc["parts"]
    assert (part["lang"], part["year"], part["inferred_year"]) == ("en", 2021, 2021)
    assert part["year_counts"] == {"2021": 1}
    [block] = part["blocks"]
    assert (block["kind"], block["line"]) == ("customer-segments", 8)
    bullet, row = block["claims"]
    assert bullet == {
        "line_start": 10,
        "line_end": 10,
        "kind": "bullet",
        "lang": "en",
        "topic": None,
        "text": "Small bakeries across Europe in 2021.",
        "cells": None,
        "header": None,
        "number": None,
    }
    assert (row["line_start"], row["kind"]) == (14, "row")
    assert (row["cells"], row["header"]) == (["Bakeries", "60%"], ["Segment", "Share"])
    assert [(d["line"], d["reason"]) for d in doc["dropped"]] == [
        (n, "front matter") for n in (1, 2, 3)
    ]
    roles = {s["line"]: (s["role"], s["text"]) for s in doc["structure"]}
    assert roles[8] == ("heading", "### Customer Segments")
    assert roles[12] == ("table-header", "| Segment | Share |")
    assert roles[13] == ("separator", "|---|---|")
    assert list(tmp_path.iterdir()) == [post]  # wrote nothing


def test_check_text_lists_the_structure_lines(tmp_path: Path, run_cli) -> None:
    code, out, err = run_cli("check", _acme(tmp_path))
    assert code == 0, err
    assert "structure lines: 5" in out
    assert "  L12 table header: | Segment | Share |" in out
    assert "  L13 separator: |---|---|" in out
    assert "  L8 heading: ### Customer Segments" in out


def test_check_takes_files_and_folders(tmp_path: Path, run_cli) -> None:
    folder = tmp_path / "docs"
    post = _acme(folder / "nested")
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "skip.md").write_text(ACME, encoding="utf-8")  # skipped, as by load
    code, out, err = run_cli("check", folder, POST_SEED, "--json")
    assert code == 0, err
    assert [d["path"] for d in json.loads(out)] == [str(post), "seeds/" + POST_SEED.name]
    code, out, _ = run_cli("check", folder, POST_SEED)
    assert code == 0
    headers = [line for line in out.splitlines() if ": markdown-post, company " in line]
    assert [h.split(":")[0] for h in headers] == [str(post), "seeds/" + POST_SEED.name]


def test_check_accounts_for_every_line_of_the_seeds(run_cli) -> None:
    """Each non-blank line is cited (a claim or a block heading), dropped with a reason, or
    a structure line: nothing ends up neither cited nor reported."""
    code, out, err = run_cli("check", PAGE_SEED.parent, "--json")
    assert code == 0, err
    docs = json.loads(out)
    assert len(docs) == 2
    for doc in docs:
        seen = {d["line"] for d in doc["dropped"]} | {s["line"] for s in doc["structure"]}
        for part in doc["parts"]:
            for block in part["blocks"]:
                seen.add(block["line"])
                for claim in block["claims"]:
                    seen.update(range(claim["line_start"], claim["line_end"] + 1))
        text = (ROOT / doc["path"]).read_text(encoding="utf-8")
        unseen = [n for n, line in enumerate(text.split("\n"), 1) if line.strip() and n not in seen]
        assert unseen == [], (doc["path"], unseen[:5])


def test_the_report_fits_80_columns_and_says_every_warning_where_it_belongs(
    tmp_path: Path,
) -> None:
    """Piped, as in a CI log: 80 columns. Nothing is cut; each warning is printed with its
    file and line and counted on the snapshot its line is in."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    docs = tmp_path / "docs"
    docs.mkdir()
    heading = "Initech Information Technologies Worldwide (INITX) - Canvas Business Model"
    arabic = "شركة Initech Information Technologies Worldwide (INITX) - نموذج الأعمال"
    (docs / "initech.txt").write_text(
        f"{arabic}: القنوات\n- يبيع الوكلاء الخطط في عام 2022.\n"
        f"{heading}: Channels\n- Agents sold plans in 2024.\n"
        f"{heading}: Channels\n- Brokers sold plans in 2024.\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("CANVAS_")}
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "load", str(docs), "--db", str(tmp_path / "c.db")],
        cwd=ROOT,
        env={**env, "COLUMNS": "80"},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    # every line fits, but for a single word too long for any line (a long path)
    assert all(len(line) <= 80 or len(line.split()) == 1 for line in lines), lines
    assert "…" not in result.stdout
    slug = "initech-information-technologies-worldwide"
    first_cells = "".join(
        line.split()[0] for line in lines if line.startswith(" ") and line.strip()
    )
    assert slug in first_cells  # the company column wraps it, never cuts it
    by_year = {
        cells[1]: cells for cells in map(str.split, lines) if cells[1:2] in (["2022"], ["2024"])
    }
    # the second `Channels` heading (line 5) warns in the English 2024 snapshot, not the Arabic
    assert by_year["2024"][-2:] == ["1", "added"] and by_year["2022"][-2:] == ["0", "added"]
    warning = lines[lines.index("1 warning:") + 1 :]
    assert " ".join(" ".join(warning).split()) == (
        f"{docs}/initech.txt:5: second 'channels' heading in the en part; its claims join the"
        " block of line 3"
    )

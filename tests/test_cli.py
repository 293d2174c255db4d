"""The command line as a user runs it: `canvas load` and `canvas check`."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import PAGE_SEED, POST_SEED, rows


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
    table_rows = [line for line in out.splitlines() if line.startswith("│ cigna")]
    cells = [[c.strip() for c in line.strip("│").split("│")] for line in table_rows]
    assert [c[:6] for c in cells] == [
        ["cigna", "2015", "en", "1", "9", "34"],
        ["cigna", "2023", "ar", "1", "9", "169"],
        ["cigna", "2025", "en", "1", "6", "111"],
    ]
    assert "documents: 2 added; claims: 314" in out


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
    assert "documents: 1 replaced, 1 unchanged;" in out
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

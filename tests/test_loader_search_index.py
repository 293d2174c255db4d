"""The loader keeps the full-text index exactly in step with the claims: in the same file
swap, through re-imports, prunes, a changed stemming and a database from before the index."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.search.keys import POSITION_BITS, block_of
from app.search.syntax import parse
from tests.search_corpus import DOCUMENTS, post, write_documents
from tests.web_fixtures import load


def hits(db: Path, text: str) -> set[str]:
    """The claims a query finds, by their text, read through the index's keys."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        found = set()
        for (key,) in conn.execute(
            "SELECT rowid FROM claims_search WHERE claims_search MATCH ?", (parse(text).match(),)
        ):
            block = block_of(key >> POSITION_BITS)
            (claim,) = conn.execute(
                "SELECT c.text FROM claims c JOIN blocks b ON b.id = c.block_id"
                " WHERE b.company_id = ? AND b.year = ? AND b.kind = ? AND b.lang = ?"
                " AND c.position = ?",
                (block.company_id, block.year, block.kind, block.lang, key & ((1 << 20) - 1)),
            ).fetchall()
            found.add(claim[0])
        return found
    finally:
        conn.close()


def counts(db: Path) -> tuple[int, int]:
    conn = sqlite3.connect(db)
    try:
        claims = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
        indexed = conn.execute("SELECT count(*) FROM claims_search").fetchone()[0]
        return claims, indexed
    finally:
        conn.close()


def test_every_claim_is_indexed_once_and_found_by_its_key(tmp_path: Path) -> None:
    db = load([write_documents(tmp_path / "docs")], tmp_path / "c.db")
    claims, indexed = counts(db)
    assert claims == indexed == sum(len(b) for *_, blocks in DOCUMENTS for b in blocks.values())
    assert hits(db, "reinsurance") == {
        "Reinsurance treaties with Swiss Re cover catastrophic losses."
    }


def test_a_reimport_replaces_its_index_rows(tmp_path: Path) -> None:
    docs = write_documents(tmp_path / "docs")
    db = load([docs], tmp_path / "c.db")
    key, company, year, blocks = DOCUMENTS[0]
    changed = {**blocks, "Key Partners": ["Acme now partners with Walgreens in 2024."]}
    (docs / f"{key}.txt").write_text(post("acme", company, year, changed), encoding="utf-8")
    load([docs], db)
    assert hits(db, "reinsurance") == set()
    assert hits(db, "walgreens") == {"Acme now partners with Walgreens in 2024."}
    claims, indexed = counts(db)
    assert claims == indexed


def test_a_prune_takes_its_rows_out_of_the_index(tmp_path: Path) -> None:
    docs = write_documents(tmp_path / "docs")
    db = load([docs], tmp_path / "c.db")
    (docs / f"{DOCUMENTS[2][0]}.txt").unlink()
    from typer.testing import CliRunner

    from app.cli import cli

    result = CliRunner().invoke(cli, ["load", str(docs), "--db", str(db), "--prune", "--quiet"])
    assert result.exit_code == 0, result.output
    assert hits(db, "شبكة") == set()
    assert counts(db)[0] == counts(db)[1]


def test_a_source_replaced_is_indexed_once(tmp_path: Path) -> None:
    """A document of the same key, loaded again with other text, leaves no index row of the
    text it replaced. (Two files of one key in one load are refused: tests/test_cli.py.)"""
    first = write_documents(tmp_path / "a")
    second = tmp_path / "b"
    second.mkdir()
    key, company, year, _ = DOCUMENTS[1]
    (second / f"{key}.txt").write_text(
        post("acme", company, year, {"Channels": ["Agents sold the policies in 2020."]}),
        encoding="utf-8",
    )
    db = load([first], tmp_path / "c.db")
    load([second / f"{key}.txt"], db)
    assert hits(db, "agents") == {"Agents sold the policies in 2020."}
    assert hits(db, "brokers sold") == set()
    assert counts(db)[0] == counts(db)[1]


def test_another_stemming_rebuilds_the_index(tmp_path: Path) -> None:
    docs = write_documents(tmp_path / "docs")
    db = load([docs], tmp_path / "c.db")
    conn = sqlite3.connect(db)
    with conn:  # as if another version of the stemming had built it, and built it wrong
        conn.execute("INSERT INTO claims_search (claims_search) VALUES ('delete-all')")
        conn.execute("UPDATE search_state SET analyser = 'some older stemming'")
    conn.close()
    assert hits(db, "reinsurance") == set()
    load([docs], db)  # nothing changed in the documents
    assert hits(db, "reinsurance") == {
        "Reinsurance treaties with Swiss Re cover catastrophic losses."
    }
    assert counts(db)[0] == counts(db)[1]


def test_a_database_from_before_the_index_gets_one(tmp_path: Path) -> None:
    docs = write_documents(tmp_path / "docs")
    db = load([docs], tmp_path / "c.db")
    conn = sqlite3.connect(db)
    with conn:  # what migration 0001 left
        conn.execute("DROP TABLE figures")
        conn.execute("DROP TABLE claims_search")
        conn.execute("DROP TABLE search_state")
        conn.execute("DROP INDEX ix_blocks_year")
        conn.execute("DROP TABLE source_aliases")
        conn.execute("DROP TABLE company_aliases")
        conn.execute("DROP INDEX ix_sources_sha256")
        conn.execute("ALTER TABLE claims DROP COLUMN number")
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    conn.close()
    load([docs], db)
    assert hits(db, "وشبكات") == {
        "تتعاون الشركة مع الشبكات الطبية في عام 2023.",
        "وشبكات التوزيع تغطي المنطقة.",
        "أنشأت الشركة شبكة جديدة في آسيا.",
    }
    assert counts(db)[0] == counts(db)[1]

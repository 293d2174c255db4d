"""Document and company identity across loads: a renamed or moved file is the same source, a
copy is loaded once, a file gone is reported; every form a document names its company by
leads to one company with one slug (app/loader/store.py, app/loader/company.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import dump, rows
from tests.identity_documents import page, post


def load(run_cli, *args: object) -> str:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("load", *args)
    assert code == 0, err
    return " ".join(out.split())  # as said, not as wrapped for the terminal


def write(folder: Path, documents: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in documents.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def statements(db: Path) -> list[tuple[object, ...]]:
    """Every statement with where it sits and what it cites, minus private ids."""
    return rows(
        db,
        "SELECT co.slug, b.year, b.kind, c.text, c.line_start, s.key FROM claims c"
        " JOIN blocks b ON b.id = c.block_id JOIN companies co ON co.id = b.company_id"
        " JOIN sources s ON s.id = c.source_id ORDER BY 1, 2, 3, 5",
    )


# -- documents ------------------------------------------------------------------------------


def test_a_renamed_file_replaces_its_old_self(tmp_path: Path, run_cli) -> None:
    docs = write(tmp_path / "docs", {"netflix-2019.md": post("Netflix", 2019, "netflix")})
    db = tmp_path / "c.db"
    load(run_cli, docs, "--db", db)
    before = statements(db)
    (docs / "netflix-2019.md").rename(docs / "Netflix_2019.md")
    out = load(run_cli, docs, "--db", db)
    assert "renamed netflix-2019 -> Netflix_2019" in out
    assert "this load: 1 document (1 renamed); 2 statements written" in out
    assert statements(db) == [(*s[:5], "Netflix_2019") for s in before]  # not doubled
    assert rows(db, "SELECT key FROM sources") == [("Netflix_2019",)]


def test_a_moved_file_keeps_its_rows_and_the_report_says_where_it_went(
    tmp_path: Path, run_cli
) -> None:
    docs = write(tmp_path / "docs", {"acme-2020.md": post("Acme", 2020)})
    db = tmp_path / "c.db"
    load(run_cli, docs, "--db", db)
    before = dump(db)
    (docs / "2020").mkdir()
    (docs / "acme-2020.md").rename(docs / "2020" / "acme-2020.md")
    out = load(run_cli, docs, "--db", db)
    assert f"moved acme-2020: {docs}/acme-2020.md -> {docs}/2020/acme-2020.md" in out
    after = dump(db)
    assert after["claims"] == before["claims"]
    assert rows(db, "SELECT path FROM sources") == [(f"{docs}/2020/acme-2020.md",)]


def test_the_same_text_under_two_keys_is_loaded_once(tmp_path: Path, run_cli) -> None:
    text = page("Initech Inc.", "INIT", 2021)
    docs = write(tmp_path / "docs", {"initech.txt": text, "initech-copy.txt": text})
    db = tmp_path / "c.db"
    out = load(run_cli, docs, "--db", db)
    # files load in name order: the copy comes first and is kept; the second is refused
    assert f"not loaded initech ({docs}/initech.txt): the same text as initech-copy" in out
    assert rows(db, "SELECT key FROM sources") == [("initech-copy",)]
    assert rows(db, "SELECT count(*) FROM claims") == [(2,)]


def test_a_copy_loaded_later_while_its_original_is_still_there_is_not_loaded(
    tmp_path: Path, run_cli
) -> None:
    first = write(tmp_path / "a", {"hooli.md": post("Hooli", 2018)})
    db = tmp_path / "c.db"
    load(run_cli, first, "--db", db)
    before = dump(db)
    second = write(tmp_path / "b", {"hooli-again.md": post("Hooli", 2018)})
    out = load(run_cli, second, "--db", db)
    assert "not loaded hooli-again" in out and "the same text as hooli" in out
    assert dump(db) == before  # nothing written


def test_the_same_text_for_another_year_is_another_snapshot(tmp_path: Path, run_cli) -> None:
    """Same bytes, but a manifest pins the copy to another year: not a copy of a snapshot."""
    text = post("Globex", 2019)
    docs = write(tmp_path / "docs", {"globex-a.md": text, "globex-b.md": text})
    (docs / "manifest.toml").write_text('[sources."globex-b"]\nyear = 2020\n', encoding="utf-8")
    db = tmp_path / "c.db"
    load(run_cli, docs, "--db", db)
    assert rows(db, "SELECT DISTINCT year FROM blocks ORDER BY year") == [(2019,), (2020,)]


def test_a_source_whose_file_is_gone_is_reported_until_pruned(tmp_path: Path, run_cli) -> None:
    docs = write(
        tmp_path / "docs",
        {"acme.md": post("Acme", 2020), "globex.md": post("Globex", 2021)},
    )
    db = tmp_path / "c.db"
    load(run_cli, docs, "--db", db)
    (docs / "globex.md").unlink()
    out = load(run_cli, docs / "acme.md", "--db", db)
    assert f"no file: globex ({docs}/globex.md is gone)" in out
    assert "`canvas load --prune`" in out
    assert rows(db, "SELECT key FROM sources ORDER BY key") == [("acme",), ("globex",)]
    out = load(run_cli, docs, "--db", db, "--prune")
    assert "pruned: globex" in out and "no file" not in out
    assert rows(db, "SELECT key FROM sources") == [("acme",)]


def test_a_file_still_there_but_not_loaded_is_not_reported(tmp_path: Path, run_cli) -> None:
    docs = write(
        tmp_path / "docs", {"acme.md": post("Acme", 2020), "globex.md": post("Globex", 2021)}
    )
    db = tmp_path / "c.db"
    load(run_cli, docs, "--db", db)
    assert "no file" not in load(run_cli, docs / "acme.md", "--db", db)


def test_two_files_of_one_key_are_refused_in_one_line(tmp_path: Path, run_cli) -> None:
    write(tmp_path / "docs" / "a", {"acme.md": post("Acme", 2020)})
    write(tmp_path / "docs" / "b", {"acme.txt": post("Acme", 2021)})
    db = tmp_path / "c.db"
    code, _, err = run_cli("load", tmp_path / "docs", "--db", db)
    assert code == 2
    docs = tmp_path / "docs"
    assert err.strip() == (
        f"canvas: error: {docs}/a/acme.md and {docs}/b/acme.txt share the source key 'acme';"
        " rename one"
    )
    assert not db.exists()


# -- companies ------------------------------------------------------------------------------

SPOTIFY = {
    "spotify-post.md": post("Spotify Technology S.A.", 2019, "spotify"),
    "spotify-page.txt": page("Spotify Technology S.A.", "SPOT", 2020),
}


@pytest.mark.parametrize(
    "order", [["spotify-post.md", "spotify-page.txt"], ["spotify-page.txt", "spotify-post.md"]]
)
def test_a_posts_own_slug_and_a_pages_name_and_ticker_are_one_company(
    tmp_path: Path, run_cli, order: list[str]
) -> None:
    db = tmp_path / "c.db"
    for n, name in enumerate(order):  # one load after another, in either order
        load(run_cli, write(tmp_path / f"d{n}", {name: SPOTIFY[name]}), "--db", db)
    assert rows(db, "SELECT slug, name, ticker FROM companies") == [
        ("spotify", "Spotify Technology S.A.", "SPOT")
    ]
    assert rows(db, "SELECT DISTINCT year FROM blocks ORDER BY year") == [(2019,), (2020,)]
    aliases = dict(rows(db, "SELECT alias, former FROM company_aliases"))
    assert {"spotify-technology", "spotify-technology-s-a", "spot"} <= set(aliases)


@pytest.mark.parametrize(
    ("first", "second", "slug"),
    [
        (
            post("Emaar Properties", 2022),
            page("Emaar Properties PJSC", "EMAAR", 2023),
            "emaar-properties",
        ),
        (post("Siemens", 2022), page("Siemens AG", "SIE", 2023), "siemens"),
        (post("Ferrari", 2022), page("Ferrari S.p.A.", "RACE", 2023), "ferrari"),
        (post("BHP", 2022), page("BHP Group Pty Ltd", "BHP", 2023), "bhp"),
        (post("Unilever", 2022), page("Unilever PLC", "ULVR", 2023), "unilever"),
        (post("Heineken", 2022), page("Heineken N.V.", "HEIA", 2023), "heineken"),
        (post("Airbus", 2022), page("Airbus SE", "AIR", 2023), "airbus"),
        (post("Toyota Motor", 2022), page("Toyota Motor K.K.", "7203", 2023), "toyota-motor"),
        (post("Bosch", 2022), page("Robert Bosch GmbH", "BOSCH", 2023), None),  # other names
    ],
)
def test_names_with_and_without_a_legal_suffix_are_one_company(
    tmp_path: Path, run_cli, first: str, second: str, slug: str | None
) -> None:
    db = tmp_path / "c.db"
    load(run_cli, write(tmp_path / "docs", {"a.md": first, "b.txt": second}), "--db", db)
    companies = rows(db, "SELECT slug FROM companies")
    if slug is None:
        assert len(companies) == 2  # `Bosch` and `Robert Bosch` are not known to be one
    else:
        assert companies == [(slug,)]


def test_an_arabic_legal_suffix_is_no_part_of_the_name(tmp_path: Path, run_cli) -> None:
    db = tmp_path / "c.db"
    docs = write(
        tmp_path / "docs",
        {"a.md": post("Emaar Properties ش.م.ع", 2022), "b.md": post("Emaar Properties", 2023)},
    )
    load(run_cli, docs, "--db", db)
    assert rows(db, "SELECT slug FROM companies") == [("emaar-properties",)]


def test_a_title_that_is_not_the_companys_name_joins_nothing(tmp_path: Path, run_cli) -> None:
    """`title: business-model` on every post must not make every post one company."""
    db = tmp_path / "c.db"
    docs = write(
        tmp_path / "docs",
        {
            "a.md": post("Netflix", 2019, "business-model"),
            "b.md": post("Spotify", 2019, "business-model"),
        },
    )
    load(run_cli, docs, "--db", db)
    assert rows(db, "SELECT slug FROM companies ORDER BY slug") == [("netflix",), ("spotify",)]
    assert rows(db, "SELECT alias FROM company_aliases WHERE alias = 'business-model'") == []


def test_one_name_two_tickers_are_two_companies_and_their_shared_name_is_no_address(
    tmp_path: Path, run_cli
) -> None:
    db = tmp_path / "c.db"
    docs = write(
        tmp_path / "docs",
        {"a.txt": page("Acme Corp", "ACM", 2020), "b.txt": page("Acme Inc", "ACX", 2020)},
    )
    load(run_cli, docs, "--db", db)
    assert rows(db, "SELECT slug, ticker FROM companies ORDER BY ticker") == [
        ("acme", "ACM"),
        ("acme-inc", "ACX"),
    ]
    aliases = dict(rows(db, "SELECT alias, company_id FROM company_aliases"))
    assert aliases.keys() >= {"acm", "acx", "acme-corp"}


def test_a_manifest_slug_renames_the_company_and_the_old_slug_stays_an_address(
    tmp_path: Path, run_cli
) -> None:
    docs = write(tmp_path / "docs", {"fb.txt": page("Facebook Inc.", "FB", 2020)})
    db = tmp_path / "c.db"
    load(run_cli, docs, "--db", db)
    assert rows(db, "SELECT slug FROM companies") == [("facebook",)]
    (docs / "manifest.toml").write_text(
        '[sources."fb"]\nslug = "meta"\ncompany = "Meta Platforms"\n', encoding="utf-8"
    )
    load(run_cli, docs, "--db", db)
    assert rows(db, "SELECT slug, name FROM companies") == [("meta", "Meta Platforms")]
    assert ("facebook", 1) in rows(db, "SELECT alias, former FROM company_aliases")


def test_a_renamed_company_without_ticker_keeps_its_old_slug_as_an_address(
    tmp_path: Path, run_cli
) -> None:
    docs = write(tmp_path / "docs", {"twitter.md": post("Twitter", 2021)})
    db = tmp_path / "c.db"
    load(run_cli, docs, "--db", db)
    (docs / "twitter.md").write_text(post("X Corp", 2023), encoding="utf-8")
    load(run_cli, docs, "--db", db)
    assert rows(db, "SELECT slug FROM companies") == [("x",)]
    assert rows(db, "SELECT alias, former FROM company_aliases WHERE former") == [("twitter", 1)]


def test_loading_again_changes_nothing(tmp_path: Path, run_cli) -> None:
    db = tmp_path / "c.db"
    docs = write(tmp_path / "docs", SPOTIFY)
    load(run_cli, docs, "--db", db)
    first = dump(db)
    load(run_cli, docs, "--db", db)
    assert dump(db) == first


def test_the_seeds_keep_their_slug(tmp_path: Path, seeds_copy: Path, run_cli) -> None:
    db = tmp_path / "c.db"
    shutil.rmtree(seeds_copy / "manifest.toml", ignore_errors=True)
    load(run_cli, seeds_copy, "--db", db)
    assert rows(db, "SELECT slug, ticker FROM companies") == [("cigna", "CI")]
    assert dict(rows(db, "SELECT alias, former FROM company_aliases")) == {
        "ci": 0,
        "cigna-corporation": 0,
    }


def test_a_copy_kept_before_its_original_was_edited_is_loaded(tmp_path: Path, run_cli) -> None:
    """`acme-old.md` is the old text of `acme.md`, which was then edited: the copy comes
    first in the load and names a stored text, but its original no longer holds it."""
    docs = write(tmp_path / "docs", {"acme.md": post("Acme", 2020)})
    db = tmp_path / "c.db"
    load(run_cli, docs, "--db", db)
    (docs / "acme-old.md").write_text(post("Acme", 2020), encoding="utf-8")
    (docs / "acme.md").write_text(post("Acme", 2021), encoding="utf-8")
    out = load(run_cli, docs, "--db", db)
    assert "(1 added, 1 replaced)" in out and "not loaded" not in out
    assert rows(db, "SELECT DISTINCT year FROM blocks ORDER BY year") == [(2020,), (2021,)]
    assert rows(db, "SELECT key FROM sources ORDER BY key") == [("acme",), ("acme-old",)]

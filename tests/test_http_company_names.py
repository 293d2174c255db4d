"""An address naming no company is answered the cached 404 page before routing
(app/http/company_names.py), and only then: every form a company is known by still reaches
the app, which redirects or answers it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.db import queries
from tests.conftest import SEEDS
from tests.identity_documents import page, post
from tests.web_fixtures import load, site_client

FORMS = [  # every form the alias tests redirect (tests/test_views_aliases.py), and slugs
    "cigna", "Cigna", "CIGNA", "CI", "cigna-corporation", "Cigna Corporation",
    "spotify", "spotify-technology", "Spotify Technology S.A.", "SPOT", "spot", "ACX",
    "acme-inc",
]  # fmt: skip
NOT_FORMS = ["nobody", "acme-holdings", "x" * 400, "cigna-x", "zq9x"]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = tmp_path_factory.mktemp("docs")
    (docs / "spotify-post.md").write_text(
        post("Spotify Technology S.A.", 2019, "spotify"), encoding="utf-8"
    )
    (docs / "spotify-page.txt").write_text(
        page("Spotify Technology S.A.", "SPOT", 2020), encoding="utf-8"
    )
    (docs / "acme-b.txt").write_text(page("Acme Inc", "ACX", 2020), encoding="utf-8")
    return load([SEEDS, docs], tmp_path_factory.mktemp("db") / "canvas.db")


def test_the_names_say_no_only_where_the_lookups_find_nothing(db: Path) -> None:
    """Known answers, and the lookups the app runs: a form is unknown exactly when neither
    `company` nor `canonical_slug` finds a company by it."""
    conn = sqlite3.connect(db)
    names = queries.company_names(conn)
    assert {"cigna", "spotify", "acme-inc"} <= names
    for asked in FORMS:
        assert queries.may_name_company(names, asked), asked
    for asked in NOT_FORMS:
        assert not queries.may_name_company(names, asked), asked
    conn.row_factory = sqlite3.Row
    for asked in FORMS + NOT_FORMS:
        found = queries.company(conn, asked) or queries.canonical_slug(conn, asked)
        assert queries.may_name_company(names, asked) == bool(found), asked


def _lookups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each company lookup the app's handlers make (app.views.responses.company)."""
    from app.views import responses

    asked: list[str] = []
    original = responses.queries.company

    def company(conn: sqlite3.Connection, slug: str) -> queries.CompanySummary | None:
        asked.append(slug)
        return original(conn, slug)

    monkeypatch.setattr(responses.queries, "company", company)
    return asked


def test_a_flood_of_unknown_companies_never_reaches_a_handler(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lookups = _lookups(monkeypatch)
    with site_client(db) as client:
        first = client.get("/c/nobody/2015")  # the app renders the 404 page once
        assert first.status_code == 404 and lookups == ["nobody"]
        for n in range(200):
            path = ["/c/zq{}x/2015", "/c/zq{}x", "/c/zq{}x/2023/channels", "/embed/zq{}x/2023"][
                n % 4
            ]
            answer = client.get(path.format(n))
            assert answer.status_code == 404
        assert lookups == ["nobody"]  # none of the 200 was routed
        assert answer.text == first.text  # the same page
        for form in FORMS:  # every known form still reaches the app
            assert client.get(f"/c/{form}/2023").status_code in (200, 302, 404), form
        assert len(lookups) == 1 + len(FORMS)
        api = client.get("/api/companies/zq1x")  # the API's own 404, in JSON
        assert api.status_code == 404 and api.headers["content-type"].startswith("application/json")


def test_the_early_404_has_the_headers_of_the_routes_own(db: Path) -> None:
    """The app's answer and the front door's for the same kind of address: an embed's 404
    may be framed like the embed, a canvas's may not; both vary with the reader's language."""
    with site_client(db) as client:
        by_app = {p: client.get(p.format(0)) for p in ("/embed/zq{}x/2023", "/c/zq{}x/2023")}
        by_door = {p: client.get(p.format(1)) for p in by_app}
    drop = {"date", "content-length"}
    for path, answer in by_app.items():
        early = by_door[path]
        assert answer.status_code == early.status_code == 404
        assert {k: v for k, v in answer.headers.items() if k not in drop} == {
            k: v for k, v in early.headers.items() if k not in drop
        }, path
        assert "Accept-Language" in early.headers["vary"]
    assert by_door["/embed/zq{}x/2023"].headers.get("x-frame-options") != "DENY"
    assert by_door["/c/zq{}x/2023"].headers.get("x-frame-options") == "DENY"


def test_the_404_speaks_the_readers_language(db: Path) -> None:
    with site_client(db) as client:
        client.get("/c/zq0x/2023", headers={"Accept-Language": "ar"})
        arabic = client.get("/c/zq1x/2023", headers={"Accept-Language": "ar"})
        english = client.get("/c/zq2x/2023", headers={"Accept-Language": "en"})
    assert '<html lang="ar" dir="rtl">' in arabic.text
    assert '<html lang="en" dir="ltr">' in english.text


def test_a_company_loaded_later_is_known_at_once(tmp_path: Path) -> None:
    """The names are read again for each database version: a new load's company answers."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "acme-b.txt").write_text(page("Acme Inc", "ACX", 2020), encoding="utf-8")
    db = load([docs], tmp_path / "canvas.db")
    with site_client(db) as client:
        assert client.get("/c/spotify-technology/2020").status_code == 404
        assert client.get("/c/spotify-technology/2020").status_code == 404  # from the front door
        (docs / "spotify-page.txt").write_text(
            page("Spotify Technology S.A.", "SPOT", 2020), encoding="utf-8"
        )
        load([docs], db)
        assert client.get("/c/spotify-technology/2020").status_code == 200

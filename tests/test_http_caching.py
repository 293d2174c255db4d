"""ETags from the database content and the code, 304 before rendering, Cache-Control."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.http.caching import build_id, matches
from app.http.headers import IMMUTABLE, NO_STORE, PUBLIC, cache_control
from app.http.rules import NONE, SNAPSHOT, PageRules
from app.web import create_app
from tests.conftest import PAGE_SEED, POST_SEED, SEEDS
from tests.web_fixtures import load

PUBLIC_TEXT = PUBLIC.decode()


def counting_renders(app: object) -> list[str]:
    renders: list[str] = []
    renderer = app.state.templates  # type: ignore[attr-defined]
    original = renderer.render

    def render(template: str, ui: object, **context: object) -> bytes:
        renders.append(template)
        return original(template, ui, **context)

    renderer.render = render
    return renders


@pytest.mark.parametrize("cache", [True, False], ids=["page-cache", "no-page-cache"])
@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/c/cigna/2023", {}),
        ("/c/cigna/2023", {"HX-Request": "true"}),
        ("/", {}),
        ("/sources/001_ead442415cccde68", {}),
        ("/api/companies/cigna/2015", {}),
    ],
)
def test_if_none_match_gets_304_without_rendering(
    seeded_db: Path, path: str, headers: dict[str, str], cache: bool
) -> None:
    app = create_app(seeded_db, render_cache=cache)
    renders = counting_renders(app)
    with TestClient(base_url="http://127.0.0.1", app=app) as client:
        first = client.get(path, headers=headers)
        etag = first.headers["etag"]
        assert etag.startswith('W/"') and first.headers["cache-control"] == PUBLIC_TEXT
        before = len(renders)
        again = client.get(path, headers={**headers, "If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == etag
        assert again.headers["cache-control"] == PUBLIC_TEXT
        assert again.headers["vary"] == first.headers["vary"]
        assert len(renders) == before  # nothing rendered for the 304
        stale = client.get(path, headers={**headers, "If-None-Match": 'W/"old", "older"'})
        assert stale.status_code == first.status_code and stale.content == first.content


def test_variants_and_addresses_have_their_own_etags(client: TestClient) -> None:
    tags = {
        client.get("/c/cigna/2023").headers["etag"],
        client.get("/c/cigna/2023", headers={"HX-Request": "true"}).headers["etag"],
        client.get("/c/cigna/2015").headers["etag"],
        client.get("/?q=cig").headers["etag"],
        client.get("/").headers["etag"],
    }
    assert len(tags) == 5
    # gzip or not is the same weak entity
    plain = client.get("/c/cigna/2015", headers={"Accept-Encoding": "identity"})
    zipped = client.get("/c/cigna/2015", headers={"Accept-Encoding": "gzip"})
    assert plain.headers["etag"] == zipped.headers["etag"]


def test_other_documents_change_every_etag_and_the_same_text_keeps_them(tmp_path: Path) -> None:
    db = load([POST_SEED], tmp_path / "canvas.db")
    with TestClient(base_url="http://127.0.0.1", app=create_app(db)) as client:
        before = client.get("/c/cigna/2015").headers["etag"]
        api_before = client.get("/api/companies").headers["etag"]
        load([POST_SEED, PAGE_SEED], db)  # the loader swaps in a new file
        after = client.get("/c/cigna/2015")
        assert after.headers["etag"] != before
        assert client.get("/api/companies").headers["etag"] != api_before
        assert client.get("/c/cigna/2015", headers={"If-None-Match": before}).status_code == 200
    copy = tmp_path / "copy.db"  # the same documents in another file: the same ETags
    load([POST_SEED, PAGE_SEED], copy)
    with TestClient(base_url="http://127.0.0.1", app=create_app(copy)) as client:
        assert client.get("/c/cigna/2015").headers["etag"] == after.headers["etag"]


def test_static_files_keep_their_own_etag_with_a_long_life_when_versioned(
    client: TestClient,
) -> None:
    htmx = client.get("/static/htmx-2.0.11.min.js")
    assert htmx.headers["cache-control"] == IMMUTABLE.decode()
    assert client.get("/static/app.css").headers["cache-control"] == PUBLIC_TEXT
    etag = htmx.headers["etag"]
    again = client.get("/static/htmx-2.0.11.min.js", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.headers["cache-control"] == IMMUTABLE.decode()


def test_errors_are_never_stored(tmp_path: Path) -> None:
    with TestClient(base_url="http://127.0.0.1", app=create_app(tmp_path / "missing.db")) as client:
        response = client.get("/c/cigna/2015")
    assert response.status_code == 503
    assert response.headers["cache-control"] == NO_STORE.decode()
    assert "etag" not in response.headers


def test_weak_comparison() -> None:
    assert matches('W/"a"', 'W/"a"') and matches('"a"', 'W/"a"')
    assert not matches("*", 'W/"a"')  # not a tag: whether the resource exists (below)
    assert matches('"x", W/"a"', 'W/"a"')
    assert not matches('W/"b"', 'W/"a"') and not matches("", 'W/"a"')


def test_cache_control_by_kind() -> None:
    files, page = PageRules(NONE, files=True), PageRules(SNAPSHOT)
    font = "/static/fonts/noto-naskh-arabic-5.3.0-arabic-400.woff2"
    assert cache_control(files, font, 200) == IMMUTABLE
    assert cache_control(files, "/static/app.css", 304) == PUBLIC
    assert cache_control(page, "/c/x/2020-1.2.3-x", 200) == PUBLIC  # a page is not a file
    assert cache_control(page, "/c/x/2020", 404) == PUBLIC
    assert cache_control(page, "/c/x/2020", 500) == NO_STORE
    assert cache_control(page, "/c/x/2020", 400) == NO_STORE
    assert cache_control(PageRules(NONE, max_age=None), "/healthz", 200) == NO_STORE
    assert cache_control(PageRules(NONE, max_age=5), "/x", 200) == (
        b"public, max-age=5, stale-while-revalidate=50"
    )


def test_build_id_follows_every_file(tmp_path: Path) -> None:
    code = tmp_path / "code"
    shutil.copytree(SEEDS, code)  # any tree of files will do
    first = build_id((code,))
    build_id.cache_clear()
    assert build_id((code,)) == first
    (code / "manifest.toml").write_text("changed")
    build_id.cache_clear()
    assert build_id((code,)) != first


@pytest.mark.parametrize("cache", [True, False], ids=["page-cache", "no-page-cache"])
def test_if_none_match_star_is_a_304_only_for_what_exists(seeded_db: Path, cache: bool) -> None:
    """RFC 9110 13.1.2: `*` is false when the resource has a current representation."""
    with TestClient(
        base_url="http://127.0.0.1", app=create_app(seeded_db, render_cache=cache)
    ) as client:
        for _ in range(2):  # rendered, then (with the page cache) from memory
            missing = client.get("/c/nobody/2015", headers={"If-None-Match": "*"})
            assert missing.status_code == 404 and b"nobody" not in missing.content[:0]
            present = client.get("/c/cigna/2015", headers={"If-None-Match": "*"})
            assert present.status_code == 304 and present.content == b""
            assert present.headers["etag"] == client.get("/c/cigna/2015").headers["etag"]
            assert (
                "content-length" not in present.headers or present.headers["content-length"] == "0"
            )


def test_query_parameters_no_page_reads_make_no_new_pages(seeded_db: Path) -> None:
    """1,500 `?utm=N` grew a worker by 110 MB and forced a render each: one page now."""
    app = create_app(seeded_db, render_cache=True)
    renders = counting_renders(app)
    with TestClient(base_url="http://127.0.0.1", app=app) as client:
        tags = {client.get(f"/c/cigna/2015?utm={n}").headers["etag"] for n in range(50)}
        assert len(renders) == 1 and len(tags) == 1
        client.get("/?q=cig")
        client.get("/?q=zzz")
        client.get("/?q=cig&utm=1")
        assert len(renders) == 3  # the filter is read: its own page each
        api = {client.get(f"/api/companies?utm={n}").headers.get("etag") for n in range(3)}
        assert len(api) == 1  # the API's are its signature's (app.http.rules): utm is not one
        limits = {client.get(f"/api/companies?limit={n}").headers.get("etag") for n in (1, 2)}
        assert len(limits) == 2

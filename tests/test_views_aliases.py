"""Every form a company is known by is an address that redirects to its slug: other letter
case, its name with or without a legal suffix, its ticker, a post's own slug, an earlier slug.
The redirect keeps the rest of the address and the query; a form no company has is a 404."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.conftest import SEEDS
from tests.identity_documents import page, post
from tests.web_fixtures import load, site_client


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    docs = tmp_path_factory.mktemp("docs")
    (docs / "spotify-post.md").write_text(
        post("Spotify Technology S.A.", 2019, "spotify"), encoding="utf-8"
    )
    (docs / "spotify-page.txt").write_text(
        page("Spotify Technology S.A.", "SPOT", 2020), encoding="utf-8"
    )
    (docs / "acme-a.txt").write_text(page("Acme Corp", "ACM", 2020), encoding="utf-8")
    (docs / "acme-b.txt").write_text(page("Acme Inc", "ACX", 2020), encoding="utf-8")
    db = load([SEEDS, docs], tmp_path_factory.mktemp("db") / "canvas.db")
    with site_client(db) as test_client:
        yield test_client


@pytest.mark.parametrize(
    ("asked", "location"),
    [
        ("/c/Cigna", "/c/cigna"),
        ("/c/CIGNA/2023", "/c/cigna/2023"),
        ("/c/CI", "/c/cigna"),
        ("/c/cigna-corporation/2015?hl=ar", "/c/cigna/2015?hl=ar"),
        ("/c/Cigna%20Corporation/2025/channels", "/c/cigna/2025/channels"),
        ("/c/spotify-technology/2020", "/c/spotify/2020"),
        ("/c/Spotify%20Technology%20S.A./2019", "/c/spotify/2019"),
        ("/c/SPOT", "/c/spotify"),
        ("/c/spot/compare/2019...2020", "/c/spotify/compare/2019...2020"),
        ("/embed/CI/2023/channels?theme=dark", "/embed/cigna/2023/channels?theme=dark"),
        ("/c/ACX/2020", "/c/acme-inc/2020"),
        ("/api/companies/CI", "/api/companies/cigna"),
        ("/api/companies/Spot/2020", "/api/companies/spotify/2020"),
    ],
)
def test_another_form_redirects_to_the_companys_address(
    client: TestClient, asked: str, location: str
) -> None:
    response = client.get(asked)
    assert response.status_code == 302
    assert response.headers["location"] == location
    assert client.get(location).status_code in (200, 302)  # the slug's own address answers


@pytest.mark.parametrize(
    "asked",
    [
        "/c/nobody",
        "/c/acme-holdings",  # a name no document gives
        "/c/cigna/2099",  # the company, but not that year: no redirect, a 404
        "/api/companies/nobody",
        "/c/" + "x" * 400,
    ],
)
def test_a_form_no_company_has_is_a_404(client: TestClient, asked: str) -> None:
    assert client.get(asked).status_code == 404


def test_the_api_redirect_carries_cors(client: TestClient) -> None:
    response = client.get("/api/companies/CI")
    assert response.headers["access-control-allow-origin"] == "*"


def test_the_slug_itself_is_never_redirected(client: TestClient) -> None:
    assert client.get("/c/spotify/2019").status_code == 200
    assert client.get("/c/acme/2020").status_code == 200

"""`/oembed`: oEmbed 1.0 for canvas and block addresses on this site, JSON only."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from app.views.oembed import discovery_href, target
from app.web import create_app
from tests.web_fixtures import load

SITE = "http://127.0.0.1"
#: oEmbed 1.0, 2.3.4: every response, and 2.3.4.4: a rich one.
REQUIRED = {"type": str, "version": str, "html": str, "width": int, "height": int}
OPTIONAL = {"title": str, "provider_name": str, "provider_url": str, "cache_age": int}


def oembed(client: TestClient, url: str, **params: str) -> httpx.Response:
    return client.get("/oembed", params={"url": url, **params})


def iframe_attrs(html: str) -> dict[str, str | None]:
    """The snippet's one element and its attributes, as a browser would read them."""
    found: list[tuple[str, dict[str, str | None]]] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, dict(attrs)))

    Parser().feed(html)
    assert [tag for tag, _ in found] == ["iframe"], html
    assert html.endswith("></iframe>")
    return found[0][1]


ARABIC_PROVIDER = "عارض مخططات نماذج العمل"


def assert_oembed(response: httpx.Response, provider: str = "Canvas viewer") -> dict[str, object]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.headers["access-control-allow-origin"] == "*"
    body = response.json()
    for name, kind in {**REQUIRED, **OPTIONAL}.items():
        assert isinstance(body[name], kind) and not isinstance(body[name], bool), name
    assert body["type"] == "rich" and body["version"] == "1.0"
    assert body["provider_name"] == provider and body["provider_url"] == f"{SITE}/"
    assert body["cache_age"] > 0
    return body  # type: ignore[no-any-return]


def test_a_canvas_url_gets_a_rich_iframe_of_its_embed_page(client: TestClient) -> None:
    body = assert_oembed(oembed(client, f"{SITE}/c/cigna/2015", format="json"))
    title = "Cigna Corporation — business model canvas, 2015"
    assert body["title"] == title
    assert (body["width"], body["height"]) == (1200, 820)
    assert iframe_attrs(body["html"]) == {  # type: ignore[arg-type]
        "src": f"{SITE}/embed/cigna/2015",
        "title": title,
        "width": "1200",
        "height": "820",
        "loading": "lazy",
        "style": "border:0",
        "referrerpolicy": "strict-origin-when-cross-origin",
    }


def test_a_block_url_gets_its_block_embed(client: TestClient) -> None:
    # an Arabic block: its embed speaks Arabic, as its page does (`?hl=en`: English)
    body = assert_oembed(oembed(client, f"{SITE}/c/cigna/2023/key-partners"), ARABIC_PROVIDER)
    assert body["title"] == "Cigna Corporation — الشركاء الرئيسيون، 2023"
    english = assert_oembed(oembed(client, f"{SITE}/c/cigna/2023/key-partners?hl=en"))
    assert english["title"] == "Cigna Corporation — Key Partners, 2023"
    src = iframe_attrs(english["html"])["src"]  # type: ignore[arg-type]
    assert src == f"{SITE}/embed/cigna/2023/key-partners?hl=en"
    assert (body["width"], body["height"]) == (600, 480)
    attrs = iframe_attrs(body["html"])  # type: ignore[arg-type]
    assert attrs["src"] == f"{SITE}/embed/cigna/2023/key-partners"
    assert (attrs["width"], attrs["height"]) == ("600", "480")


@pytest.mark.parametrize(
    ("url", "src"),
    [
        ("/c/cigna/2025", "/embed/cigna/2025"),  # a path on this site
        ("/c/cigna/2025/revenue-streams", "/embed/cigna/2025/revenue-streams"),
        ("//127.0.0.1/c/cigna/2025", "/embed/cigna/2025"),  # scheme-less
        ("https://127.0.0.1/c/cigna/2025", "/embed/cigna/2025"),  # TLS ended at a proxy
        ("http://127.0.0.1:80/c/cigna/2025", "/embed/cigna/2025"),
        (f"{SITE}/embed/cigna/2015", "/embed/cigna/2015"),  # the embed forms too
        ("/embed/cigna/2015/cost-structure", "/embed/cigna/2015/cost-structure"),
        (f"{SITE}/c/cigna/2015?utm_source=chat#key-partners", "/embed/cigna/2015"),
        (f"{SITE}/c/cigna/2015/", "/embed/cigna/2015"),
        ("  /c/cigna/2015 ", "/embed/cigna/2015"),
        (f"{SITE}/c/%63igna/2015", "/embed/cigna/2015"),  # decoded, as the router does
    ],
)
def test_addresses_on_this_site_in_any_form(client: TestClient, url: str, src: str) -> None:
    body = assert_oembed(oembed(client, url))
    assert iframe_attrs(body["html"])["src"] == f"{SITE}{src}"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/c/cigna/2015",  # another site
        "//example.com/c/cigna/2015",
        "http://127.0.0.1.example.com/c/cigna/2015",
        "http://127.0.0.1:8080/c/cigna/2015",
        "http://user@127.0.0.1/c/cigna/2015",
        "ftp://127.0.0.1/c/cigna/2015",
        "javascript:alert(1)//c/cigna/2015",
        "http:/c/cigna/2015",
        "c/cigna/2015",
        f"{SITE}/",
        f"{SITE}/c/cigna",
        f"{SITE}/c/cigna/15",
        f"{SITE}/c/cigna/٢٠١٥",
        f"{SITE}/c/cigna/2015/nope",  # not a block kind
        f"{SITE}/c/cigna/2015/key-partners/more",
        f"{SITE}/c/nope/2015",  # unknown company
        f"{SITE}/c/cigna/1999",  # unknown year
        f"{SITE}/embed/cigna/1999/key-partners",
        f"{SITE}/sources/000_47e352ee965e9675",
        f"{SITE}/api/companies/cigna/2015",
        f"{SITE}/oembed?url=/c/cigna/2015",
        "",
    ],
)
def test_anything_else_is_a_404_that_does_not_echo_it(client: TestClient, url: str) -> None:
    response = oembed(client, url or " ")
    assert response.status_code == 404
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.json() == {"detail": "That address is not a canvas or a block on this site."}


def test_url_is_required(client: TestClient) -> None:
    for query in ("", "?url=", "?format=json"):
        response = client.get(f"/oembed{query}")
        assert response.status_code == 400
        assert response.json() == {"detail": "The url parameter is required."}


@pytest.mark.parametrize(
    "value", ["0", "-1", "abc", "1.5", "1e3", "+400", " 400", "١٢٠", "9" * 5000]
)
@pytest.mark.parametrize("name", ["maxwidth", "maxheight"])
def test_a_bad_maximum_is_a_400(client: TestClient, name: str, value: str) -> None:
    response = oembed(client, "/c/cigna/2015", **{name: value})
    assert response.status_code == 400
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.json() == {
        "detail": "maxwidth and maxheight must be positive whole numbers of pixels."
    }


@pytest.mark.parametrize("value", ["xml", "XML", "html", "jsonp", "JSON"])
def test_another_format_is_a_501(client: TestClient, value: str) -> None:
    response = oembed(client, "/c/cigna/2015", format=value)
    assert response.status_code == 501
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.json() == {"detail": "Only format=json is available."}


@pytest.mark.parametrize(
    ("url", "params", "size"),
    [
        ("/c/cigna/2015", {"maxwidth": "640"}, (640, 820)),
        ("/c/cigna/2015", {"maxheight": "400"}, (1200, 400)),
        ("/c/cigna/2015", {"maxwidth": "320", "maxheight": "240"}, (320, 240)),
        ("/c/cigna/2015", {"maxwidth": "5000", "maxheight": "5000"}, (1200, 820)),
        ("/c/cigna/2015", {"maxwidth": "1"}, (1, 820)),
        ("/c/cigna/2015/channels", {"maxwidth": "300"}, (300, 480)),
        ("/c/cigna/2015/channels", {"maxwidth": "0600", "maxheight": "2000"}, (600, 480)),
        ("/c/cigna/2015", {"maxwidth": "", "maxheight": ""}, (1200, 820)),  # as a form sends
    ],
)
def test_maxwidth_and_maxheight_bound_the_size_and_the_html(
    client: TestClient, url: str, params: dict[str, str], size: tuple[int, int]
) -> None:
    body = assert_oembed(oembed(client, url, **params))
    assert (body["width"], body["height"]) == size
    attrs = iframe_attrs(body["html"])  # type: ignore[arg-type]
    assert (attrs["width"], attrs["height"]) == tuple(map(str, size))


def test_head_is_answered_like_get(client: TestClient) -> None:
    response = client.head("/oembed", params={"url": "/c/cigna/2015"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"


def test_errors_are_json_even_without_a_database(tmp_path: Path) -> None:
    with TestClient(base_url="http://127.0.0.1", app=create_app(tmp_path / "missing.db")) as client:
        response = oembed(client, "/c/cigna/2015")
    assert response.status_code == 503
    assert response.json() == {"detail": "No canvases are loaded yet."}


def test_hostile_company_name_and_host_stay_inert(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "evil.md").write_text(
        "---\ntitle: Evil Corp\n---\n### Key Partners\n\nWorks with partners in 2020.\n",
        encoding="utf-8",
    )
    name = "<script>alert(1)</script> \"Evil\" & 'Co' <img src=x onerror=alert(2)>"
    (docs / "manifest.toml").write_text(
        f'[sources.evil]\ncompany = """{name}"""\nslug = "evil"\n', encoding="utf-8"
    )
    db = load([docs], tmp_path / "evil.db")
    with TestClient(base_url="http://127.0.0.1", app=create_app(db)) as client:
        body = assert_oembed(oembed(client, "/c/evil/2020/key-partners"))
        html = body["html"]
        assert isinstance(html, str)
        assert "<script" not in html and "<img" not in html and '"Evil"' not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &quot;Evil&quot; &amp; &#x27;Co&#x27;" in html
        assert body["title"] == f"{name} — Key Partners, 2020"  # data: the consumer escapes it
        assert iframe_attrs(html)["title"] == body["title"]

        host = 'evil.example"><img src=x onerror=alert(3)>'
        response = client.get(
            "/oembed", params={"url": f"//{host}/c/evil/2020"}, headers={"host": host}
        )
        assert response.status_code == 421  # not a loopback name, and no CANVAS_BASE_URL
        assert "evil.example" not in response.text


def test_discovery_href_points_at_the_endpoint_with_the_page_url() -> None:
    assert discovery_href("https://canvas.example/c/cigna/2023/key-partners") == (
        "https://canvas.example/oembed?url=https%3A%2F%2Fcanvas.example%2Fc%2Fcigna%2F2023"
        "%2Fkey-partners&format=json"
    )
    assert discovery_href("/c/cigna/2015") == "/oembed?url=%2Fc%2Fcigna%2F2015&format=json"


def test_discovery_href_round_trips(client: TestClient) -> None:
    href = discovery_href(f"{SITE}/c/cigna/2015/key-partners")
    body = assert_oembed(client.get(href.removeprefix(SITE)))
    assert body["title"] == "Cigna Corporation — Key Partners, 2015"


def test_target_reads_only_canvas_and_block_shapes() -> None:
    assert target("/c/cigna/2015", "h", "http") == target("/embed/cigna/2015", "h", "http")
    assert target("https://h:443/c/a/2015/channels", "h", "https") is not None
    assert target("https://[::1]:8000/c/a/2015", "[::1]:8000", "http") is not None
    assert target("https://[::1]/c/a/2015", "[::1]:8000", "http") is None
    assert target("/c/a/2015/Key-Partners", "h", "http") is None


def test_urls_follow_the_loopback_host_the_site_is_reached_at(client: TestClient) -> None:
    """(Any other Host is refused without CANVAS_BASE_URL: tests/test_hosts.py.)"""
    host = "localhost:8443"
    url = f"https://{host}/c/cigna/2015"
    response = client.get("/oembed", params={"url": url}, headers={"host": host})
    body = response.json()
    assert response.status_code == 200 and body["provider_url"] == f"http://{host}/"
    assert iframe_attrs(body["html"])["src"] == f"http://{host}/embed/cigna/2015"
    other = client.get("/oembed", params={"url": f"{SITE}/c/cigna/2015"}, headers={"host": host})
    assert other.status_code == 404  # 127.0.0.1 is not where this request reached the site

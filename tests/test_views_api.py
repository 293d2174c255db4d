"""The JSON API over HTTP against the real seeds: shapes and values, citations that quote
their lines, JSON errors that echo nothing, CORS on the API only, the /docs page, and
schemathesis fuzzing every API operation in process for server errors."""

from __future__ import annotations

import hashlib
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis import Case

from app.domain import BLOCK_KINDS, ENGLISH_TITLES, split_lines
from app.views.api_docs import document, type_parts
from app.views.i18n import Interface
from app.views.templates import environment
from app.web import create_app
from tests.conftest import PAGE_SEED, POST_SEED

API_PATHS = {
    "/api/companies",
    "/api/companies/{slug}",
    "/api/companies/{slug}/{year}",
    "/api/sources/{key}",
    "/api/search",
    "/api/companies/{slug}/compare/{years}",
    "/api/companies/{slug}/figures",
}
GOOD_URLS = (
    "/api/companies/cigna/compare/2015...2025",
    "/api/companies",
    "/api/companies/cigna",
    "/api/companies/cigna/2015",
    "/api/companies/cigna/2023",
    f"/api/sources/{POST_SEED.stem}",
    "/api/search?q=pharmacy",
)
CLAIMS = {2015: 34, 2023: 169, 2025: 111}
MARK = "zq9x"  # in every unknown address: it must not come back in the answer


def snapshot(year: int, lang: str) -> dict[str, Any]:
    return {
        "year": year,
        "langs": [lang],
        "url": f"/c/cigna/{year}",
        "api_url": f"/api/companies/cigna/{year}",
    }


CIGNA = {
    "slug": "cigna",
    "name": "Cigna Corporation",
    "ticker": "CI",
    "snapshots": [snapshot(2015, "en"), snapshot(2023, "ar"), snapshot(2025, "en")],
    "url": "/c/cigna",
    "api_url": "/api/companies/cigna",
}


def claims_of(canvas: dict[str, Any]) -> list[dict[str, Any]]:
    return [claim for block in canvas["blocks"] for claim in block["claims"]]


# -- shapes and values ------------------------------------------------------------------------


def test_companies_lists_the_company_with_its_snapshots_and_addresses(
    client: TestClient,
) -> None:
    response = client.get("/api/companies")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"companies": [CIGNA], "total": 1, "next": None}


def test_one_company_and_its_addresses_resolve(client: TestClient) -> None:
    assert client.get("/api/companies/cigna").json() == CIGNA
    assert client.get(CIGNA["url"]).headers["location"] == "/c/cigna/2025"
    for snap in CIGNA["snapshots"]:
        assert client.get(snap["url"]).status_code == 200, snap
        assert client.get(snap["api_url"]).json()["year"] == snap["year"]


@pytest.mark.parametrize("year", sorted(CLAIMS))
def test_canvas_lists_all_nine_blocks_in_canvas_order(client: TestClient, year: int) -> None:
    canvas = client.get(f"/api/companies/cigna/{year}").json()
    assert set(canvas) == {"company", "year", "url", "api_url", "blocks"}
    assert canvas["company"] == CIGNA and canvas["year"] == year
    assert (canvas["url"], canvas["api_url"]) == (
        f"/c/cigna/{year}",
        f"/api/companies/cigna/{year}",
    )
    assert [b["kind"] for b in canvas["blocks"]] == list(BLOCK_KINDS)
    assert [b["title"] for b in canvas["blocks"]] == [ENGLISH_TITLES[k] for k in BLOCK_KINDS]
    assert len(claims_of(canvas)) == CLAIMS[year]
    for claim in claims_of(canvas):
        assert set(claim) == {
            "anchor",
            "kind",
            "topic",
            "text",
            "lang",
            "cells",
            "header",
            "table_line",
            "number",
            "citation",
            "figures",
        }
        is_row = claim["kind"] == "row"
        assert (claim["cells"] is not None, claim["header"] is not None) == (is_row, is_row)
        assert (claim["number"] is not None) == (claim["kind"] == "numbered")


def test_arabic_canvas_keeps_headings_text_and_tables_as_written(client: TestClient) -> None:
    canvas = client.get("/api/companies/cigna/2023").json()
    assert {b["lang"] for b in canvas["blocks"]} == {"ar"}
    assert canvas["blocks"][0]["heading"] == "شركة Cigna (CI) - نموذج الأعمال: الشراكات الرئيسية"
    claims = claims_of(canvas)
    assert {c["lang"] for c in claims} == {"ar"}
    assert {c["kind"] for c in claims} == {"paragraph", "bullet", "row"}
    assert any(c["text"].startswith("تتعاون Cigna مع 1.5 مليون") for c in claims)
    row = next(c for c in claims if c["cells"] == ["الأطباء", "750,000"])
    assert row["kind"] == "row" and row["header"] == ["نوع المزود", "عدد مقدمي الخدمة"]
    assert row["topic"] == "مقدمو الرعاية الصحية والشبكات الطبية"
    assert row["table_line"] is not None and row["table_line"] < row["citation"]["line_start"]
    assert row["figures"] == [
        {"value": 750_000, "unit": None, "currency": None, "scale": None, "bound": None,
         "text": "750,000",
         # what it measures: the header "عدد مقدمي الخدمة" names providers, the row which;
         # no period is written (the snapshot's year applies)
         "label": "الأطباء", "metric": "providers", "scope": "الأطباء", "period": None,
         "period_text": None, "period_source": None, "qualifiers": []}
    ]  # fmt: skip
    partners = next(c for c in claims if c["text"].startswith("تتعاون Cigna مع 1.5 مليون"))
    assert partners["figures"][0]["value"] == 1_500_000
    assert partners["figures"][0]["text"] == "1.5 مليون"


def test_blocks_no_document_declares_are_listed_empty(client: TestClient) -> None:
    blocks = client.get("/api/companies/cigna/2025").json()["blocks"]
    assert blocks[0] == {
        "kind": "key-partners",
        "title": "Key Partners",
        "lang": None,
        "heading": None,
        "claims": [],
    }
    assert [b["kind"] for b in blocks if not b["claims"]] == [
        "key-partners",
        "key-activities",
        "key-resources",
    ]
    assert (
        blocks[3]["heading"] == "Cigna Corporation (CI) - Canvas Business Model: Value Propositions"
    )
    assert blocks[3]["lang"] == "en"


def test_every_citation_points_at_lines_that_hold_its_claim(client: TestClient) -> None:
    sources: dict[str, dict[str, Any]] = {}
    checked = 0
    for year in CLAIMS:
        for claim in claims_of(client.get(f"/api/companies/cigna/{year}").json()):
            cite = claim["citation"]
            key, a, b = cite["source_key"], cite["line_start"], cite["line_end"]
            assert cite["url"] == f"/sources/{key}#L{a}-L{b}"
            if key not in sources:
                sources[key] = client.get(cite["api_url"]).json()
            source = sources[key]
            assert 1 <= a <= b <= source["line_count"], cite
            lines = source["lines"][a - 1 : b]
            if claim["kind"] == "row":
                assert len(lines) == 1 and all(cell in lines[0] for cell in claim["cells"])
            else:  # one line of text per cited line, each read from that line
                parts = claim["text"].split("\n")
                assert len(parts) == len(lines), cite
                assert all(part in line for part, line in zip(parts, lines, strict=True)), cite
            checked += 1
    assert checked == sum(CLAIMS.values()) and set(sources) == {POST_SEED.stem, PAGE_SEED.stem}


@pytest.mark.parametrize(
    ("seed", "kind", "years", "title"),
    [
        (POST_SEED, "markdown-post", [2015], "Businessmodel of Cigna"),
        (PAGE_SEED, "scraped-page", [2023, 2025], "شركة Cigna (CI): نموذج الأعمال التجارية"),
    ],
)
def test_source_has_its_metadata_and_exact_lines(
    client: TestClient, seed: Path, kind: str, years: list[int], title: str
) -> None:
    source = client.get(f"/api/sources/{seed.stem}").json()
    lines = split_lines(seed.read_text(encoding="utf-8"))
    assert source == {
        "key": seed.stem,
        "title": title,
        "kind": kind,
        "company_slug": "cigna",
        "company_name": "Cigna Corporation",
        "years": years,
        "sha256": hashlib.sha256(seed.read_bytes()).hexdigest(),
        "line_count": len(lines),
        "url": f"/sources/{seed.stem}",
        "api_url": f"/api/sources/{seed.stem}",
        "original_url": None,
        "lines": lines,
    }
    assert client.get(source["url"]).status_code == 200


# -- errors, HEAD, CORS -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status"),
    [
        (f"/api/companies/{MARK}", 404),
        (f"/api/companies/{MARK}/2015", 404),
        ("/api/companies/cigna/1999", 404),
        (f"/api/sources/{MARK}", 404),
        (f"/api/sources/%3Cscript%3E{MARK}", 404),
        (f"/api/{MARK}", 404),
        (f"/api/companies/cigna/2015/{MARK}", 404),
        ("/api", 404),
        # a year that is not four ASCII digits is a malformed parameter, never a 5xx
        (f"/api/companies/cigna/20{MARK}", 422),
        ("/api/companies/cigna/²⁰¹⁵", 422),
        ("/api/companies/cigna/٢٠١٥", 422),
        ("/api/companies/cigna/02015", 422),
    ],
)
def test_unknown_or_malformed_is_a_json_error_that_echoes_nothing(
    client: TestClient, url: str, status: int
) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"detail"} and isinstance(body["detail"], str) and body["detail"]
    for echo in (MARK, "1999", "script", "²⁰¹⁵", "٢٠١٥", "02015"):
        assert echo not in response.text, echo
    assert response.headers["access-control-allow-origin"] == "*"


def test_pages_outside_the_api_keep_their_html_errors(client: TestClient) -> None:
    page = client.get(f"/c/{MARK}")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "Not found" in page.text and MARK not in page.text
    bad = client.get(f"/sources/{PAGE_SEED.stem}/lines?start=x&end=2")
    assert bad.status_code == 400 and bad.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize(
    "url", [*GOOD_URLS, f"/api/companies/{MARK}", "/api/companies/cigna/20x5", "/docs"]
)
def test_head_answers_like_get_without_a_body(client: TestClient, url: str) -> None:
    get, head = client.get(url), client.head(url)
    assert head.status_code == get.status_code
    assert head.content == b""
    for name in ("content-type", "content-length", "access-control-allow-origin"):
        assert head.headers.get(name) == get.headers.get(name), name


def test_cors_header_on_api_answers_only(client: TestClient) -> None:
    for url in (*GOOD_URLS, f"/api/companies/{MARK}", "/api/companies/cigna/20x5"):
        assert client.get(url).headers["access-control-allow-origin"] == "*", url
    for url in ("/", "/", "/c/cigna/2015", "/c/cigna/2015", f"/sources/{POST_SEED.stem}"):
        assert "access-control-allow-origin" not in client.get(url).headers, url  # twice: cached
    for url in ("/docs", "/openapi.json", f"/c/{MARK}", "/static/app.css"):
        assert "access-control-allow-origin" not in client.get(url).headers, url


# -- the schema and /docs -----------------------------------------------------------------------


def _models_reachable(schema: dict[str, Any], spec: Any, seen: set[str]) -> set[str]:
    """Names of the component models a JSON Schema fragment refers to, transitively."""
    if isinstance(spec, dict):
        ref = spec.get("$ref", "")
        if ref.startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[1]
            if name not in seen:
                seen.add(name)
                _models_reachable(schema, schema["components"]["schemas"][name], seen)
        for value in spec.values():
            _models_reachable(schema, value, seen)
    elif isinstance(spec, list):
        for value in spec:
            _models_reachable(schema, value, seen)
    return seen


def test_openapi_documents_every_api_operation_and_field(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    paths = {p: item for p, item in schema["paths"].items() if p.startswith("/api/")}
    assert set(paths) == API_PATHS
    ids = []
    for path, item in paths.items():
        assert set(item) == {"get"}, path  # HEAD answers too, but is not a second operation
        op = item["get"]
        assert op["summary"] and op["description"] and op["tags"] == ["JSON API"], path
        ids.append(op["operationId"])
        assert all(p["description"] for p in op.get("parameters", [])), path
        ok = op["responses"]["200"]
        assert ok["description"] != "Successful Response", path
        if "{" in path:
            for status in ("404", "422"):
                error = op["responses"][status]["content"]["application/json"]["schema"]
                assert error == {"$ref": "#/components/schemas/ErrorBody"}, path
        for name in _models_reachable(schema, op["responses"], set()):
            model = schema["components"]["schemas"][name]
            assert model.get("description"), name
            undocumented = [f for f, p in model["properties"].items() if not p.get("description")]
            assert not undocumented, (name, undocumented)
    assert len(set(ids)) == len(ids) == len(API_PATHS)


class _Scripts(HTMLParser):
    """Every <script>: its src (or None) and whether it has inline text."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[str | None, str]] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts.append((dict(attrs).get("src"), ""))
            self._open = True

    def handle_endtag(self, tag: str) -> None:
        self._open = self._open and tag != "script"

    def handle_data(self, data: str) -> None:
        if self._open:
            src, text = self.scripts[-1]
            self.scripts[-1] = (src, text + data)


def test_docs_page_lists_every_operation_with_its_fields(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    html = response.text
    assert '<a href="/openapi.json" dir="ltr">' in html
    schema = client.get("/openapi.json").json()
    for path, item in schema["paths"].items():
        for method, op in item.items():
            assert f"<code>{method.upper()} {path}</code>" in html, (method, path)
            assert op["summary"].replace("'", "&#39;") in html, path
            for param in op.get("parameters", []):
                assert f'<code dir="ltr">{param["name"]}</code>' in html, (path, param["name"])
    for name in ("Company", "Canvas", "Source"):
        for field in schema["components"]["schemas"][name]["properties"]:
            assert f'<code dir="ltr">{field}</code>' in html, (name, field)
    assert 'href="#schema-Claim"' in html and 'id="schema-Citation"' in html
    parser = _Scripts()
    parser.feed(html)
    assert parser.scripts, "the base layout's htmx script"
    for src, text in parser.scripts:
        assert src and src.startswith("/") and not src.startswith("//"), src
        assert not text.strip()


def test_docs_text_is_escaped() -> None:
    evil = "<script>alert(1)</script>"
    schema = {
        "info": {"title": evil, "version": "<b>1</b>"},
        "paths": {
            "/x/{p}": {
                "get": {
                    "summary": evil,
                    "description": "<img src=x onerror=alert(2)>",
                    "parameters": [
                        {
                            "name": "<i>p</i>",
                            "in": "path",
                            "schema": {"type": "string", "pattern": "<u>"},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "<em>ok</em>",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": '#/components/schemas/E"vil'}
                                }
                            },
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                'E"vil': {
                    "description": evil,
                    "properties": {"<svg onload=alert(3)>": {"description": "<iframe>"}},
                }
            }
        },
    }
    html = (
        environment()
        .get_template("api_docs.html")
        .render(doc=document(schema), ui=Interface("en"), switch=[])
    )
    for raw in (evil, "<img", "<i>p", "<em>", "<svg", "<iframe", "<b>1", 'E"vil', "<u>"):
        assert raw not in html, raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;svg onload=alert(3)&gt;" in html and 'id="schema-E&#34;vil"' in html


def test_types_read_as_a_reader_says_them() -> None:
    ref = {"$ref": "#/components/schemas/Claim"}
    assert type_parts({"type": "array", "items": ref}) == (
        ("list of ", None),
        ("Claim", "#schema-Claim"),
    )
    assert type_parts({"anyOf": [{"type": "string"}, {"type": "null"}]}) == (
        ("string", None),
        (" or ", None),
        ("null", None),
    )
    assert type_parts({"type": "string", "pattern": "^[0-9]{4}$"}) == (
        ("string matching ^[0-9]{4}$", None),
    )
    assert type_parts({"enum": ["en", "ar"]}) == (("one of en, ar", None),)


# -- fuzzing ------------------------------------------------------------------------------------


#: Loaded at import, as `schema.parametrize()` requires. Building the schema reads no
#: database, so that app has none (a case sent to it by mistake would get a 503 and fail);
#: every case goes to an app over the seeds instead. The HTML pages are in the schema too,
#: but fuzzing them is not this module's business: only the JSON API's operations.
SCHEMA = schemathesis.openapi.from_asgi(
    "/openapi.json", create_app(Path("/nonexistent/canvas.db"), base_url="http://127.0.0.1")
).include(path_regex="^/api/")


@pytest.fixture(scope="module")
def seeded_app(seeded_db: Path) -> FastAPI:
    return create_app(seeded_db)


@SCHEMA.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_generated_request_gets_a_server_error(case: Case, seeded_app: FastAPI) -> None:
    response = case.call(app=seeded_app)
    assert response.status_code < 500, (case.path, case.path_parameters, response.text[:200])


def test_numbered_items_and_headerless_tables_as_the_document_wrote_them(tmp_path: Path) -> None:
    from tests.web_fixtures import load, site_client

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "initech.md").write_text(
        "---\ntitle: initech\n---\n\nBusinessmodel of Initech\n------------------------\n\n"
        "### Key Activities\n\n3. Builds software in 2021.\n4. Runs support.\n\n"
        "### Cost Structure\n\n| Rent | $1.2 million |\n| Salaries | $3.4 million |\n",
        encoding="utf-8",
    )
    with site_client(load([docs], tmp_path / "c.db")) as client:
        canvas = client.get("/api/companies/initech/2021").json()
    found = {c["text"]: c for c in claims_of(canvas)}
    assert [
        (found[t]["kind"], found[t]["number"])
        for t in ("Builds software in 2021.", "Runs support.")
    ] == [
        ("numbered", 3),
        ("numbered", 4),
    ]
    rent = found["Rent | $1.2 million"]
    assert (rent["kind"], rent["cells"], rent["header"], rent["table_line"]) == (
        "row",
        ["Rent", "$1.2 million"],
        None,
        15,
    )
    assert rent["citation"]["line_start"] == 15

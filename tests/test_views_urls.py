"""app.views.urls builds every address the site writes, quoting path segments one way; and no
other module of app/ (nor a template) builds one by hand."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from app.views import urls
from tests.conftest import ROOT

SPACED = "Annual report 2023"
SPACED_Q = "Annual%20report%202023"
ARABIC = "تقرير سنوي"
ARABIC_Q = "%D8%AA%D9%82%D8%B1%D9%8A%D8%B1%20%D8%B3%D9%86%D9%88%D9%8A"


def test_pages() -> None:
    assert urls.index() == "/"
    assert urls.index([("q", "a b"), ("after", "acme-inc")]) == "/?q=a+b&after=acme-inc"
    assert urls.company("acme-inc") == "/c/acme-inc"
    assert urls.canvas("acme-inc", 2023) == "/c/acme-inc/2023"
    assert urls.block("acme-inc", 2023, "key-partners") == "/c/acme-inc/2023/key-partners"
    assert urls.block_in_canvas("acme-inc", 2021, "cost-structure") == (
        "/c/acme-inc/2021#cost-structure"
    )
    assert urls.statement("acme-inc", 2023, "channels", 50, "0a1b2c3d4e") == (
        "/c/acme-inc/2023#c-0a1b2c3d4e"
    )
    assert urls.compare("acme-inc", 2021, 2023) == "/c/acme-inc/compare/2021...2023"
    assert urls.embed("acme-inc", 2023) == "/embed/acme-inc/2023"
    assert urls.embed("acme-inc", 2023, "channels") == "/embed/acme-inc/2023/channels"
    assert urls.search() == "/search"
    assert urls.search([("q", "نمو"), ("page", "2")]) == "/search?q=%D9%86%D9%85%D9%88&page=2"
    assert urls.search_preview() == "/search/preview"
    assert urls.static("htmx-2.0.11.min.js") == "/static/htmx-2.0.11.min.js"
    assert urls.oembed("http://x.test/c/acme-inc/2023") == (
        "/oembed?url=http%3A%2F%2Fx.test%2Fc%2Facme-inc%2F2023&format=json"
    )


def test_sources() -> None:
    assert urls.source(SPACED) == f"/sources/{SPACED_Q}"
    assert urls.source(ARABIC) == f"/sources/{ARABIC_Q}"
    assert urls.source_lines(SPACED, 3, 7) == f"/sources/{SPACED_Q}#L3-L7"
    assert urls.source_lines(ARABIC, 12, 12) == f"/sources/{ARABIC_Q}#L12-L12"
    assert urls.source_quote(ARABIC, 3, 5) == f"/sources/{ARABIC_Q}/lines?start=3&end=5"
    assert urls.source_quote(SPACED, 3, 5, "ar") == (
        f"/sources/{SPACED_Q}/lines?start=3&end=5&hl=ar"
    )


def test_api() -> None:
    assert urls.API_PREFIX == "/api"
    assert urls.api_companies() == "/api/companies"
    assert urls.api_companies([("after", "acme-inc"), ("limit", "100")]) == (
        "/api/companies?after=acme-inc&limit=100"
    )
    assert urls.api_company("acme-inc") == "/api/companies/acme-inc"
    assert urls.api_canvas("acme-inc", 2023) == "/api/companies/acme-inc/2023"
    assert urls.api_compare("acme-inc", 2021, 2023) == "/api/companies/acme-inc/compare/2021...2023"
    assert urls.api_source(ARABIC) == f"/api/sources/{ARABIC_Q}"
    assert urls.api_source(SPACED) == f"/api/sources/{SPACED_Q}"
    assert urls.api_search([("q", "growth")]) == "/api/search?q=growth"


def test_every_segment_is_quoted_one_way() -> None:
    """`/`, `?`, `#`, `&` and `%` inside a value never read as address syntax."""
    assert urls.source("a/b?c#d&e%") == "/sources/a%2Fb%3Fc%23d%26e%25"
    assert urls.company("a/b") == "/c/a%2Fb"
    assert urls.api_source("a/b") == "/api/sources/a%2Fb"


# -- no address built by hand elsewhere ------------------------------------------------------

#: The beginnings of the site's own addresses.
_SITE = re.compile(r"^/(c/|sources|embed|search|static|api|oembed|\?)")
_BUILDER = ROOT / "app" / "views" / "urls.py"
#: The HTTP layer matches the paths of incoming requests (`path.startswith("/static/")`): it
#: writes no address, and may not import app.views (tests/test_layers.py).
_MATCHERS = ROOT / "app" / "http"
#: Keyword arguments whose strings document an address rather than write one (OpenAPI text).
_DOC_KEYWORDS = {"description", "summary", "response_description"}
#: Calls whose strings declare where something is served, not a link to it.
_DECLARING = {"api_route", "mount", "get", "head", "_get"}


def _excluded(tree: ast.Module) -> set[int]:
    """The ids of string nodes that declare or document an address: route decorators and
    mounts, OpenAPI descriptions, docstrings."""
    skip: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            skip.extend(node.decorator_list)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                skip.append(body[0])
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in _DECLARING:
                skip.append(node)
            skip.extend(k.value for k in node.keywords if k.arg in _DOC_KEYWORDS)
    return {id(n) for s in skip for n in ast.walk(s)}


def _python_offences() -> list[str]:
    found = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        if path == _BUILDER or path.is_relative_to(_MATCHERS):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _excluded(tree)
        for node in ast.walk(tree):
            if id(node) in skip or not isinstance(node, ast.Constant):
                continue
            if isinstance(node.value, str) and _SITE.match(node.value):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
    return found


#: A path written into a template: in an attribute, or a string literal inside `{{ }}`.
_IN_TEMPLATE = re.compile(
    r"""(?:href|src|action|hx-get|content)=["']/|\{\{[^}]*["']/(?:c/|sources|embed|search"""
    r"""|static|api|oembed|\?|["'])"""
)
#: Documentation: the API page names the form of a citation's address, it links nowhere.
_TEMPLATE_DOCS = {"api_docs.html": ['code("/sources/{key}#L{start}-L{end}")']}


def _template_offences() -> list[str]:
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        allowed = _TEMPLATE_DOCS.get(path.name, [])
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for doc in allowed:
                line = line.replace(doc, "")
            if _IN_TEMPLATE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    return found


def test_no_address_is_built_outside_the_builder() -> None:
    offences = _python_offences() + _template_offences()
    assert not offences, "build these with app.views.urls:\n" + "\n".join(offences)


def test_the_scan_sees_a_hand_built_address(tmp_path: Path) -> None:
    """The scan's own check: a hand-built address is found, a route declaration is not."""
    source = (
        '"""Docs name /sources/{key}."""\n'
        '@router.api_route("/c/{slug}", methods=["GET"])\n'
        "def page(key):\n"
        '    return f"/sources/{key}#L1-L2"\n'
    )
    tree = ast.parse(source)
    skip = _excluded(tree)
    hits = [
        n.lineno
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant)
        and id(n) not in skip
        and isinstance(n.value, str)
        and _SITE.match(n.value)
    ]
    assert hits == [4]
    assert _IN_TEMPLATE.search('<a href="/c/acme">')
    assert _IN_TEMPLATE.search("{{ ui.href('/') }}")
    assert not _IN_TEMPLATE.search('<a href="{{ urls.company(slug) }}">')


def test_a_statement_past_what_the_canvas_shows_links_the_block_window_that_holds_it() -> None:
    """The canvas shows 50 statements of a block; the block's page 100 at a time."""
    assert urls.PANEL_STATEMENTS == 50 and urls.BLOCK_WINDOW == 100
    assert urls.statement("acme-inc", 2023, "channels", 51, "ab") == (
        "/c/acme-inc/2023/channels#c-ab"
    )
    assert urls.statement("acme-inc", 2023, "channels", 100, "ab") == (
        "/c/acme-inc/2023/channels#c-ab"
    )
    assert urls.statement("acme-inc", 2023, "channels", 101, "ab") == (
        "/c/acme-inc/2023/channels?from=101#c-ab"
    )
    assert urls.statement("acme-inc", 2023, "channels", 4999, "ab") == (
        "/c/acme-inc/2023/channels?from=4901#c-ab"
    )
    assert urls.block("acme-inc", 2023, "channels", 1) == "/c/acme-inc/2023/channels"
    assert [urls.block_window(n) for n in (1, 100, 101, 200, 201)] == [1, 1, 101, 101, 201]

"""Citations in a real browser: the source page's line highlight, the htmx popover, the
Content-Security-Policy, and hostile source lines that must stay inert text."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Dialog, Page, expect

ROOT = Path(__file__).resolve().parent.parent
POST_KEY = "000_47e352ee965e9675"
POST_LINES = (ROOT / "seeds" / f"{POST_KEY}.txt").read_text(encoding="utf-8").split("\n")
CITE_HREF = re.compile(r"/sources/(?P<key>[^#/]+)#L(?P<a>\d+)-L(?P<b>\d+)")


def squash(text: str) -> str:
    return " ".join(text.split())


def highlighted(page: Page) -> list[str]:
    return page.eval_on_selector_all(".source-lines li.hl", "els => els.map(e => e.id)")


def test_a_citation_lands_on_exactly_its_highlighted_lines(page: Page, live_site: str) -> None:
    page.goto(f"{live_site}/c/cigna/2015")
    cite = page.locator("a.note-lines").last  # the deepest line: the page must scroll to it
    href = cite.get_attribute("href")
    assert href is not None
    match = CITE_HREF.fullmatch(href)
    assert match, href
    first, last = int(match["a"]), int(match["b"])
    assert first > 40, "pick a citation far enough down the source to need a scroll"
    cite.click()
    expect(page).to_have_url(f"{live_site}{href}")
    expect(page.locator(f"#L{first}")).to_have_class(re.compile(r"\bhl\b"))
    assert highlighted(page) == [f"L{n}" for n in range(first, last + 1)]
    expect(page.locator(f"#L{first}")).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 0
    expect(page.locator(f"#L{first} .lt")).to_have_text(POST_LINES[first - 1].rstrip("\r"))

    # a range, reached by changing only the fragment, replaces the old highlight
    page.evaluate("location.hash = '#L5-L9'")
    expect(page.locator("#L9")).to_have_class(re.compile(r"\bhl\b"))
    assert highlighted(page) == ["L5", "L6", "L7", "L8", "L9"]
    expect(page.locator("#L5")).to_be_in_viewport()


SHOWN = (
    "q => { const p = document.getElementById('cite-pop');"
    " return p.matches(':popover-open') && p.dataset.shown === q; }"
)


@pytest.mark.parametrize("how", ["hover", "focus"])
def test_a_citation_preview_loads_the_quoted_lines(page: Page, live_site: str, how: str) -> None:
    page.goto(f"{live_site}/c/cigna/2015")
    number = 3 if how == "hover" else 4
    cite = page.locator(f"#cite-{number}")
    assert cite.get_attribute("href") == f"#ref-{number}"  # the marker leads to its note
    match = CITE_HREF.fullmatch(cite.get_attribute("data-lines") or "")
    assert match
    popover = page.locator("#cite-pop")
    expect(popover).to_be_hidden()
    with page.expect_response(
        re.compile(r"/sources/[^/]+/lines\?start=\d+&end=\d+&hl=en$")
    ) as answer:
        cite.hover() if how == "hover" else cite.focus()
    assert answer.value.status == 200
    page.wait_for_function(SHOWN, arg=cite.get_attribute("data-quote"))
    expect(popover.locator(".quote-lines")).to_have_count(1)
    expect(popover).to_be_visible()
    quoted = squash(POST_LINES[int(match["a"]) - 1])
    assert quoted, "the cited line is blank"
    expect(popover).to_contain_text(quoted)
    cited = popover.locator(".qline:not(.context)")
    expect(cited).to_have_count(1)
    assert squash(cited.inner_text()).startswith(match["a"])  # the line number leads
    expect(popover.locator(".qline.context")).to_have_count(2)  # a line before, a line after
    expect(popover.locator(".quote-head")).to_have_text(
        f"Businessmodel of Cigna, line {match['a']}"
    )
    link = popover.locator("a.quote-open")
    expect(link).to_have_attribute("href", re.compile(rf"#L{match['a']}-L{match['a']}$"))


@pytest.mark.parametrize(
    "path", ["/", "/c/cigna/2015", "/c/cigna/2023", f"/sources/{POST_KEY}#L53-L53", "/nope"]
)
def test_pages_and_their_scripts_respect_the_content_security_policy(
    page: Page, live_site: str, path: str
) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    page.add_init_script(
        "window.__csp = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    response = page.goto(f"{live_site}{path}")
    assert response is not None
    assert "script-src 'self'" in (response.headers.get("content-security-policy") or "")
    if path.startswith("/c/"):
        page.wait_for_function("() => window.htmx !== undefined")
        with page.expect_response(re.compile(r"/lines\?")):
            page.locator("#cite-1").hover()
        expect(page.locator("#cite-pop .quote-lines")).to_have_count(1)
        page.locator("nav.years a", has_text="2025").click()
        expect(page.locator("h1")).to_contain_text("2025")
    if path == "/":
        page.wait_for_function("() => window.htmx !== undefined")
        with page.expect_response(re.compile(r"/\?q=zzz")):
            page.locator("#q").fill("zzz")
        expect(page.locator("#company-list .none")).to_be_visible()
    violations = page.evaluate("window.__csp")
    csp_console = [e for e in errors if "Content Security Policy" in e]
    assert violations == [] and csp_console == [], (violations, csp_console)
    if path != "/nope":  # the 404 page's own status is logged as a console error
        assert errors == []


HOSTILE = """\
|
Evil Corp (EVL): Business Model Canvas |
Evil Corp (EVL) Bundle
Evil Corp is a company that makes things in 2021.
Evil Corp (EVL) - Canvas Business Model: Key Partners
Partners <b>bold</b>
Evil Corp works with partners <script>alert(1)</script> around the world in 2021:
- A supplier <img src=x onerror=alert(2)> of parts
| Partner <b>bold</b> | Count |
|---|---|
| <b>bold</b> cell | <img src=x onerror=alert(3)> |
Evil Corp (EVL) - Canvas Business Model: Key Activities
Evil Corp builds <svg onload=alert(4)> widgets in 2021.
"""
LITERALS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "Partners <b>bold</b>",
    "<b>bold</b> cell",
    "<img src=x onerror=alert(3)>",
    "<svg onload=alert(4)>",
]


@pytest.fixture(scope="module")
def hostile_site(serve_documents: Callable[[dict[str, str]], str]) -> str:
    return serve_documents({"hostile.txt": HOSTILE})


def assert_inert(page: Page, dialogs: list[str], scripts: list[str]) -> None:
    page.wait_for_load_state("load")  # every image that would fire onerror has settled
    assert dialogs == []
    assert page.locator("img").count() == 0
    assert page.locator("main svg, main b, main script, main [onerror], main [onload]").count() == 0
    assert page.eval_on_selector_all("script", "els => els.map(e => e.src)") == scripts


@pytest.mark.parametrize("path", ["/c/evil/2021", "/sources/hostile#L7-L13"])
def test_hostile_source_lines_render_as_inert_text(
    page: Page, hostile_site: str, path: str
) -> None:
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    logs: list[ConsoleMessage] = []
    page.on("console", lambda m: logs.append(m))
    page.goto(f"{hostile_site}{path}")
    scripts = [f"{hostile_site}/static/htmx-2.0.11.min.js"]
    if path.startswith("/sources/"):
        scripts.append(f"{hostile_site}/static/source-lines.js")
    else:
        scripts.append(f"{hostile_site}/static/block-links.js")
        scripts.append(f"{hostile_site}/static/year-switch.js")
        scripts.append(f"{hostile_site}/static/citations.js")
        scripts.append(f"{hostile_site}/static/print-note.js")
    assert_inert(page, dialogs, scripts)
    for literal in LITERALS:
        expect(page.get_by_text(literal, exact=False).first).to_be_visible()

    if path.startswith("/c/"):  # and the popovers, swapped in by htmx, stay text too
        page.wait_for_function("() => window.htmx !== undefined")
        shown = []
        for cite in page.locator("sup.cite > a").all():
            cite.hover()
            page.wait_for_function(SHOWN, arg=cite.get_attribute("data-quote"))
            shown.append(page.locator("#cite-pop").inner_text())
            assert_inert(page, dialogs, scripts)
        # (as a cited line, or as the line of context beside another one)
        assert any("<img src=x onerror=alert(2)>" in text for text in shown)
        assert any("<script>alert(1)</script>" in text for text in shown)
    assert not [m.text for m in logs if "alert" in m.text]

"""The per-claim markup built in Python: every database string arrives as text, never markup."""

from __future__ import annotations

from html.parser import HTMLParser

from app.db.queries import BlockRow, CitedSource, ClaimRow, CompanySummary, SnapshotRow
from app.views.canvas_html import blocks_html, map_html, references_html
from app.views.canvas_model import CanvasPage, build_canvas
from app.views.escaping import escape
from app.views.i18n import Interface

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)> \"quoted\" & 'single'"
KEY = 'doc"><script>alert(3)</script>'
COMPANY = CompanySummary(1, "acme", "Acme", None, (SnapshotRow(2021, ("en",), "en"),))


class _Tree(HTMLParser):
    """Start tags with attributes, and the text, as a browser's tokenizer reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(markup: str) -> _Tree:
    tree = _Tree()
    tree.feed(markup)
    tree.close()
    return tree


def hostile_page() -> CanvasPage:
    def row(n: int, kind: str, **kw: object) -> ClaimRow:
        fields = {
            "anchor": f'a{n}"onclick="x',
            "kind": kind,
            "topic": f"Topic {HOSTILE}",
            "text": f"{HOSTILE} {n}",
            "lang": "en",
            "cells": None,
            "header": None,
            "table_line": None,
            "source_key": KEY,
            "line_start": n,
            "line_end": n,
        }
        return ClaimRow(**{**fields, **kw})  # type: ignore[arg-type]

    block = BlockRow(
        "channels",
        "en",
        f"Channels {HOSTILE}",
        [
            row(1, "paragraph"),
            row(2, "bullet"),
            row(3, "row", cells=(HOSTILE, "Cigna"), header=(HOSTILE, "Name"), table_line=2),
            row(4, "paragraph", lang="ar", text=f"شركة {HOSTILE} مع"),
        ],
    )
    return build_canvas(
        COMPANY,
        2021,
        [block],
        {},
        {
            KEY: CitedSource(
                f"Title {HOSTILE}",
                "markdown-post",
                'https://example.com/"><script>alert(4)</script>',
                (2021,),
                [f"line {HOSTILE}"] * 10,
            )
        },
    )


def page_markup(page: CanvasPage) -> str:
    ui = Interface("en")
    return str(map_html(page, ui)) + str(blocks_html(page, ui)) + str(references_html(page, ui))


def test_document_text_never_becomes_an_element_or_an_attribute() -> None:
    tree = parse(page_markup(hostile_page()))
    tags = {tag for tag, _ in tree.tags}
    assert "script" not in tags and "img" not in tags
    assert tags == {
        *("p", "ul", "ol", "li", "sup", "a", "span", "bdi", "cite", "section", "h2", "h3"),
        *("div", "table", "thead", "tbody", "tr", "th", "td"),
    }
    for _, attrs in tree.tags:
        assert not {name for name in attrs if name.startswith("on")}, attrs  # no handler
    text = "".join(tree.text)
    # four claims, the table's header cell, and the source's title in the reference list
    assert text.count("<script>alert(1)</script>") >= 4 + 1 + 1
    assert "<img src=x onerror=alert(2)>" in text


def test_anchors_and_keys_stay_inside_their_attribute() -> None:
    tree = parse(page_markup(hostile_page()))
    ids = [a["id"] for _, a in tree.tags if "claim" in (a.get("class") or "").split()]
    assert ids == [f'c-a{n}"onclick="x' for n in (1, 2, 3, 4)]
    hrefs = {attrs["href"] for tag, attrs in tree.tags if tag == "a" and "href" in attrs}
    source_links = {h for h in hrefs if h and h.startswith("/sources/")}
    assert source_links and all("<" not in h and '"' not in h for h in source_links)
    quotes = [a["data-quote"] for t, a in tree.tags if "data-quote" in a]
    # &amp; read back as &; the quote speaks the page's interface language
    assert quotes[0].endswith("/lines?start=1&end=1&hl=en")
    assert all("<" not in q and '"' not in q for q in quotes)


def test_table_rows_keep_header_and_cells_as_text() -> None:
    tree = parse(page_markup(hostile_page()))
    assert [t for t, _ in tree.tags].count("th") == 3  # two header cells and the source column
    assert [t for t, _ in tree.tags].count("td") == 3  # two cells and the citation


def test_escape_turns_every_special_character_into_an_entity_and_reads_back() -> None:
    import html

    assert escape("a & b <c> \"d\" 'e'") == "a &amp; b &lt;c&gt; &#34;d&#34; &#39;e&#39;"
    for text in ("plain", "a & b", "<b>", '"q"', "it's", HOSTILE, ""):
        assert html.unescape(escape(text)) == text
        assert not {"<", ">", '"', "'"} & set(escape(text))


def test_a_reference_names_where_the_document_came_from_and_the_years_it_feeds() -> None:
    tree = parse(str(references_html(hostile_page(), Interface("en"))))
    origin = next(a for t, a in tree.tags if t == "a" and "origin" in (a.get("class") or ""))
    assert origin["href"] == 'https://example.com/"><script>alert(4)</script>'
    assert origin["target"] == "_blank" and origin["rel"] == "noopener noreferrer"
    years = [a["href"] for t, a in tree.tags if t == "a" and a.get("href") == "/c/acme/2021"]
    assert years == ["/c/acme/2021"]
    text = "".join(tree.text)
    assert "Feeds 2021" in text
    assert "example.com" in text  # the site a reader cites it by
    # the list quotes no line: a line the loader cut as noise never reaches a reader
    assert f"line {HOSTILE}" not in text


def _numbered(n: int, number: int) -> ClaimRow:
    return ClaimRow(
        f"n{n}", "numbered", None, f"Step {n}", "en", None, None, None, "k", n, n, number
    )


def test_an_ordered_list_is_an_ol_whose_items_keep_their_numbers() -> None:
    block = BlockRow(
        "key-activities",
        "en",
        "Key Activities",
        [_numbered(1, 3), _numbered(2, 4), _numbered(3, 7)],
    )
    page = build_canvas(
        COMPANY,
        2021,
        [block],
        {},
        {"k": CitedSource("T", "markdown-post", None, (2021,), ["x"] * 9)},
    )
    tree = parse(str(blocks_html(page, Interface("en"))))
    tags = [t for t, _ in tree.tags]
    assert "ol" in tags and "ul" not in tags
    assert [a.get("value") for t, a in tree.tags if t == "li"] == ["3", "4", "7"]


def test_a_table_without_a_header_row_draws_no_header() -> None:
    rows_ = [
        ClaimRow(
            f"r{n}", "row", None, "x", "en", ("Rent", f"${n} million"), None, 5, "k", 4 + n, 4 + n
        )
        for n in (1, 2)
    ]
    page = build_canvas(
        COMPANY,
        2021,
        [BlockRow("cost-structure", "en", "Cost Structure", rows_)],
        {},
        {"k": CitedSource("T", "markdown-post", None, (2021,), ["x"] * 9)},
    )
    tree = parse(str(blocks_html(page, Interface("en"))))
    tags = [t for t, _ in tree.tags]
    assert "thead" not in tags and "th" not in tags
    assert tags.count("tr") == 2

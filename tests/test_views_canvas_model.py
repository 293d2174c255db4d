"""The canvas view model: panel order, grouping by topic, tables, citations, nearest year."""

from __future__ import annotations

import pytest

from app.db.queries import BlockRow, CitedSource, ClaimRow, CompanySummary, SnapshotRow
from app.domain import BLOCK_KINDS
from app.views.canvas import _nearest
from app.views.canvas_model import block_name, build_canvas

COMPANY = CompanySummary(
    1, "acme", "Acme", "ACM", (SnapshotRow(2021, ("en",), "en"), SnapshotRow(2023, ("ar",), "ar"))
)


def claim(
    n: int,
    kind: str,
    topic: str | None,
    text: str,
    table_line: int | None = None,
    cells: tuple[str, ...] | None = None,
    header: tuple[str, ...] | None = None,
) -> ClaimRow:
    return ClaimRow(f"a{n}", kind, topic, text, "en", cells, header, table_line, "doc", n, n)


def test_panels_follow_reading_order_and_group_claims() -> None:
    block = BlockRow(
        "channels",
        "en",
        "Channels",
        [
            claim(3, "paragraph", None, "Intro."),
            claim(4, "bullet", "Online", "Web shop"),
            claim(5, "bullet", "Online", "App"),
            claim(7, "row", "Online", "EU | 40%", 6, ("EU", "40%"), ("Region", "Share")),
            claim(8, "row", "Online", "US | 60%", 6, ("US", "60%"), ("Region", "Share")),
            claim(10, "row", "Online", "Q1 | 5", 9, ("Q1", "5"), ("Quarter", "Orders")),
            claim(11, "paragraph", "Stores", "Ten stores."),
        ],
    )
    page = build_canvas(
        COMPANY,
        2021,
        [block],
        {"key-partners": 2023},
        {
            "doc": CitedSource(
                "Doc", "markdown-post", None, (2021,), [f"line {n}" for n in range(1, 20)]
            )
        },
    )
    assert [p.kind for p in page.panels] == list(BLOCK_KINDS)
    channels = page.panels[BLOCK_KINDS.index("channels")]
    groups = channels.sections[0].groups
    assert [g.topic for g in groups] == [
        None,
        "Online",
        "Stores",
    ]
    assert [i.kind for i in groups[1].items] == ["list", "table", "table"]
    assert [len(i.rows) for i in groups[1].items[1:]] == [2, 1]
    assert [c.citation.number for c in groups[1].items[0].claims] == [2, 3]
    assert [c.number for c in page.references] == list(range(1, 8))
    assert page.quoted(page.references[3]) == ["line 7"]
    assert page.references[3].claim_anchor == "a7"
    assert page.source_of(page.references[3]).title == "Doc"
    kp = page.panels[0]
    assert kp.empty and kp.nearest_href == "/c/acme/2023#key-partners"
    assert (kp.count, kp.phrases) == (0, [])
    # the map: the topics first, then the items' labels, and the count of every statement
    assert channels.count == 7
    assert channels.phrases[:2] == ["Online", "Stores"]


def test_a_panel_without_topics_shows_its_items_labels_then_key_phrases_of_its_prose() -> None:
    block = BlockRow(
        "revenue-streams",
        "en",
        "Revenue Streams",
        [
            claim(1, "paragraph", None, "Acme earns most from health insurance premiums."),
            claim(2, "bullet", None, "Fees, charged per claim"),
            claim(3, "bullet", None, "Services"),
            claim(4, "paragraph", None, "word " * 200),
        ],
    )
    page = build_canvas(
        COMPANY, 2021, [block], {}, {"doc": CitedSource("Doc", "blog", None, (), [])}
    )
    # the labels of the list items, then the prose's key phrases (not the company's name;
    # not the run of 200 words: a clause, not a name)
    phrases = page.panel("revenue-streams").phrases
    assert phrases == ["Fees", "Services", "health insurance premiums"]


def test_a_bilingual_panel_takes_its_phrases_from_the_snapshots_language() -> None:
    english = BlockRow("channels", "en", "Channels", [claim(1, "bullet", None, "Web shop")])
    arabic = BlockRow(
        "channels",
        "ar",
        "القنوات",
        [claim(2, "bullet", None, "المتجر الإلكتروني"), claim(3, "bullet", None, "الفروع")],
    )
    sources = {"doc": CitedSource("Doc", "blog", None, (), [])}
    page = build_canvas(COMPANY, 2021, [english, arabic], {}, sources, "ar")
    channels = page.panel("channels")
    assert (channels.phrases, channels.phrases_lang) == (["المتجر الإلكتروني", "الفروع"], "ar")


def test_nearest_year_prefers_the_closer_then_the_later() -> None:
    assert _nearest([2015, 2023, 2025], 2024) == 2025
    assert _nearest([2015, 2023], 2019) == 2023
    assert _nearest([2015, 2023], 2016) == 2015
    assert _nearest([2020], 2020) is None
    assert _nearest([], 2020) is None


ACME = CompanySummary(7, "acme", "Acme Widgets", "ACM", ())


@pytest.mark.parametrize(
    ("heading", "name"),
    [
        ("Acme Widgets (ACM) - Canvas Business Model: Key Partners", "Key Partners"),
        ("شركة Acme (ACM) - نموذج الأعمال: الشراكات الرئيسية", "الشراكات الرئيسية"),
        ("ACM business model: Channels", "Channels"),
        # no company named before the colon, or nothing after it: kept as written
        ("Revenue: subscriptions and fees", "Revenue: subscriptions and fees"),
        ("Key Resources", "Key Resources"),
        ("Acme Widgets:", "Acme Widgets:"),
    ],
)
def test_block_name_drops_the_company_prefix_and_nothing_else(heading: str, name: str) -> None:
    assert block_name(heading, ACME) == name


def _long_block(kind: str, count: int, text: str = "Statement {n}.") -> BlockRow:
    return BlockRow(
        kind, "en", kind, [claim(n, "bullet", None, text.format(n=n)) for n in range(1, count + 1)]
    )


SOURCES = {"doc": CitedSource("Doc", "markdown-post", None, (2021,), [])}


def test_a_canvas_shows_the_first_statements_of_a_long_block_and_counts_them_all() -> None:
    page = build_canvas(COMPANY, 2021, [_long_block("channels", 130)], {}, SOURCES)
    channels = page.panel("channels")
    assert (channels.count, channels.shown, channels.whole) == (130, (1, 50), False)
    assert channels.next_anchor == "a51"
    texts = [c.text for s in channels.sections for g in s.groups for i in g.items for c in i.claims]
    assert texts == [f"Statement {n}." for n in range(1, 51)]
    assert [c.number for c in page.references] == list(range(1, 51))


def test_a_block_page_shows_the_window_that_holds_the_statement_asked_for() -> None:
    blocks = [_long_block("channels", 130)]
    for asked, window in [(1, (1, 100)), (100, (1, 100)), (101, (101, 130)), (129, (101, 130))]:
        page = build_canvas(COMPANY, 2021, blocks, {}, SOURCES, first=asked)
        channels = page.panel("channels")
        shown = [
            c.anchor for s in channels.sections for g in s.groups for i in g.items for c in i.claims
        ]
        assert channels.shown == window
        assert channels.next_anchor == (None if window[1] == 130 else f"a{window[1] + 1}")
        assert shown == [f"a{n}" for n in range(window[0], window[1] + 1)]
    past = build_canvas(COMPANY, 2021, blocks, {}, SOURCES, first=99_999)  # the last window
    assert past.panel("channels").shown == (101, 130)


def test_a_panel_of_two_blocks_counts_its_statements_across_them() -> None:
    """A snapshot with a block in each language: the panel's places run on from one block
    into the next, as the search's `place` counts them."""
    english = _long_block("channels", 40)
    arabic = BlockRow(
        "channels", "ar", "القنوات", [claim(n, "bullet", None, f"عبارة {n}") for n in range(41, 71)]
    )
    page = build_canvas(COMPANY, 2021, [english, arabic], {}, SOURCES)
    channels = page.panel("channels")
    assert (channels.count, channels.shown) == (70, (1, 50))
    assert channels.next_anchor == "a51"  # in the second block
    assert [len(s.groups[0].items[0].claims) for s in channels.sections] == [40, 10]


def test_statements_too_long_for_the_page_are_cut_and_say_how_much_is_left_out() -> None:
    """Nine statements of 1,000,000 characters: each keeps its share of the page's 300,000."""
    blocks = [_long_block(kind, 1, "word " * 200_000) for kind in BLOCK_KINDS]
    page = build_canvas(COMPANY, 2021, blocks, {}, SOURCES)
    shown = [
        c
        for p in page.panels
        for s in p.sections
        for g in s.groups
        for i in g.items
        for c in i.claims
    ]
    assert len(shown) == 9
    assert all(len(c.text) <= 300_000 // 9 for c in shown)
    assert sum(len(c.text) for c in shown) > 290_000
    assert all(c.left_out == 1_000_000 - len(c.text) for c in shown)
    short = build_canvas(COMPANY, 2021, [_long_block("channels", 3)], {}, SOURCES)
    assert all(
        c.left_out == 0
        for s in short.panel("channels").sections
        for g in s.groups
        for i in g.items
        for c in i.claims
    )


def test_a_row_too_long_for_the_page_has_its_cells_cut() -> None:
    wide = tuple("c" * 100_000 for _ in range(5))
    row = ClaimRow(
        "r1", "row", None, " | ".join(wide), "en", wide, ("A", "B", "C", "D", "E"), 1, "doc", 2, 2
    )
    page = build_canvas(
        COMPANY, 2021, [BlockRow("channels", "en", "Channels", [row])] * 1, {}, SOURCES
    )
    # one statement: its share is the whole budget; each of five cells 60,000 characters
    cells = page.panel("channels").sections[0].groups[0].items[0].rows[0].cells
    assert [len(c) for c in cells] == [60_001] * 5 and all(c.endswith("…") for c in cells)

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
    assert (kp.count, kp.digest) == (0, "")
    # the map's digest: the topics where there are some, and the count of every statement
    assert (channels.count, channels.digest) == (7, "Online · Stores")


def test_a_digest_without_topics_runs_on_sentences_and_dots_fragments() -> None:
    block = BlockRow(
        "revenue-streams",
        "en",
        "Revenue Streams",
        [
            claim(1, "paragraph", None, "Premiums earn most."),
            claim(2, "bullet", None, "Fees"),
            claim(3, "bullet", None, "Services"),
            claim(4, "paragraph", None, "word " * 200),
        ],
    )
    page = build_canvas(
        COMPANY, 2021, [block], {}, {"doc": CitedSource("Doc", "blog", None, (), [])}
    )
    digest = page.panel("revenue-streams").digest
    assert digest.startswith("Premiums earn most. Fees · Services · word word")
    assert digest.endswith("word…") and len(digest) <= 251


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


def test_clip_cuts_at_a_word_with_an_ellipsis() -> None:
    from app.views.canvas_model import clip

    assert clip("short enough", 40) == "short enough"
    assert clip("one two three four", 12) == "one two…"
    assert clip("Topic A · Topic B · Topic C", 20) == "Topic A · Topic B…"  # no dangling dot
    assert clip("x" * 50, 10) == "x" * 10 + "…"  # one long word: cut it, there is no space

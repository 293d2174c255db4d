"""Jekyll markdown posts (FORMATS.md, family 1): one claim per statement line."""

from __future__ import annotations

import textwrap

import pytest

from app.loader.company import company_slug
from app.loader.detect import parse_document
from app.loader.document import DocumentError, ParsedDocument
from app.loader.markdown_post import parse_markdown_post


def post(text: str) -> ParsedDocument:
    return parse_markdown_post(textwrap.dedent(text))


def claims(doc: ParsedDocument, kind: str) -> list[tuple[str, str, int, int]]:
    """(kind, text, first line, last line) of every claim in the blocks of one kind."""
    return [
        (c.kind, c.text, c.line_start, c.line_end)
        for part in doc.parts
        for block in part.blocks
        if block.kind == kind
        for c in block.claims
    ]


ACME = """\
    ---
    layout: post
    title: acme
    ---

    Businessmodel of Acme & Co.
    ---------------------------

    Acme is a robot maker from Ohio.

    ### Key Partners

    Acme works with 40 suppliers across Europe.

     * Globex, its main steel supplier;
    * Initech, for software; and
    * Umbrella, for logistics.
     Acme signed a new deal with Hooli in 2019.
     ### Key Activities

    Acme designs and assembles industrial robots in 2019 and 2020.
    """


def test_post_blocks_bullets_and_a_line_after_a_bullet_are_separate_claims() -> None:
    doc = post(ACME)
    assert doc.kind == "markdown-post"
    assert doc.company.name == "Acme & Co."
    assert doc.company.ticker is None
    assert [(b.kind, b.line) for b in doc.parts[0].blocks] == [
        ("key-partners", 11),
        ("key-activities", 19),
    ]
    assert claims(doc, "key-partners") == [
        ("paragraph", "Acme works with 40 suppliers across Europe.", 13, 13),
        ("bullet", "Globex, its main steel supplier;", 15, 15),
        ("bullet", "Initech, for software; and", 16, 16),
        ("bullet", "Umbrella, for logistics.", 17, 17),
        ("paragraph", "Acme signed a new deal with Hooli in 2019.", 18, 18),
    ]
    assert claims(doc, "key-activities") == [
        ("paragraph", "Acme designs and assembles industrial robots in 2019 and 2020.", 21, 21),
    ]


def test_nothing_before_the_first_block_heading_is_a_claim() -> None:
    doc = post(ACME)
    assert doc.claim_count == 6
    texts = [c.text for p in doc.parts for b in p.blocks for c in b.claims]
    assert "Acme is a robot maker from Ohio." not in texts
    assert all(t != "acme" and "Businessmodel" not in t for t in texts)


def test_post_company_slug_drops_the_ampersand_co_suffix() -> None:
    doc = post(ACME)
    assert company_slug(doc.company.name, doc.company.ticker) == "acme"


def test_post_is_detected_as_a_markdown_post() -> None:
    assert parse_document(textwrap.dedent(ACME)).kind == "markdown-post"


def test_post_year_is_the_most_mentioned_and_claims_are_english() -> None:
    part = post(ACME).parts[0]
    # 2019 twice (lines 18 and 21), 2020 once.
    assert part.year == 2019
    assert part.lang == "en"
    assert all(c.lang == "en" for b in part.blocks for c in b.claims)


def test_heading_variants_dash_bullets_other_order_and_missing_blocks() -> None:
    doc = post(
        """\
        ---
        layout: post
        title: globex
        ---

        Businessmodel of Globex
        -----------------------

        ## Revenue Stream

        Globex sells licences.

        - Annual licences, billed in 2021;
        - Support contracts.
        ### Key Partnerships
        - Initech supplies chips.
        #### Value Proposition ###

        Globex is cheap.
        """
    )
    assert doc.company.name == "Globex"
    assert [(b.kind, b.line) for b in doc.parts[0].blocks] == [
        ("revenue-streams", 9),
        ("key-partners", 15),
        ("value-propositions", 17),
    ]
    assert claims(doc, "revenue-streams") == [
        ("paragraph", "Globex sells licences.", 11, 11),
        ("bullet", "Annual licences, billed in 2021;", 13, 13),
        ("bullet", "Support contracts.", 14, 14),
    ]
    assert claims(doc, "key-partners") == [("bullet", "Initech supplies chips.", 16, 16)]
    assert claims(doc, "value-propositions") == [("paragraph", "Globex is cheap.", 19, 19)]
    assert claims(doc, "channels") == []


def test_unknown_block_heading_is_an_error_at_its_line() -> None:
    with pytest.raises(DocumentError) as caught:
        post(
            """\
            ---
            title: initech
            ---

            ### Key Resources

            Initech owns 3 offices in 2010.

            ### Favourite Snacks

            Crisps.
            """
        )
    assert caught.value.line == 9


def test_empty_block_followed_straight_by_the_next_heading() -> None:
    doc = post(
        """\
        ---
        title: hooli
        ---

        ### Revenue Streams
        ### Cost Structure

        Hooli spends 60% of revenue on servers in 2016.
        """
    )
    assert claims(doc, "revenue-streams") == []
    assert claims(doc, "cost-structure") == [
        ("paragraph", "Hooli spends 60% of revenue on servers in 2016.", 8, 8)
    ]


def test_table_with_separator_rows_and_a_ragged_row() -> None:
    doc = post(
        """\
        ---
        title: umbrella
        ---

        ### Revenue Streams

        Umbrella's revenue by line in 2022:

        | Line | Revenue | Share |
        |---|---|---|
        | Vaccines | $6,328 | 86.5% |
        | Support | N/A |
        """
    )
    block = doc.parts[0].blocks[0]
    assert claims(doc, "revenue-streams") == [
        ("paragraph", "Umbrella's revenue by line in 2022:", 7, 7),
        ("row", "Vaccines | $6,328 | 86.5%", 11, 11),
        ("row", "Support | N/A", 12, 12),
    ]
    rows = [c for c in block.claims if c.kind == "row"]
    assert [(c.cells, c.header, c.table_line) for c in rows] == [
        (("Vaccines", "$6,328", "86.5%"), ("Line", "Revenue", "Share"), 9),
        (("Support", "N/A"), ("Line", "Revenue", "Share"), 9),
    ]


def test_table_without_separator_or_leading_pipe_between_blank_lines() -> None:
    doc = post(
        """\
        ---
        title: soylent
        ---

        ### Cost Structure

        Soylent's main costs in 2020:

        Item | Amount
        Steel | 500.000 EUR
        Staff | 250+ people

        Soylent also rents 2 plants.
        """
    )
    assert claims(doc, "cost-structure") == [
        ("paragraph", "Soylent's main costs in 2020:", 7, 7),
        ("row", "Steel | 500.000 EUR", 10, 10),
        ("row", "Staff | 250+ people", 11, 11),
        ("paragraph", "Soylent also rents 2 plants.", 13, 13),
    ]
    rows = [c for b in doc.parts[0].blocks for c in b.claims if c.kind == "row"]
    assert {(c.header, c.table_line) for c in rows} == {(("Item", "Amount"), 9)}


def test_table_without_separator_right_after_its_lead_in_line() -> None:
    doc = post(
        """\
        ---
        title: vandelay
        ---

        ### Key Resources

        Vandelay owns these sites in 2018:
        | Site | Staff |
        | Queens | 120 |
        | Newark | 45 |
        """
    )
    assert claims(doc, "key-resources") == [
        ("paragraph", "Vandelay owns these sites in 2018:", 7, 7),
        ("row", "Queens | 120", 9, 9),
        ("row", "Newark | 45", 10, 10),
    ]


def test_task_lines_are_noise_alone_or_appended_to_a_sentence() -> None:
    doc = post(
        """\
        ---
        title: stark
        ---

        ### Channels

        Stark sells through 120 dealers in 2018.

        Sales: send the dealer list to Pepper by Thursday.

        * Online shop, launched in 2017. Finance: draft Q3 channel review by Friday.
        * Catalogue: 2 issues a year.
        Revenue: $5 billion in 2024.
        """
    )
    assert claims(doc, "channels") == [
        ("paragraph", "Stark sells through 120 dealers in 2018.", 7, 7),
        ("bullet", "Online shop, launched in 2017.", 11, 11),
        ("bullet", "Catalogue: 2 issues a year.", 12, 12),
        ("paragraph", "Revenue: $5 billion in 2024.", 13, 13),
    ]


def test_curly_quotes_figures_and_script_tags_are_kept_verbatim() -> None:
    doc = post(
        """\
        ---
        title: wayne
        ---

        ### Value Propositions

        Wayne’s “BatSuit” ships with a ‘lifetime’ warranty since 2008.

        Wayne shipped 500.000 units at $6,328 each to 250+ clients; churn 86.5%, NPS N/A.

        <script>alert("hi")</script> is shown on Wayne's help page as an example.

        <script> tags are stripped from Wayne's customer reviews.

        ### Channels

        Wayne sells online.
        """
    )
    assert claims(doc, "value-propositions") == [
        ("paragraph", "Wayne’s “BatSuit” ships with a ‘lifetime’ warranty since 2008.", 7, 7),
        (
            "paragraph",
            "Wayne shipped 500.000 units at $6,328 each to 250+ clients; churn 86.5%, NPS N/A.",
            9,
            9,
        ),
        (
            "paragraph",
            '<script>alert("hi")</script> is shown on Wayne\'s help page as an example.',
            11,
            11,
        ),
        ("paragraph", "<script> tags are stripped from Wayne's customer reviews.", 13, 13),
    ]
    assert claims(doc, "channels") == [("paragraph", "Wayne sells online.", 17, 17)]


def test_crlf_line_endings_and_no_final_newline() -> None:
    text = textwrap.dedent(
        """\
        ---
        title: cyberdyne
        ---

        Businessmodel of Cyberdyne Systems
        ----------------------------------

        ### Key Activities

         * Cyberdyne builds processors since 1984.
        * It also writes software.
         Cyberdyne has 2 labs.
        ### Key Partners
        Cyberdyne partners with Skynet in 1997."""
    ).replace("\n", "\r\n")
    assert not text.endswith("\n")
    doc = parse_markdown_post(text)
    assert doc.company.name == "Cyberdyne Systems"
    assert claims(doc, "key-activities") == [
        ("bullet", "Cyberdyne builds processors since 1984.", 10, 10),
        ("bullet", "It also writes software.", 11, 11),
        ("paragraph", "Cyberdyne has 2 labs.", 12, 12),
    ]
    assert claims(doc, "key-partners") == [
        ("paragraph", "Cyberdyne partners with Skynet in 1997.", 14, 14)
    ]


def test_ordered_list_items_keep_their_numbers_as_written() -> None:
    doc = post(
        """\
        ---
        title: acme
        ---
        Businessmodel of Acme
        ---------------------

        ### Key Activities

        Acme does three things:

        1. Builds rockets.
        2. Sells anvils.
        4) Ships parcels.
        * Answers the phone.
        """
    )
    found = [(c.kind, c.number, c.text) for c in doc.parts[0].blocks[0].claims]
    assert found == [
        ("paragraph", None, "Acme does three things:"),
        ("numbered", 1, "Builds rockets."),
        ("numbered", 2, "Sells anvils."),
        ("numbered", 4, "Ships parcels."),  # the number as written, even where one is skipped
        ("bullet", None, "Answers the phone."),
    ]

"""Scraped canvas pages (FORMATS.md, family 2): preamble, two parts, sub-headings, tables."""

from __future__ import annotations

import textwrap

import pytest

from app.loader.company import company_slug
from app.loader.detect import parse_document
from app.loader.document import DocumentError, ParsedDocument
from app.loader.scraped_page import parse_scraped_page


def page(text: str) -> ParsedDocument:
    return parse_scraped_page(textwrap.dedent(text))


def claims(doc: ParsedDocument, kind: str, lang: str | None = None) -> list[tuple]:
    """(kind, text, line, topic) of every claim in the blocks of one kind (and part)."""
    return [
        (c.kind, c.text, c.line_start, c.topic)
        for part in doc.parts
        if lang is None or part.lang == lang
        for block in part.blocks
        if block.kind == kind
        for c in block.claims
    ]


def all_texts(doc: ParsedDocument) -> list[str]:
    return [c.text for p in doc.parts for b in p.blocks for c in b.claims]


ARABIC_PAGE = """\
    |
    شركة Acme (ACM): نموذج الأعمال التجارية |
    - ✓ Updated For 2030
    - ✓ 2030 Edition: Works In Excel And Google Sheets
    Acme Industries Inc. (ACM) Bundle
    تقدم شركة Acme Industries Inc. (ACM) حلولًا صناعية متكاملة للمصانع في الشرق الأوسط منذ عام 2030.
    شركة Acme (ACM) - نموذج الأعمال: الشراكات الرئيسية
    موردو الصلب
    تتعاون Acme مع 40 موردًا للصلب في عام 2021.
    - عقود طويلة الأجل مع 12 موردًا
    شركاء الخدمات اللوجستية
    تنقل شركة Maersk معظم الشحنات
    شركة Acme (ACM) – نموذج الأعمال: الأنشطة الرئيسية
    تصنع Acme الروبوتات في 3 مصانع منذ عام 2021.
    """


def test_arabic_canvas_claims_lines_and_topics() -> None:
    doc = page(ARABIC_PAGE)
    assert doc.kind == "scraped-page"
    assert doc.company.ticker == "ACM"
    assert [p.lang for p in doc.parts] == ["ar"]
    assert [(b.kind, b.line) for b in doc.parts[0].blocks] == [
        ("key-partners", 7),
        ("key-activities", 13),
    ]
    assert claims(doc, "key-partners") == [
        ("paragraph", "تتعاون Acme مع 40 موردًا للصلب في عام 2021.", 9, "موردو الصلب"),
        ("bullet", "عقود طويلة الأجل مع 12 موردًا", 10, "موردو الصلب"),
        # second of two short unpunctuated lines in a row: a paragraph, not a sub-heading
        ("paragraph", "تنقل شركة Maersk معظم الشحنات", 12, "شركاء الخدمات اللوجستية"),
    ]
    # the en-dash heading opens a block; claims before any sub-heading have no topic
    assert claims(doc, "key-activities") == [
        ("paragraph", "تصنع Acme الروبوتات في 3 مصانع منذ عام 2021.", 14, None),
    ]
    assert all(c.lang == "ar" for b in doc.parts[0].blocks for c in b.claims)


def test_preamble_is_never_claims_and_does_not_set_the_year() -> None:
    doc = page(ARABIC_PAGE)
    assert doc.claim_count == 4
    assert not any("✓" in t or "Bundle" in t or "حلولًا" in t for t in all_texts(doc))
    assert doc.parts[0].year == 2021


def test_preamble_with_bullets_and_a_table_yields_no_claims() -> None:
    doc = page(
        """\
        ![logo](https://example.com/logo.png)
        Initech Inc. (INTC2): Business Model Canvas |
        - ✓ Editable Template
        - ✓ Trusted By 10,000 Analysts
        | Format | Price |
        |---|---|
        | Excel | $49 |
        Initech Inc. (INTC2) Bundle
        Initech makes software for banks and has grown every year since its founding in 1998.
        Initech Inc. (INTC2) - Canvas Business Model: Key Resources
        Initech owns 4 data centres in 2024.
        """
    )
    assert claims(doc, "key-resources") == [
        ("paragraph", "Initech owns 4 data centres in 2024.", 11, None)
    ]
    assert doc.claim_count == 1
    assert doc.company.ticker == "INTC2"


def test_arabic_and_english_parts_keep_their_own_years_and_are_never_merged() -> None:
    doc = page(
        """\
        شركة Globex (GBX) - نموذج الأعمال: القنوات
        تبيع Globex منتجاتها عبر 300 موزع في عام 2022.
        بلغت المبيعات الرقمية 40% من الإجمالي في عام 2023.
        تخطط Globex لفتح 20 متجرًا في عام 2023.
        Globex Corporation (GBX) - Business Model: Channels
        Globex sold through 350 dealers in 2025.
        Online sales grew 12% in 2025.
        Globex plans 10 new stores in 2026 and a new app in 2027.
        """
    )
    assert [(p.lang, p.year) for p in doc.parts] == [("ar", 2023), ("en", 2025)]
    ar_block, en_block = (p.blocks for p in doc.parts)
    assert [(b.kind, b.line) for b in ar_block] == [("channels", 1)]
    assert [(b.kind, b.line) for b in en_block] == [("channels", 5)]
    assert [c.line_start for c in ar_block[0].claims] == [2, 3, 4]
    assert [c.line_start for c in en_block[0].claims] == [6, 7, 8]
    assert {c.lang for c in ar_block[0].claims} == {"ar"}
    assert {c.lang for c in en_block[0].claims} == {"en"}


def test_one_company_across_arabic_and_english_headings() -> None:
    doc = page(
        """\
        شركة Acme (ACM) - نموذج الأعمال: الموارد الأساسية
        تمتلك Acme خمسة مصانع في عام 2022.
        Acme Corporation (ACM) - Canvas Business Model: Key Resources
        Acme owns five plants in 2025.
        """
    )
    assert doc.company.ticker == "ACM"
    assert company_slug(doc.company.name, doc.company.ticker) == "acme"


def test_tables_with_and_without_separator_ragged_and_without_leading_pipe() -> None:
    doc = page(
        """\
        Globex Corp (GBX) - Canvas Business Model: Revenue Streams
        Globex earned revenue from three lines in 2024:
        | Line | Revenue | Share |
        |---|---|---|
        | Licences | $6,328 million | 86.5% |
        | Support | N/A |
        Regional split for 2024:
        Region | Revenue
        Americas | 250+ clients
        EMEA | $1,200 |
        """
    )
    block = doc.parts[0].blocks[0]
    got = [(c.kind, c.text, c.line_start, c.line_end) for c in block.claims]
    assert got == [
        ("paragraph", "Globex earned revenue from three lines in 2024:", 2, 2),
        ("row", "Licences | $6,328 million | 86.5%", 5, 5),
        ("row", "Support | N/A", 6, 6),
        ("paragraph", "Regional split for 2024:", 7, 7),
        ("row", "Americas | 250+ clients", 9, 9),
        ("row", "EMEA | $1,200", 10, 10),
    ]
    rows = [c for c in block.claims if c.kind == "row"]
    assert [(c.cells, c.header, c.table_line) for c in rows] == [
        (("Licences", "$6,328 million", "86.5%"), ("Line", "Revenue", "Share"), 3),
        (("Support", "N/A"), ("Line", "Revenue", "Share"), 3),
        (("Americas", "250+ clients"), ("Region", "Revenue"), 8),
        (("EMEA", "$1,200"), ("Region", "Revenue"), 8),
    ]


def test_arabic_table_figures_verbatim_and_figure_only_rows_stay_arabic() -> None:
    doc = page(
        """\
        شركة Acme (ACM) - نموذج الأعمال: شرائح العملاء
        برامج الرعاية الحكومية
        | البرنامج | التسجيل |
        | ميزة الرعاية الطبية | 500.000 عضو |
        | الرعاية المدارة | 1.5 مليون |
        | 2 | 18 |
        """
    )
    assert claims(doc, "customer-segments") == [
        ("row", "ميزة الرعاية الطبية | 500.000 عضو", 4, "برامج الرعاية الحكومية"),
        ("row", "الرعاية المدارة | 1.5 مليون", 5, "برامج الرعاية الحكومية"),
        ("row", "2 | 18", 6, "برامج الرعاية الحكومية"),
    ]
    rows = doc.parts[0].blocks[0].claims
    assert {c.header for c in rows} == {("البرنامج", "التسجيل")}
    assert {c.table_line for c in rows} == {3}
    assert [c.lang for c in rows] == ["ar", "ar", "ar"]


def test_sub_headings_label_claims_and_tables_and_colon_lines_are_paragraphs() -> None:
    doc = page(
        """\
        Hooli Inc. (HOOL) - Canvas Business Model: Cost Structure
        Hooli spends most of its budget on people, as of 2024.
        Data Centre Costs
        Key figures:
        - Power: $120 million in 2024
        | Site | Cost |
        | Oregon | $80 million |
        People Costs
        Hooli employs 9,000 engineers.
        """
    )
    assert claims(doc, "cost-structure") == [
        ("paragraph", "Hooli spends most of its budget on people, as of 2024.", 2, None),
        ("paragraph", "Key figures:", 4, "Data Centre Costs"),
        ("bullet", "Power: $120 million in 2024", 5, "Data Centre Costs"),
        ("row", "Oregon | $80 million", 7, "Data Centre Costs"),
        ("paragraph", "Hooli employs 9,000 engineers.", 9, "People Costs"),
    ]


def test_topic_does_not_leak_into_the_next_block() -> None:
    doc = page(
        """\
        Hooli Inc. (HOOL) - Canvas Business Model: Channels
        Direct Sales
        Hooli has 200 sales reps in 2024.
        Hooli Inc. (HOOL) - Canvas Business Model: Customer Segments
        Hooli serves 3,000 enterprises in 2024.
        """
    )
    assert claims(doc, "channels") == [
        ("paragraph", "Hooli has 200 sales reps in 2024.", 3, "Direct Sales")
    ]
    assert claims(doc, "customer-segments") == [
        ("paragraph", "Hooli serves 3,000 enterprises in 2024.", 5, None)
    ]


def test_task_lines_disclaimer_and_real_label_statements() -> None:
    doc = page(
        """\
        Stark Industries (STRK) - Canvas Business Model: Cost Structure
        Stark's medical cost ratio rose in 2025.
        Q1 2025 MCR was 82.2%, up from 79.9% in Q1 2024.
        Revenue: $5 billion in 2024.
        Legal: review supplier contracts by Thursday.
        Stark cut SG&A to 4.8% in Q3 2025. Ops: send the cost deck to Pepper by next Monday.
        - R&D spend: $1.2 billion in 2025
        Finance: draft 13-week cash view by Friday.
        Disclaimer
        All content is for information only; © 2031 Example Ltd.
        Stark Industries (STRK) - Canvas Business Model: Revenue Streams
        Stark sold 10 suits in 2031.
        """
    )
    assert claims(doc, "cost-structure") == [
        ("paragraph", "Stark's medical cost ratio rose in 2025.", 2, None),
        ("paragraph", "Q1 2025 MCR was 82.2%, up from 79.9% in Q1 2024.", 3, None),
        ("paragraph", "Revenue: $5 billion in 2024.", 4, None),
        ("paragraph", "Stark cut SG&A to 4.8% in Q3 2025.", 6, None),
        ("bullet", "R&D spend: $1.2 billion in 2025", 7, None),
    ]
    # the Disclaimer line closes the page: nothing after it is read, not even a heading
    assert claims(doc, "revenue-streams") == []
    assert doc.claim_count == 5
    assert doc.parts[0].year == 2025


def test_arabic_label_statement_and_arabic_sentence_with_a_task_suffix() -> None:
    doc = page(
        """\
        شركة Acme (ACM) - نموذج الأعمال: الموارد الرئيسية
        الموارد المالية حتى عام 2024:
        - إجمالي الأصول: 218.3 مليار دولار
        - الاحتياطي النقدي: 12.6 مليار دولار
        تمتلك Acme سبعة مصانع في عام 2024. Finance: draft plant capex memo by Wednesday.
        Treasury: prepare bank covenant summary by Tue.
        """
    )
    assert claims(doc, "key-resources") == [
        ("paragraph", "الموارد المالية حتى عام 2024:", 2, None),
        ("bullet", "إجمالي الأصول: 218.3 مليار دولار", 3, None),
        ("bullet", "الاحتياطي النقدي: 12.6 مليار دولار", 4, None),
        ("paragraph", "تمتلك Acme سبعة مصانع في عام 2024.", 5, None),
    ]


def test_script_tags_curly_quotes_and_ampersands_are_plain_text() -> None:
    doc = page(
        """\
        Procter & Gamble Co. (PG) - Canvas Business Model: Channels
        P&G’s “Tide” portal blocks <script>alert(1)</script> in reviews since 2021.
        - Sold via Walmart & Co. stores in 2021
        """
    )
    assert claims(doc, "channels") == [
        (
            "paragraph",
            "P&G’s “Tide” portal blocks <script>alert(1)</script> in reviews since 2021.",
            2,
            None,
        ),
        ("bullet", "Sold via Walmart & Co. stores in 2021", 3, None),
    ]
    assert company_slug(doc.company.name, doc.company.ticker) == "procter-gamble"


def test_blocks_missing_empty_and_in_another_order() -> None:
    doc = page(
        """\
        Wayne Enterprises (WAYN) - Canvas Business Model: Revenue Streams
        Wayne Enterprises (WAYN) - Canvas Business Model: Key Partners
        Wayne works with 12 defence contractors in 2020.
        Wayne Enterprises (WAYN) - Canvas Business Model: Value Proposition
        Wayne builds durable gear.
        """
    )
    blocks = doc.parts[0].blocks
    assert [c for b in blocks if b.kind == "revenue-streams" for c in b.claims] == []
    assert claims(doc, "key-partners") == [
        ("paragraph", "Wayne works with 12 defence contractors in 2020.", 3, None)
    ]
    assert claims(doc, "value-propositions") == [
        ("paragraph", "Wayne builds durable gear.", 5, None)
    ]
    assert not {b.kind for b in blocks} & {"channels", "cost-structure", "key-resources"}


def test_unknown_block_heading_is_an_error_at_its_line() -> None:
    with pytest.raises(DocumentError) as caught:
        page(
            """\
            شركة Acme (ACM) - نموذج الأعمال: القنوات
            تبيع Acme عبر الإنترنت منذ عام 2020.
            - متجر إلكتروني
            شركة Acme (ACM) - نموذج الأعمال: قائمة الطعام
            حساء.
            """
        )
    assert caught.value.line == 4


def test_crlf_line_endings_and_no_final_newline() -> None:
    text = textwrap.dedent(
        """\
        Umbrella Corp (UMB) - Canvas Business Model: Key Activities
        Research Labs
        Umbrella runs 5 labs in 2019.
        | Lab | Staff |
        |---|---|
        | Raccoon City | 250+ |"""
    ).replace("\n", "\r\n")
    doc = parse_document(text)
    assert doc.kind == "scraped-page"
    assert claims(doc, "key-activities") == [
        ("paragraph", "Umbrella runs 5 labs in 2019.", 3, "Research Labs"),
        ("row", "Raccoon City | 250+", 6, "Research Labs"),
    ]
    row = doc.parts[0].blocks[0].claims[1]
    assert row.cells == ("Raccoon City", "250+")
    assert row.table_line == 4


def test_arabic_heading_variants_name_the_nine_blocks() -> None:
    names = [
        ("الشركاء الرئيسيون", "key-partners"),
        ("الأنشطة الأساسية", "key-activities"),
        ("الموارد الرئيسية", "key-resources"),
        ("عرض القيمة", "value-propositions"),
        ("العلاقات مع العملاء", "customer-relationships"),
        ("قنوات التوزيع", "channels"),
        ("قطاعات العملاء", "customer-segments"),
        ("هيكل التكاليف", "cost-structure"),
        ("مصادر الإيرادات", "revenue-streams"),
    ]
    text = "".join(
        f"شركة Acme (ACM) - نموذج الأعمال: {name}\nتعمل Acme في 5 دول في عام 2023.\n"
        for name, _ in names
    )
    doc = parse_scraped_page(text)
    assert [(b.kind, b.line) for b in doc.parts[0].blocks] == [
        (kind, 2 * i + 1) for i, (_, kind) in enumerate(names)
    ]
    assert doc.claim_count == 9


def test_real_statements_that_start_like_marketing_copy_are_claims() -> None:
    doc = page(
        """\
        Klarna Group plc (KLAR) - Canvas Business Model: Revenue Streams
        Klarna earns most of its revenue from merchants.
        - Buy now, pay later loans made up 80% of merchant revenue in 2024.
        - Professional design services for merchants launched in 2023.
        """
    )
    assert claims(doc, "revenue-streams") == [
        ("paragraph", "Klarna earns most of its revenue from merchants.", 2, None),
        ("bullet", "Buy now, pay later loans made up 80% of merchant revenue in 2024.", 3, None),
        ("bullet", "Professional design services for merchants launched in 2023.", 4, None),
    ]


def test_an_ordered_list_in_arabic_digits_keeps_its_numbers() -> None:
    doc = page(
        """\
        شركة Initech (INIT) - نموذج الأعمال: الأنشطة الرئيسية
        تقوم الشركة بما يلي في عام 2022:
        ٣. تطوير البرمجيات
        ٤. دعم العملاء
        """
    )
    found = [(c.kind, c.number, c.text) for c in doc.parts[0].blocks[0].claims]
    assert found == [
        ("paragraph", None, "تقوم الشركة بما يلي في عام 2022:"),
        ("numbered", 3, "تطوير البرمجيات"),  # a list that starts at 3 starts at 3
        ("numbered", 4, "دعم العملاء"),
    ]


def test_a_data_first_table_after_a_lead_in_line_is_cited_in_both_languages() -> None:
    doc = page(
        """\
        شركة Emaar (EMAAR) - نموذج الأعمال: هيكل التكلفة
        تتوزع تكاليف الشركة في عام 2023 على ما يلي:
        | مصاريف البيع والتسويق | 1.9 مليار درهم |
        | مصاريف إدارية | 0.8 مليار درهم |
        Emaar (EMAAR) - Canvas Business Model: Cost Structure
        Costs in 2024 were as follows:
        | Selling and marketing | AED 2.1 billion |
        | General and administrative | AED 0.9 billion |
        """
    )
    rows_ = [(c.line_start, c.cells, c.header) for p in doc.parts for c in p.blocks[0].claims]
    assert rows_[1:3] == [
        (3, ("مصاريف البيع والتسويق", "1.9 مليار درهم"), None),
        (4, ("مصاريف إدارية", "0.8 مليار درهم"), None),
    ]
    assert rows_[4:] == [
        (7, ("Selling and marketing", "AED 2.1 billion"), None),
        (8, ("General and administrative", "AED 0.9 billion"), None),
    ]
    assert "table-header" not in doc.structure.values()

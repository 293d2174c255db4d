"""Deterministic synthetic corpus of canvas documents, for the load benchmark.

Why: the two seeds are far too few to time a loader, and copies of one seed exercise one
path only. This writes N documents in both families of FORMATS.md (Jekyll markdown posts and
scraped canvas pages with an Arabic and an English part), with varied companies, tickers,
years, block-heading variants, tables with and without `|---|` rows, bullets, sub-headings,
task-line noise and a closing disclaimer. The same seed always gives the same bytes.

Each document is built in memory, written, and forgotten: the corpus itself is streamed to
disk. The generator counts the claims it meant to write (FORMATS.md rules), so a benchmark can
check that the loader stored what was there.

    .venv/bin/python bench/corpus.py OUT_DIR --n 1000 [--seed 1]
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.domain import BLOCK_KINDS

# -- companies --------------------------------------------------------------------------

_STEMS = (
    "Nor", "Alt", "Ves", "Cor", "Bri", "Kal", "Mer", "Zan", "Tor", "Lum",
    "Hal", "Quin", "Sol", "Dra", "Fen", "Gal", "Ira", "Jov", "Pax", "Rhe",
    "Sev", "Tal", "Ul", "Vel", "Wyn", "Xan", "Yor", "Zel", "Ast", "Bel",
)  # fmt: skip
_VOWELS = ("a", "e", "i", "o", "u", "ae", "io", "ea")
_ENDS = (
    "vex", "ra", "don", "tis", "mark", "lyn", "gen", "tek", "core", "nova",
    "wick", "ford", "ton", "well", "field", "stra", "med", "lux", "quest", "dyne",
)  # fmt: skip
_SECTORS = (
    "", "Health", "Energy", "Systems", "Foods", "Logistics", "Financial", "Pharma",
    "Networks", "Motors", "Retail", "Materials", "Insurance", "Labs", "Media",
)  # fmt: skip
_LEGAL = (
    "Corporation", "Inc.", "Holdings", "Group", "plc", "& Co.", "Ltd", "Company", "",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Company:
    short: str  # `Noravex Health`: what sentences call it
    full: str  # `Noravex Health Corporation`: headings and bundle line
    ticker: str
    slug: str


def company_pool(rng: random.Random, count: int) -> list[Company]:
    """`count` companies with distinct names, slugs and tickers."""
    space = len(_STEMS) * len(_VOWELS) * len(_ENDS) * len(_SECTORS)
    if count > space:
        raise ValueError(f"at most {space} companies")
    companies: list[Company] = []
    tickers: set[str] = set()
    slugs: set[str] = set()
    for code in rng.sample(range(space), count * 2):
        code, stem = divmod(code, len(_STEMS))
        code, vowel = divmod(code, len(_VOWELS))
        code, end = divmod(code, len(_ENDS))
        sector = _SECTORS[code]
        core = _STEMS[stem] + _VOWELS[vowel] + _ENDS[end]
        short = f"{core} {sector}".strip()
        slug = short.lower().replace(" ", "-")
        if slug in slugs:
            continue
        legal = rng.choice(_LEGAL)
        full = f"{short} {legal}".strip()
        letters = [c for c in core.upper() if c.isalpha()]
        ticker = "".join(letters[:3]) + (sector[:1].upper() if sector else "")
        while ticker in tickers:
            ticker = ticker[:3] + rng.choice("ABCDEFGHKLMNPRSTVWXZ") + rng.choice("ABXYZ")
        tickers.add(ticker)
        slugs.add(slug)
        companies.append(Company(short=short, full=full, ticker=ticker, slug=slug))
        if len(companies) == count:
            return companies
    raise ValueError("company name space exhausted")


# -- vocabulary ---------------------------------------------------------------------------

BLOCKS: tuple[str, ...] = BLOCK_KINDS
#: Order of the post seed; pages follow `BLOCKS` like the page seed.
POST_ORDER: tuple[str, ...] = (
    "customer-segments",
    "value-propositions",
    "channels",
    "customer-relationships",
    "key-activities",
    "key-partners",
    "key-resources",
    "cost-structure",
    "revenue-streams",
)

#: Block names as documents write them (a subset of what app/loader/block_names.py knows;
#: the first of each list is the common one).
EN_NAMES: dict[str, tuple[str, ...]] = {
    "key-partners": ("Key Partners", "Key Partnerships", "Key Alliances", "Strategic Partners"),
    "key-activities": ("Key Activities", "Core Activities"),
    "key-resources": ("Key Resources", "Core Resources"),
    "value-propositions": ("Value Propositions", "Value Proposition", "Value Offer"),
    "customer-relationships": ("Customer Relationships", "Customer Relations"),
    "channels": ("Channels", "Distribution Channels", "Sales Channels"),
    "customer-segments": ("Customer Segments", "Target Customers", "Customer Base"),
    "cost-structure": ("Cost Structure", "Cost Base"),
    "revenue-streams": ("Revenue Streams", "Revenue Model", "Revenue Sources"),
}
AR_NAMES: dict[str, tuple[str, ...]] = {
    "key-partners": ("الشراكات الرئيسية", "الشركاء الرئيسيون", "الشراكات الاستراتيجية"),
    "key-activities": ("الأنشطة الرئيسية", "الأنشطة الأساسية", "النشاطات الرئيسية"),
    "key-resources": ("الموارد الرئيسية", "الموارد الأساسية"),
    "value-propositions": ("عروض القيمة", "عرض القيمة", "مقترحات القيمة"),
    "customer-relationships": ("علاقات العملاء", "العلاقات مع العملاء"),
    "channels": ("القنوات", "قنوات التوزيع"),
    "customer-segments": ("شرائح العملاء", "قطاعات العملاء", "فئات العملاء"),
    "cost-structure": ("هيكل التكلفة", "هيكل التكاليف"),
    "revenue-streams": ("تدفقات الإيرادات", "مصادر الإيرادات"),
}

#: Per block: (English sub-heading, English topic, Arabic sub-heading, Arabic topic).
TOPICS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "key-partners": (
        ("Healthcare Providers and Medical Networks", "healthcare providers",
         "مقدمو الرعاية الصحية والشبكات الطبية", "مقدمي الرعاية الصحية"),
        ("Technology and Cloud Partners", "technology and cloud partners",
         "شركاء التكنولوجيا والحوسبة السحابية", "شركاء التكنولوجيا"),
        ("Suppliers and Contract Manufacturers", "suppliers and contract manufacturers",
         "الموردون والمصنعون المتعاقدون", "الموردين والمصنعين"),
        ("Distribution and Retail Partners", "distribution and retail partners",
         "شركاء التوزيع والبيع بالتجزئة", "شركاء التوزيع"),
        ("Reinsurance and Financial Partners", "reinsurers and financial institutions",
         "شركات إعادة التأمين والمؤسسات المالية", "المؤسسات المالية"),
        ("Government and Public Sector Programs", "government agencies",
         "برامج الحكومة والقطاع العام", "الجهات الحكومية"),
    ),
    "key-activities": (
        ("Product Development and Engineering", "product development",
         "تطوير المنتجات والهندسة", "تطوير المنتجات"),
        ("Claims Processing and Administration", "claims processing",
         "معالجة المطالبات وإدارتها", "معالجة المطالبات"),
        ("Supply Chain and Logistics Operations", "supply chain operations",
         "عمليات سلسلة التوريد والخدمات اللوجستية", "عمليات سلسلة التوريد"),
        ("Digital Platform Development", "digital platform development",
         "تطوير المنصات الرقمية", "المنصات الرقمية"),
        ("Risk Assessment and Data Analytics", "risk assessment and analytics",
         "تقييم المخاطر وتحليل البيانات", "تحليل البيانات"),
        ("Sales and Account Management", "sales and account management",
         "المبيعات وإدارة الحسابات", "إدارة الحسابات"),
    ),
    "key-resources": (
        ("Extensive Provider Network", "provider network",
         "شبكة واسعة من مقدمي الخدمات", "شبكة مقدمي الخدمات"),
        ("Advanced Data Analytics Capabilities", "data analytics infrastructure",
         "قدرات تحليل البيانات المتقدمة", "البنية التحتية لتحليلات البيانات"),
        ("Brand and Intellectual Property", "patents and trademarks",
         "العلامة التجارية والملكية الفكرية", "براءات الاختراع والعلامات التجارية"),
        ("Skilled Workforce", "skilled workforce",
         "القوى العاملة الماهرة", "الموظفين المتخصصين"),
        ("Strong Financial Infrastructure", "financial resources",
         "بنية تحتية مالية قوية", "الموارد المالية"),
        ("Manufacturing Facilities and Distribution Centres", "facilities and distribution centres",
         "مرافق التصنيع ومراكز التوزيع", "مرافق التصنيع"),
    ),
    "value-propositions": (
        ("Comprehensive Product Portfolio", "product portfolio",
         "محفظة منتجات شاملة", "محفظة المنتجات"),
        ("Personalised Customer Experience", "personalised services",
         "تجربة عملاء مخصصة", "الخدمات المخصصة"),
        ("Cost Predictability and Savings", "cost savings programs",
         "إمكانية التنبؤ بالتكاليف والتوفير", "برامج توفير التكاليف"),
        ("Integrated Digital Tools", "digital tools", "أدوات رقمية متكاملة", "الأدوات الرقمية"),
        ("Global Reach and Coverage", "global coverage",
         "انتشار وتغطية عالمية", "التغطية العالمية"),
        ("Quality and Reliability", "quality assurance programs",
         "الجودة والموثوقية", "برامج ضمان الجودة"),
    ),
    "customer-relationships": (
        ("Dedicated Account Managers", "dedicated account teams",
         "مديرو حسابات مخصصون", "فرق الحسابات المخصصة"),
        ("Digital Self-Service", "self-service tools",
         "الخدمة الذاتية الرقمية", "أدوات الخدمة الذاتية"),
        ("Customer Support Centres", "customer support centres",
         "مراكز دعم العملاء", "مراكز دعم العملاء"),
        ("Loyalty and Retention Programs", "loyalty programs",
         "برامج الولاء والاحتفاظ بالعملاء", "برامج الولاء"),
        ("Community and Social Media Engagement", "social media channels",
         "التفاعل المجتمعي ووسائل التواصل الاجتماعي", "قنوات التواصل الاجتماعي"),
    ),
    "channels": (
        ("Direct Sales Force", "direct sales teams",
         "فريق المبيعات المباشرة", "فرق المبيعات المباشرة"),
        ("Broker and Agent Network", "independent brokers and agents",
         "شبكة الوسطاء والوكلاء", "الوسطاء والوكلاء المستقلين"),
        ("Online and Mobile Platforms", "website and mobile app",
         "المنصات الإلكترونية وتطبيقات الهاتف", "الموقع الإلكتروني وتطبيق الهاتف"),
        ("Retail Stores and Partners", "retail stores",
         "متاجر التجزئة والشركاء", "متاجر التجزئة"),
        ("Marketplaces and Exchanges", "third-party marketplaces",
         "الأسواق والمنصات الخارجية", "الأسواق الخارجية"),
    ),
    "customer-segments": (
        ("Large Employers", "large employers", "أصحاب العمل الكبار", "أصحاب العمل الكبار"),
        ("Small and Medium Businesses", "small and medium businesses",
         "الشركات الصغيرة والمتوسطة", "الشركات الصغيرة والمتوسطة"),
        ("Individual Consumers", "individual consumers",
         "المستهلكون الأفراد", "المستهلكين الأفراد"),
        ("Government Programs", "government programs", "البرامج الحكومية", "البرامج الحكومية"),
        ("International Markets", "international customers",
         "الأسواق الدولية", "العملاء الدوليين"),
    ),
    "cost-structure": (
        ("Cost of Goods and Services", "cost of services",
         "تكلفة السلع والخدمات", "تكلفة الخدمات"),
        ("Employee Compensation", "employee compensation",
         "تعويضات الموظفين", "تعويضات الموظفين"),
        ("Technology and Digital Infrastructure", "technology infrastructure",
         "التكنولوجيا والبنية التحتية الرقمية", "البنية التحتية الرقمية"),
        ("Marketing and Customer Acquisition", "marketing expenses",
         "التسويق واكتساب العملاء", "نفقات التسويق"),
        ("Regulatory Compliance Expenses", "compliance costs",
         "مصاريف الامتثال التنظيمي", "تكاليف الامتثال"),
        ("Selling, General, and Administrative (SG&A) Expenses", "SG&A expenses",
         "المصاريف البيعية والعمومية والإدارية", "المصاريف الإدارية"),
    ),
    "revenue-streams": (
        ("Product Sales", "product sales", "مبيعات المنتجات", "مبيعات المنتجات"),
        ("Subscription and Service Fees", "subscription fees",
         "رسوم الاشتراك والخدمات", "رسوم الاشتراك"),
        ("Premiums and Contracts", "premiums", "الأقساط والعقود", "الأقساط"),
        ("Licensing and Royalties", "licensing income", "الترخيص والإتاوات", "إيرادات الترخيص"),
        ("International Revenue", "international sales",
         "الإيرادات الدولية", "المبيعات الدولية"),
    ),
}  # fmt: skip

_QUARTERS = ("Q1", "Q2", "Q3", "Q4")
_AR_QUARTERS = ("الأول", "الثاني", "الثالث", "الرابع")
_MONTHS = ("March 31", "June 30", "September 30", "December 31")
_REGIONS_EN = ("North America", "Europe", "Asia Pacific", "Middle East", "Latin America", "Africa")
_REGIONS_AR = (
    "أمريكا الشمالية",
    "أوروبا",
    "آسيا والمحيط الهادئ",
    "الشرق الأوسط",
    "أمريكا اللاتينية",
)
_WEEKDAYS = ("Friday", "next Tuesday", "Monday", "Thursday", "next Wednesday")
_TASKS = (
    "13-week cash view",
    "updated {seg} growth forecast for Q4 {y}",
    "board memo on pricing",
    "variance bridge for the {seg} segment",
    "{y} budget reconciliation",
)
_MARKETING = (
    "Fully Editable: Tailor To Your Needs In Excel Or Sheets",
    "Professional Design: Trusted, Industry-Standard Templates",
    "Investor-Approved Valuation Models",
    "MAC/PC Compatible, Fully Unlocked",
    "No Expertise Is Needed; Easy To Follow",
    "Instant Download After Purchase",
    "Pre-Built Formulas And Clear Instructions",
    "Trusted By Analysts And Founders Worldwide",
)
_DISCLAIMER = (
    "All information, articles, and product details provided on this website are for general "
    "informational and educational purposes only. We do not claim any ownership over any "
    "trademarks, logos, or brand names mentioned or depicted on this site.",
    "We make no representations or warranties, express or implied, regarding the accuracy, "
    "completeness, or suitability of any content or products presented. Nothing on this "
    "website should be construed as legal, tax, investment, or financial advice.",
    "All content is of a general nature and may not address the specific circumstances of any "
    "individual or entity. Any actions you take based on the information provided here are "
    "strictly at your own risk.",
)


# -- one document ------------------------------------------------------------------------


@dataclass(slots=True)
class _Doc:
    """Lines of one document, and how many of them the loader should store as claims."""

    lines: list[str] = field(default_factory=list)
    claims: int = 0

    def claim(self, line: str) -> None:
        self.lines.append(line)
        self.claims += 1

    def other(self, *lines: str) -> None:
        self.lines.extend(lines)


@dataclass(slots=True)
class _Figures:
    """Numbers written the ways pages write them; integers of four or more digits always
    carry a separator so that only deliberate years count as year mentions."""

    rng: random.Random

    def _grouped(self, value: int, sep: str = ",") -> str:
        return f"{value:,}".replace(",", sep)

    def money_en(self) -> str:
        r = self.rng.random()
        if r < 0.4:
            return f"${self.rng.uniform(0.5, 260):.2f} billion"
        if r < 0.7:
            return f"${self.rng.randint(12, 980)} million"
        if r < 0.85:
            return f"${self._grouped(self.rng.randint(1_000, 99_999))} million"
        return f"${self._grouped(self.rng.randint(1_000, 20_000))}"

    def money_ar(self) -> str:
        r = self.rng.random()
        if r < 0.45:
            return f"{self.rng.uniform(0.2, 180):.1f} مليار دولار"
        if r < 0.8:
            return f"{self.rng.randint(15, 950)} مليون دولار"
        if r < 0.9:
            return f"{self._grouped(self.rng.randint(10, 990) * 1000, '.')} دولار"
        return f"${self.rng.uniform(1, 99):.1f}"

    def count_en(self) -> str:
        r = self.rng.random()
        if r < 0.35:
            return f"{self.rng.uniform(1, 190):.1f} million"
        if r < 0.6:
            return f"{self._grouped(self.rng.randint(1_000, 30_000))} thousand"
        if r < 0.8:
            return self._grouped(self.rng.randint(1_000, 900_000))
        if r < 0.9:
            return f"{self.rng.randint(2, 99) * 10}+"
        return str(self.rng.randint(3, 990))

    def count_ar(self) -> str:
        r = self.rng.random()
        if r < 0.4:
            return f"{self.rng.uniform(0.5, 40):.1f} مليون"
        if r < 0.65:
            return self._grouped(self.rng.randint(10, 990) * 1000, ".")
        if r < 0.85:
            return self._grouped(self.rng.randint(1_000, 900_000))
        return f"{self.rng.randint(2, 99) * 10}+"

    def pct(self) -> str:
        if self.rng.random() < 0.5:
            return f"{self.rng.randint(1, 99)}%"
        return f"{self.rng.uniform(0.5, 99):.1f}%"


@dataclass(slots=True)
class _Years:
    """The years one document part mentions: mostly `main`, sometimes its neighbours."""

    rng: random.Random
    main: int
    others: tuple[int, ...]

    def __call__(self) -> int:
        return self.main if self.rng.random() < 0.7 else self.rng.choice(self.others)


# -- English sentences -----------------------------------------------------------------

_EN_SENTENCES: tuple[str, ...] = (
    "{c} works with {count} {topic} across {markets} markets as of {q} {y}.",
    "In {y}, {c} invested {money} in {topic}, an increase of {pct} compared with {y2}.",
    "You're looking at how {full} manages its {topic} as of late {y}, and honestly, it's a "
    "balancing act between growth and cost discipline.",
    "The company's {topic} contributed {money} in {q} {y}, which reflects a deliberate shift in "
    "its business mix toward higher-margin work.",
    "{c} reported that {topic} accounted for {pct} of total activity in {y}, up from {pct2} a "
    "year earlier.",
    "Management expects {topic} to remain a priority through {y}, with planned spending of at "
    "least {money}.",
    "This is where the rubber meets the road: {topic} drive most of the day-to-day value the "
    "company delivers to its customers.",
    "While specific figures for {topic} aren't disclosed, {c} describes them as central to its "
    "strategy and to service delivery in {y}.",
    "The number of customers served through {topic} reached {count} at {month}, {y}, a {pct} "
    "increase from the end of {y2}.",
    "{c}’s {topic} are supported by a network of more than {markets} regional offices and a "
    "team of experienced industry executives.",
    "Compared with its closest competitors, {c} spends about {pct} more on {topic}, a choice "
    "that analysts tied to its {y} margin guidance.",
)
_EN_LEADINS: tuple[str, ...] = (
    "Here's a quick look at the {topic} figures as of {month}, {y}:",
    "{c} organises its {topic} as follows:",
    "Here is a breakdown of the {topic} that {full} relies on, with the latest metrics:",
    "The key {topic} metrics for {q} {y} were:",
    "The drivers behind the change in {topic} included:",
)
_EN_BULLETS: tuple[str, ...] = (
    "{q} {y} {topic} spending was {money}, up from {money2} in {q} {y2}.",
    "{Topic}: {count} active accounts.",
    "Share of revenue from {topic}: {pct}.",
    "{Topic} are available in more than {markets} countries and jurisdictions.",
    "Investment in {topic} is planned to reach {money} by {y}.",
    "Retention across {topic} stood at {pct} in {y}",
    "Average cost per customer for {topic}: {money}",
)
_EN_TABLES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("Metric", "Value (as of {month}, {y})", "Change from {y2}"), "count,change"),
    (("Segment", "Revenue ({q} {y})"), "money"),
    (("Metric", "{q} {y2}", "{q} {y}", "Change"), "pct,pct,change"),
    (("Region", "Countries", "Customers", "Share of Revenue"), "small,count,pct"),
    (("Program", "Participants", "Annual Cost", "Savings", "Status"), "count,money,pct,status"),
)
_EN_ROWS = (
    "Total Customer Relationships", "Total Pharmacy Customers", "Medical Customers",
    "Active Subscribers", "Retail Locations", "Employees", "SG&A Expense Ratio (GAAP)",
    "Adjusted Operating Margin", "Digital Engagement Rate", "Enterprise Clients",
    "Consumer Plans", "Partner Network", "Specialty & Care Services", "Platform Users",
)  # fmt: skip
_STATUS = ("Active", "Expanding", "Pilot", "N/A", "Under review")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Writer:
    """Sentences, bullets and tables for one document, in either language."""

    def __init__(self, rng: random.Random, company: Company) -> None:
        self.rng = rng
        self.company = company
        self.fig = _Figures(rng)

    # English ------------------------------------------------------------------------------
    def en_fields(self, topic: str, years: _Years) -> dict[str, str]:
        rng = self.rng
        y = years()
        return {
            "c": self.company.short,
            "full": self.company.full,
            "topic": topic,
            "Topic": _cap(topic),
            "money": self.fig.money_en(),
            "money2": self.fig.money_en(),
            "count": self.fig.count_en(),
            "pct": self.fig.pct(),
            "pct2": self.fig.pct(),
            "markets": str(rng.randint(3, 200)),
            "q": rng.choice(_QUARTERS),
            "month": rng.choice(_MONTHS),
            "y": str(y),
            "y2": str(years()),
            "seg": rng.choice(("Evernorth", "commercial", "international", "consumer")),
        }

    def en_sentence(self, topic: str, years: _Years) -> str:
        return self.rng.choice(_EN_SENTENCES).format(**self.en_fields(topic, years))

    def en_leadin(self, topic: str, years: _Years) -> str:
        return self.rng.choice(_EN_LEADINS).format(**self.en_fields(topic, years))

    def en_bullet(self, topic: str, years: _Years) -> str:
        return self.rng.choice(_EN_BULLETS).format(**self.en_fields(topic, years))

    def en_table(self, topic: str, years: _Years) -> list[list[str]]:
        rng = self.rng
        header, kinds = rng.choice(_EN_TABLES)
        fields = self.en_fields(topic, years)
        rows = [[cell.format(**fields) for cell in header]]
        labels = _REGIONS_EN if header[0] == "Region" else _EN_ROWS
        for label in rng.sample(labels, rng.randint(2, min(6, len(labels)))):
            row = [label]
            for kind in kinds.split(","):
                row.append(self._en_cell(kind))
            rows.append(row)
        return rows

    def _en_cell(self, kind: str) -> str:
        rng = self.rng
        if kind == "count":
            return self.fig.count_en()
        if kind == "money":
            return self.fig.money_en()
        if kind == "pct":
            return self.fig.pct()
        if kind == "small":
            return str(rng.randint(1, 40))
        if kind == "status":
            return rng.choice(_STATUS)
        return rng.choice(("N/A", f"Up {self.fig.pct()}", f"Down {self.fig.pct()}"))

    def task_line(self, years: _Years) -> str:
        fields = self.en_fields("", years)
        thing = self.rng.choice(_TASKS).format(**fields)
        return f"Finance: draft {thing} by {self.rng.choice(_WEEKDAYS)}."

    # Arabic -------------------------------------------------------------------------------
    def ar_fields(self, topic: str, years: _Years) -> dict[str, str]:
        rng = self.rng
        return {
            "c": self.company.short,
            "topic": topic,
            "money": self.fig.money_ar(),
            "count": self.fig.count_ar(),
            "pct": self.fig.pct(),
            "markets": str(rng.randint(3, 120)),
            "qn": rng.choice(_AR_QUARTERS),
            "y": str(years()),
            "y2": str(years()),
        }

    def ar_sentence(self, topic: str, years: _Years) -> str:
        template = self.rng.choice(
            (
                "تتعاون {c} مع {count} من {topic} على مستوى العالم في عام {y}.",
                "استثمرت {c} مبلغ {money} في {topic} في عام {y}.",
                "بلغ إجمالي {topic} لشركة {c} في عام {y} ما قيمته {money}، بزيادة قدرها {pct} "
                "مقارنة بعام {y2}.",
                "تخدم {c} أكثر من {count} عميل من خلال {topic} اعتبارًا من الربع {qn} من عام {y}.",
                "وصلت حصة {topic} إلى {pct} من إجمالي الإيرادات في عام {y}.",
                "تعمل {c} في {markets} دولة وتعتمد على {topic} لدعم النمو المستدام.",
                "حققت {c} إيرادات بقيمة {money} من {topic} في عام {y}، مع معدل رضا يبلغ {pct}.",
            )
        )
        return template.format(**self.ar_fields(topic, years))

    def ar_leadin(self, topic: str, years: _Years) -> str:
        template = self.rng.choice(
            (
                "تتضمن {topic} الخاصة بشركة {c} ما يلي:",
                "تشمل {topic} لشركة {c} في عام {y} ما يلي:",
                "تدير {c} {topic} على النحو التالي:",
                "الموارد المخصصة لـ {topic} حتى عام {y}:",
            )
        )
        return template.format(**self.ar_fields(topic, years))

    def ar_bullet(self, topic: str, years: _Years) -> str:
        template = self.rng.choice(
            (
                "الاستثمار في {topic}: {money}",
                "{topic} تغطي {count} عضو",
                "معدل نمو {topic}: {pct}",
                "إجمالي {topic} في عام {y}: {money}",
                "شراكات مع {count} من {topic}",
            )
        )
        return template.format(**self.ar_fields(topic, years))

    def ar_table(self, topic: str, years: _Years) -> list[list[str]]:
        rng = self.rng
        y = years()
        header, kinds, labels = rng.choice(
            (
                (["الفئة", "القيمة"], "money", None),
                ([f"نوع {topic}", "العدد", "النسبة"], "count,pct", None),
                (["المنطقة", "عدد الدول", "العملاء الدوليين"], "small,count", _REGIONS_AR),
                (["البرنامج", f"الإيرادات ({y})", "معدل النمو", "الحالة"], "money,pct,status",
                 None),
            )
        )  # fmt: skip
        row_labels = labels or (
            "الخطط الفردية", "الخطط العائلية", "خطط أصحاب العمل", "المستشفيات", "الأطباء",
            "العيادات", "التأمين التجاري", "التأمين الحكومي", "الخدمات الرقمية",
        )  # fmt: skip
        rows = [list(header)]
        for label in rng.sample(row_labels, rng.randint(2, min(5, len(row_labels)))):
            row = [label]
            for kind in kinds.split(","):
                if kind == "money":
                    row.append(self.fig.money_ar())
                elif kind == "count":
                    row.append(self.fig.count_ar())
                elif kind == "pct":
                    row.append(self.fig.pct())
                elif kind == "small":
                    row.append(str(rng.randint(1, 30)))
                else:
                    row.append(rng.choice(("نشط", "قيد التوسع", "تجريبي", "N/A")))
            rows.append(row)
        return rows


# -- tables ----------------------------------------------------------------------------


def _emit_table(doc: _Doc, rng: random.Random, rows: list[list[str]], separator: float) -> None:
    """Header, optional `|---|` row, data rows (one claim each); sometimes ragged, sometimes
    without the outer pipes."""
    outer = rng.random() > 0.05
    width = len(rows[0])

    def fmt(cells: list[str]) -> str:
        body = " | ".join(cells)
        return f"| {body} |" if outer else body

    doc.other(fmt(rows[0]))
    if rng.random() < separator:
        if not outer:
            doc.other(" | ".join(["---"] * width))
        elif rng.random() < 0.8:
            doc.other("|" + "---|" * width)  # as the seeds write it
        else:
            doc.other(fmt(["---"] * width))
    for row in rows[1:]:
        if outer and width > 2 and rng.random() < 0.03:
            row = row[: rng.randint(2, width - 1)]  # ragged: fewer cells than the header
        doc.claim(fmt(row))


# -- family 2: scraped canvas page -------------------------------------------------------


def _page(rng: random.Random, company: Company, writer: _Writer, size: float) -> _Doc:
    doc = _Doc()
    c = company
    ar_year = rng.randint(2019, 2024)
    en_year = ar_year + 2
    ar_years = _Years(rng, ar_year, (ar_year - 2, ar_year - 1))
    en_years = _Years(rng, en_year, (en_year - 1, en_year + 1, en_year + 2))
    shape = rng.random()
    has_ar, has_en = (shape >= 0.15, shape < 0.9)
    arabic_name = rng.random() < 0.5
    prefix = "شركة " if arabic_name else ""
    # Preamble: never claims, whatever it says.
    doc.other("|" if rng.random() < 0.8 else f"![{c.short} logo](/images/{c.slug}.png)")
    if has_ar:
        doc.other(f"{prefix}{c.short} ({c.ticker}): نموذج الأعمال التجارية |")
    else:
        doc.other(f"{c.full} ({c.ticker}): Business Model Canvas |")
    bullets = rng.random() < 0.3
    for line in rng.sample(_MARKETING, rng.randint(3, 5)):
        doc.other(f"- ✓ {line}" if bullets else line)
    doc.other(f"{c.full} ({c.ticker}) Bundle")
    if has_ar:
        doc.other(
            f"في المشهد الديناميكي لقطاعها، تبرز شركة {c.full} ({c.ticker}) كقوة تحويلية تتنقل "
            "بشكل استراتيجي في تحديات السوق المعقدة من خلال نموذج أعمالها المبتكر. يكشف هذا "
            "الاستكشاف عن الآليات التي تقود نجاحها."
        )
    else:
        doc.other(
            f"{c.full} ({c.ticker}) has built a business model that combines scale, data and "
            "long-standing partnerships; this canvas walks through each of its nine blocks."
        )
    if has_ar:
        dash = "–" if rng.random() < 0.3 else "-"
        blocks = [b for b in BLOCKS if rng.random() < 0.92] or ["value-propositions"]
        if rng.random() < 0.1:
            rng.shuffle(blocks)
        for kind in blocks:
            name = rng.choice(AR_NAMES[kind])
            doc.other(f"شركة {c.short} ({c.ticker}) {dash} نموذج الأعمال: {name}")
            if kind != blocks[0] and rng.random() < 0.02:
                continue  # an empty block
            _ar_block(doc, rng, writer, kind, ar_years, size, first=kind == blocks[0])
    if has_en:
        label = "Canvas Business Model" if rng.random() < 0.8 else "Business Model"
        if rng.random() < 0.6:
            blocks = ["value-propositions", "customer-relationships", "channels",
                      "customer-segments", "cost-structure", "revenue-streams"]  # fmt: skip
        else:
            blocks = [b for b in BLOCKS if rng.random() < 0.85] or ["channels"]
        if rng.random() < 0.15:
            rng.shuffle(blocks)
        for kind in blocks:
            name = rng.choice(EN_NAMES[kind])
            doc.other(f"{c.full} ({c.ticker}) - {label}: {name}")
            _en_block(doc, rng, writer, kind, en_years, size, first=kind == blocks[0])
    doc.other("Disclaimer", *_DISCLAIMER[: rng.randint(1, 3)])
    return doc


def _ar_block(
    doc: _Doc,
    rng: random.Random,
    w: _Writer,
    kind: str,
    years: _Years,
    size: float,
    first: bool,
) -> None:
    topics = TOPICS[kind]
    if first:  # every part mentions its year at least once
        doc.claim(f"حققت {w.company.short} نتائج قوية في عام {years.main}.")
    for _ in range(max(1, round(rng.randint(2, 5) * size))):
        _, _, sub, topic = rng.choice(topics)
        labelled = rng.random() < 0.9
        if labelled:
            doc.other(sub)  # sub-heading: labels what follows, not a claim
        shape = rng.random()
        if shape < 0.4:
            doc.claim(w.ar_leadin(topic, years))
            _emit_table(doc, rng, w.ar_table(topic, years), separator=0.85)
        elif shape < 0.7:
            doc.claim(w.ar_sentence(topic, years))
            for _ in range(rng.randint(2, 4)):
                doc.claim(f"- {w.ar_bullet(topic, years)}")
        elif shape < 0.85:
            doc.claim(w.ar_leadin(topic, years))
            for _ in range(rng.randint(3, 5)):
                doc.claim(f"- {w.ar_bullet(topic, years)}")
        elif shape < 0.95 and labelled:  # (two tables in a row would read as one)
            _emit_table(doc, rng, w.ar_table(topic, years), separator=0.85)
        else:
            doc.claim(w.ar_sentence(topic, years))
            doc.claim(w.ar_sentence(topic, years))


def _en_block(
    doc: _Doc,
    rng: random.Random,
    w: _Writer,
    kind: str,
    years: _Years,
    size: float,
    first: bool,
) -> None:
    topics = TOPICS[kind]
    topic = rng.choice(topics)[1]
    if first:
        doc.claim(
            f"You're looking at {w.company.full} as of late {years.main}, block by block, with "
            "the latest figures the company has reported."
        )
    elif rng.random() < 0.7:
        doc.claim(w.en_sentence(topic, years))
    for _ in range(max(1, round(rng.randint(2, 4) * size))):
        sub, topic, _, _ = rng.choice(topics)
        if rng.random() < 0.5:
            doc.other(sub)
        for _ in range(rng.randint(1, 2)):
            doc.claim(w.en_sentence(topic, years))
        shape = rng.random()
        if shape < 0.35:
            doc.claim(w.en_leadin(topic, years))
            _emit_table(doc, rng, w.en_table(topic, years), separator=0.3)
        elif shape < 0.75:
            doc.claim(w.en_leadin(topic, years))
            for _ in range(rng.randint(2, 5)):
                doc.claim(f"- {w.en_bullet(topic, years)}")
        if rng.random() < 0.4:
            doc.claim(w.en_sentence(topic, years))
    noise = rng.random()
    if noise < 0.25:
        doc.other(w.task_line(years))  # alone on its line: noise
    elif noise < 0.4:
        # Glued to the end of a real sentence: the sentence stays a claim.
        doc.claim(f"{w.en_sentence(topic, years)} {w.task_line(years)}")


# -- family 1: Jekyll markdown post -----------------------------------------------------

_POST_LEADINS = (
    "{c} works in conjunction with a broad network of {topic}. These can be organised broadly "
    "into the following categories:",
    "{c} provides value to its customers through its {topic} in the following ways:",
    "{c}’s {topic} can be arranged broadly into three principal categories:",
)
_POST_BULLETS = (
    "{Topic}, including regional and national providers that serve the Company’s customers;",
    "Its {topic}, with the Company established as one of the best-known names in its sector;",
    "{Topic} in key markets such as the US, the UK, China and India;",
    "Technology partners that develop and maintain the Company’s {topic}; and",
    "Its industry expertise in {topic}, built over more than {markets} years of operation.",
)
_POST_SENTENCES = (
    "{c} offers a broad range of products and services to an extensive customer base spanning "
    "multiple business sectors and markets.",
    "{c} makes a large portion of its sales through its {topic}. These channels are supported "
    "by the Company’s various online services and tools.",
    "{c}’s key resources are its {topic}, its online platform, its network of partners, and its "
    "personnel.",
    "In {y} {c} generated total revenue of {money}, up on the {money2} recorded by the Company in "
    "{y2}.",
    "In {y} {c}’s largest expenses related to {topic}, which totalled {money} for the year.",
    "{c} also owns and or leases a number of office locations across its operating jurisdictions.",
    "Customers can follow the Company’s operations and interact with staff directly via its "
    "social media accounts, including Facebook, Twitter, YouTube and LinkedIn.",
)


def _post(rng: random.Random, company: Company, writer: _Writer, size: float) -> _Doc:
    doc = _Doc()
    year = rng.randint(2012, 2020)
    years = _Years(rng, year, (year - 1, year - 2))
    name = company.short if rng.random() < 0.7 else company.full
    doc.other("---", "layout: post", f"title: {company.slug}", "---", "")
    title = ("Businessmodel of " if rng.random() < 0.8 else "Business Model of ") + name
    doc.other(title, "-" * len(title), "")
    dash_bullets = rng.random() < 0.3
    blocks = [b for b in POST_ORDER if rng.random() < 0.93] or ["channels"]
    after_bullets = False
    for index, kind in enumerate(blocks):
        heading = f"### {rng.choice(EN_NAMES[kind])}"
        if after_bullets and rng.random() < 0.5:
            doc.lines.pop()  # the heading follows the last bullet with no blank line
            heading = " " + heading
        doc.other(heading, "")
        after_bullets = False
        topics = TOPICS[kind]
        if index == 0:
            doc.claim(f"{company.short} reported its results for the {years.main} fiscal year.")
            doc.other("")
        for _ in range(max(1, round(rng.randint(3, 5) * size))):
            topic = rng.choice(topics)[1]
            fields = writer.en_fields(topic, years)
            shape = rng.random()
            if shape < 0.35:
                doc.claim(rng.choice(_POST_LEADINS).format(**fields))
                doc.other("")
                picks = rng.sample(_POST_BULLETS, rng.randint(3, len(_POST_BULLETS)))
                for n, template in enumerate(picks):
                    item = template.format(**writer.en_fields(topic, years))
                    if dash_bullets:
                        doc.claim(f"- {item}")
                    else:
                        doc.claim(f" * {item}" if n == 0 else f"* {item}")
                if rng.random() < 0.4:  # a lazy line: its own statement
                    doc.claim(" " + rng.choice(_POST_SENTENCES).format(**fields))
                doc.other("")
                after_bullets = True
            elif shape < 0.45:
                doc.claim(rng.choice(_EN_LEADINS).format(**fields))
                doc.other("")
                _emit_table(doc, rng, writer.en_table(topic, years), separator=0.6)
                doc.other("")
                after_bullets = False
            else:
                doc.claim(rng.choice(_POST_SENTENCES).format(**fields))
                doc.other("")
                after_bullets = False
    return doc


# -- the corpus ----------------------------------------------------------------------------


@dataclass(slots=True)
class CorpusStats:
    documents: int = 0
    posts: int = 0
    pages: int = 0
    claims: int = 0  # claims the loader should store, by FORMATS.md rules
    min_claims: int = 0
    max_claims: int = 0
    bytes: int = 0
    companies: int = 0


def write_corpus(
    directory: Path,
    n: int,
    seed: int = 1,
    on_document: Callable[[Path, int], None] | None = None,
) -> CorpusStats:
    """Write `n` documents into `directory` (created if needed), one at a time."""
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    pool = company_pool(rng, max(3, n // 4))
    stats = CorpusStats(companies=len(pool), min_claims=10**9)
    for index in range(n):
        company = rng.choice(pool)
        writer = _Writer(rng, company)
        if rng.random() < 0.35:
            size = rng.uniform(0.6, 1.0)
            doc = _post(rng, company, writer, size)
            stats.posts += 1
        else:
            size = rng.uniform(0.35, 1.0)
            doc = _page(rng, company, writer, size)
            stats.pages += 1
        data = ("\n".join(doc.lines) + "\n").encode("utf-8")
        path = directory / f"{index:06d}_{rng.getrandbits(64):016x}.txt"
        path.write_bytes(data)
        stats.documents += 1
        stats.claims += doc.claims
        stats.min_claims = min(stats.min_claims, doc.claims)
        stats.max_claims = max(stats.max_claims, doc.claims)
        stats.bytes += len(data)
        if on_document is not None:
            on_document(path, doc.claims)
    if not n:
        stats.min_claims = 0
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    stats = write_corpus(args.directory, args.n, args.seed)
    print(stats)


if __name__ == "__main__":
    main()

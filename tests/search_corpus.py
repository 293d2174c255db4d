"""Small documents written for the search tests: words whose right answers are known.

Each statement says one thing a query below looks for; the seeds (loaded beside them)
are the real documents. A fixture loads both into one database, once per session.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.web_fixtures import load

#: (source key, company line, year, {heading: [bullets]})
DOCUMENTS: list[tuple[str, str, int, dict[str, list[str]]]] = [
    (
        "900_acme_2024",
        "Businessmodel of Acme Insurance",
        2024,
        {
            "Key Partners": [
                "Acme partners with Express Scripts for pharmacy benefits in 2024.",
                "Reinsurance treaties with Swiss Re cover catastrophic losses.",
                "Regional pharmacies joined the network.",
            ],
            "Channels": [
                "Acme sells through insurance brokers and partner networks.",
                "A retail pharmacy counter in every branch.",
                "Brochures print <script>alert(1)</script> & <mark>free</mark> checks in 2024.",
            ],
            "Revenue Streams": ["Premiums were $6,328 million, up 12%."],
        },
    ),
    (
        "901_acme_2020",
        "Businessmodel of Acme Insurance",
        2020,
        {
            "Key Partners": ["In 2020 Acme partnered with a single pharmacy chain."],
            "Channels": ["Brokers sold most policies."],
        },
    ),
    (
        "902_nile_2023",
        "نموذج عمل شركة النيل",
        2023,
        {
            "الشركاء الرئيسيون": [
                "تتعاون الشركة مع الشبكات الطبية في عام 2023.",
                "وشبكات التوزيع تغطي المنطقة.",
                "تُقَدِّمُ الشَّرِكَةُ إِعَادَةَ التَّأْمِينِ للعملاء.",
                "وقّعت الشركة اتفاقية مع Express Scripts.",
            ],
            "القنوات": [
                "أنشأت الشركة شبكة جديدة في آسيا.",
                "يصل عدد الفروع إلى ١٢٠ فرعًا في مصر.",
            ],
            "مصادر الإيرادات": ["ارتفعت الإيرادات إلى ٢٥٠ مليون دولار."],
        },
    ),
]


def post(title: str, company_line: str, year: int, blocks: dict[str, list[str]]) -> str:
    """A Jekyll post of FORMATS.md's first family. The loader takes the year its statements
    mention most, so one of `blocks`' statements must name `year`."""
    lines = ["---", "layout: post", f"title: {title}", "---", "", company_line, "-" * 20, ""]
    for heading, bullets in blocks.items():
        lines += ["", f"### {heading}", ""]
        lines += [f"* {b}" for b in bullets]
    return "\n".join(lines) + "\n"


def write_documents(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for key, company, year, blocks in DOCUMENTS:
        title = key.split("_")[1]  # acme, nile: the company's slug
        text = post(title, company, year, blocks)
        (directory / f"{key}.txt").write_text(text, encoding="utf-8")
    return directory


@pytest.fixture(scope="session")
def search_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds and the documents above, loaded."""
    root = tmp_path_factory.mktemp("search")
    return load([SEEDS, write_documents(root / "docs")], root / "canvas.db")

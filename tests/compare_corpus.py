"""Three snapshots of one company written for the comparison tests: 2020 and 2024 in English
(statements reworded, figures changed, one block new in 2024), 2022 in Arabic (translations
that share figures and names with 2020). The right pairs are known; a fixture loads them
beside the seeds, once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.search_corpus import post
from tests.web_fixtures import load

SLUG = "orbit"
DOCUMENTS: dict[str, tuple[str, int, dict[str, list[str]]]] = {
    "910_orbit_2020": (
        "Businessmodel of Orbit Health",
        2020,
        {
            "Key Partners": [
                "Orbit partners with Express Scripts for pharmacy benefit management.",
                "Reinsurance treaties with Swiss Re cover catastrophic losses.",
                "A network of 750,000 physicians serves members in 30 states in 2020.",
            ],
            "Revenue Streams": [
                "Premiums reached $6,328 million, up 12%.",
                "Brokers sell most small-group policies.",
            ],
        },
    ),
    "911_orbit_2024": (
        "Businessmodel of Orbit Health",
        2024,
        {
            "Key Partners": [
                "Orbit partners with Express Scripts for pharmacy benefits management and "
                "specialty drugs.",
                "A network of 800,000 physicians serves members in 32 states in 2024.",
                "Reinsurance treaties with Munich Re and Swiss Re cover catastrophic losses.",
            ],
            "Revenue Streams": [
                "Premiums reached $7,100 million, up 9%.",
                "Orbit opened 40 retail clinics in Texas.",
            ],
            "Channels": [
                "A telehealth app reaches members in every state.",
                "Ads print <script>alert(1)</script> & <b>bold</b> claims.",
            ],
        },
    ),
    "912_orbit_2022": (
        "نموذج عمل شركة Orbit Health",
        2022,
        {
            "الشركاء الرئيسيون": [
                "تتعاون Orbit مع Express Scripts في إدارة مزايا الصيدلة.",
                "تضم الشبكة 750,000 طبيب في 30 ولاية في عام 2022.",
            ],
            "مصادر الإيرادات": ["بلغت الأقساط 6,328 مليون دولار."],
        },
    ),
}
MANIFEST = "\n".join(
    f'[sources."{key}"]\ncompany = "Orbit Health"\nslug = "{SLUG}"\n' for key in DOCUMENTS
)


def write_documents(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for key, (company, year, blocks) in DOCUMENTS.items():
        (directory / f"{key}.txt").write_text(post(SLUG, company, year, blocks), "utf-8")
    (directory / "manifest.toml").write_text(MANIFEST, "utf-8")
    return directory


@pytest.fixture(scope="session")
def compare_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds and the documents above, loaded."""
    root = tmp_path_factory.mktemp("compare")
    return load([SEEDS, write_documents(root / "docs")], root / "canvas.db")

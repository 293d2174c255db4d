"""One large synthetic canvas for the serving benchmark's render-cost measure.

Why: the seeds' largest snapshot has a few hundred claims, too few to tell the cost of a
claim from the fixed cost of a page. This writes one Jekyll markdown post (FORMATS.md,
family 1) for one company and one year with about `claims` statements spread over the nine
`### <Block>` headings, in the three shapes the canvas template draws: paragraphs, bullet
lists and pipe tables. The same seed always gives the same bytes.
"""

from __future__ import annotations

import random
from pathlib import Path

COMPANY = "Synthcorp Holdings"
SLUG = "synthcorp"  # the loader's slug for COMPANY (legal suffix dropped)
YEAR = 2024

HEADINGS = (
    "Customer Segments",
    "Value Propositions",
    "Channels",
    "Customer Relationships",
    "Key Activities",
    "Key Partners",
    "Key Resources",
    "Cost Structure",
    "Revenue Streams",
)
#: One unit: a paragraph, a list of BULLETS bullets and a table of ROWS data rows.
BULLETS = 6
ROWS = 3
CLAIMS_PER_UNIT = 1 + BULLETS + ROWS

_NOUNS = ("clinic", "pharmacy", "broker", "platform", "warehouse", "plan", "network", "app")
_VERBS = ("expanded", "launched", "renewed", "consolidated", "upgraded", "opened")
_REGIONS = ("the US", "Europe", "South Korea", "Taiwan", "India", "the UK", "Brazil", "Japan")


def post_text(claims: int = 2_000, seed: int = 1) -> tuple[str, int]:
    """The post and the number of claims it holds (a multiple of CLAIMS_PER_UNIT)."""
    rng = random.Random(seed)
    units = max(1, round(claims / CLAIMS_PER_UNIT))
    lines = ["---", "layout: post", f"title: {COMPANY}", "---", ""]
    for index, heading in enumerate(HEADINGS):
        lines += [f"### {heading}", ""]
        for unit in range(units // len(HEADINGS) + (index < units % len(HEADINGS))):
            region = rng.choice(_REGIONS)
            lines += [
                f"{COMPANY.split()[0]} {rng.choice(_VERBS)} its {rng.choice(_NOUNS)} business"
                f" in {region} during {YEAR}, serving {rng.randint(2, 900):,} thousand"
                f" members through {rng.randint(3, 60)} offices (unit {index}.{unit}).",
                "",
            ]
            lines += [
                f"* {rng.choice(_NOUNS).capitalize()} line {rng.randint(1, 99)}: revenue of"
                f" ${rng.randint(10, 9_999):,} million in {YEAR}, {rng.randint(1, 40)}% of"
                f" {rng.choice(_REGIONS)} sales."
                for _ in range(BULLETS)
            ]
            lines += ["", f"| Segment | Revenue {YEAR} | Share |", "|---|---:|---:|"]
            lines += [
                f"| {rng.choice(_NOUNS).capitalize()} {rng.randint(1, 99)} |"
                f" ${rng.randint(10, 9_999):,}m | {rng.randint(1, 60)}% |"
                for _ in range(ROWS)
            ]
            lines.append("")
    return "\n".join(lines), units * CLAIMS_PER_UNIT


def write_post(directory: Path, claims: int = 2_000, seed: int = 1) -> tuple[Path, int]:
    """Write the post into `directory` (created); its path and its claim count."""
    text, count = post_text(claims, seed)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "synthcorp_2024.md"
    path.write_text(text, encoding="utf-8")
    return path, count

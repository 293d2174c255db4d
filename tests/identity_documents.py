"""Small documents of both families, written for the identity tests: any company, year and
language, never the seeds."""

from __future__ import annotations


def post(
    name: str, year: int, title: str | None = None, statement: str = "Agents sell the plans"
) -> str:
    """A Jekyll post about `name`, its front matter `title` as given (the family's own slug)."""
    front = f"---\nlayout: post\ntitle: {title}\n---\n\n" if title else ""
    return (
        f"{front}Businessmodel of {name}\n{'-' * (17 + len(name))}\n\n"
        f"### Channels\n\n* {statement} in {year}.\n\n"
        f"### Customer Segments\n\n* Families and employers in {year}.\n"
    )


def page(name: str, ticker: str, year: int, statement: str = "Agents sell the plans") -> str:
    """A scraped canvas page about `name` (`ticker`), in English."""
    heading = f"{name} ({ticker}) - Canvas Business Model"
    return (
        f"{name} ({ticker}): business model canvas |\n"
        f"{heading}: Channels\n- {statement} in {year}.\n"
        f"{heading}: Customer Segments\n- Families and employers in {year}.\n"
    )


def arabic_page(name: str, ticker: str, year: str) -> str:
    """A scraped page in Arabic; `year` as the page writes it (any digits)."""
    heading = f"شركة {name} ({ticker}) - نموذج الأعمال"
    return (
        f"{heading}: القنوات\n- يبيع الوكلاء الخطط في عام {year}.\n"
        f"{heading}: شرائح العملاء\n- العائلات وأصحاب العمل في {year}.\n"
    )

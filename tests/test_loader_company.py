"""Company identity: the many ways a document names one company give one slug."""

from __future__ import annotations

import pytest

from app.loader.company import base_name, company_slug, display_name, slugify


@pytest.mark.parametrize("name", ["cigna", "Cigna", "Cigna Corporation", "The Cigna Group"])
def test_names_of_cigna_share_one_slug(name: str) -> None:
    assert company_slug(name) == "cigna"


@pytest.mark.parametrize(
    "name", ["Cigna Corporation (CI)", "شركة Cigna (CI)"], ids=["english", "arabic"]
)
def test_names_written_with_their_ticker_share_the_slug(name: str) -> None:
    assert company_slug(name, "CI") == "cigna"


@pytest.mark.parametrize(
    ("name", "base"),
    [
        ("Cigna Corporation", "Cigna"),
        ("Acme Industries Inc.", "Acme Industries"),
        ("Globex Corp", "Globex"),
        ("Hooli Holdings, Inc.", "Hooli"),
        ("JPMorgan Chase & Co.", "JPMorgan Chase"),
        ("Procter & Gamble Co.", "Procter & Gamble"),
        ("The Walt Disney Company", "Walt Disney"),
        ("Klarna Group plc", "Klarna"),
        ("شركة Cigna", "Cigna"),
    ],
)
def test_base_name_drops_legal_suffixes_and_the_arabic_company_word(name: str, base: str) -> None:
    assert base_name(name) == base


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Procter & Gamble Co.", "procter-gamble"),
        ("JPMorgan Chase & Co.", "jpmorgan-chase"),
        ("Acme Industries Inc.", "acme-industries"),
        ("Société Générale S.A.", "societe-generale"),
    ],
)
def test_slugs_of_names_with_ampersands_and_accents(name: str, slug: str) -> None:
    assert company_slug(name) == slug


def test_display_name_removes_the_arabic_prefix_and_folds_spaces() -> None:
    assert display_name("شركة   Acme   Industries") == "Acme Industries"
    assert display_name("مجموعة Acme") == "Acme"


def test_an_arabic_only_name_falls_back_to_the_ticker() -> None:
    assert company_slug("شركة أرامكو السعودية", "2222.SR") == "2222-sr"


def test_a_name_without_latin_letters_and_no_ticker_is_refused() -> None:
    with pytest.raises(ValueError):
        company_slug("شركة أرامكو السعودية")


def test_slugify_is_lowercase_ascii_with_single_dashes() -> None:
    assert slugify("  Acme -- Robots & Co  ") == "acme-robots-co"

"""Which interface language a request gets: `?hl=`, else Accept-Language's best match."""

from __future__ import annotations

import pytest

from app.http.languages import DEFAULT, OFFERED, chosen, negotiate


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        (None, "en"),
        ("", "en"),
        ("ar", "ar"),
        ("ar-EG,ar;q=0.9,en;q=0.8", "ar"),
        ("en-GB,en;q=0.9,ar;q=0.8", "en"),
        ("fr-FR,fr;q=0.9,ar;q=0.5,en;q=0.4", "ar"),  # neither first: the better of the two
        ("fr, de", "en"),  # nothing offered: the fallback
        ("en;q=0.2, ar;q=0.7", "ar"),  # by quality, not by order
        ("ar;q=0.5, en;q=0.5", "ar"),  # a tie: the first listed
        ("ar;q=0, en", "en"),  # q=0: not acceptable
        ("AR-sa", "ar"),  # tags are case-insensitive
        ("*", "en"),
        ("ar;q=abc, en;q=0.1", "en"),  # a malformed q is ignored, not an error
        ("ar;q=7", "en"),  # out of range: ignored
        (";;;,,,=q", "en"),
        ("x" * 10_000 + ",ar", "ar"),
        (",".join(["fr"] * 1000 + ["ar"]), "en"),  # read up to 32 ranges: no browser sends more
    ],
)
def test_accept_language_picks_the_offered_language_it_prefers(
    header: str | None, lang: str
) -> None:
    assert negotiate(header) == lang


def test_hl_names_an_offered_language_or_nothing() -> None:
    assert [chosen(v) for v in ("ar", "en", "fr", "", None, "AR", "ar-EG")] == [
        "ar", "en", None, None, None, None, None,
    ]  # fmt: skip
    assert DEFAULT == "en" and set(OFFERED) == {"en", "ar"}

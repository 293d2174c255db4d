"""Which interface language a request gets: `?hl=` when it names one, else the best match
of its Accept-Language among the languages the site speaks.

Here, below the views, because the request key needs the answer before any view runs: the
language is part of what a page is cached and tagged under.
"""

from __future__ import annotations

from functools import lru_cache

#: The interface languages, each with a message catalog in app/locales/ (the first is the
#: fallback). Adding one: README, "Adding an interface language".
OFFERED: tuple[str, ...] = ("en", "ar")
DEFAULT = OFFERED[0]
_MAX_RANGES = 32  # a longer Accept-Language is read up to here: no browser sends more


def chosen(hl: str | None) -> str | None:
    """The language `?hl=` names, or None for none (or one the site does not speak)."""
    return hl if hl in OFFERED else None


def negotiate(accept_language: str | None) -> str:
    """The offered language the header prefers most (RFC 9110 12.5.4: the highest `q`, the
    first listed on a tie; `ar-EG` counts as `ar`, `*` as the fallback), else the fallback.
    Few distinct values in practice: a short one is decided once, a long one every time."""
    if accept_language is not None and len(accept_language) > _MEMO_VALUE_CHARS:
        return _negotiate.__wrapped__(accept_language)
    return _negotiate(accept_language)


_MEMO_VALUE_CHARS = 256  # (as app.http.compression.MEMO_VALUE_CHARS)


@lru_cache(maxsize=512)
def _negotiate(accept_language: str | None) -> str:
    if not accept_language:
        return DEFAULT
    best, best_q = DEFAULT, 0.0
    for item in accept_language.split(",", _MAX_RANGES)[:_MAX_RANGES]:
        tag, _, params = item.partition(";")
        primary = tag.strip().split("-", 1)[0].lower()
        q = _quality(params)
        lang = DEFAULT if primary == "*" else primary
        if lang in OFFERED and q > best_q:
            best, best_q = lang, q
    return best


def _quality(params: str) -> float:
    """The `q` of one language range: 1 when absent, 0 when malformed (ignored)."""
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                q = float(value.strip())
            except ValueError:
                return 0.0
            return q if 0.0 <= q <= 1.0 else 0.0
    return 1.0

"""Text with parts marked (a hit's words the query found, a comparison's changed figures):
escaped first, marks added after.

The text is cut at the words app.search.terms finds (the same cut the index made), every
piece is escaped with app.views.escaping, and only then are `<mark>` tags put around the
words whose stem the query asked for. Nothing from the document reaches the page unescaped,
and a `<mark>` in a statement's text stays text.
"""

from __future__ import annotations

from markupsafe import Markup

from app.search.syntax import Query
from app.search.terms import Term, terms
from app.views import excerpt
from app.views.bidi import isolated_html
from app.views.escaping import escape

#: A longer statement is shown as the part around its first marked word.
SNIPPET_CHARS = 320
_LEAD_CHARS = 80  # how much text comes before that word
ELLIPSIS = "…"


def _marked(query: Query, found: list[Term]) -> list[bool]:
    stems, prefixes = query.marks()
    return [t.stem in stems or t.stem.startswith(prefixes) for t in found]


def highlight(text: str, query: Query, limit: int = SNIPPET_CHARS) -> Markup:
    """`text` (or the part of it around its first marked word, when it is longer than
    `limit`) as HTML, the query's words in `<mark>`."""
    found = list(terms(text))
    marked = _marked(query, found)
    start, end = 0, len(text)
    if len(text) > limit:
        first = next((t.start for t, m in zip(found, marked, strict=True) if m), 0)
        start = _word_start(found, max(first - _LEAD_CHARS, 0))
        end = _word_end(found, min(start + limit, len(text)))
    pieces = [ELLIPSIS] if start > 0 else []
    at = start
    for term, mark in zip(found, marked, strict=True):
        if not mark or term.start < start or term.end > end:
            continue
        pieces.append(escape(text[at : term.start]))
        pieces.append(f"<mark>{escape(text[term.start : term.end])}</mark>")
        at = term.end
    pieces.append(escape(text[at:end]))
    if end < len(text):
        pieces.append(ELLIPSIS)
    return Markup("".join(pieces))


def _word_start(found: list[Term], at: int) -> int:
    """The start of the first word at or after `at` (so no word is cut in half)."""
    return next((t.start for t in found if t.start >= at), at)


def _word_end(found: list[Term], at: int) -> int:
    """The end of the last word that ends by `at`."""
    return max((t.end for t in found if t.end <= at), default=at)


def marked(
    text: str, lang: str, spans: tuple[tuple[int, int], ...], limit: int | None = None
) -> Markup:
    """`text` as HTML, each span in `<mark>`, each piece escaped and its runs of the other
    script isolated (app.views.bidi) as the canvas draws them. Overlapping or out-of-range
    spans are skipped, never trusted. With `limit`, a longer text is cut there (excerpt.cut)
    and ends in "…"; a span past the cut is not marked."""
    cut = 0
    if limit is not None:
        text, cut = excerpt.cut(text, limit)
    pieces = []
    at = 0
    for start, end in sorted(spans):
        if start < at or end > len(text) or start >= end:
            continue
        pieces.append(isolated_html(text[at:start], lang))
        pieces.append(f'<mark class="figure-changed">{isolated_html(text[start:end], lang)}</mark>')
        at = end
    pieces.append(isolated_html(text[at:], lang))
    if cut:
        pieces.append("…")
    return Markup("".join(pieces))

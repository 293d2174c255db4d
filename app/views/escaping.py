"""HTML escaping for the markup that Python builds (app.views.canvas_html, app.views.bidi).

One rule, in one place: every string read from the database goes through `escape` (or
`escape_repeated`) before it is joined into markup. Both escape `& < > " '`, so the same
call is safe in element text and in quoted attribute values.
"""

from __future__ import annotations

import html
from functools import lru_cache


def escape(text: str) -> str:
    """`html.escape`, at a third of its cost for the usual text that has nothing to escape."""
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return html.escape(text)
    return text


@lru_cache(maxsize=256)
def escape_repeated(value: str) -> str:
    """`escape` for the few values that repeat on every claim of a page: language codes,
    source titles and kinds."""
    return html.escape(value)

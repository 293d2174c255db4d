"""HTML escaping for the markup that Python builds (app.views.canvas_html, app.views.bidi).

One rule, one mechanism: every value joined into markup goes through `escape`, which is
markupsafe's (the library Jinja's autoescape uses, so templates and Python agree). It
escapes `& < > " '`, so the same call is safe in element text and in quoted attribute values.
"""

from __future__ import annotations

from functools import lru_cache

from markupsafe import escape as _markupsafe_escape


def escape(value: str) -> str:
    """The value as HTML text: `&<>"'` become `&amp; &lt; &gt; &#34; &#39;` (markupsafe's
    rule). Most values of a page hold none of the five: those are returned as they are,
    without building a `Markup` (a third of a large canvas's render went to that)."""
    if "&" in value or "<" in value or ">" in value or '"' in value or "'" in value:
        return str(_markupsafe_escape(value))
    return value


@lru_cache(maxsize=256)
def escape_repeated(value: str) -> str:
    """`escape` for the few values that repeat on every claim of a page: language codes,
    source titles and kinds."""
    return escape(value)

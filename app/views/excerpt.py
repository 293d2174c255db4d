"""What a page shows of text too long to show whole: each piece its fair share of a budget.

A document under the loader's limits may still hold lines of up to 1 MB and blocks of 5,000
statements: drawn whole, a canvas or a source page would be tens of megabytes that no reader
can use and a worker must build. A page therefore shows a bounded number of statements or
lines (app.views.urls: the windows) and, of those, at most `budget` characters in all: each
piece keeps `share(count)` characters, never fewer than `floor`, so text that fits is never
cut and a page's text is at most max(budget, count x floor) characters. What is cut says
how much was left out; nothing is cut inside a word when a space is near.
"""

from __future__ import annotations

#: Characters of document text one page shows at most (the seeds' canvases show 4,000 and
#: 34,000; their longest statement is 801 characters).
PAGE_CHARS = 300_000
#: What any statement or line keeps, however many share the page.
FLOOR_CHARS = 1_000


def share(count: int, budget: int = PAGE_CHARS, floor: int = FLOOR_CHARS) -> int:
    """The characters each of `count` pieces may show."""
    return max(floor, budget // max(count, 1))


def cut(text: str, limit: int) -> tuple[str, int]:
    """`text` as shown within `limit` characters, and how many were left out (0: whole).
    The cut falls after the last space of the final tenth, if there is one."""
    if len(text) <= limit:
        return text, 0
    shown = text[:limit]
    space = shown.rfind(" ", limit - limit // 10)
    if space > 0:
        shown = shown[:space]
    return shown, len(text) - len(shown)

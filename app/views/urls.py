"""Every address the site writes, built in one place (in the spirit of Datasette's
url_builder): one small pure function per kind of address, each returning a path.

Path segments (slugs, source keys, block kinds) are quoted one way, `quote(s, safe="")`, so
a `/` inside a value could never read as a new segment; years and line numbers are numbers.
Fragments (`#c-{anchor}`, `#L{a}-L{b}`, `#{kind}`) are the site's own ids and go as they are.
Query strings are `urlencode`d pairs, in the order given. None of these adds the reader's
`?hl=`: a page wraps a link in `ui.href(...)` (app.views.i18n.Interface.href) for that.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import quote, urlencode

#: Where the JSON API's routes live (app.views.api mounts its router here).
API_PREFIX = "/api"
#: Where the oEmbed endpoint lives (app.views.oembed declares its route here).
OEMBED_PATH = "/oembed"

Pairs = Iterable[tuple[str, str]]


@lru_cache(maxsize=4096)  # a canvas cites each source many times: quote each key once
def segment(value: str) -> str:
    """One path segment, quoted: every reserved character, `/` included, is %-escaped."""
    return quote(value, safe="")


def _query(path: str, pairs: Pairs) -> str:
    query = urlencode(list(pairs))
    return f"{path}?{query}" if query else path


# Pages


def index(pairs: Pairs = ()) -> str:
    """The company list (`/`), with its filter and cursor pairs (`q`, `after`, `before`)."""
    return _query("/", pairs)


def company(slug: str) -> str:
    """A company: it redirects to its latest canvas."""
    return f"/c/{segment(slug)}"


def canvas(slug: str, year: int) -> str:
    return f"/c/{segment(slug)}/{year}"


#: Statements a canvas shows of each block: past them, the panel links to the block's page.
#: Real blocks hold a few dozen (the seeds at most 25); a document may give 5,000.
PANEL_STATEMENTS = 50
#: Statements a block's page shows at once: a longer block is read a window at a time.
BLOCK_WINDOW = 100


def block_window(place: int) -> int:
    """The first statement of the window of the block's page that shows statement `place`
    (its place among the block's statements, from 1)."""
    return _window_start(place, BLOCK_WINDOW)


def _window_start(n: int, size: int) -> int:
    """The first item (from 1) of the window of `size` items that holds item `n`."""
    return (max(n, 1) - 1) // size * size + 1


def block(slug: str, year: int, kind: str, first: int = 1) -> str:
    """One block's own page: its first window of statements, or the window from `first`."""
    window = f"?from={first}" if first > 1 else ""
    return f"{canvas(slug, year)}/{segment(kind)}{window}"


def block_in_canvas(slug: str, year: int, kind: str) -> str:
    """A block's panel inside the canvas (`#{kind}`)."""
    return f"{canvas(slug, year)}#{kind}"


def statement(slug: str, year: int, kind: str, place: int, anchor: str) -> str:
    """A statement (`#c-{anchor}`) inside its canvas; past the statements the canvas shows
    of its block (`place` counts from 1), in the window of the block's page that holds it."""
    if place <= PANEL_STATEMENTS:
        return f"{canvas(slug, year)}#c-{anchor}"
    return f"{block(slug, year, kind, block_window(place))}#c-{anchor}"


def figures(slug: str) -> str:
    """A company's figures over time."""
    return f"/c/{segment(slug)}/figures"


def figures_csv(slug: str) -> str:
    return f"/c/{segment(slug)}/figures.csv"


def figures_svg(slug: str, series: str) -> str:
    """One series's chart as an SVG file (`series`: app.views.figures_model.SeriesKey.id)."""
    return f"/c/{segment(slug)}/figures/{segment(series)}.svg"


def compare(slug: str, a: int, b: int) -> str:
    """Two snapshots side by side, `a` on the first side."""
    return f"/c/{segment(slug)}/compare/{a}...{b}"


#: Lines a source page shows at once: a long document is read a window at a time (a page of
#: 99,000 lines was 20 MB and took a worker past 370 MB to render).
SOURCE_WINDOW = 2000


def source_window(line: int) -> int:
    """The first line of the window of the source page that shows `line`."""
    return _window_start(line, SOURCE_WINDOW)


def source(key: str, first: int = 1) -> str:
    """A source page: its first window of lines, or the window from line `first`."""
    window = f"?from={first}" if first > 1 else ""
    return f"/sources/{segment(key)}{window}"


def source_lines(key: str, start: int, end: int) -> str:
    """The cited lines, highlighted in the window of the source page that holds them
    (`#L{start}-L{end}`)."""
    return f"{source(key, source_window(start))}#L{start}-L{end}"


def source_quote(key: str, start: int, end: int, hl: str | None = None) -> str:
    """The cited lines as a fragment, for a citation's popover (`/sources/{key}/lines`)."""
    tail = f"&hl={quote(hl, safe='')}" if hl else ""
    return f"{source(key)}/lines?start={start}&end={end}{tail}"


def embed(slug: str, year: int, kind: str | None = None) -> str:
    """A canvas, or one block of it, to put in an iframe."""
    path = f"/embed/{segment(slug)}/{year}"
    return f"{path}/{segment(kind)}" if kind else path


def search(pairs: Pairs = ()) -> str:
    """The search page (`/search`), with its query pairs."""
    return _query("/search", pairs)


def search_preview() -> str:
    """The header box's short list of hits (an htmx fragment)."""
    return "/search/preview"


def oembed(page_url: str) -> str:
    """The oEmbed answer for a page (`/oembed?url=...&format=json`)."""
    return f"{OEMBED_PATH}?url={quote(page_url, safe='')}&format=json"


def static(name: str) -> str:
    """A file under static/ (CSS, scripts, fonts)."""
    return f"/static/{segment(name)}"


# The JSON API


def api_companies(pairs: Pairs = ()) -> str:
    """The company list, a page at a time."""
    return _query(f"{API_PREFIX}/companies", pairs)


def api_company(slug: str) -> str:
    return f"{API_PREFIX}/companies/{segment(slug)}"


def api_canvas(slug: str, year: int) -> str:
    return f"{api_company(slug)}/{year}"


def api_figures(slug: str) -> str:
    return f"{API_PREFIX}/companies/{segment(slug)}/figures"


def api_compare(slug: str, a: int, b: int) -> str:
    return f"{api_company(slug)}/compare/{a}...{b}"


def api_source(key: str) -> str:
    return f"{API_PREFIX}/sources/{segment(key)}"


def api_docs() -> str:
    """The API's documentation page."""
    return "/docs"


def api_search(pairs: Pairs = ()) -> str:
    return _query(f"{API_PREFIX}/search", pairs)

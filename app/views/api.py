"""`/api/...`: the canvases as JSON, for scripts and other sites.

Built from the same read-only queries as the pages. The data is public, so every API answer
(errors too) carries `Access-Control-Allow-Origin: *`; HTML pages do not. Each route answers
GET and HEAD like the rest of the site; only GET is in the OpenAPI schema, HEAD is the same
answer without a body. Errors are `{"detail": "..."}` and never echo the address.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from app.db import queries
from app.db import search as engine
from app.domain import (
    BLOCK_KINDS,
    ENGLISH_TITLES,
    BlockKind,
    ClaimKind,
    Lang,
    SourceKind,
    split_lines,
)
from app.http.page_cache import JSON
from app.http.rules import NONE, page
from app.search.syntax import MAX_QUERY_CHARS
from app.views import figures_model, urls
from app.views import search_model as pages  # the search page's model of the same address
from app.views.api_errors import CORS
from app.views.compare_model import comparison
from app.views.highlight import highlight
from app.views.responses import NotFound, cached_html, database
from app.views.responses import company as find_company

PREFIX = urls.API_PREFIX
TAG = "JSON API"


def _cors(response: Response) -> None:
    response.headers.update(CORS)


router = APIRouter(prefix=PREFIX, tags=[TAG], dependencies=[Depends(_cors)])
Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])


def _get(path: str, operation_id: str, **doc: Any) -> Callable[[Endpoint], Endpoint]:
    """GET, documented, and HEAD on the same endpoint, left out of the schema (one route
    for both would give the schema two operations with one operationId). Each answer is
    kept like a page (`_cached`)."""

    def register(endpoint: Endpoint) -> Endpoint:
        served = page(NONE)(_cached(endpoint))  # JSON: no language, no fragment
        router.add_api_route(path, served, methods=["GET"], operation_id=operation_id, **doc)
        router.add_api_route(path, served, methods=["HEAD"], include_in_schema=False, **doc)
        return endpoint

    return register


_CORS_HEADERS = tuple((name.encode(), value.encode()) for name, value in CORS.items())


def _cached(endpoint: Callable[..., BaseModel]) -> Callable[..., Response]:
    """The endpoint, its JSON kept like a page (once per database version and request key,
    within the page cache's budget): the same bytes FastAPI would send for its model
    (JSONResponse of the model's JSON-mode dump), and the same signature (FastAPI reads the
    parameters and the response model through `functools.wraps`). An error raised while
    building (a 404, a redirect) is answered as before and kept by nobody."""

    @functools.wraps(endpoint)
    def answer(**arguments: Any) -> Response:
        request: Request = arguments["request"]

        def build(conn: sqlite3.Connection) -> bytes:
            model = endpoint(**arguments)
            return bytes(JSONResponse(model.model_dump(mode="json", by_alias=True)).body)

        return cached_html(request, build, JSON, _CORS_HEADERS)

    return answer


# -- response models --------------------------------------------------------------------------


class ErrorBody(BaseModel):
    """An unknown company, year, source or address (404), or an unreadable parameter (422)."""

    detail: str = Field(description="What went wrong, in English; never echoes the address.")


class Snapshot(BaseModel):
    """One year of a company's canvas."""

    year: int = Field(description="The snapshot year.", examples=[2023])
    langs: list[Lang] = Field(description="Languages its blocks are written in.")
    url: str = Field(description="The canvas page on this site.")
    api_url: str = Field(description="This canvas in the API.")


class Company(BaseModel):
    """A company and the years it has a canvas for."""

    slug: str = Field(description="The company's identifier in every address.")
    name: str = Field(description="Display name.")
    ticker: str | None = Field(description="Stock ticker, when known.")
    snapshots: list[Snapshot] = Field(description="Its canvases, oldest first.")
    url: str = Field(description="The company on this site: redirects to its latest canvas.")
    api_url: str = Field(description="This company in the API.")


class Citation(BaseModel):
    """The lines of a source document a claim was read from."""

    source_key: str = Field(description="The source's key (its file name stem).")
    line_start: int = Field(description="First cited line, 1-based.")
    line_end: int = Field(description="Last cited line, inclusive.")
    url: str = Field(description="The source page on this site, scrolled to these lines.")
    api_url: str = Field(description="The source in the API (its `lines` are 1-based).")


class Figure(BaseModel):
    """A number a statement writes, read as a value; forms that read two ways are not read."""

    value: int | float = Field(description="The plain number: `1.5 مليون` is 1500000.")
    unit: Literal["%", "pp", "quarter"] | None = Field(
        description="`%`, `pp` (percentage points) or `quarter` (value 1 to 4); null for "
        "amounts and counts."
    )
    currency: str | None = Field(
        description="ISO 4217 code where the text names a currency (`$`, `دولار`: USD)."
    )
    scale: Literal["thousand", "million", "billion", "trillion"] | None = Field(
        description="The scale word as written, in English (`bn`, `مليار`: billion)."
    )
    bound: Literal["low", "high"] | None = Field(
        description="A range's end (`$5–6 billion` is two figures); null for one number."
    )
    text: str = Field(description="The text it was read from, as written.")
    label: str | None = Field(
        description="What it measures, in the document's own words (a table row's label, "
        "the label of a `label: value` item, the noun phrase that owns it); null where "
        "the document makes it unclear."
    )
    metric: str | None = Field(
        description="The business metric its label names, a key of the vocabulary "
        "(app/metrics.toml: `revenue`, `net-income`, `employees`, …); null where unclear."
    )
    scope: str | None = Field(
        description="What the label names beside the metric: a segment, a region."
    )
    period: str | None = Field(
        description="For when: `2015`, `2025Q3`, `2025-06-30`, `FY2024`, `2014/2016`; null "
        "where the document writes none (the snapshot's year applies)."
    )
    period_text: str | None = Field(description="The period as the document writes it.")
    period_source: Literal["statement", "cell", "header", "topic", "lead-in"] | None = Field(
        description="Where the period was read: the statement itself, its table cell or "
        "header, its sub-heading, or the lead-in line before its list."
    )
    qualifiers: list[str] = Field(
        description="How it is said: `projected`, `at least`, `at most`, `about`, `earlier` "
        '(an earlier period\'s value, as in "up from"), `increment` ("a further"), '
        '`change` ("up 9.5%"), `adjusted`.'
    )


class Claim(BaseModel):
    """One statement, stored exactly as its source wrote it."""

    anchor: str = Field(description="Stable identifier: the same text keeps it on re-import.")
    kind: ClaimKind = Field(
        description="A paragraph, a bullet item, a numbered item (an ordered list's) or a table"
        " data row."
    )
    number: int | None = Field(
        description="A numbered item's number as the document wrote it; null for other kinds."
    )
    topic: str | None = Field(description="The sub-heading it sits under, as written.")
    text: str = Field(description="The statement as written (a row: its cells joined).")
    lang: Lang = Field(description="Its language, from the script of its letters.")
    cells: list[str] | None = Field(description="A table row's cells; null for other kinds.")
    header: list[str] | None = Field(
        description="A table row's header cells; null for other kinds, and for the rows of a"
        " table whose document wrote no header row."
    )
    table_line: int | None = Field(
        description="The source line of a row's table header: rows sharing it form a table."
    )
    citation: Citation = Field(description="Where in which document it was read.")
    figures: list[Figure] = Field(description="Its figures, in the order written.")


class Block(BaseModel):
    """One canvas block as one language part of a document wrote it."""

    kind: BlockKind = Field(description="The block, as in the canvas page's `#kind` anchors.")
    title: str = Field(description="The block's English name.")
    lang: Lang | None = Field(
        description="Language of its heading; null when no document "
        "declares this block for the year."
    )
    heading: str | None = Field(description="Its heading as the document wrote it, or null.")
    claims: list[Claim] = Field(description="Its statements in document order; may be empty.")


class Canvas(BaseModel):
    """One company's business-model canvas for one year."""

    company: Company = Field(description="The company, with all its years.")
    year: int = Field(description="The snapshot year.")
    url: str = Field(description="The canvas page on this site.")
    api_url: str = Field(description="This canvas in the API.")
    blocks: list[Block] = Field(
        description="All nine blocks in canvas order (key-partners first, revenue-streams "
        "last); a block written in two languages appears once per language."
    )


class Source(BaseModel):
    """A stored source document with its full text."""

    key: str = Field(description="The source's key (its file name stem).")
    title: str = Field(description="The document's title.")
    kind: SourceKind = Field(description="Which family of document it is.")
    company_slug: str = Field(description="The company it describes.")
    company_name: str = Field(description="That company's display name.")
    years: list[int] = Field(description="The snapshot years it feeds, ascending.")
    sha256: str = Field(description="SHA-256 of the document's bytes, hex.")
    line_count: int = Field(description="Number of lines.")
    url: str = Field(description="The source page on this site.")
    api_url: str = Field(description="This source in the API.")
    original_url: str | None = Field(description="Where the document was published, if known.")
    lines: list[str] = Field(description="The text, one string per line: line n is lines[n-1].")


class CompanyList(BaseModel):
    """A page of companies by name (keyset pagination: `next` names where the next page
    starts, so it stays right when companies are added before it)."""

    companies: list[Company] = Field(description="At most `limit` companies, by name.")
    total: int = Field(description="Every company the filter matches, on all pages.")
    next: str | None = Field(description="The next page's address, or null on the last page.")


class SearchFacet(BaseModel):
    """One value of a facet and how many hits have it."""

    value: str = Field(description="The year, company slug, block kind or language code.")
    label: str = Field(description="What a reader sees: the year, company name, block title.")
    count: int = Field(description="Hits with it (see `facets_sampled`), at most 10,000.")


class SearchHit(BaseModel):
    """One statement that matches."""

    slug: str = Field(description="The company's slug.")
    company_name: str = Field(description="The company's display name.")
    year: int = Field(description="The snapshot year.")
    block: BlockKind = Field(description="The block's kind.")
    block_lang: Lang = Field(description="The language of the block it is in.")
    anchor: str = Field(description="The statement's anchor: `/c/{slug}/{year}#c-{anchor}`.")
    kind: ClaimKind = Field(description="Paragraph, bullet or table row.")
    topic: str | None = Field(description="The sub-heading it is under, if any.")
    text: str = Field(description="The statement as stored (a row's cells joined by ` | `).")
    lang: Lang = Field(description="The statement's own language.")
    snippet: str = Field(
        description="HTML: the text (or the part around the first match, for a long one), "
        "escaped, with the matched words in `<mark>`."
    )
    url: str = Field(description="The statement on its canvas page.")
    citation: Citation = Field(description="The source lines it was read from.")


class SearchResults(BaseModel):
    """Full-text hits, newest snapshots first and then by relevance, with facets."""

    query: str = Field(description="The query as read (at most 500 characters).")
    total: int = Field(description="Hits, counted up to 10,001: see `capped`.")
    capped: bool = Field(description="More than 10,000 hits: `total` is then 10,001.")
    hits: list[SearchHit] = Field(description="This page's hits.")
    facets: dict[str, list[SearchFacet]] = Field(
        description="`year`, `company` (the companies with most hits), `block`, `lang`."
    )
    facets_sampled: bool = Field(
        description="Company, block and language counts are over the newest 10,000 hits."
    )
    next: str | None = Field(description="The next page's address, or null.")


class SeriesValue(BaseModel):
    """One value of a series, as one statement writes it."""

    period: str = Field(
        description="The period key (`2015`, `2025Q3`, `FY2024`, `2014/2016`, `2025-06-30`); "
        "the snapshot's year where the document writes none (`period_assumed`)."
    )
    period_assumed: bool = Field(
        description="True where the document writes no period: the snapshot's year stands in."
    )
    value: int | float = Field(description="The plain number.")
    text: str = Field(description="The figure as written.")
    label: str | None = Field(description="What it measures, in the document's own words.")
    qualifiers: list[str] = Field(description="As in `Figure.qualifiers`.")
    conflict: bool = Field(
        description="True where other statements give this series another value for this period."
    )
    snapshot: int = Field(description="The snapshot year of the statement.")
    statement_url: str = Field(description="The statement on its canvas.")
    citation: Citation = Field(description="The lines of the source that state it.")


class FigureSeries(BaseModel):
    """One metric over time: one scope, unit, currency, kind of period and reading. Only the
    values of one series are ever compared."""

    id: str = Field(description="Stable within the data: names the chart's SVG.")
    metric: str = Field(description="A key of the vocabulary (app/metrics.toml).")
    metric_name: str = Field(description="The metric's English name.")
    scope: str | None = Field(
        description="A segment or region, as first written; null: the whole company."
    )
    unit: Literal["%"] | None = Field(description="`%`, or null for amounts and counts.")
    currency: str | None = Field(description="ISO 4217 code of amounts.")
    period_kind: Literal["year", "fiscal", "quarter", "date", "range"] = Field(
        description="What its periods are: years, fiscal years, quarters, dates (`as of`) or "
        "ranges of years; a series holds one kind."
    )
    reading: Literal["adjusted"] | None = Field(description="`adjusted`, or null as reported.")
    chart_url: str | None = Field(description="The chart as SVG (two periods or more).")
    values: list[SeriesValue] = Field(description="In time order.")


class CompanyFigures(BaseModel):
    """A company's figures that name a metric, as series over time."""

    company: Company = Field(description="The company.")
    url: str = Field(description="The figures page on this site.")
    csv_url: str = Field(description="The same values as CSV.")
    truncated: bool = Field(description="True where only the first 5,000 figures were read.")
    series: list[FigureSeries] = Field(
        description="In the vocabulary's order of metrics, the most important first."
    )


class FigureChange(BaseModel):
    """A figure of a pair that differs between the two years."""

    before: str = Field(description="As the first year's statement writes it.")
    after: str = Field(description="As the second year's statement writes it.")
    before_value: int | float = Field(description="Its value in the first year.")
    after_value: int | float = Field(description="Its value in the second year.")
    unit: Literal["%", "pp"] | None = Field(description="`%` or `pp`; null for amounts, counts.")
    relative: float | None = Field(
        description="(after - before) / before, for amounts and counts; null between "
        "percentages (see `points`) or from 0."
    )
    points: float | None = Field(description="after - before, between percentages; else null.")


class ComparedStatement(BaseModel):
    """A statement of the first year and one of the second that say the same thing, or a
    statement of one year only."""

    status: Literal["matched", "changed", "only-a", "only-b"] = Field(
        description="Paired (`changed`: a figure differs), or in one year only."
    )
    a: Claim | None = Field(description="The first year's statement, or null.")
    b: Claim | None = Field(description="The second year's statement, or null.")
    basis: Literal["text", "figures and names"] | None = Field(
        description="How the pair was found: by its words (one language) or by the figures "
        "and names it shares (across languages); null for one year only."
    )
    changes: list[FigureChange] = Field(description="The figures that differ, for `changed`.")


class BlockComparison(BaseModel):
    """One block in both years."""

    kind: BlockKind = Field(description="The block, as in the page's `#kind` anchors.")
    title: str = Field(description="The block's English name.")
    in_a: bool = Field(description="A document declares the block for the first year.")
    in_b: bool = Field(description="A document declares the block for the second year.")
    matched: int = Field(description="Pairs whose figures agree.")
    changed: int = Field(description="Pairs with a figure that differs.")
    only_a: int = Field(description="Statements of the first year only.")
    only_b: int = Field(description="Statements of the second year only.")
    statements: list[ComparedStatement] = Field(
        description="Every statement of both years once, in the first year's reading order."
    )


class Comparison(BaseModel):
    """Two snapshots of one company, block by block."""

    company: Company = Field(description="The company, with all its years.")
    a: int = Field(description="The first year.")
    b: int = Field(description="The second year.")
    url: str = Field(description="The comparison page on this site.")
    api_url: str = Field(description="This comparison in the API.")
    blocks: list[BlockComparison] = Field(description="All nine blocks in canvas order.")


# -- addresses and rows to models ---------------------------------------------------------------


def _company(c: queries.CompanySummary) -> Company:
    return Company(
        slug=c.slug,
        name=c.name,
        ticker=c.ticker,
        snapshots=[
            Snapshot(
                year=s.year,
                langs=list(s.langs),
                url=urls.canvas(c.slug, s.year),
                api_url=urls.api_canvas(c.slug, s.year),
            )
            for s in c.snapshots
        ],
        url=urls.company(c.slug),
        api_url=urls.api_company(c.slug),
    )


def _citation(key: str, start: int, end: int) -> Citation:
    return Citation(
        source_key=key,
        line_start=start,
        line_end=end,
        url=urls.source_lines(key, start, end),
        api_url=urls.api_source(key),
    )


def _claim(row: queries.ClaimRow) -> Claim:
    key, a, b = row.source_key, row.line_start, row.line_end
    return Claim(
        anchor=row.anchor,
        kind=row.kind,  # the loader stores only ClaimKind values
        topic=row.topic,
        text=row.text,
        lang=row.lang,
        cells=None if row.cells is None else list(row.cells),
        header=None if row.header is None else list(row.header),
        table_line=row.table_line,
        number=row.number,
        citation=_citation(key, a, b),
        figures=[
            Figure(
                value=f.value,
                unit=f.unit,  # the loader stores only these
                currency=f.currency,
                scale=f.scale,
                bound=f.bound,
                text=f.text,
                label=f.label,
                metric=f.metric,
                scope=f.scope,
                period=f.period,
                period_text=f.period_text,
                period_source=f.period_source,
                qualifiers=list(f.qualifiers),
            )
            for f in row.figures
        ],
    )


def _blocks(rows: list[queries.BlockRow]) -> list[Block]:
    """Every kind in canvas order; a kind no document declares for the year is still listed."""
    by_kind: dict[str, list[queries.BlockRow | None]] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row)
    return [
        Block(
            kind=kind,
            title=ENGLISH_TITLES[kind],
            lang=row.lang if row else None,
            heading=row.heading if row else None,
            claims=[_claim(c) for c in row.claims] if row else [],
        )
        for kind in BLOCK_KINDS
        for row in by_kind.get(kind) or [None]
    ]


# -- routes -------------------------------------------------------------------------------------

Slug = Annotated[str, Path(description="A company's slug.", examples=["cigna"])]
Year = Annotated[
    str, Path(pattern="^[0-9]{4}$", description="A snapshot year, four digits.", examples=["2023"])
]
Key = Annotated[str, Path(description="A source's key.", examples=["000_47e352ee965e9675"])]
Years = Annotated[
    str,
    Path(
        pattern=r"^[0-9]{4}\.\.\.[0-9]{4}$",
        description="Two snapshot years, `a...b`, in either order: `a` is the first side.",
        examples=["2015...2025"],
    ),
]


def _errors(missing: str) -> dict[int | str, dict[str, Any]]:
    """Documents our error body; without a 422 entry FastAPI would document its own, whose
    shape (a list of validation errors) is not what `invalid` answers."""
    return {
        404: {"model": ErrorBody, "description": missing},
        422: {"model": ErrorBody, "description": "A path parameter is malformed."},
    }


def _conn(request: Request) -> sqlite3.Connection:
    return database(request).connection()


def _found(conn: sqlite3.Connection, slug: str) -> queries.CompanySummary:
    """The company of `slug` (a redirect when it names one by another form), or 404."""
    try:
        return find_company(conn, slug)
    except NotFound:
        raise HTTPException(404, "No company has that slug.") from None


Limit = Annotated[int, Query(ge=1, le=100, description="Companies per page (at most 100).")]
After = Annotated[
    str | None,
    Query(max_length=200, description="The slug the page starts after (from `next`)."),
]
Needle = Annotated[
    str,
    Query(max_length=200, description="Keep companies whose name, slug or ticker has this."),
]


@_get(
    "/companies",
    "listCompanies",
    summary="List companies",
    response_description="A page of companies, by name.",
    description="Companies with a canvas, by name, with their snapshot years and languages, "
    "a page at a time: follow `next` for the following page.",
    responses={422: {"model": ErrorBody, "description": "A parameter is malformed."}},
)
def list_companies(
    request: Request, q: Needle = "", after: After = None, limit: Limit = 100
) -> CompanyList:
    page = queries.company_page(_conn(request), q, after=after, limit=limit)
    following = None
    if page.after is not None:
        pairs = [("q", q)] if q else []
        pairs += [("after", page.after), ("limit", str(limit))]
        following = urls.api_companies(pairs)
    return CompanyList(
        companies=[_company(c) for c in page.companies], total=page.total, next=following
    )


SearchText = Annotated[str, Query(description='The query: words, "phrases", -word, word*.')]
SearchPage = Annotated[int, Query(ge=1, le=500, description="Page of 20 hits.")]


@_get(
    "/search",
    "search",
    summary="Search statements",
    response_description="The hits, their facets and the next page.",
    description="Full-text search over every statement in both languages (Arabic normalised "
    'and light-stemmed, English stemmed): every word must match; `"a phrase"`, `-word` to '
    "leave out, `word*` for a prefix. Newest snapshots first, then relevance.",
    responses={422: {"model": ErrorBody, "description": "A parameter is malformed."}},
)
def search_statements(
    request: Request,
    q: SearchText = "",
    company: Annotated[str | None, Query(max_length=200, description="A company's slug.")] = None,
    year: Annotated[int | None, Query(ge=1800, le=2200, description="A snapshot year.")] = None,
    block: Annotated[BlockKind | None, Query(description="A block's kind.")] = None,
    lang: Annotated[Lang | None, Query(description="The block's language.")] = None,
    page: SearchPage = 1,
) -> SearchResults:
    asked = pages.Narrowing(q[:MAX_QUERY_CHARS], company, year, block, lang, page)
    conn = _conn(request)
    query, result, _ = pages.run(conn, asked)
    hits: list[SearchHit] = []
    facets: dict[str, list[SearchFacet]] = {"year": [], "company": [], "block": [], "lang": []}
    following = None
    if result is not None:
        for hit in result.hits:
            hits.append(
                SearchHit(
                    slug=hit.company_slug,
                    company_name=hit.company_name,
                    year=hit.year,
                    block=hit.block_kind,
                    block_lang=hit.block_lang,
                    anchor=hit.anchor,
                    kind=hit.kind,
                    topic=hit.topic,
                    text=hit.text,
                    lang=hit.lang,
                    snippet=str(highlight(hit.text, query)),
                    url=urls.statement(
                        hit.company_slug, hit.year, hit.block_kind, hit.place, hit.anchor
                    ),
                    citation=_citation(hit.source_key, hit.line_start, hit.line_end),
                )
            )
        facets = {
            "year": [SearchFacet(value=str(y), label=str(y), count=n) for y, n in result.years],
            "company": [
                SearchFacet(value=c.slug, label=c.name, count=c.count) for c in result.companies
            ],
            "block": [
                SearchFacet(value=k, label=ENGLISH_TITLES[k], count=n) for k, n in result.kinds
            ],
            "lang": [SearchFacet(value=k, label=k, count=n) for k, n in result.langs],
        }
        last = -(-min(result.total, engine.SEARCH_CAP) // pages.PAGE_SIZE)
        if page < min(last, pages.MAX_PAGE):
            asked_for = {"q": asked.q, "company": company, "year": year, "block": block}
            asked_for |= {"lang": lang, "page": page + 1}
            pairs = [(k, str(v)) for k, v in asked_for.items() if v is not None and v != ""]
            following = urls.api_search(pairs)
    return SearchResults(
        query=query.text,
        total=result.total if result else 0,
        capped=result.capped if result else False,
        hits=hits,
        facets=facets,
        facets_sampled=result.sampled if result else False,
        next=following,
    )


@_get(
    "/companies/{slug}",
    "getCompany",
    summary="One company",
    response_description="The company.",
    description="A company by slug, with its snapshot years and languages.",
    responses=_errors("No company has that slug."),
)
def get_company(request: Request, slug: Slug) -> Company:
    return _company(_found(_conn(request), slug))


@_get(
    "/companies/{slug}/figures",
    "getCompanyFigures",
    summary="A company's figures over time",
    response_description="The series.",
    description="Every figure the company's documents state for a metric of the vocabulary, "
    "as series (one metric, scope, unit, currency, kind of period and reading each), every "
    "value with its period, how it is said and its citation.",
    responses=_errors("No company has that slug."),
)
def get_company_figures(request: Request, slug: Slug) -> CompanyFigures:
    conn = _conn(request)
    company = _found(conn, slug)
    stated = queries.stated_figures(conn, company.id, limit=figures_model.FIGURES_READ + 1)
    found = figures_model.series(stated[: figures_model.FIGURES_READ])
    out = []
    for one in found:
        values = []
        for period in one.periods:
            for value in period.values:
                for point in value.points:
                    st, f = point.stated, point.stated.figure
                    a, b = st.line_start, st.line_end
                    place = urls.statement(company.slug, st.year, st.kind, st.place, st.anchor)
                    values.append(
                        SeriesValue(
                            period=point.period,
                            period_assumed=point.assumed,
                            value=f.value,
                            text=f.text,
                            label=f.label,
                            qualifiers=list(f.qualifiers),
                            conflict=period.conflict,
                            snapshot=st.year,
                            statement_url=place,
                            citation=_citation(st.source_key, a, b),
                        )
                    )  # fmt: skip
        key = one.key
        out.append(
            FigureSeries(
                id=key.id,
                metric=key.metric,
                metric_name=figures_model.metric_name(key.metric, "en"),
                scope=one.label,
                unit="%" if key.unit == "%" else None,
                currency=key.currency or None,
                period_kind=key.kind,
                reading="adjusted" if key.reading else None,
                chart_url=urls.figures_svg(company.slug, key.id) if len(one.periods) > 1 else None,
                values=values,
            )
        )
    return CompanyFigures(
        company=_company(company),
        url=urls.figures(company.slug),
        csv_url=urls.figures_csv(company.slug),
        truncated=len(stated) > figures_model.FIGURES_READ,
        series=out,
    )


@_get(
    "/companies/{slug}/{year}",
    "getCanvas",
    summary="One canvas",
    response_description="The canvas.",
    description="A company's whole canvas for one year: the nine blocks in canvas order, each "
    "with its heading as written and its claims, each claim citing its source lines.",
    responses=_errors("No company has that slug, or it has no canvas for that year."),
)
def get_canvas(request: Request, slug: Slug, year: Year) -> Canvas:
    conn = _conn(request)
    company = _found(conn, slug)
    number = int(year)
    if number not in {s.year for s in company.snapshots}:
        raise HTTPException(404, "That company has no canvas for that year.")
    summary = _company(company)
    return Canvas(
        company=summary,
        year=number,
        url=urls.canvas(company.slug, number),
        api_url=urls.api_canvas(company.slug, number),
        blocks=_blocks(queries.canvas_blocks(conn, company.id, number, with_figures=True)),
    )


@_get(
    "/sources/{key}",
    "getSource",
    summary="One source document",
    response_description="The source, with its text.",
    description="A source's metadata and its full text as lines, so citations can be checked.",
    responses=_errors("No source has that key."),
)
def get_source(request: Request, key: Key) -> Source:
    found = queries.source(_conn(request), key)
    if found is None:
        raise HTTPException(404, "No source has that key.")
    return Source(
        key=found.key,
        title=found.title,
        kind=found.kind,
        company_slug=found.company_slug,
        company_name=found.company_name,
        years=list(found.years),
        sha256=found.sha256,
        line_count=found.line_count,
        url=urls.source(found.key),
        api_url=urls.api_source(found.key),
        original_url=found.url,
        lines=split_lines(found.text),
    )


@_get(
    "/companies/{slug}/compare/{years}",
    "compareSnapshots",
    summary="Compare two snapshots",
    response_description="The two years, block by block.",
    description="Two snapshots of a company, block by block: the statements that say the same "
    "thing paired (by their words within one language, by shared figures and names across "
    "languages), the figures that changed, and the statements of one year only; each "
    "statement with its citation and figures.",
    responses={
        404: {"model": ErrorBody, "description": "No such company, or not both years."},
        422: {"model": ErrorBody, "description": "The years are malformed or the same."},
    },
)
def compare_snapshots(request: Request, slug: Slug, years: Years) -> Comparison:
    conn = _conn(request)
    company = _found(conn, slug)
    a, _, b = years.partition("...")
    first, second = int(a), int(b)
    have = [s.year for s in company.snapshots]
    lacking = [y for y in (first, second) if y not in have]
    if lacking:
        raise HTTPException(
            404,
            f"That company has no canvas for {', '.join(map(str, lacking))}; "
            f"its years: {', '.join(map(str, have))}.",
        )
    if first == second:
        raise HTTPException(422, "Compare two different years.")
    page = comparison(conn, company, first, second)
    summary = _company(company)
    return Comparison(
        company=summary,
        a=first,
        b=second,
        url=page.href,
        api_url=urls.api_compare(company.slug, first, second),
        blocks=[
            BlockComparison(
                kind=block.kind,
                title=block.title,
                in_a=block.in_a,
                in_b=block.in_b,
                matched=block.counts.matched,
                changed=block.counts.changed,
                only_a=block.counts.only_a,
                only_b=block.counts.only_b,
                statements=[
                    ComparedStatement(
                        status=row.status,
                        a=_claim(row.a.claim) if row.a else None,
                        b=_claim(row.b.claim) if row.b else None,
                        basis=row.basis or None,
                        changes=[
                            FigureChange(
                                before=c.before,
                                after=c.after,
                                before_value=c.before_value,
                                after_value=c.after_value,
                                unit=c.unit,
                                relative=c.relative,
                                points=c.points,
                            )
                            for c in row.changes
                        ],
                    )
                    for row in block.rows
                ],
            )
            for block in page.blocks
        ],
    )

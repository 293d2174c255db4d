"""`/sources/{key}`: the stored text with line numbers; `/sources/{key}/lines`: a quote."""

from __future__ import annotations

import sqlite3
from pathlib import PurePath

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from app.db import queries
from app.domain import lang_of
from app.http.rules import READER, page
from app.views import excerpt, urls
from app.views.bidi import direction, segments
from app.views.canvas_html import labels
from app.views.canvas_model import canvas_href, part_title
from app.views.i18n import interface
from app.views.responses import First, NotFound, cached_html, render

router = APIRouter(include_in_schema=False)  # pages, not API operations
MAX_QUOTE_LINES = 40
#: Characters a window of the source page shows at most: plain lines, so more than a canvas
#: (the seeds' sources are 9,000 and 60,000 characters); each line keeps at least SOURCE_FLOOR.
SOURCE_CHARS = 1_000_000
SOURCE_FLOOR = 500
#: Characters a citation's popover quotes at most (app.views.excerpt: each line its share).
QUOTE_CHARS = 40_000


def _title(conn: sqlite3.Connection, found: queries.QuotedSource, key: str, line: str) -> str:
    """The document's title in the language of the quoted line, where the document gives
    one (app.views.canvas_model.part_title: its block heading's words)."""
    heading = None
    if found.heading_line is not None:
        heading = next(iter(queries.source_lines(conn, key, *[found.heading_line] * 2) or []), None)
    company = queries.company(conn, found.company_slug)
    if company is None or heading is None:
        return found.title
    return part_title(found.title, heading.strip(), lang_of(line), company)


def _is_rule(line: str) -> bool:
    """A table's separator line (`|---|:---:|`): it says nothing to a reader."""
    parts = [p.strip().strip(":") for p in line.strip().strip("|").split("|")]
    return all(len(p) >= 3 and not p.strip("-") for p in parts)


def _cells(line: str) -> list[str] | None:
    """A table row's cells (`| a | b |`, or `a | b |` where a page omits the leading pipe),
    or None for a line that is no row: the quote draws a row as cells, never as markdown."""
    text = line.strip()
    if "|" not in text or not (text.startswith("|") or text.endswith("|")):
        return None
    cells = [c.strip() for c in text.strip("|").split("|")]
    return cells if len(cells) > 1 else None


@router.api_route("/sources/{key}", methods=["GET", "HEAD"])
@page(READER)
def source_page(request: Request, key: str, first: First = 1) -> Response:
    """The stored text with line numbers, a window of SOURCE_WINDOW lines at a time (a
    citation's link names the window of its lines: app.views.urls.source_lines)."""

    def build(conn: sqlite3.Connection) -> bytes:
        ui = interface(request)
        source = queries.source(conn, key)
        if source is None:
            raise NotFound
        start = urls.source_window(min(first, max(source.line_count, 1)))
        stop = min(start + urls.SOURCE_WINDOW - 1, source.line_count)
        lines = []
        every = source.text.split("\n", stop)[start - 1 : stop]
        limit = excerpt.share(len(every), SOURCE_CHARS, SOURCE_FLOOR)  # each line its share
        for number, line in enumerate(every, start=start):
            shown, left_out = excerpt.cut(line.rstrip("\r"), limit)
            lang = lang_of(shown)
            lines.append(
                {
                    "n": number,
                    "text": segments(shown, lang),
                    "lang": lang,
                    "dir": direction(lang),
                    "left_out": left_out,
                }
            )
        year_links = [(y, ui.href(canvas_href(source.company_slug, y))) for y in source.years]
        earlier = start - urls.SOURCE_WINDOW if start > 1 else None
        later = stop + 1 if stop < source.line_count else None
        return render(
            request,
            "source.html",
            ui,
            source=source,
            lines=lines,
            year_links=year_links,
            kind_name=ui.kind_name(source.kind),
            title_dir=direction(lang_of(source.title)),  # its own: the heading aligns with it
            file_name=PurePath(source.path).name,  # never the server's folders
            window=(start, stop),
            earlier_href=ui.href(urls.source(key, earlier)) if earlier else None,
            later_href=ui.href(urls.source(key, later)) if later else None,
        )

    return cached_html(request, build)


@router.api_route("/sources/{key}/lines", methods=["GET", "HEAD"])
@page(READER)  # the canvas asks in its own language with `hl`
def source_quote(
    request: Request, key: str, start: int = Query(ge=1), end: int = Query(ge=1)
) -> Response:
    """The cited lines, for a citation's preview (static/citations.js fetches it): the
    document's title in the language of the quoted part, the lines verbatim with one line
    of context on each side (a table row as its cells), a link to them in place."""

    def build(conn: sqlite3.Connection) -> bytes:
        ui = interface(request)  # the canvas asks in its own language (`hl`)
        last = min(max(start, end), start + MAX_QUOTE_LINES - 1)
        found = queries.quoted_source(conn, key, start)
        if found is None:
            raise NotFound
        first = max(start - 1, 1)
        lines = queries.source_lines(conn, key, first, last + 1) or []
        title = _title(conn, found, key, lines[start - first] if start - first < len(lines) else "")
        quoted = []
        limit = excerpt.share(len(lines), budget=QUOTE_CHARS)
        for number, whole in enumerate(lines, start=first):
            context = not start <= number <= last
            if context and _is_rule(whole):
                continue  # a table's `|---|` line says nothing to a reader
            line, left_out = excerpt.cut(whole, limit)
            lang = lang_of(line)
            cells = _cells(line) if not left_out else None
            quoted.append(
                {
                    "n": number,
                    "text": segments(line + ("…" if left_out else ""), lang),
                    "cells": [segments(c, lang) for c in cells] if cells else None,
                    "lang": lang,
                    "dir": direction(lang),
                    "context": context,
                }
            )
        label = labels(ui).lines_label(start, last)  # as the citation's popover says it
        return render(
            request,
            "partials/quote.html",
            ui,
            key=key,
            title=title,
            label=label,
            quoted=quoted,
            # as the citation's own link: `hl` is how the popover speaks its canvas's
            # language, and the source page speaks the reader's
            href=urls.source_lines(key, start, last),
        )

    return cached_html(request, build)

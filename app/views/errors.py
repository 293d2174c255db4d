"""Error pages: a 404 that lists what exists (never echoing the URL), 400, 503.

Under `/api/` a 404 or a malformed parameter is JSON instead (app.views.api).
"""

from __future__ import annotations

import sqlite3
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException

from app.db import queries
from app.db.connection import NoDatabase
from app.http.headers import ResponseHeaders
from app.http.page_cache import not_found_key
from app.http.request_key import RequestKey
from app.http.rules import UNROUTED, scope_rules
from app.views import api_errors as api
from app.views import urls
from app.views.canvas_model import canvas_href
from app.views.i18n import N_, interface
from app.views.responses import Moved, NotFound, database, html, pages, render

#: A 404 lists what exists, up to this many of each: past it, the directory and the search.
LISTED = 100


def install(app: FastAPI) -> None:
    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(Moved, moved)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, bad_request)
    app.add_exception_handler(NoDatabase, no_database)
    app.add_exception_handler(sqlite3.OperationalError, database_error)
    app.add_exception_handler(Exception, server_error)  # outside every middleware: below


async def not_found(request: Request, exc: Exception) -> Response:
    """The one 404 page of a language, rendered once per database file and kept
    (app.http.page_cache.not_found_key): a flood of random addresses costs a lookup each."""
    if api.is_api(request.url.path):
        return api.not_found(exc)
    ui = interface(request)  # the reader's language: an address that names nothing has none
    version, digest, conn = database(request).snapshot()
    key = not_found_key(version, ui.lang, ui.carried)

    def build() -> bytes:
        page = queries.company_page(conn, limit=LISTED)
        companies = [
            {
                "company": c,
                "years": [(s.year, ui.href(canvas_href(c.slug, s.year))) for s in c.snapshots],
            }
            for c in page.companies
        ]
        keys = queries.source_keys(conn, LISTED)
        sources = [(key, ui.href(urls.source(key)), title) for key, title in keys]
        return render(
            request,
            "not_found.html",
            ui,
            keep_query=False,
            companies=companies,
            more_companies=page.total - len(companies),
            sources=sources,
            more_sources=queries.source_count(conn) - len(sources),
        )

    # the very bytes the front door sends for it later (app.http.front_door.not_found)
    gzip = RequestKey.of(request.scope, UNROUTED, version, digest).gzip
    body, headers = pages(request).cached(key, build).encoded(gzip)
    response = Response(body, status_code=404)
    response.raw_headers = list(headers)
    return response


async def moved(request: Request, exc: Exception) -> Response:
    """The same address with the company's slug in place of the form it was asked by, and
    the same query. 302, not 301: which form is a company's slug follows its documents (a
    post that names it joins later), and a browser keeps a 301 for good."""
    assert isinstance(exc, Moved)
    segments = request.url.path.split("/")
    template = request.scope["route"].path.split("/")  # the route that raised it
    segments[template.index("{slug}")] = exc.slug
    location = "/".join(quote(segment, safe="") for segment in segments)
    if request.url.query:
        location += f"?{request.url.query}"
    headers = api.CORS if api.is_api(request.url.path) else None
    return RedirectResponse(location, status_code=302, headers=headers)


async def http_error(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 500)
    if status == 404:
        return await not_found(request, exc)
    if api.is_api(request.url.path):  # the API's own refusals, in JSON (a 422 of its own)
        detail = getattr(exc, "detail", None)
        return api.error(status, detail if isinstance(detail, str) else "That did not work.")
    return _error(request, status, N_("That did not work."))


async def bad_request(request: Request, exc: Exception) -> Response:
    if api.is_api(request.url.path) and isinstance(exc, RequestValidationError):
        return api.invalid(exc)
    return _error(request, 400, N_("The address has a parameter this site cannot read."))


async def no_database(request: Request, exc: Exception) -> Response:
    if api.is_api(request.url.path):
        return api.error(503, "No canvases are loaded yet: run `canvas load`.")
    return _error(request, 503, N_("No canvases are loaded yet: run `canvas load`."))


async def database_error(request: Request, exc: Exception) -> Response:
    """A statement stopped at its time limit (app.db.connection.TimedConnection) is a 503
    the reader may retry; any other database error is the server's own fault (500)."""
    if "interrupted" not in str(exc):
        raise exc
    retry = {"retry-after": "2"}
    if api.is_api(request.url.path):
        response: Response = api.error(503, "The database took too long: try again shortly.")
    else:
        response = _error(request, 503, N_("This page took too long to read: try again shortly."))
    response.headers.update(retry)
    return response


async def server_error(request: Request, exc: Exception) -> Response:
    """A bug's 500. Starlette answers it from outside every middleware, so it gets the
    site's headers here, by the same rule (no-store, the security set); it says nothing
    of the error."""
    rule: ResponseHeaders = request.app.state.header_rule
    body = b"500 Internal Server Error\n"
    own = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", b"%d" % len(body))]
    response = Response(body, status_code=500)
    response.raw_headers = rule.decide(scope_rules(request.scope), request.url.path, 500, own, None)
    return response


def _error(request: Request, status: int, message: str) -> Response:
    ui = interface(request)
    body = render(
        request, "error.html", ui, keep_query=False, status=status, message=ui.gettext(message)
    )
    return html(body, status=status)

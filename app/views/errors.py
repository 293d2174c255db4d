"""Error pages: a 404 that lists what exists (never echoing the URL), 400, 503.

Under `/api/` a 404 or a malformed parameter is JSON instead (app.views.api).
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from app.db import queries
from app.db.connection import NoDatabase
from app.views import api
from app.views.canvas_model import canvas_href
from app.views.responses import NotFound, database, html, renderer


def install(app: FastAPI) -> None:
    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, bad_request)
    app.add_exception_handler(NoDatabase, no_database)


async def not_found(request: Request, exc: Exception) -> Response:
    if api.is_api(request.url.path):
        return api.not_found(exc)
    conn = database(request).connection()
    companies = [
        {"company": c, "years": [(s.year, canvas_href(c.slug, s.year)) for s in c.snapshots]}
        for c in queries.companies(conn)
    ]
    sources = queries.source_keys(conn)
    body = renderer(request).render("not_found.html", companies=companies, sources=sources)
    return html(body, status=404)


async def http_error(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 500)
    if status == 404:
        return await not_found(request, exc)
    body = renderer(request).render("error.html", status=status, message="That did not work.")
    return html(body, status=status)


async def bad_request(request: Request, exc: Exception) -> Response:
    if api.is_api(request.url.path) and isinstance(exc, RequestValidationError):
        return api.invalid(exc)
    body = renderer(request).render(
        "error.html", status=400, message="The address has a parameter this site cannot read."
    )
    return html(body, status=400)


async def no_database(request: Request, exc: Exception) -> Response:
    if api.is_api(request.url.path):
        return api.error(503, "No canvases are loaded yet: run `canvas load`.")
    body = renderer(request).render(
        "error.html", status=503, message="No canvases are loaded yet: run `canvas load`."
    )
    return html(body, status=503)

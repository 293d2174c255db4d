"""The web process: read-only over the loader's database. `create_app` builds one app per
database, so tests build a fresh one each."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.routing import BaseRoute

from app.db import queries
from app.db.connection import Database, NoDatabase
from app.db.queries import totals
from app.http.caching import HttpCache
from app.http.company_names import CompanyNames
from app.http.compression import PerRequestGzip
from app.http.front_door import FrontDoor
from app.http.headers import ResponseHeaders
from app.http.hosts import PublicAddress
from app.http.page_cache import PageCache
from app.http.rules import NONE, UndeclaredRoute, page
from app.settings import get_settings, parse_base_url
from app.views import (
    api,
    api_docs,
    canvas,
    compare,
    embed,
    errors,
    figures,
    index,
    oembed,
    search,
    sources,
)
from app.views.i18n import check_catalogs
from app.views.templates import STATIC, Templates, environment

#: The views' routers, in the order their routes are tried (the comparison before the canvas:
#: /c/{slug}/compare/... is not a year).
ROUTERS = (
    index.router,
    search.router,
    compare.router,
    figures.router,  # before canvas: `/c/{slug}/figures` is no year
    canvas.router,
    embed.router,
    sources.router,
    api.router,
    api_docs.router,
    oembed.router,
)


def served_routes(app: FastAPI) -> list[BaseRoute]:
    """Every route the app serves, in the order they are tried: those added to the app
    itself and those of ROUTERS where each is included. (FastAPI keeps an included router as
    one opaque entry; a router included without being in ROUTERS stops the start.)"""
    included = iter(ROUTERS)
    routes: list[BaseRoute] = []
    for route in app.routes:
        if hasattr(route, "path_regex"):
            routes.append(route)
            continue
        router = next(included, None)
        if router is None:
            raise UndeclaredRoute(f"{route!r} is not in app.web.ROUTERS: its rules are unknown")
        routes.extend(router.routes)
    return routes


#: Requests rendered at once by one worker process: their handlers run in Starlette's worker
#: threads (app.db.connection: a connection each), so the event loop stays free for cached
#: pages, 304s and /healthz. CPU-bound Python in threads shares one interpreter lock: past
#: two, more threads only make the loop wait longer for its turn (bench/slow_page.py); the
#: requests beyond them wait for a thread, holding nothing.
RENDER_THREADS = 2
#: How long a thread may hold the interpreter lock while another asks for it (Python's
#: default is 5 ms): the event loop answering a cached page asks often, and waits less.
SWITCH_INTERVAL_S = 0.001


@asynccontextmanager
async def _threads(app: FastAPI) -> AsyncIterator[None]:
    anyio.to_thread.current_default_thread_limiter().total_tokens = RENDER_THREADS
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    yield


def create_app(
    db: Path | None = None,
    render_cache: bool | None = None,
    embed_origins: tuple[str, ...] | None = None,
    base_url: str | None = None,
) -> FastAPI:
    """The site over one database; the arguments override settings (tests build many).

    Middleware order, outermost first: Starlette's ServerErrorMiddleware, then whatever is
    added to the returned app later (it sees every request), then the front door
    (app.http.front_door: Host check, read-only methods, each route's rules, 304s and
    cached pages), then per-request gzip, then routing."""
    settings = get_settings()
    origins = settings.embed_origins if embed_origins is None else embed_origins
    public = settings.base_url if base_url is None else parse_base_url(base_url)
    app = FastAPI(
        title="Canvas viewer",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,  # served by app.views.api_docs, declared like every route
        lifespan=_threads,
        # FastAPI's own OpenTelemetry bridge: off, as nothing here configures a provider
        # (it would look for one on every request, a third of a cached page's time)
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    check_catalogs()  # a missing compiled catalog stops the start, not a reader's page
    database = app.state.database = Database(db or settings.db, settings.query_time_limit_ms / 1000)
    app.state.templates = Templates(environment())
    pages = app.state.pages = PageCache(
        settings.render_cache if render_cache is None else render_cache,
        max_bytes=settings.page_cache_mb << 20,
    )
    for router in ROUTERS:
        app.include_router(router)
    files = page(NONE, files=True)(StaticFiles(directory=STATIC))
    app.mount("/static", files, name="static")
    errors.install(app)

    health: dict[str, Any] = {}  # the totals of the file last counted, and its version

    @app.api_route("/healthz", methods=["GET", "HEAD"], include_in_schema=False)
    @page(NONE, max_age=None)  # a health check is never served from a cache
    async def healthz(request: Request) -> JSONResponse:
        """What the database holds; 503 when there is no loaded database to read. Counted
        once per database file (it changes only with the file), on the event loop: a health
        check must answer while every worker thread is busy rendering."""
        try:
            opened = database.snapshot()
        except NoDatabase:
            return JSONResponse({"status": "no database"}, status_code=503)
        if health.get("version") != opened.version:
            health.clear()
            health.update(version=opened.version, totals=asdict(totals(opened.connection)))
        return JSONResponse({"status": "ok", **health["totals"]})

    rule = app.state.header_rule = ResponseHeaders(origins)  # a malformed origin: ValueError
    http_cache = HttpCache(rule)
    app.add_middleware(PerRequestGzip)
    app.add_middleware(
        FrontDoor,
        routes=lambda: served_routes(app),  # read when the stack is built: all routes by then
        database=database,
        pages=pages,
        http_cache=http_cache,
        public=PublicAddress(public),
        names=CompanyNames(database, queries.company_names, queries.may_name_company),
    )
    return app

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
from starlette.types import Receive, Scope, Send

from app.db.connection import Database, NoDatabase
from app.db.queries import totals
from app.http.caching import HttpCache, is_wildcard
from app.http.compression import PerRequestGzip
from app.http.headers import ResponseHeaders
from app.http.hosts import MISDIRECTED, PublicAddress
from app.http.memory import MemoryPath
from app.http.page_cache import PageCache
from app.settings import get_settings, parse_base_url
from app.views import api, api_docs, canvas, compare, embed, errors, index, oembed, search, sources
from app.views.i18n import check_catalogs
from app.views.templates import STATIC, Templates, environment


class Site(FastAPI):
    """The app, with 304s and cached pages answered before Starlette's middleware stack.

    The stack (error middleware, gzip, routing) costs more than a cached page itself; a 304
    or a cached page needs none of it. This works under any ASGI server. Every response,
    from memory or from the app, gets its headers from app.http.headers.
    """

    memory: MemoryPath
    http_cache: HttpCache
    public: PublicAddress

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        rule = self.http_cache.headers
        if not self.public.admit(scope):
            await rule.send_text(send, scope["path"], 421, MISDIRECTED)
            return
        if scope["method"] not in ("GET", "HEAD"):  # the site is read-only
            await rule.send_text(send, scope["path"], 405, NOT_ALLOWED, (b"allow", b"GET, HEAD"))
            return
        answer, etag = self.memory.answer(scope)
        if answer is not None:
            start = {"type": "http.response.start", "status": answer.status}
            await send({**start, "headers": answer.headers})
            body = b"" if scope["method"] == "HEAD" else answer.body
            await send({"type": "http.response.body", "body": body})
            return
        wildcard = any(n == b"if-none-match" and is_wildcard(v) for n, v in scope["headers"])
        await super().__call__(scope, receive, rule.applied(scope, etag, send, wildcard))


NOT_ALLOWED = b"405 Method Not Allowed\n"


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
) -> Site:
    """The site over one database; the arguments override settings (tests build many)."""
    settings = get_settings()
    origins = settings.embed_origins if embed_origins is None else embed_origins
    public = settings.base_url if base_url is None else parse_base_url(base_url)
    app = Site(
        title="Canvas viewer",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=_threads,
    )
    check_catalogs()  # a missing compiled catalog stops the start, not a reader's page
    database = app.state.database = Database(db or settings.db, settings.query_time_limit_ms / 1000)
    app.state.templates = Templates(environment())
    pages = app.state.pages = PageCache(
        settings.render_cache if render_cache is None else render_cache,
        max_bytes=settings.page_cache_mb << 20,
    )
    app.include_router(index.router)
    app.include_router(search.router)
    app.include_router(compare.router)  # before the canvas: /c/{slug}/compare/... is not a year
    app.include_router(canvas.router)
    app.include_router(embed.router)
    app.include_router(sources.router)
    app.include_router(api.router)
    app.include_router(api_docs.router)
    app.include_router(oembed.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    errors.install(app)

    health: dict[str, Any] = {}  # the totals of the file last counted, and its version

    @app.api_route("/healthz", methods=["GET", "HEAD"], include_in_schema=False)
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

    app.public = PublicAddress(public)
    app.http_cache = HttpCache(ResponseHeaders(origins))  # a malformed origin: ValueError
    app.memory = MemoryPath(database, pages, app.http_cache)
    app.add_middleware(PerRequestGzip)
    return app

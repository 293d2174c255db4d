"""The web process: read-only over the loader's database. `create_app` builds one app per
database, so tests build a fresh one each."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from app.compression import PerRequestGzip
from app.fastpath import CachedPages
from app.queries import Database, NoDatabase, totals
from app.rendering import STATIC, Renderer, environment
from app.security import SecurityHeaders
from app.settings import get_settings
from app.views import canvas, errors, index, sources


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    gc.freeze()  # start-up objects never become garbage: keep them out of every collection
    yield


def create_app(db: Path | None = None, render_cache: bool | None = None) -> FastAPI:
    settings = get_settings()
    app = FastAPI(
        title="Canvas viewer", docs_url=None, redoc_url=None, openapi_url=None, lifespan=_lifespan
    )
    database = app.state.database = Database(db or settings.db)
    renderer = app.state.renderer = Renderer(
        environment(), cache=settings.render_cache if render_cache is None else render_cache
    )
    app.include_router(index.router)
    app.include_router(canvas.router)
    app.include_router(sources.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    errors.install(app)

    @app.api_route("/healthz", methods=["GET", "HEAD"])
    async def healthz(request: Request) -> JSONResponse:
        """What the database holds; 503 when there is no loaded database to read."""
        try:
            conn = request.app.state.database.connection()
        except NoDatabase:
            return JSONResponse({"status": "no database"}, status_code=503)
        return JSONResponse({"status": "ok", **asdict(totals(conn))})

    # Outermost last: a cached page is answered first, before headers or gzip are merged in
    # (it carries both); every other answer gets the security headers, then gzip.
    app.add_middleware(PerRequestGzip)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(CachedPages, database=database, renderer=renderer)
    return app

"""The web process: read-only over the loader's database. The canvas pages build on this."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from app.queries import connect_readonly, totals
from app.settings import get_settings


def create_app(db: Path | None = None) -> FastAPI:
    """An app over one database file; tests build one per test from this factory."""
    db_path = db or get_settings().db
    app = FastAPI(title="Canvas viewer", docs_url=None, redoc_url=None)

    @app.get("/healthz")
    async def healthz() -> JSONResponse:
        """What the database holds; 503 when there is no loaded database to read."""
        if not db_path.is_file():
            return JSONResponse({"status": "no database", "db": str(db_path)}, status_code=503)
        conn = connect_readonly(db_path)
        try:
            return JSONResponse({"status": "ok", **asdict(totals(conn))})
        finally:
            conn.close()

    return app

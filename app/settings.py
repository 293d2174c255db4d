"""Settings in one place: environment variables prefixed `CANVAS_`, defaults that run as is."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _migrations_dir() -> Path:
    """Beside `app/` in a checkout; inside the package in an installed wheel."""
    for candidate in (PROJECT_ROOT / "migrations", Path(__file__).parent / "migrations"):
        if (candidate / "env.py").exists():
            return candidate
    return PROJECT_ROOT / "migrations"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CANVAS_")

    db: Path = Path("data/canvas.db")
    seeds: Path = Path("seeds")
    migrations: Path = _migrations_dir()
    render_cache: bool = True  # reuse rendered pages until the database file changes
    workers: int = 2  # `canvas serve` processes


@cache
def get_settings() -> Settings:
    return Settings()

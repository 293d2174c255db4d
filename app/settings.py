"""Settings in one place: environment variables prefixed `CANVAS_`, defaults that run as is."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def project_dir(name: str) -> Path:
    """`migrations/`, `templates/`, `static/`: beside `app/` in a checkout, inside the
    package in an installed wheel (pyproject.toml force-includes them there)."""
    for candidate in (PROJECT_ROOT / name, Path(__file__).parent / name):
        if candidate.is_dir():
            return candidate
    return PROJECT_ROOT / name


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CANVAS_")

    db: Path = Path("data/canvas.db")
    seeds: Path = Path("seeds")
    migrations: Path = project_dir("migrations")
    render_cache: bool = True  # reuse rendered pages until the database file changes
    workers: int = 2  # `canvas serve` processes


@cache
def get_settings() -> Settings:
    return Settings()

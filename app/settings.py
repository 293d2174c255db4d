"""Settings in one place: environment variables prefixed `CANVAS_`, defaults that run as is."""

from __future__ import annotations

import difflib
import ipaddress
import json
import os
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def project_dir(name: str) -> Path:
    """`migrations/`, `templates/`, `static/`: beside `app/` in a checkout, inside the
    package in an installed wheel (pyproject.toml force-includes them there)."""
    for candidate in (PROJECT_ROOT / name, Path(__file__).parent / name):
        if candidate.is_dir():
            return candidate
    return PROJECT_ROOT / name


ANY_ORIGIN = "*"
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST = rf"{_LABEL}(?:\.{_LABEL})*"  # letters, digits, inner hyphens: a CSP host-char
#: scheme://host[:port] and nothing else: what a CSP host-source can say about one origin.
_ORIGIN = re.compile(rf"(https?)://({_HOST}|\[([0-9a-f:.]+)\])(?::([0-9]{{1,5}}))?")
_IPV4ISH = re.compile(r"[0-9.]+")


def _origin(entry: str) -> str | None:
    """The entry as a lower-case origin, or None when it is anything more or less."""
    if not entry.isascii():
        return None
    found = _ORIGIN.fullmatch(entry.lower())
    if found is None:
        return None
    _, host, ipv6, port = found.groups()
    try:
        if ipv6 is not None:
            ipaddress.IPv6Address(ipv6)  # no zone ids: a browser's origin never has one
        elif _IPV4ISH.fullmatch(host):
            ipaddress.IPv4Address(host)  # "1.2.3" would be read as another address
    except ValueError:
        return None
    if len(host) > 253 or (port is not None and not 0 < int(port) < 65536):
        return None
    return found.group(0)


def parse_base_url(value: str) -> str | None:
    """CANVAS_BASE_URL, the site's public address, as an origin (`https://host[:port]`);
    None when unset. Anything else is refused on one line: a typo must stop start-up."""
    stripped = value.strip(" \t")
    if not stripped:
        return None
    origin = _origin(stripped.removesuffix("/"))
    if origin is None:
        raise ValueError(
            f"CANVAS_BASE_URL: {stripped!r} is not the site's address (scheme://host[:port])"
        )
    return origin


def parse_embed_origins(value: str) -> tuple[str, ...]:
    """CANVAS_EMBED_ORIGINS as the origins that may frame /embed/ pages.

    Entries are separated by commas, spaces or tabs (a JSON list of strings works too). Each
    is `http(s)://host[:port]`, or `*` alone for any origin. The list goes into a header, so
    anything else (a path, a `;`, a quote, a line break, a bare scheme) is refused, naming
    the entry on one line: a typo must stop start-up, not silently allow or block framing.
    """
    stripped = value.strip(" \t")
    if stripped.startswith("["):
        try:
            entries = json.loads(stripped)
        except ValueError:
            entries = None
        if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
            raise ValueError("CANVAS_EMBED_ORIGINS: not a JSON list of strings")
    else:
        entries = [e for e in re.split(r"[ \t,]+", stripped) if e]
    if not entries:
        raise ValueError(
            "CANVAS_EMBED_ORIGINS: no origins given (scheme://host[:port] entries, or * for any)"
        )
    origins: list[str] = []
    for entry in entries:
        if entry == ANY_ORIGIN:
            if len(entries) > 1:
                raise ValueError("CANVAS_EMBED_ORIGINS: '*' (any origin) must be the only entry")
            return (ANY_ORIGIN,)
        origin = _origin(entry)
        if origin is None:
            raise ValueError(
                f"CANVAS_EMBED_ORIGINS: {entry!r} is not an origin (scheme://host[:port])"
            )
        if origin not in origins:
            origins.append(origin)
    return tuple(origins)


class Settings(BaseSettings):
    """Every setting; each is checked as the settings are read, so a bad one stops any
    command at start, on one line (SettingsError), before anything is written or served."""

    model_config = SettingsConfigDict(env_prefix="CANVAS_", populate_by_name=True)

    db: Path = Path("data/canvas.db")
    seeds: Path = Path("seeds")
    migrations: Path = project_dir("migrations")
    render_cache: bool = True  # reuse rendered pages until the database file changes
    page_cache_mb: int = Field(48, ge=1)  # per worker: the rendered pages it keeps, in MB
    workers: int = Field(2, ge=1)  # `canvas serve` processes
    #: CANVAS_QUERY_TIME_LIMIT_MS: how long one database statement of a request may run
    #: before it is stopped and the request answered 503 (the slowest the site runs, a
    #: broad search ranked over 10,000 documents, takes about 100 ms: bench/search.py)
    query_time_limit_ms: int = Field(2000, ge=1)
    #: CANVAS_EMBED_ORIGINS: who may frame /embed/ pages (default any: the data is public).
    #: NoDecode: read as written, not as JSON first (parse_embed_origins takes both).
    embed_origins: Annotated[tuple[str, ...], NoDecode] = (ANY_ORIGIN,)
    #: CANVAS_BASE_URL: the site's public address, for every absolute URL it writes
    #: (canonical, og:url, embed snippets, oEmbed). Unset: only loopback Hosts.
    base_url: str | None = None

    @field_validator("embed_origins", mode="before")
    @classmethod
    def _origins(cls, value: object) -> object:
        return parse_embed_origins(value) if isinstance(value, str) else value

    @field_validator("base_url", mode="before")
    @classmethod
    def _base_url(cls, value: object) -> object:
        return parse_base_url(value) if isinstance(value, str) else value


class SettingsError(ValueError):
    """A setting that cannot be read, said on one line naming its variable."""


def describe(error: ValidationError) -> str:
    """pydantic's report (several lines per field) as one line per the first bad setting:
    `CANVAS_WORKERS='abc': Input should be a valid integer, ...`; a validator's own message
    (which names its variable) as it is."""
    first = error.errors()[0]
    name = str(first["loc"][0]) if first["loc"] else "?"
    variable = name if name.startswith("CANVAS_") else f"CANVAS_{name.upper()}"
    message = str(first["msg"]).removeprefix("Value error, ")
    if message.startswith(f"{variable}:"):
        return message
    return f"{variable}={first.get('input')!r}: {message}"


ENV_PREFIX = "CANVAS_"


def unknown_variables(environ: Mapping[str, str] | None = None) -> list[str]:
    """A warning for each `CANVAS_*` variable that names no setting (a typo such as
    CANVAS_WORKER would otherwise be ignored silently), with the closest setting's name:
    `CANVAS_WORKER is not a setting; did you mean CANVAS_WORKERS?`. Names are compared
    without case, as the settings are read."""
    known = sorted(name.upper() for name in Settings.model_fields)  # without the prefix
    warnings: list[str] = []
    for name in sorted(os.environ if environ is None else environ):
        upper = name.upper()
        if not upper.startswith(ENV_PREFIX) or upper.removeprefix(ENV_PREFIX) in known:
            continue
        close = difflib.get_close_matches(upper.removeprefix(ENV_PREFIX), known, n=1)
        hint = f"; did you mean {ENV_PREFIX}{close[0]}?" if close else ""
        warnings.append(f"{name} is not a setting{hint}")
    return warnings


@cache
def get_settings() -> Settings:
    """The settings; SettingsError (one line) when the environment holds a bad one."""
    try:
        return Settings()
    except ValidationError as exc:
        raise SettingsError(describe(exc)) from None

"""What each route declares about its answers, beside its definition; read here for every request.

A page's answer depends on its path, on the query parameters it reads, on the reader's
language if it speaks it, and on HX-Request if it has an htmx fragment. The request key (and
so the ETag and the page cache), the header rule (Vary, Cache-Control, framing) and the
language links all follow from that, so each route says it where it is defined:

    @router.api_route("/search", methods=["GET", "HEAD"])
    @page(language=READER, fragment=True)
    def search(request: Request, q: str = "", page: Page = 1) -> Response: ...

The query parameters it reads are those of its signature (FastAPI's, Depends included);
`hl` too when it speaks a language. `RouteTable` reads the declarations once, from the app's
routes, and refuses to start with a route that has none. The front door (app.http.front_door)
hands a handler only what its declaration names: the other parameters are taken out of the
query string, and HX-Request out of the headers of a page without a fragment, so a page
cannot depend on something its cache key leaves out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypeVar
from urllib.parse import unquote_plus

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import Scope

from app.http.languages import chosen

#: Whose language a page speaks: the reader's (Accept-Language, unless `?hl=` names one),
#: its snapshot's (its statements', unless `?hl=`), or none (JSON, files).
Language = Literal["reader", "snapshot", "none"]
READER: Language = "reader"
SNAPSHOT: Language = "snapshot"
NONE: Language = "none"


@dataclass(frozen=True, slots=True)
class PageRules:
    """What one route's answers depend on, and how long others may keep them."""

    language: Language
    fragment: bool = False  # HX-Request asks for an htmx fragment of the page
    max_age: int | None = 60  # seconds a client or a CDN may keep it; None: never stored
    framed: bool = False  # other sites may show it in an iframe (CANVAS_EMBED_ORIGINS)
    files: bool = False  # static files: their own validators, a year when the name is versioned
    params: frozenset[str] = field(default=frozenset())  # filled in by RouteTable

    @property
    def speaks(self) -> bool:
        return self.language != NONE


#: An address no route answers: the 404 page, in the reader's language.
UNROUTED = PageRules(READER)
_RULES = "__page_rules__"
Declared = TypeVar("Declared")


def page(
    language: Language,
    *,
    fragment: bool = False,
    max_age: int | None = 60,
    framed: bool = False,
    files: bool = False,
) -> Callable[[Declared], Declared]:
    """Declares a route's rules on its endpoint (or on a mounted app such as StaticFiles)."""
    rules = PageRules(language, fragment, max_age, framed, files)

    def declare(target: Declared) -> Declared:
        setattr(target, _RULES, rules)
        return target

    return declare


def declared(target: object) -> PageRules | None:
    found = getattr(target, _RULES, None)
    return found if isinstance(found, PageRules) else None


class UndeclaredRoute(RuntimeError):
    """A route without a declaration: the app does not start (see `page`)."""


def query_names(dependant: Dependant) -> frozenset[str]:
    """The query parameters a FastAPI endpoint reads, its dependencies' included."""
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= query_names(sub)
    return frozenset(names)


def _rules_of(route: BaseRoute) -> PageRules:
    if isinstance(route, APIRoute):
        found = declared(route.endpoint)
        if found is not None:
            return replace(found, params=query_names(route.dependant))
    elif isinstance(route, Route):
        found = declared(route.endpoint)
        if found is not None:
            return found
    elif isinstance(route, Mount):
        found = declared(route.app)
        if found is not None:
            return found
    path = getattr(route, "path", repr(route))
    raise UndeclaredRoute(f"route {path} declares no rules: add @page(...) (app/http/rules.py)")


_PARAM = re.compile(r"\{[^}]*\}")


def _first_segment(path: str) -> str | None:
    """The route's first path segment when it is literal, else None (it may be anything)."""
    segment = path.lstrip("/").split("/", 1)[0]
    return None if _PARAM.search(segment) else segment


class RouteTable:
    """Every route's rules, found for a request as Starlette's router would find its route:
    the first route whose path matches. Only the routes sharing the request's first path
    segment are tried (a dict lookup and a regex or two per request)."""

    def __init__(self, routes: Iterable[BaseRoute]) -> None:
        entries: list[tuple[str | None, re.Pattern[str], PageRules]] = []
        for route in routes:
            regex: re.Pattern[str] | None = getattr(route, "path_regex", None)
            if regex is None:
                raise UndeclaredRoute(f"route {route!r} has no path to match")
            entries.append((_first_segment(getattr(route, "path", "")), regex, _rules_of(route)))
        self.rules = [rules for _, _, rules in entries]
        wildcards = [(regex, rules) for first, regex, rules in entries if first is None]
        self._by_segment: dict[str, Sequence[tuple[re.Pattern[str], PageRules]]] = {}
        for first, _, _ in entries:
            if first is not None and first not in self._by_segment:
                self._by_segment[first] = [
                    (regex, rules) for seg, regex, rules in entries if seg in (first, None)
                ]
        self._wildcards: Sequence[tuple[re.Pattern[str], PageRules]] = wildcards

    def find(self, scope: Scope) -> PageRules:
        return self.find_company(scope)[0]

    def find_company(self, scope: Scope) -> tuple[PageRules, str | None]:
        """The rules, and the company the address names where its route has a `{slug}`."""
        path: str = scope["path"]
        first = path.lstrip("/").split("/", 1)[0]
        for regex, rules in self._by_segment.get(first, self._wildcards):
            found = regex.match(path)
            if found:
                return rules, found.groupdict().get("slug")
        return UNROUTED, None


def kept_query(rules: PageRules, raw: bytes) -> bytes:
    """The query string as the page reads it: its declared parameters (and a valid `hl` on a
    page that speaks a language), in the order sent, each part as sent. Linear in `raw`."""
    if not raw:
        return raw
    wanted = rules.params
    kept = []
    for part in raw.split(b"&"):
        name, _, value = part.partition(b"=")
        key = unquote_plus(name.decode("latin-1"))
        if key in wanted or (
            key == "hl" and rules.speaks and chosen(unquote_plus(value.decode("latin-1")))
        ):
            kept.append(part)
    return b"&".join(kept)


def scope_rules(scope: Scope) -> PageRules:
    """The rules the front door found for this request (app.http.front_door)."""
    rules: Any = scope.get(SCOPE_KEY, UNROUTED)
    return rules if isinstance(rules, PageRules) else UNROUTED


SCOPE_KEY = "canvas.page_rules"

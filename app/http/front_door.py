"""The front door: every GET and HEAD is admitted, given its route's rules, and answered from
memory when it can be, before routing.

A page depends only on the database file's version and what the request key names
(app.http.request_key), so once rendered it is sent again straight from the page cache: no
routing, no dependency solving, no Response object. The cached `Page` keeps its gzip body
and its complete headers, decided once by app.http.headers, the rule the app's own
responses follow. Misses go on to the app, which renders and fills the cache under the same
key and answers with the same bytes and headers.

It is the innermost of the app's own middleware, added first: whatever middleware is added
to the app later wraps it, and so sees every request (refusals, 304s and cached pages too).
Only Starlette's ServerErrorMiddleware, always outermost, is outside everything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Receive, Scope, Send

from app.db.connection import Database
from app.http.caching import HttpCache, is_wildcard
from app.http.company_names import CompanyNames
from app.http.hosts import MISDIRECTED, PublicAddress
from app.http.page_cache import PageCache, StoredResponse, not_found_key
from app.http.request_key import RequestKey
from app.http.rules import SCOPE_KEY, UNROUTED, PageRules, RouteTable, kept_query

NOT_ALLOWED = b"405 Method Not Allowed\n"


class FrontDoor:
    """ASGI middleware over the app's routes (their rules are read when the middleware stack
    is built, after every route is added: a route without rules stops the start)."""

    def __init__(
        self,
        app: ASGIApp,
        routes: Callable[[], Iterable[BaseRoute]],
        database: Database,
        pages: PageCache,
        http_cache: HttpCache,
        public: PublicAddress,
        names: CompanyNames,
    ) -> None:
        self.app = app
        self.names = names
        self.routes = RouteTable(routes())
        self.database = database
        self.pages = pages
        self.http_cache = http_cache
        self.public = public

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rule = self.http_cache.headers
        rules, company = self.routes.find_company(scope)
        scope[SCOPE_KEY] = rules
        path = scope["path"]
        if not self.public.admit(scope):
            await rule.send_text(send, rules, path, 421, MISDIRECTED)
            return
        if scope["method"] not in ("GET", "HEAD"):  # the site is read-only
            await rule.send_text(send, rules, path, 405, NOT_ALLOWED, (b"allow", b"GET, HEAD"))
            return
        etag = None
        kept = None  # the query the route reads, once the request key has read it
        if not rules.files:  # static files have their own ETag
            asked = RequestKey.read(scope, rules, self.database)
            if asked is not None:  # (no database: the app answers 503)
                kept = asked.query
                if not asked.query and (  # (with ?hl=, the app answers)
                    rules is UNROUTED
                    or (
                        company is not None
                        and rules.speaks  # a page, not the API's JSON
                        and await self.names.unknown(asked.version, company)
                    )
                ):
                    answer = self.not_found(scope, rules, asked)
                    if answer is not None:
                        await self.send(scope, send, answer)
                        return
                answer, etag = self.answer(scope, asked)
                if answer is not None:
                    await self.send(scope, send, answer)
                    return
        handed(scope, rules, kept)
        wildcard = any(n == b"if-none-match" and is_wildcard(v) for n, v in scope["headers"])
        await self.app(scope, receive, rule.applied(scope, rules, etag, send, wildcard))

    @staticmethod
    async def send(scope: Scope, send: Send, answer: StoredResponse) -> None:
        start = {"type": "http.response.start", "status": answer.status}
        await send({**start, "headers": answer.headers})
        body = b"" if scope["method"] == "HEAD" else answer.body
        await send({"type": "http.response.body", "body": body})

    def not_found(self, scope: Scope, rules: PageRules, asked: RequestKey) -> StoredResponse | None:
        """The 404 page, in the reader's language, once the app has rendered it, for an
        address no route answers or that names no company: without routing, which costs
        FastAPI more for an unknown address than for any other (it tries every route of
        every router). Its headers are those of the route's own 404 (framing, Vary)."""
        reader = asked if rules is UNROUTED else RequestKey.read(scope, UNROUTED, self.database)
        if reader is None:  # (the reader's language: a page's own key may not name it)
            return None
        page = self.pages.lookup(not_found_key(reader.version, reader.lang))
        if page is None:
            return None
        headers = self.http_cache.headers
        return page.answer(reader.gzip, rules, scope["path"], None, headers, 404)

    def answer(self, scope: Scope, asked: RequestKey) -> tuple[StoredResponse | None, bytes]:
        """(a 304 or the cached page, or None; the ETag the app's answer must carry)."""
        cache = self.http_cache
        key = asked.page_key(scope)
        etag = cache.etag(asked.digest, key)
        page = self.pages.lookup(key)
        if asked.if_none_match is not None:
            if is_wildcard(asked.if_none_match):
                if page is not None:  # it exists: `*` matches
                    return cache.not_modified_answer(scope, etag), etag
            else:
                answer = cache.not_modified(scope, asked, etag)
                if answer is not None:
                    return answer, etag
        if page is None:
            return None, etag
        rules = scope[SCOPE_KEY]
        return page.answer(asked.gzip, rules, scope["path"], etag, cache.headers), etag


def handed(scope: Scope, rules: PageRules, kept: bytes | None = None) -> None:
    """What the handler may read, in place: the query parameters its route declares, and
    HX-Request only where it declares a fragment. A page cannot then depend on anything its
    cache key and ETag leave out; a parameter it forgot to declare is simply not there.
    (`kept`: that query as the request key already read it.)"""
    scope["query_string"] = kept_query(rules, scope["query_string"]) if kept is None else kept
    if not rules.fragment:
        scope["headers"] = [(n, v) for n, v in scope["headers"] if n != b"hx-request"]

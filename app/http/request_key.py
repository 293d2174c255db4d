"""What a GET or HEAD depends on and asks for, read once from its scope: the request key.

A page depends only on the database file and the request's scheme, Host, path, and what its
route declares (app.http.rules): the query parameters it reads, HX-Request where it has a
fragment, the language Accept-Language prefers where it speaks the reader's; the key names
those, the ETag and the page cache both follow it, and If-None-Match and Accept-Encoding say
what the client already has.
"""

from __future__ import annotations

from typing import NamedTuple

from starlette.types import Scope

from app.db.connection import Database, NoDatabase
from app.http.compression import accepts_gzip
from app.http.languages import negotiate
from app.http.page_cache import PageKey
from app.http.rules import READER, PageRules, kept_query


def names_language(query: bytes) -> bool:
    """Whether a query as `kept_query` keeps it carries `hl` (kept only when valid)."""
    return query.startswith(b"hl=") or b"&hl=" in query


_ASKED = frozenset(
    {b"hx-request", b"host", b"if-none-match", b"accept-encoding", b"accept-language"}
    | {b"hx-history-restore-request"}
)


class RequestKey(NamedTuple):
    """What a GET or HEAD depends on and asks for, read from its headers in one pass.
    (A NamedTuple: immutable and named, and built on every request without the per-field
    `object.__setattr__` of a frozen dataclass.)"""

    version: tuple[int, int]  # the database file's
    digest: str  # the database content's
    scheme: str  # after a trusted proxy's X-Forwarded-Proto
    hx: bool
    host: bytes
    if_none_match: bytes | None
    gzip: bool
    query: bytes  # what of the query string the page reads (app.http.rules.kept_query)
    lang: str  # Accept-Language's choice where the answer speaks it, else ""

    @classmethod
    def read(cls, scope: Scope, rules: PageRules, database: Database) -> RequestKey | None:
        """None when there is no database (the app answers 503)."""
        try:
            version, digest, _ = database.snapshot()
        except NoDatabase:
            return None
        return cls.of(scope, rules, version, digest)

    @classmethod
    def of(
        cls, scope: Scope, rules: PageRules, version: tuple[int, int], digest: str
    ) -> RequestKey:
        # the first of repeated headers, as the views read them (Starlette's `headers.get`
        # and base URL): a page must be stored under the key of what it was rendered for
        first: dict[bytes, bytes] = {}
        for name, value in scope["headers"]:
            if name in _ASKED and name not in first:
                first[name] = value
        encoding = first.get(b"accept-encoding")
        query = kept_query(rules, scope["query_string"])
        lang = ""
        if rules.language == READER and not names_language(query):
            accept = first.get(b"accept-language")
            lang = negotiate(accept.decode("latin-1") if accept is not None else None)
        return cls(
            version,
            digest,
            scope["scheme"],
            # htmx restoring a page from history asks with HX-Request too, for the whole page
            rules.fragment
            and first.get(b"hx-request") == b"true"
            and b"hx-history-restore-request" not in first,
            first.get(b"host", b""),
            first.get(b"if-none-match"),
            encoding is not None and accepts_gzip(encoding.decode("latin-1")),
            query,
            lang,
        )

    def page_key(self, scope: Scope) -> PageKey:
        """What a cached page depends on: the one key the fast path looks pages up by and
        app.views.responses fills them under. The scheme and Host are in it because embed
        snippets and preview metadata carry absolute URLs; of the query, only what a page
        reads (`?utm=1`, `?utm=2`... are the one page, not a render and an entry each)."""
        return PageKey(
            self.version, self.scheme, self.host, scope["path"], self.query, self.hx, self.lang
        )

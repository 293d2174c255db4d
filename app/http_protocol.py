"""`canvas serve`'s HTTP protocol: uvicorn's httptools protocol, answering from memory first.

Why: a 304 or a page the renderer already cached is a few dictionary lookups
(app.fastpath.MemoryAnswers), but reaching it through ASGI costs a request/response
cycle object, an event, a task, the proxy-headers middleware and two header regexes per
header: measured here, a bare ASGI app answering a constant 304 under uvicorn managed 25k
requests/s where the same answer written from the parser callback managed 54k, nginx's
figure. So this protocol asks `MemoryAnswers.answer` as soon as a request's headers are
parsed and writes the answer itself; anything it cannot answer (other methods, a body, an
upgrade, `Expect: 100-continue`, a request queued behind another, a cache miss) goes on
to uvicorn's own code, unchanged.

Second, a response's head waits for its body (`HeadHoldingTransport`): uvicorn writes the
status line and headers as one send and the body as another, two packets and two
wake-ups of the client under TCP_NODELAY; joined, uvloop's `writelines` is one `writev`.

Third, the keep-alive timeout is armed once per period instead of cancelled and started
again around every request (see `on_response_complete`).

What this relies on in uvicorn is its extension point (`Config(http=...)`) and members of
`HttpToolsProtocol` that are not public (`parser`, `url`, `headers`, `cycle`, `pipeline`,
`_start_asgi_task`, `_unset_keepalive_if_required`, `timeout_keep_alive_task`), so
pyproject.toml pins uvicorn's minor version, and tests/test_http_protocol.py drives a real
server over raw sockets (keep-alive and its timeout, pipelining, HEAD, HTTP/1.0, proxies)
to catch a change when the pin moves.
"""

from __future__ import annotations

import asyncio
import logging
import urllib.parse
from typing import Any

import httptools
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from app.fastpath import MemoryAnswers
from app.rendering import Answer, header_lines

CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"  # must leave at once: the client waits for it
_BODY_HEADERS = (b"content-length", b"transfer-encoding")
_SCHEMES = {"http", "https", "ws", "wss"}  # as uvicorn.middleware.proxy_headers
log = logging.getLogger("uvicorn.error")


class HeadHoldingTransport:
    """The connection's transport, holding back the first write of each response (its
    head) until the next write (its body) or the response's end (HEAD requests, 304s
    with no body write, errors that close the connection)."""

    __slots__ = ("_expect_head", "_head", "_transport")

    def __init__(self, transport: asyncio.Transport) -> None:
        self._transport = transport
        self._head: bytes | None = None
        self._expect_head = True  # the next write starts a response

    def write(self, data: bytes) -> None:
        head = self._head
        if head is not None:
            self._head = None
            self._transport.writelines((head, data))
        elif self._expect_head and data != CONTINUE:
            self._expect_head = False
            self._head = data
        else:
            self._transport.write(data)

    def send(self, head: bytes, body: bytes) -> None:
        """A whole response at once (answers from memory): nothing is held."""
        if body:
            self._transport.writelines((head, body))
        else:
            self._transport.write(head)

    def release(self) -> None:
        """Send what is held; the next write starts the next response."""
        head = self._head
        if head is not None:
            self._head = None
            self._transport.write(head)
        self._expect_head = True

    def close(self) -> None:
        self.release()
        self._transport.close()

    def abort(self) -> None:
        self._head = None
        self._transport.abort()

    def __getattr__(self, name: str) -> Any:
        # get_extra_info, is_closing, pause_reading, resume_reading ...: the real transport
        return getattr(self._transport, name)


_default: tuple[list[tuple[bytes, bytes]], bytes] = ([], b"")


def _default_head(headers: list[tuple[bytes, bytes]]) -> bytes:
    """uvicorn's default headers (Date, renewed each second) as lines, joined once per list."""
    global _default
    if _default[0] is not headers:
        _default = (headers, header_lines(headers))
    return _default[1]


def _memory_of(app: Any) -> MemoryAnswers | None:
    """The site's MemoryAnswers, under whatever middleware uvicorn wrapped it in."""
    for _ in range(8):
        memory = getattr(app, "memory", None)
        if isinstance(memory, MemoryAnswers):
            return memory
        app = getattr(app, "app", None)
    return None


class MemoryFirstProtocol(HttpToolsProtocol):
    """Named by `app.serving.UVICORN`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # a concurrency limit (503s) or an access log: uvicorn's own path, which has them
        plain = self.limit_concurrency is None and not self.config.access_log
        self._memory = _memory_of(self.app) if plain else None
        self._proxy = self.app if isinstance(self.app, ProxyHeadersMiddleware) else None
        self._forwarded = False
        self._answered = False  # the parser's current message was answered from memory
        self._head_request = False
        self._idle_since: float | None = None  # when the last answer ended, if idle since

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(HeadHoldingTransport(transport))  # type: ignore[arg-type]
        proxy, client = self._proxy, self.client
        # whether X-Forwarded-Proto counts, as uvicorn's proxy-headers middleware decides
        host = client[0] if client else None
        self._forwarded = proxy is not None and host in proxy.trusted_hosts

    # -- the keep-alive timeout, armed once per period rather than twice per request ---------
    # uvicorn cancels the timer when data arrives and starts a new one when an answer is
    # complete: two timer operations a request, a fifth of a 304's cost. Here the timer
    # stays armed; the end of each answer only notes the time, and when the timer fires it
    # closes the connection if it has been idle for the whole timeout, or waits the rest.

    def _unset_keepalive_if_required(self) -> None:  # uvicorn's hook: data arrived
        self._idle_since = None  # busy: no timeout while a request is under way

    def on_response_complete(self) -> None:
        self.transport.release()  # type: ignore[attr-defined]
        self.server_state.total_requests += 1
        if self.transport.is_closing():
            return
        self.flow.resume_reading()
        if self.pipeline:  # requests that arrived while this one was answered
            self._idle_since = None
            cycle, app = self.pipeline.pop()
            self._start_asgi_task(cycle, app)
            return
        self._idle_since = self.loop.time()
        if self.timeout_keep_alive_task is None:
            self.timeout_keep_alive_task = self.loop.call_later(
                self.timeout_keep_alive, self._keep_alive_due
            )

    def _keep_alive_due(self) -> None:
        self.timeout_keep_alive_task = None
        since = self._idle_since
        if since is None:
            return  # a request is under way: its answer arms the timer again
        left = since + self.timeout_keep_alive - self.loop.time()
        if left > 0:
            self.timeout_keep_alive_task = self.loop.call_later(left, self._keep_alive_due)
        else:
            self.timeout_keep_alive_handler()

    def connection_lost(self, exc: Exception | None) -> None:
        super().connection_lost(exc)
        if self.timeout_keep_alive_task is not None:
            self.timeout_keep_alive_task.cancel()
            self.timeout_keep_alive_task = None

    def on_headers_complete(self) -> None:
        answer = self._from_memory() if self._memory is not None else None
        if answer is None:
            self._idle_since = None  # an app request, maybe pipelined behind an answer
            super().on_headers_complete()
            return
        self._answered = True
        parser = self.parser
        keep_alive = parser.get_http_version() != "1.0" and parser.should_keep_alive()
        head = b"".join(
            (
                STATUS_LINE[answer.status],
                _default_head(self.server_state.default_headers),  # Date
                answer.head,  # the site's own headers, checked when it built them
                b"\r\n" if keep_alive else b"connection: close\r\n\r\n",
            )
        )
        body = b"" if self._head_request else answer.body
        self.transport.send(head, body)  # type: ignore[attr-defined]
        if not keep_alive:
            self.transport.close()
        self.on_response_complete()  # counts it, arms the keep-alive timeout

    def on_message_complete(self) -> None:
        if self._answered:
            self._answered = False
            return
        super().on_message_complete()

    def _from_memory(self) -> Answer | None:
        """The answer for the request whose headers were just parsed, if memory has one
        and nothing about the request or the connection needs uvicorn's own handling."""
        parser = self.parser
        method = parser.get_method()
        if method not in (b"GET", b"HEAD") or self.expect_100_continue:
            return None
        if parser.should_upgrade() or self.pipeline:
            return None
        if self.flow.write_paused:  # the client is not reading: uvicorn's path waits for it
            return None
        if self.cycle is not None and not self.cycle.response_complete:
            return None  # the previous answer is still being written: keep the order
        headers = self.headers
        forwarded = None
        for name, value in headers:
            if name in _BODY_HEADERS:
                return None
            if name == b"x-forwarded-proto":
                forwarded = value  # the last one, as uvicorn's proxy-headers middleware
        scheme = self.scheme or "http"
        if forwarded is not None and self._forwarded:
            proto = forwarded.decode("latin-1").strip()
            if proto in _SCHEMES:  # the scheme the app will see
                scheme = proto
        try:
            url = httptools.parse_url(self.url)
            path = url.path.decode("ascii")
        except (httptools.HttpParserError, UnicodeDecodeError):
            return None  # uvicorn's own path answers 400
        if "%" in path:
            path = urllib.parse.unquote(path)
        self._head_request = method == b"HEAD"
        scope = {
            "type": "http",
            "method": "HEAD" if self._head_request else "GET",
            "scheme": scheme,
            "path": self.root_path + path,
            "query_string": url.query or b"",
            "headers": headers,
        }
        try:
            answer, _ = self._memory.answer(scope)  # type: ignore[union-attr]
        except Exception:  # a bug here must not cost the request: the app answers it
            log.exception("answering from memory failed; the app answers instead")
            return None
        return answer

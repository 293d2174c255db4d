"""`canvas serve`'s HTTP protocol, over raw sockets to a real server: answers from memory
are the app's own answers, byte for byte, and HTTP keeps working around them."""

from __future__ import annotations

import asyncio
import gzip
import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.http_protocol import CONTINUE, HeadHoldingTransport
from app.web import create_app
from tests.live_server import HOST, LiveServer

PAGE = "/c/cigna/2023"


class CountingApp:
    """The site behind an ASGI wrapper that counts the HTTP requests reaching ASGI at all;
    the protocol finds the site's memory through `.app`, as under uvicorn's middleware."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.calls = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            self.calls += 1
        await self.app(scope, receive, send)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    from tests.live_server import SEEDS, load

    db = load([SEEDS], tmp_path_factory.mktemp("protocol") / "canvas.db")
    server = LiveServer(db, CountingApp(create_app(db))).start()
    yield server
    server.stop()


def connect(server: LiveServer) -> socket.socket:
    port = int(server.url.rsplit(":", 1)[1])
    sock = socket.create_connection((HOST, port), timeout=10)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


class Reader:
    """Reads HTTP/1.1 responses off one connection, by Content-Length."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = b""

    def _fill(self) -> bool:
        chunk = self.sock.recv(65536)
        self.buffer += chunk
        return bool(chunk)

    def response(self, head_request: bool = False) -> tuple[int, list[tuple[str, str]], bytes]:
        while b"\r\n\r\n" not in self.buffer:
            assert self._fill(), f"connection closed mid-response: {self.buffer[:200]!r}"
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        status_line, *lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split()[1])
        headers = [(n.lower(), v) for n, v in (line.split(": ", 1) for line in lines)]
        length = 0 if head_request or status == 304 else int(dict(headers)["content-length"])
        while len(self.buffer) < length:
            assert self._fill(), "connection closed mid-body"
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return status, headers, body

    def closed(self) -> bool:
        """Whether the server closed the connection (and sent nothing more)."""
        self.sock.settimeout(5)
        return not self.buffer and not self._fill()


def request(path: str, *extra: str, method: str = "GET", version: str = "1.1") -> bytes:
    lines = [f"{method} {path} HTTP/{version}", f"Host: {HOST}", *extra, "", ""]
    return "\r\n".join(lines).encode()


def without_date(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(name, value) for name, value in headers if name != "date"]


@pytest.mark.parametrize("encoding", ["identity", "gzip"])
def test_a_page_from_memory_is_the_apps_page_byte_for_byte(site: LiveServer, encoding: str) -> None:
    app: CountingApp = site.app  # type: ignore[assignment]
    path = f"{PAGE}?encoding={encoding}"  # a page of its own: the first GET renders it
    with connect(site) as sock:
        reader = Reader(sock)
        before = app.calls
        sock.sendall(request(path, f"Accept-Encoding: {encoding}"))
        rendered = reader.response()
        assert app.calls == before + 1  # the first answer came from the app
        sock.sendall(request(path, f"Accept-Encoding: {encoding}"))
        remembered = reader.response()
        assert app.calls == before + 1  # the second never reached ASGI
    assert rendered[0] == remembered[0] == 200
    assert sorted(without_date(remembered[1])) == sorted(without_date(rendered[1]))
    assert remembered[2] == rendered[2]
    body = gzip.decompress(remembered[2]) if encoding == "gzip" else remembered[2]
    assert b'id="key-partners"' in body
    assert [name for name, _ in remembered[1]].count("date") == 1


def test_a_304_from_memory_carries_the_validators_and_no_body(site: LiveServer) -> None:
    app: CountingApp = site.app  # type: ignore[assignment]
    with connect(site) as sock:
        reader = Reader(sock)
        sock.sendall(request(PAGE))
        _, headers, _ = reader.response()
        etag = dict(headers)["etag"]
        before = app.calls
        sock.sendall(request(PAGE, f'If-None-Match: "other", {etag}'))
        status, not_modified, body = reader.response()
        sock.sendall(request(PAGE, 'If-None-Match: W/"stale"'))
        stale = reader.response()
    assert app.calls == before  # both answered from memory
    assert status == 304 and body == b""
    assert dict(not_modified)["etag"] == etag
    assert dict(not_modified)["vary"] == "HX-Request, Accept-Encoding"
    assert "content-length" not in dict(not_modified)
    assert stale[0] == 200 and dict(stale[1])["etag"] == etag


def test_memory_and_the_app_take_turns_on_one_connection_in_order(site: LiveServer) -> None:
    """Keep-alive across both paths, then the same requests pipelined in one write."""
    sequence = [
        (PAGE, 200, b'id="key-partners"'),
        ("/healthz", 200, b'"status":"ok"'),
        ("/c/nobody/2023", 404, b"Not found"),
        (PAGE, 200, b'id="key-partners"'),
        ("/api/companies", 200, b'"cigna"'),
        ("/c/cigna/2015", 200, b'id="customer-segments"'),
    ]
    for pipelined in (False, True):
        with connect(site) as sock:
            reader = Reader(sock)
            if pipelined:
                sock.sendall(b"".join(request(path) for path, _, _ in sequence))
            for path, status, marker in sequence:
                if not pipelined:
                    sock.sendall(request(path))
                got, _, body = reader.response()
                assert (path, got) == (path, status)
                assert marker in body, path


def test_head_has_the_gets_headers_and_no_body(site: LiveServer) -> None:
    with connect(site) as sock:
        reader = Reader(sock)
        sock.sendall(request(PAGE))
        get = reader.response()
        sock.sendall(request(PAGE, method="HEAD"))
        head = reader.response(head_request=True)
        sock.sendall(request("/healthz"))  # stray body bytes would break this answer
        after = reader.response()
    assert head[0] == 200 and head[2] == b""
    assert sorted(without_date(head[1])) == sorted(without_date(get[1]))
    assert after[0] == 200 and b'"status":"ok"' in after[2]


@pytest.mark.parametrize(("version", "extra"), [("1.0", ()), ("1.1", ("Connection: close",))])
def test_a_request_that_ends_the_connection_gets_it_closed(
    site: LiveServer, version: str, extra: tuple[str, ...]
) -> None:
    with connect(site) as sock:
        sock.sendall(request(PAGE))
        Reader(sock).response()  # cached now
        reader = Reader(sock)
        sock.sendall(request(PAGE, *extra, version=version))
        status, headers, body = reader.response()
        assert status == 200 and b'id="key-partners"' in body
        assert dict(headers)["connection"] == "close"
        assert reader.closed()


def test_a_trusted_proxys_scheme_gets_its_own_page_and_etag(site: LiveServer) -> None:
    """uvicorn trusts X-Forwarded-Proto from 127.0.0.1 by default; pages carry absolute
    URLs, so an https page must never be served to http (or the reverse) from memory."""
    answers = {}
    with connect(site) as sock:
        reader = Reader(sock)
        for _ in range(2):  # the second round comes from memory
            for scheme in ("https", "http"):
                sock.sendall(request(PAGE, f"X-Forwarded-Proto: {scheme}"))
                answers[scheme] = reader.response()
    canonical = {
        scheme: re.search(rb'<link rel="canonical" href="([^"]+)"', body).group(1)  # type: ignore[union-attr]
        for scheme, (_, _, body) in answers.items()
    }
    assert canonical["https"].startswith(b"https://") and canonical["http"].startswith(b"http://")
    assert dict(answers["https"][1])["etag"] != dict(answers["http"][1])["etag"]


def test_percent_escapes_and_expect_continue_reach_the_same_page(site: LiveServer) -> None:
    with connect(site) as sock:
        reader = Reader(sock)
        sock.sendall(request(PAGE))
        plain = reader.response()
        sock.sendall(request("/c/cigna/%32%30%323"))
        escaped = reader.response()
        sock.sendall(request(PAGE, "Expect: 100-continue"))  # uvicorn's own path
        expecting = reader.response()
    assert escaped[2] == plain[2] == expecting[2]
    assert dict(escaped[1])["etag"] == dict(plain[1])["etag"]


def test_a_failure_in_memory_is_logged_and_the_app_answers(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    from tests.live_server import SEEDS, load

    db = load([SEEDS], tmp_path / "canvas.db")
    app = create_app(db)
    server = LiveServer(db, app).start()
    try:
        original = app.memory.answer

        def broken(scope: Any) -> Any:
            if "asgi" not in scope:  # the protocol's call (an ASGI scope names its version)
                raise RuntimeError("memory is broken")
            return original(scope)

        with connect(server) as sock:
            reader = Reader(sock)
            sock.sendall(request(PAGE))
            reader.response()
            app.memory.answer = broken  # type: ignore[method-assign]
            sock.sendall(request(PAGE))
            status, _, body = reader.response()
    finally:
        server.stop()
    assert status == 200 and b'id="key-partners"' in body
    # uvicorn's error log (its own handler, to stderr), with the traceback
    assert "answering from memory failed" in capfd.readouterr().err


def test_a_swapped_database_changes_the_next_answer_from_memory(tmp_path: Path) -> None:
    """The loader's rename is seen by the very next request on an open connection: its
    304 becomes a 200 with a new ETag and the new page."""
    from tests.conftest import PAGE_SEED, POST_SEED
    from tests.live_server import load

    db = load([POST_SEED], tmp_path / "canvas.db")
    server = LiveServer(db).start()
    try:
        with connect(server) as sock:
            reader = Reader(sock)
            sock.sendall(request("/c/cigna/2015"))
            _, headers, before = reader.response()
            etag = dict(headers)["etag"]
            sock.sendall(request("/c/cigna/2015", f"If-None-Match: {etag}"))
            assert reader.response()[0] == 304  # from memory
            load([POST_SEED, PAGE_SEED], db)  # renames a new file over the old
            sock.sendall(request("/c/cigna/2015", f"If-None-Match: {etag}"))
            status, headers, after = reader.response()
    finally:
        server.stop()
    assert status == 200 and dict(headers)["etag"] != etag
    assert b"Cigna Corporation</span>" in after and b"Cigna Corporation</span>" not in before


def test_the_keep_alive_timeout_closes_idle_connections_only(tmp_path: Path) -> None:
    """Busy for longer than the timeout: open; idle for the timeout: closed by the server."""
    from tests.live_server import SEEDS, load

    db = load([SEEDS], tmp_path / "canvas.db")
    server = LiveServer(db, timeout_keep_alive=1).start()
    try:
        with connect(server) as sock:
            reader = Reader(sock)
            for path in (PAGE, "/healthz", PAGE, PAGE, "/healthz"):  # memory and the app
                sock.sendall(request(path))
                assert reader.response()[0] == 200
                time.sleep(0.4)  # 2 s in all, never 1 s idle
            started = time.monotonic()
            assert reader.closed()
            idle = time.monotonic() - started
    finally:
        server.stop()
    assert 0.3 < idle < 2.5  # about 1 s after the last answer (0.4 s of it slept above)


class SlowApp:
    """The site, with `/slow` answering /healthz after a pause of `delay` seconds."""

    def __init__(self, app: Any, delay: float) -> None:
        self.app = app
        self.delay = delay

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == "/slow":
            await asyncio.sleep(self.delay)
            scope = {**scope, "path": "/healthz"}
        await self.app(scope, receive, send)


def test_no_keep_alive_timeout_while_a_request_behind_an_answer_runs(tmp_path: Path) -> None:
    """A memory answer, then in the same read an app request longer than the timeout:
    the timer must not count the connection idle meanwhile."""
    from tests.live_server import SEEDS, load

    db = load([SEEDS], tmp_path / "canvas.db")
    server = LiveServer(db, SlowApp(create_app(db), delay=1.8), timeout_keep_alive=1).start()
    try:
        with connect(server) as sock:
            reader = Reader(sock)
            sock.sendall(request(PAGE))
            reader.response()  # cached now
            sock.sendall(request(PAGE) + request("/slow"))
            assert reader.response()[0] == 200  # from memory
            status, _, body = reader.response()
    finally:
        server.stop()
    assert status == 200 and b'"status":"ok"' in body


def test_a_client_that_does_not_read_cannot_pile_up_answers(tmp_path: Path) -> None:
    """Pipelined GETs from a client that never reads: once the transport's buffer is full,
    memory stops answering and uvicorn's own path waits for the client, as it does."""
    from tests.live_server import SEEDS, load

    db = load([SEEDS], tmp_path / "canvas.db")
    server = LiveServer(db).start()
    try:
        with connect(server) as sock:
            reader = Reader(sock)
            sock.sendall(request(PAGE))
            _, _, page = reader.response()
            sock.setblocking(False)
            burst, deadline = request(PAGE) * 200, time.monotonic() + 2
            while time.monotonic() < deadline:
                try:
                    sock.send(burst)
                except BlockingIOError:
                    time.sleep(0.01)
            time.sleep(0.2)
            buffered = max(
                c.transport.get_write_buffer_size() for c in server.server.server_state.connections
            )
    finally:
        server.stop()
    assert buffered < 20 * len(page)  # unbounded, it reached gigabytes in 3 s


@pytest.mark.parametrize(
    ("first", "second"),
    [("HX-Request: true", "HX-Request: false"), ("Host: evil.example", f"Host: {HOST}")],
)
def test_repeated_headers_cannot_store_a_page_under_another_key(
    site: LiveServer, first: str, second: str
) -> None:
    """The views read the first of repeated headers, and so does the page key: a page is
    never stored under the key of a variant it was not rendered for."""
    path = f"{PAGE}?repeated={len(first)}"
    raw = f"GET {path} HTTP/1.1\r\n{first}\r\n{second}\r\n\r\n".encode()
    if not first.startswith("Host"):
        raw = request(path, first, second)
    with connect(site) as sock:
        reader = Reader(sock)
        sock.sendall(raw)
        reader.response()
        sock.sendall(request(path))  # a plain visitor, Host 127.0.0.1
        _, _, body = reader.response()
    assert body.startswith(b"<!doctype html>")  # the page, not the htmx fragment
    assert b"evil.example" not in body


def test_the_scheme_follows_the_last_forwarded_proto_as_uvicorn_does(site: LiveServer) -> None:
    path = f"{PAGE}?forwarded=last"
    with connect(site) as sock:
        reader = Reader(sock)
        for scheme in ("https", "http"):  # both pages rendered and kept
            sock.sendall(request(path, f"X-Forwarded-Proto: {scheme}"))
            reader.response()
        sock.sendall(request(path, "X-Forwarded-Proto: https", "X-Forwarded-Proto: bogus"))
        _, _, body = reader.response()  # uvicorn ignores the invalid last one: http
    assert b'<link rel="canonical" href="http://' in body


# -- the transport: one write per answer ------------------------------------------------------


class RecordingTransport(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, bytes]] = []
        self.closed = False

    def write(self, data: bytes) -> None:  # type: ignore[override]
        self.calls.append(("write", bytes(data)))

    def writelines(self, chunks: Any) -> None:
        self.calls.append(("writelines", b"".join(chunks)))

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed


def test_a_head_waits_for_its_body_and_leaves_with_it() -> None:
    real = RecordingTransport()
    held = HeadHoldingTransport(real)
    held.write(b"HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\n")
    assert real.calls == []
    held.write(b"body")
    held.write(b"more")  # a later chunk of the same response goes straight out
    held.release()  # the response is complete
    held.write(b"HTTP/1.1 200 OK\r\n\r\n")  # the next response's head waits again
    assert real.calls == [
        ("writelines", b"HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\nbody"),
        ("write", b"more"),
    ]
    assert held.is_closing() is False  # everything else is the real transport's


def test_what_has_no_body_write_leaves_at_the_end_and_100_continue_at_once() -> None:
    real = RecordingTransport()
    held = HeadHoldingTransport(real)
    held.write(CONTINUE)
    assert real.calls == [("write", CONTINUE)]
    held.write(b"HTTP/1.1 200 OK\r\ncontent-length: 9\r\n\r\n")  # a HEAD: no body write
    held.release()
    held.write(b"HTTP/1.1 400 Bad Request\r\n\r\n")  # then closed without a body
    held.close()
    assert real.calls[1:] == [
        ("write", b"HTTP/1.1 200 OK\r\ncontent-length: 9\r\n\r\n"),
        ("write", b"HTTP/1.1 400 Bad Request\r\n\r\n"),
    ]
    assert real.closed

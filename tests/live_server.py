"""A real HTTP server for the browser tests: uvicorn in a background thread on 127.0.0.1.

`live_site` serves the seeds, loaded once per session by the real `canvas load`;
`serve_documents` loads other documents into a database of their own and serves that.
Every server gets a free port and is stopped when the session ends.
"""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections.abc import Callable, Iterator
from html import escape
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from typer.testing import CliRunner

from app.cli import cli
from app.serving import UVICORN
from app.web import create_app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
HOST = "127.0.0.1"


def load(paths: list[Path], db: Path) -> Path:
    """`canvas load PATHS --db DB --quiet`, in process; fails the test on a bad load."""
    result = CliRunner().invoke(cli, ["load", *map(str, paths), "--db", str(db), "--quiet"])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, f"canvas load failed: {result.stdout}{result.stderr}"
    return db


def loopback_socket(host: str) -> socket.socket:
    """A socket bound to a free port on `host`, which must be a loopback address."""
    assert host.startswith("127."), f"{host} is not a loopback address"
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    return sock


def production_config(app: object, host: str, port: int, **overrides: Any) -> uvicorn.Config:
    """What `canvas serve` gives uvicorn (app.serving.UVICORN: its HTTP protocol, no access
    log), for an app object: the browser tests see the production server."""
    options = {name: value for name, value in UVICORN.items() if name != "factory"}
    return uvicorn.Config(app, host=host, port=port, **{**options, **overrides})


class LiveServer:
    """`create_app(db)` (or `app`) served like `canvas serve` on a free loopback port, in a
    daemon thread."""

    def __init__(self, db: Path, app: object = None, host: str = HOST, **options: Any) -> None:
        self.sock = loopback_socket(host)
        port = self.sock.getsockname()[1]
        self.url = f"http://{host}:{port}"
        self.app = app if app is not None else create_app(db)
        self.server = uvicorn.Server(production_config(self.app, host, port, **options))
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the live server at {self.url} did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


@pytest.fixture(scope="session")
def live_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of the site over the seeds (cigna: 2015 en, 2023 ar, 2025 en)."""
    db = load([SEEDS], tmp_path_factory.mktemp("live-seeds") / "canvas.db")
    server = LiveServer(db).start()
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def serve_documents(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[[dict[str, str]], str]]:
    """Write {file name: text} to a fresh folder, load it into its own database, serve it;
    returns the base URL."""
    servers: list[LiveServer] = []

    def serve(documents: dict[str, str]) -> str:
        folder = tmp_path_factory.mktemp("live-docs")
        for name, text in documents.items():
            (folder / name).write_text(text, encoding="utf-8")
        db = load([folder], tmp_path_factory.mktemp("live-db") / "canvas.db")
        servers.append(LiveServer(db).start())
        return servers[-1].url

    yield serve
    for server in servers:
        server.stop()


# -- several origins, for the share-and-embed tests ------------------------------------------
# Linux routes all of 127.0.0.0/8 to lo, so 127.0.0.1, 127.0.0.2, ... are distinct origins
# without any setup; a different port on the same address is a distinct origin too.


class SiteServer(LiveServer):
    """`create_app(db, embed_origins=...)` served like `LiveServer`, on a chosen loopback
    host. `embed_origins` None keeps the configured default (CANVAS_EMBED_ORIGINS, any)."""

    def __init__(
        self, db: Path, embed_origins: tuple[str, ...] | None = None, host: str = HOST
    ) -> None:
        super().__init__(db, create_app(db, embed_origins=embed_origins), host)


class HostPages:
    """A stand-in for someone's wiki: static HTML pages on a loopback origin of their own.

    `add(path, html)` publishes a page and returns its URL; anything else is a 404. Served
    by `http.server` in a daemon thread, with no security headers of its own.
    """

    def __init__(self, host: str) -> None:
        self.pages: dict[str, bytes] = {}
        pages = self.pages

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = pages.get(self.path.split("?", 1)[0])
                self.send_response(200 if body is not None else 404)
                self.send_header("content-type", "text/html; charset=utf-8")
                self.send_header("cache-control", "no-store")
                self.end_headers()
                self.wfile.write(body if body is not None else b"not found")

            def log_message(self, format: str, *args: object) -> None:
                pass  # quiet

        assert host.startswith("127."), f"{host} is not a loopback address"
        self.httpd = http.server.ThreadingHTTPServer((host, 0), Handler)
        self.origin = f"http://{host}:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def add(self, path: str, html: str) -> str:
        """Publish `html` at `path`; its URL."""
        assert path.startswith("/")
        self.pages[path] = html.encode()
        return f"{self.origin}{path}"

    def start(self) -> HostPages:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


def host_page(
    iframe_src: str,
    *,
    height: int = 150,
    resizer: str | None = None,
    extra: str = "",
    title: str = "A wiki page",
) -> str:
    """A wiki-like page framing `iframe_src` at `height` px, full width, borderless; with
    `resizer` (the URL of the site's static/embed.js) it loads the resizer too. Every
    message the page receives is recorded in `window.__messages` ({data, origin, fromFrame})
    so a test can tell a message that was ignored from one that never came."""
    script = f'<script src="{escape(resizer)}"></script>\n' if resizer else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>
<script>
window.__messages = [];
window.addEventListener("message", (e) => {{
  const frame = document.querySelector("iframe");
  window.__messages.push({{data: e.data, origin: e.origin,
    fromFrame: !!frame && e.source === frame.contentWindow}});
}});
</script>
{script}<style>body {{ margin: 0; font-family: sans-serif; }} h1 {{ margin: 8px; }}
iframe {{ display: block; width: 100%; border: 0; }}</style>
</head><body>
<h1>{escape(title)}</h1>
<iframe id="embed" src="{escape(iframe_src)}" title="An embedded canvas" height="{height}"
 style="height: {height}px"></iframe>
{extra}
<p>Text after the embed.</p>
</body></html>
"""


@pytest.fixture(scope="session")
def serve_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., str]]:
    """`serve_site(embed_origins=None, host="127.0.0.1")`: the seeds (loaded once, by the
    real `canvas load`) served by an app with that framing policy on a free port of `host`;
    returns its base URL."""
    servers: list[SiteServer] = []
    db: list[Path] = []

    def serve(embed_origins: tuple[str, ...] | None = None, host: str = HOST) -> str:
        if not db:
            db.append(load([SEEDS], tmp_path_factory.mktemp("share-seeds") / "canvas.db"))
        servers.append(SiteServer(db[0], embed_origins, host).start())
        return servers[-1].url

    yield serve
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def host_pages() -> Iterator[Callable[[str], HostPages]]:
    """`host_pages("127.0.0.2")`: a new wiki stand-in on a free port of that address."""
    hosts: list[HostPages] = []

    def start(host: str) -> HostPages:
        hosts.append(HostPages(host).start())
        return hosts[-1]

    yield start
    for host in hosts:
        host.stop()

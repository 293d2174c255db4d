"""A real HTTP server for the browser tests: uvicorn in a background thread on 127.0.0.1.

`live_site` serves the seeds, loaded once per session by the real `canvas load`;
`serve_documents` loads other documents into a database of their own and serves that.
Every server gets a free port and is stopped when the session ends.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import uvicorn
from typer.testing import CliRunner

from app.cli import cli
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


class LiveServer:
    """`create_app(db)` served by uvicorn on a free loopback port, in a daemon thread."""

    def __init__(self, db: Path) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((HOST, 0))
        port = self.sock.getsockname()[1]
        self.url = f"http://{HOST}:{port}"
        config = uvicorn.Config(
            create_app(db), host=HOST, port=port, log_level="warning", access_log=False
        )
        self.server = uvicorn.Server(config)
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

"""`canvas serve`: the app under stock uvicorn, through its public API (`uvicorn.run`).

uvicorn's own process manager runs the workers: it replaces one that dies, and on SIGINT or
SIGTERM each finishes the requests under way before it stops. The port is tried first, so
a port in use (by anything) is one line from the CLI rather than a worker's traceback, and
the server says where it listens and what it serves before it starts. To go past one
machine's processes, put nginx in front (deploy/) or run more replicas.
"""

from __future__ import annotations

import socket
from typing import Any

import uvicorn

APP = "app.web:create_app"
#: What every worker runs with: the production settings.
UVICORN: dict[str, Any] = {
    "factory": True,
    "access_log": False,
    "log_level": "warning",
    "server_header": False,
    "ws": "none",  # no WebSocket routes: an Upgrade header is answered as plain HTTP
    "backlog": 2048,
}


def free_port(host: str, port: int) -> int:
    """The port, once it is known to be free on `host` (port 0: a free one); OSError if
    something holds it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        probe.bind((host, port))
        probe.listen(1)
        return int(probe.getsockname()[1])


def serve(host: str, port: int, workers: int) -> None:
    """Run until SIGINT or SIGTERM."""
    if workers <= 1:
        uvicorn.run(APP, host=host, port=port, **UVICORN)
    else:
        uvicorn.run(APP, host=host, port=port, workers=workers, **UVICORN)

"""What the serving benchmarks share: a free loopback port, `canvas load` and a `canvas serve`
that is waited for and stopped, each run from the repository with no CANVAS_ setting but
those given (bench/cache_keys.py, bench/not_found_flood.py)."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
CANVAS = [sys.executable, "-m", "app.cli"]


def environment(**settings: str) -> dict[str, str]:
    """This process's environment without CANVAS_ settings, plus `settings`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CANVAS_")}
    return {**env, **settings}


def load(docs: Path, db: Path, env: dict[str, str]) -> None:
    subprocess.run([*CANVAS, "load", str(docs), "--db", str(db), "--quiet"],
                   cwd=ROOT, env=env, check=True, timeout=600)  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def wait_up(port: int, deadline_s: float = 60) -> None:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not come up")


@dataclass
class Served:
    port: int
    process: subprocess.Popen[bytes]
    stderr: bytes = b""  # all the server wrote there, once it has stopped


@contextmanager
def serving(db: Path, env: dict[str, str], *options: str) -> Iterator[Served]:
    """A `canvas serve` of `db` on loopback, up; stopped on leaving the block."""
    port = free_port()
    server = subprocess.Popen(
        [*CANVAS, "serve", "--db", str(db), "--host", HOST, "--port", str(port), *options],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    served = Served(port, server)
    try:
        wait_up(port)
        yield served
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        _, served.stderr = server.communicate(timeout=30)


def memory_mb(pid: int, field: str = "VmRSS") -> float:
    """A process's memory from Linux's /proc, in MB: `VmRSS` now, `VmHWM` at its peak."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise SystemExit(f"no {field} for {pid}")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

"""`canvas serve` with two workers under uvicorn's process manager: it says what it serves,
refuses a port in use, replaces a worker that dies, and stops with every worker on SIGTERM."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import canvas_subprocess

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.fixture
def server(seeded_db: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    port = free_port()
    proc = canvas_subprocess(
        "serve", "--db", seeded_db, "--port", str(port), "--workers", "2", start_new_session=True
    )
    deadline = time.monotonic() + 60
    while len(children(proc.pid)) < 3 or not _healthy(port):  # 2 workers + the spawn tracker
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else b""
        assert time.monotonic() < deadline, "canvas serve did not come up"
        time.sleep(0.2)
    yield proc, port
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def _healthy(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", "/healthz")
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except OSError:
        return False


def workers(pid: int) -> list[int]:
    return [c for c in children(pid) if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]


def test_sigterm_stops_the_parent_and_every_worker(
    server: tuple[subprocess.Popen[bytes], int],
) -> None:
    proc, port = server
    pids = workers(proc.pid)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in pids if Path(f"/proc/{pid}").exists()]
    assert not _healthy(port)


def test_a_port_in_use_is_a_one_line_error(seeded_db: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = canvas_subprocess("serve", "--db", seeded_db, "--port", str(port))
        _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 2
    lines = stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        f"canvas: error: cannot listen on 127.0.0.1:{port}"
    )


def test_it_says_where_it_listens_and_what_it_serves(
    server: tuple[subprocess.Popen[bytes], int],
) -> None:
    proc, port = server
    assert proc.stdout is not None
    line = proc.stdout.readline().decode().strip()
    assert line.startswith(f"http://127.0.0.1:{port} · 2 workers · "), line
    assert line.endswith(": 1 company, 3 snapshots"), line


def test_a_second_server_on_a_port_in_use_is_refused(
    server: tuple[subprocess.Popen[bytes], int], seeded_db: Path
) -> None:
    """Not two servers sharing one port (and answering from two databases in turn)."""
    _, port = server
    second = canvas_subprocess("serve", "--db", seeded_db, "--port", str(port))
    _, stderr = second.communicate(timeout=60)
    assert second.returncode == 2
    lines = stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "cannot listen on 127.0.0.1:" in lines[0], lines


def test_a_worker_that_dies_is_replaced_at_any_time(
    server: tuple[subprocess.Popen[bytes], int],
) -> None:
    proc, port = server
    first = workers(proc.pid)
    os.kill(first[0], signal.SIGKILL)  # within its first seconds, as well as later
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        now = workers(proc.pid)
        if len(now) == 2 and first[0] not in now and _healthy(port):
            break
        time.sleep(0.2)
    now = workers(proc.pid)
    assert len(now) == 2 and first[0] not in now, (first, now)
    assert proc.poll() is None and _healthy(port)


def test_clients_that_go_away_mid_answer_leave_no_traceback(
    server: tuple[subprocess.Popen[bytes], int],
) -> None:
    """A client that closes before or while its answer is sent, on cached and uncached
    pages alike (a cached page once logged a traceback): every worker stays up and quiet."""
    proc, port = server
    paths = ["/c/cigna/2023", "/c/cigna/2025?q=x", "/sources/cigna-2023", "/nowhere"]
    for n in range(120):
        path = paths[n % len(paths)]
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            if n % 3 == 1:
                sock.recv(64)  # the status line has come: the body is on its way
            sock.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
            )
    assert _healthy(port)
    os.killpg(proc.pid, signal.SIGTERM)
    _, stderr = proc.communicate(timeout=30)
    assert b"Traceback" not in stderr and b"Exception in ASGI" not in stderr, stderr[-2000:]

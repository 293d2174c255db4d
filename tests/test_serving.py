"""`canvas serve` with two workers: both take connections, and both stop with the parent."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack
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


def established(pid: int, port: int) -> int:
    """Connections to `port` that process `pid` holds open (its sockets in /proc/net/tcp)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    count = 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local_port = int(fields[1].split(":")[1], 16)
        if local_port == port and fields[3] == "01" and fields[9] in inodes:  # 01: ESTABLISHED
            count += 1
    return count


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


def test_both_workers_take_a_share_of_keep_alive_connections(
    server: tuple[subprocess.Popen[bytes], int],
) -> None:
    proc, port = server
    pids = workers(proc.pid)
    assert len(pids) == 2
    with ExitStack() as stack:
        for _ in range(40):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            stack.callback(conn.close)
            conn.request("GET", "/c/cigna/2015")
            response = conn.getresponse()
            assert response.status == 200
            response.read()  # the connection stays open (keep-alive)
        time.sleep(0.3)
        shares = [established(pid, port) for pid in pids]
    assert sum(shares) == 40, shares
    assert min(shares) >= 8, shares  # one shared socket gave 11 of 64 to one worker


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


def test_large_strings_come_from_the_heap_on_glibc() -> None:
    import platform

    from app.serving import tune_malloc

    assert tune_malloc() is (platform.libc_ver()[0] == "glibc")

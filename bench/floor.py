"""The floor of a Python server here: the same bytes for every request, and nothing else.

Why: `make bench-serve` holds the 195 KB canvas page, sent without compression, to a p99 of
10 ms at 64 connections, and neither `canvas serve` nor nginx reach it reliably on this
machine. This asks what the least a Python server can do gets: a bare asyncio protocol in
two processes (one `SO_REUSEPORT` socket each, as `canvas serve` runs), which finds the end
of each request's head and writes the file's bytes behind a fixed head, with no parsing,
routing or app. Whatever it cannot reach, no Python app on the same loop can.

    curl -s -H 'Accept-Encoding: identity' http://127.0.0.1:8000/c/cigna/2023 > /tmp/page.html
    .venv/bin/python bench/floor.py /tmp/page.html            # 4 rounds of wrk -t2 -c64 -d6s

Needs the Debian package `wrk`; listens on 127.0.0.1 only and stops its workers at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

from serve import BenchError, free_port, tool

HEAD = b"HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: %d\r\n\r\n"


class SameBytes(asyncio.Protocol):
    """Answers every complete request head on the connection with `answer`."""

    def __init__(self, answer: bytes) -> None:
        self.answer = answer
        self.pending = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        assert self.transport is not None
        self.pending += data
        while (end := self.pending.find(b"\r\n\r\n")) >= 0:
            self.pending = self.pending[end + 4 :]
            self.transport.write(self.answer)


def worker(body: bytes, port: int) -> None:
    answer = HEAD % len(body) + body
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(2048)

    async def main() -> None:
        loop = asyncio.get_running_loop()
        await loop.create_server(lambda: SameBytes(answer), sock=sock)
        await asyncio.Event().wait()

    asyncio.run(main())


def start(body: bytes, workers: int) -> tuple[int, list[multiprocessing.Process]]:
    """The workers, listening once this returns."""
    port = free_port()
    procs = [multiprocessing.Process(target=worker, args=(body, port)) for _ in range(workers)]
    for proc in procs:
        proc.start()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return port, procs
        except OSError:
            time.sleep(0.05)
    stop(procs)
    raise SystemExit(f"bench/floor.py: the workers did not listen on 127.0.0.1:{port}")


def stop(procs: list[multiprocessing.Process]) -> None:
    for proc in procs:
        proc.terminate()
    for proc in procs:
        proc.join(5)


_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
_P99 = re.compile(r"^\s+99%\s+([\d.]+)(us|ms|s)\b", re.M)
_UNIT_MS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def wrk_round(port: int, connections: int, seconds: float) -> tuple[float, float]:
    """(requests/s, p99 ms) of one wrk run."""
    out = subprocess.run(
        [
            tool("wrk"),
            "-t2",
            f"-c{connections}",
            f"-d{seconds:g}s",
            "--latency",
            f"http://127.0.0.1:{port}/",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    rps, p99 = _RPS.search(out), _P99.search(out)
    if rps is None or p99 is None:
        raise SystemExit(f"bench/floor.py: could not read wrk's output:\n{out}")
    return float(rps.group(1)), float(p99.group(1)) * _UNIT_MS[p99.group(2)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page", type=Path, help="the bytes to answer with")
    parser.add_argument("--rounds", type=int, default=4, help="wrk runs (4)")
    parser.add_argument("--connections", type=int, default=64, help="wrk connections (64)")
    parser.add_argument("--duration", type=float, default=6, help="seconds per run (6)")
    parser.add_argument("--workers", type=int, default=2, help="server processes (2)")
    args = parser.parse_args()
    try:
        tool("wrk")  # before any worker starts
        body = args.page.read_bytes()
    except BenchError as exc:
        sys.exit(f"bench/floor.py: {exc}")
    except OSError as exc:
        sys.exit(f"bench/floor.py: {args.page}: {exc.strerror}")
    port, procs = start(body, args.workers)
    try:
        wrk_round(port, args.connections, 2)  # warm-up, not reported
        for n in range(1, args.rounds + 1):
            rps, p99 = wrk_round(port, args.connections, args.duration)
            print(f"round {n}: {rps:,.0f} req/s, p99 {p99:.2f} ms ({len(body):,} bytes)")
    finally:
        stop(procs)


if __name__ == "__main__":
    main()

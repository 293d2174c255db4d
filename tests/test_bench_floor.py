"""bench/floor.py's bare server answers every request on a connection with the file's bytes."""

from __future__ import annotations

import socket
import sys

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import floor


def _read_answer(sock: socket.socket, length: int) -> bytes:
    data = b""
    while len(data) < length:
        chunk = sock.recv(65536)
        assert chunk, "connection closed early"
        data += chunk
    return data


def test_keep_alive_requests_each_get_the_same_bytes() -> None:
    body = "صفحة page ".encode() * 5000
    expected = floor.HEAD % len(body) + body
    port, procs = floor.start(body, workers=1)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            request = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
            sock.sendall(request + request)  # two pipelined, then one more
            assert _read_answer(sock, 2 * len(expected)) == expected * 2
            sock.sendall(request[:10])  # a head split across reads
            sock.sendall(request[10:])
            assert _read_answer(sock, len(expected)) == expected
    finally:
        floor.stop(procs)
    assert all(not proc.is_alive() for proc in procs)


def test_wrk_output_is_read_in_milliseconds() -> None:
    out = "  Latency Distribution\n     50%  1.00ms\n     99%   1.20s\nRequests/sec:  123.50\n"
    assert floor._RPS.search(out).group(1) == "123.50"  # type: ignore[union-attr]
    p99 = floor._P99.search(out)
    assert p99 is not None and float(p99.group(1)) * floor._UNIT_MS[p99.group(2)] == 1200.0

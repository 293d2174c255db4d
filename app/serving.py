"""`canvas serve`: uvicorn worker processes, each with a listening socket of its own.

Why not uvicorn's `--workers`: its workers share one listening socket, and a burst of
keep-alive connections lands mostly on whichever worker wakes first (11 against 53 of
wrk's 64 connections, measured here), so that worker's queue sets the tail latency while
the other idles. Each worker here binds the port with SO_REUSEPORT and the kernel spreads
new connections across them by hash, as nginx's `reuseport` does. The parent binds the
port first without listening (so a port in use fails at once, and port 0 picks one port
for all), starts the workers, replaces one that dies, and stops them on SIGINT or SIGTERM.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import multiprocessing.process
import signal
import socket
import time
from typing import Any

import uvicorn

APP = "app.web:create_app"
#: What every worker runs with: the production settings.
UVICORN: dict[str, Any] = {
    "factory": True,
    "access_log": False,
    "log_level": "warning",
    "server_header": False,
    "http": "app.http_protocol:MemoryFirstProtocol",  # 304s and cached pages without ASGI
    "ws": "none",  # no WebSocket routes: an Upgrade header is answered as plain HTTP
}
BACKLOG = 2048
Worker = multiprocessing.process.BaseProcess
START_GRACE_S = 10.0  # a worker that dies sooner after its start is not restarted


class WorkerFailed(Exception):
    """A worker could not start (the app failed to import, say): restarting cannot help."""


def tune_malloc() -> bool:
    """Serve large strings from the heap, not from a fresh mmap() each time; whether it
    could (glibc only).

    A canvas page is built as a few strings of 200 to 400 KB (its panels, the page, its
    UTF-8 bytes). Above glibc's default threshold each is a new mapping whose every page
    faults in, then is unmapped: 0.4 ms of a 4.5 ms render of the 2023 canvas, measured
    here. Up to 8 MB now comes from the heap and is reused; the heap keeps up to 32 MB of
    freed memory instead of trimming it at once (workers hold about 60 MB).
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return False
    m_trim_threshold, m_mmap_threshold = -1, -3  # <malloc.h>
    return bool(
        libc.mallopt(m_mmap_threshold, 8 << 20) and libc.mallopt(m_trim_threshold, 32 << 20)
    )


def _socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def _worker(host: str, port: int) -> None:
    """One worker process: its own listening socket in the port's group, one uvicorn."""
    tune_malloc()
    sock = _socket(host, port)
    sock.listen(BACKLOG)
    uvicorn.Server(uvicorn.Config(APP, **UVICORN)).run(sockets=[sock])


def serve(host: str, port: int, workers: int) -> None:
    if workers <= 1:
        tune_malloc()
        uvicorn.run(APP, host=host, port=port, **UVICORN)
        return
    holder = _socket(host, port)  # bound, never listening: receives no connections
    port = holder.getsockname()[1]
    context = multiprocessing.get_context("spawn")
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}

    started: dict[int, float] = {}

    def start() -> Worker:
        process = context.Process(target=_worker, args=(host, port), name="canvas-worker")
        process.start()
        started[id(process)] = time.monotonic()
        return process

    def replace(
        process: multiprocessing.process.BaseProcess,
    ) -> multiprocessing.process.BaseProcess:
        if process.is_alive() or stopping:
            return process
        if time.monotonic() - started[id(process)] < START_GRACE_S:  # broken, not crashed
            raise WorkerFailed(f"a worker exited at start (exit code {process.exitcode})")
        return start()

    running = [start() for _ in range(workers)]
    try:
        while not stopping:
            time.sleep(0.2)
            running = [replace(p) for p in running]
    finally:
        for process in running:
            if process.is_alive():
                process.terminate()  # SIGTERM: uvicorn finishes the requests under way
        for process in running:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()
        holder.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)

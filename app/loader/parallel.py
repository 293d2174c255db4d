"""Preparing many documents in worker processes while the store writes them.

Parsing is pure CPU work and the store is one sequential writer, so on two cores the
workers parse ahead while the loader writes; documents still reach the store in order.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from app.loader.document import DocumentError
from app.loader.manifest import ManifestEntry
from app.loader.pipeline import Manifests, PreparedDocument, prepare

#: Below this many documents a process pool costs more than it saves.
PARALLEL_THRESHOLD = 16


class PreparedStream:
    """Documents prepared in order, in worker processes when there are many.

    Workers start as soon as the stream is made, so they parse while the caller opens the
    store (a fresh database imports Alembic and migrates: about a second), and they are
    forked before the store holds any lock or file. At most a few documents per worker are
    in flight, so memory stays flat however many files there are; the caller writes each
    one as it arrives. Use as a context manager: leaving it stops the workers.
    """

    def __init__(
        self, paths: list[Path], manifests: Manifests, root: Path, workers: int | None = None
    ) -> None:
        self.paths = paths
        self.manifests = manifests
        self.root = root
        workers = workers if workers is not None else min(4, os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None
        self._pending: deque[tuple[Path, Future[PreparedDocument | DocumentError]]] = deque()
        self._queue = iter(paths)
        self._window = workers * 16  # enough to keep workers busy while the store migrates
        if workers >= 2 and len(paths) >= PARALLEL_THRESHOLD:
            self._pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_worker_setup,
                initargs=(os.getpid(),),
            )
            self._fill()

    def _fill(self) -> None:
        assert self._pool is not None
        while len(self._pending) < self._window:
            path = next(self._queue, None)
            if path is None:
                return
            entry = self.manifests.entry_for(path)
            self._pending.append(
                (path, self._pool.submit(_prepare_or_error, path, entry, self.root))
            )

    def __iter__(self) -> Iterator[tuple[Path, PreparedDocument | DocumentError]]:
        if self._pool is None:
            for path in self.paths:
                yield path, _prepare_or_error(path, self.manifests.entry_for(path), self.root)
            return
        while self._pending:
            path, future = self._pending.popleft()
            result = future.result()
            self._fill()
            yield path, result

    def __enter__(self) -> PreparedStream:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _worker_setup(parent: int) -> None:
    """Workers yield the CPU to the loader, which writes the database and is the slower
    half on two cores; and they end when the loader dies (even by `kill -9`)."""
    os.nice(3)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _prepare_or_error(
    path: Path, manifest: ManifestEntry | None, root: Path
) -> PreparedDocument | DocumentError:
    try:
        return prepare(path, manifest, root, for_store=True)
    except DocumentError as exc:
        return exc

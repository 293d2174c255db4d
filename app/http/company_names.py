"""Which company names the database knows, so the front door can answer an address naming
none (`/c/<random>/2015`) with the cached 404 page before routing.

Routing, dependency solving and a worker thread cost such an address about 0.4 ms before
the handler finds no company; a flood of them slowed cached pages for everyone. The names
(slugs and aliases: as many as the database holds, one set per worker) are read once per
database version, in a worker thread; until they are, or when unsure, the app answers.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from starlette.concurrency import run_in_threadpool

from app.db.connection import Database, NoDatabase

Names = frozenset[str]


class CompanyNames:
    """The known names of the database's current version, read when first needed."""

    def __init__(
        self,
        database: Database,
        read: Callable[[sqlite3.Connection], Names],
        knows: Callable[[Names, str], bool],
    ) -> None:
        self.database = database
        self.read = read  # app.db.queries.company_names
        self.knows = knows  # app.db.queries.may_name_company
        self.version: tuple[int, int] | None = None
        self.names: Names = frozenset()
        self.reading = False

    async def unknown(self, version: tuple[int, int], asked: str) -> bool:
        """True only when `asked` surely names no company in database `version`."""
        if self.version != version:
            if self.reading:  # another request is reading them: this one goes on
                return False
            self.reading = True
            try:
                self.version, self.names = await run_in_threadpool(self._read)
            except (NoDatabase, sqlite3.Error):
                return False
            finally:
                self.reading = False
            if self.version != version:  # the file changed meanwhile
                return False
        return not self.knows(self.names, asked)

    def _read(self) -> tuple[tuple[int, int], Names]:
        opened = self.database.snapshot()
        return opened.version, self.read(opened.connection)

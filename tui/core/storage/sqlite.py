"""An SQLite file of the app's own, opened so that it never takes the app down.

Used by the analysis cache and the article index. WAL mode makes each write
atomic: a `kill -9` mid-write loses at most that write, and two instances can
share the file. A file that is not a database is moved aside and a new one
made; a directory that cannot be written leaves the store in memory. Either
way `notice` says so, in words a reader can act on.
"""

from __future__ import annotations

import fcntl
import itertools
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar

log = logging.getLogger("nutgraf.store")
BUSY_TIMEOUT_SECONDS = 5.0


@contextmanager
def _opening_alone(path: Path) -> Iterator[None]:
    """Hold a lock on the file's folder while the file is opened, checked and maybe moved
    aside. Two stores share one file (the reading state and the feed store), opened at
    once by two threads or processes: without it, both found the foreign file, and the
    second moved aside the new file the first had just made (and its writes with it).
    Without a folder to lock (none yet, not readable, or a file system without locks:
    ENOLCK on some network mounts), the store opens unlocked."""
    try:
        folder = os.open(path.parent, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        try:
            fcntl.flock(folder, fcntl.LOCK_EX)
        except OSError:
            log.warning("cannot lock %s; opening %s unlocked", path.parent, path.name)
        yield
    finally:
        os.close(folder)  # and the lock with it


def _aside_name(path: Path) -> Path:
    """A name no file has yet, next to `path`, for a file moved aside: never one that
    replaces an earlier one."""
    stamp = int(time.time())
    for number in itertools.count():
        aside = path.with_name(f"{path.name}.corrupt-{stamp}" + (f"-{number}" if number else ""))
        if not os.path.lexists(aside):
            return aside
    raise AssertionError("unreachable")  # pragma: no cover


class StoreError(RuntimeError):
    """A write that did not happen (disk full, read-only, locked); the message says why."""


class ForeignSchema(sqlite3.DatabaseError):
    """The file is a database, but its tables are not the ones this store makes."""


class SqliteStore:
    NAME: ClassVar[str] = "store"
    SCHEMA_SQL: ClassVar[str] = ""
    # Tables an older version of the store made and `migrate` reads, with columns every
    # version of each had: a table of that name without them is another program's.
    LEGACY_TABLES: ClassVar[dict[str, tuple[str, ...]]] = {}
    # Tables another store keeps in the same file, with columns each has: a table of that
    # name without them makes the file foreign to this store too. Both must agree, or one
    # writes into a file that the other then moves aside (and its writes with it).
    SHARED_FILE_TABLES: ClassVar[dict[str, tuple[str, ...]]] = {}

    def __init__(self, path: Path) -> None:
        self.path = path
        self.notice: str | None = None
        self._connection: sqlite3.Connection | None = None
        self._opening = threading.Lock()

    def open(self) -> None:
        """Open the store (idempotent). Blocking file I/O: call it off the UI thread."""
        with self._opening:
            if self._connection is None:
                with _opening_alone(self.path):
                    self._connection = self._open()

    @property
    def connection(self) -> sqlite3.Connection:
        self.open()
        assert self._connection is not None
        return self._connection

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return self._connect(self.path)
        except sqlite3.OperationalError as error:  # locked, read-only, no such directory
            return self._in_memory(f"cannot open {self.path}: {error}")
        except sqlite3.DatabaseError as error:  # not a database, a malformed or a foreign one
            aside = _aside_name(self.path)
            try:
                self.path.replace(aside)
                connection = self._connect(self.path)
            except (OSError, sqlite3.DatabaseError) as again:
                return self._in_memory(f"cannot rebuild {self.path}: {again}")
            what = (
                "was made by something else" if isinstance(error, ForeignSchema) else "was damaged"
            )
            self.notice = f"The {self.NAME} {what}; moved it to {aside.name} and started anew"
            log.warning("%s (%s)", self.notice, error)
            return connection
        except OSError as error:
            return self._in_memory(f"cannot write {self.path.parent}: {error.strerror}")

    def _in_memory(self, reason: str) -> sqlite3.Connection:
        self.notice = f"The {self.NAME} is kept in memory only: {reason}"
        log.warning(self.notice)
        return self._connect(Path(":memory:"))

    def _connect(self, path: Path) -> sqlite3.Connection:
        """Open, switch to WAL and create the tables, retrying while another instance does."""
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        while True:
            try:
                return self._prepare(path)
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _prepare(self, path: Path) -> sqlite3.Connection:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)
        try:
            self._check_foreign(connection)  # before anything is written to it
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.executescript(self.SCHEMA_SQL)  # the tables the file lacks
            self.migrate(connection)
            connection.commit()
            self._check_schema(connection)
        except sqlite3.Error:
            connection.close()
            raise
        return connection

    def migrate(self, connection: sqlite3.Connection) -> None:
        """Bring an older file of ours up to `SCHEMA_SQL` (stores that changed override it)."""

    def _check_foreign(self, connection: sqlite3.Connection) -> None:
        """A database made by another program (or a newer version that numbers its
        schema) is left as it is and moved aside: never migrated in place. Ours have
        `user_version` 0, and each of our tables it has starts with our key column."""
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version:
            raise ForeignSchema(f"its schema version is {version}")
        wanted = {table: (key,) for table, key in _first_columns(self.SCHEMA_SQL).items()}
        for table, columns in (wanted | self.LEGACY_TABLES | self.SHARED_FILE_TABLES).items():
            found = {row[1] for row in connection.execute(f"PRAGMA table_info('{table}')")}
            if found and not found.issuperset(columns):
                raise ForeignSchema(
                    f"table {table} lacks {', '.join(sorted(set(columns) - found))}"
                )

    def _check_schema(self, connection: sqlite3.Connection) -> None:
        """Every table of `SCHEMA_SQL` must have its columns: a file made by something else
        (a table of the same name with other columns) is foreign."""
        model = sqlite3.connect(":memory:")
        try:
            model.executescript(self.SCHEMA_SQL)
            tables = [
                row[0] for row in model.execute("SELECT name FROM sqlite_master WHERE type='table'")
            ]
            for table in tables:
                wanted = {row[1] for row in model.execute(f"PRAGMA table_info('{table}')")}
                found = {row[1] for row in connection.execute(f"PRAGMA table_info('{table}')")}
                if found and not wanted <= found:
                    raise ForeignSchema(f"table {table} lacks {', '.join(sorted(wanted - found))}")
        finally:
            model.close()

    def close(self) -> None:
        with self._opening:
            if self._connection is not None:
                self._connection.close()


def _first_columns(schema: str) -> dict[str, str]:
    """Each table of `schema` and its first column (the one every version of it has)."""
    model = sqlite3.connect(":memory:")
    try:
        model.executescript(schema)
        tables = [
            row[0] for row in model.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        return {
            table: model.execute(f"PRAGMA table_info('{table}')").fetchone()[1] for table in tables
        }
    finally:
        model.close()

"""Analyses kept across runs: SQLite in WAL mode in the XDG cache directory.

Keyed by content hash, algorithm, summary length and model, so an article read
before shows at once without the model. Stored as JSON, never pickle: the file
is data, not code. SQLite's WAL journal makes each write atomic: a `kill -9`
mid-write loses at most that write, and two instances can share the file. A
file that is not a database is moved aside and a new one made; a directory
that cannot be written leaves the cache in memory. Either way `notice` says so.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tui.core.analysis import Analysis
from tui.core.entities import Entity

log = logging.getLogger("nutgraf.cache")
SCHEMA = 1
BUSY_TIMEOUT_SECONDS = 5.0


def cache_path() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("nutgraf") / "analyses.sqlite3"


def to_json(analysis: Analysis) -> str:
    return json.dumps(asdict(analysis), ensure_ascii=False, separators=(",", ":"))


def from_json(text: str) -> Analysis:
    data: dict[str, Any] = json.loads(text)

    def entities(items: list[dict[str, Any]]) -> tuple[Entity, ...]:
        return tuple(
            Entity(
                name=item["name"],
                label=item["label"],
                count=item["count"],
                aliases=tuple(item["aliases"]),
                spans=tuple((a, b) for a, b in item["spans"]),
            )
            for item in items
        )

    return Analysis(
        algorithm=data["algorithm"],
        sentences=tuple((a, b) for a, b in data["sentences"]),
        summary=tuple(data["summary"]),
        people=entities(data["people"]),
        organisations=entities(data["organisations"]),
        model=data["model"],
        summary_note=data["summary_note"],
        entity_note=data["entity_note"],
    )


class AnalysisCache:
    """Get and put analyses; never raises for a broken or unwritable store."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or cache_path()
        self.notice: str | None = None
        self._connection: sqlite3.Connection | None = None
        self._opening = threading.Lock()

    def open(self) -> None:
        """Open the store (idempotent). Blocking file I/O: call it off the UI thread."""
        with self._opening:
            if self._connection is None:
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
        except sqlite3.DatabaseError as error:  # not a database, or a malformed one
            aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
            try:
                self.path.replace(aside)
                connection = self._connect(self.path)
            except (OSError, sqlite3.DatabaseError) as again:
                return self._in_memory(f"cannot rebuild {self.path}: {again}")
            self.notice = (
                f"The analysis cache was damaged; moved it to {aside.name} and started anew"
            )
            log.warning("%s (%s)", self.notice, error)
            return connection
        except OSError as error:
            return self._in_memory(f"cannot write {self.path.parent}: {error.strerror}")

    def _in_memory(self, reason: str) -> sqlite3.Connection:
        self.notice = f"Analyses are kept in memory only: {reason}"
        log.warning(self.notice)
        return self._connect(Path(":memory:"))

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        """Open, switch to WAL and create the table, retrying while another instance does."""
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        while True:
            try:
                return AnalysisCache._prepare(path)
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    @staticmethod
    def _prepare(path: Path) -> sqlite3.Connection:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS analyses ("
                " digest TEXT, algorithm TEXT, sentences INTEGER, model TEXT, schema INTEGER,"
                " analysis TEXT NOT NULL,"
                " PRIMARY KEY (digest, algorithm, sentences, model, schema))"
            )
            connection.commit()
        except sqlite3.Error:
            connection.close()
            raise
        return connection

    def get(self, key: tuple[str, str, int], model: str | None) -> Analysis | None:
        try:
            row = self.connection.execute(
                "SELECT analysis FROM analyses WHERE digest=? AND algorithm=? AND sentences=?"
                " AND model=? AND schema=?",
                (*key, model or "", SCHEMA),
            ).fetchone()
            return from_json(row[0]) if row else None
        except (sqlite3.Error, ValueError, KeyError, TypeError):
            log.warning("unreadable cache entry for %s", key, exc_info=True)
            return None

    def put(self, key: tuple[str, str, int], model: str | None, analysis: Analysis) -> None:
        try:
            with self.connection:  # one transaction: all of the row or none of it
                self.connection.execute(
                    "INSERT OR REPLACE INTO analyses VALUES (?, ?, ?, ?, ?, ?)",
                    (*key, model or "", SCHEMA, to_json(analysis)),
                )
        except sqlite3.Error:
            log.warning("could not store an analysis", exc_info=True)

    def close(self) -> None:
        with self._opening:
            if self._connection is not None:
                self._connection.close()

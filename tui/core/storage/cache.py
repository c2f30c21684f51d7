"""Analyses kept across runs: SQLite in WAL mode in the XDG cache directory.

Keyed by content hash, algorithm, summary length and model, so an article read
before shows at once without the model. Stored as JSON, never pickle: the file
is data, not code. Opening, damage and unwritable folders: `tui.core.storage.sqlite`.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tui.core.model import Analysis, Entity
from tui.core.paths import user_file
from tui.core.storage.sqlite import SqliteStore

log = logging.getLogger("nutgraf.cache")
# What an analysis means. 2: text cleaning and the new language check changed the
# sentences and names of every article, so analyses stored before are not served.
SCHEMA = 2


def cache_path() -> Path:
    return user_file("cache", "analyses.sqlite3")


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


class AnalysisCache(SqliteStore):
    """Get and put analyses; never raises for a broken or unwritable store."""

    NAME = "analysis cache"
    SCHEMA_SQL = (
        "CREATE TABLE IF NOT EXISTS analyses ("
        " digest TEXT, algorithm TEXT, sentences INTEGER, model TEXT, schema INTEGER,"
        " analysis TEXT NOT NULL,"
        " PRIMARY KEY (digest, algorithm, sentences, model, schema))"
    )

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(path or cache_path())

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

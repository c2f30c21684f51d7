"""Find article files and turn each into `Article`s, never raising for a bad file."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tui.core.ingest.decode import BinaryFileError, decode_bytes
from tui.core.ingest.discovery import discover
from tui.core.ingest.html_text import html_to_text
from tui.core.ingest.titles import body_without_title, derive_title, trim
from tui.core.model import Article
from tui.core.sanitize import clean_line, clean_text

DEFAULT_SIZE_CAP = 5 * 1024 * 1024
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|`)")


def load_path(path: Path, size_cap: int = DEFAULT_SIZE_CAP) -> list[Article]:
    """Read one file into its articles; a failure becomes one entry that says why."""
    shown = clean_line(str(path))
    try:
        size = path.stat().st_size
        if size > size_cap:
            return [_broken(shown, f"too large ({size / 1e6:.1f} MB, cap {size_cap / 1e6:.0f} MB)")]
        data = path.read_bytes()
        text = decode_bytes(data)
    except FileNotFoundError:
        return [_broken(shown, "file not found")]
    except PermissionError:
        return [_broken(shown, "permission denied")]
    except IsADirectoryError:
        return [_broken(shown, "is a folder")]
    except BinaryFileError as error:
        return [_broken(shown, str(error))]
    except OSError as error:
        return [_broken(shown, clean_line(error.strerror or type(error).__name__))]
    suffix = path.suffix.lower()
    try:
        if suffix in {".json", ".jsonl"}:
            return _from_json(shown, text, lines=suffix == ".jsonl")
        if suffix in {".html", ".htm"}:
            title, body = html_to_text(text)
            return [_article(shown, clean_text(body), title=clean_line(title))]
        if suffix in {".md", ".markdown"}:
            return [_from_markdown(shown, text)]
    except ValueError as error:
        return [_broken(shown, clean_line(str(error)))]
    return [_article(shown, clean_text(text))]


def load_all(paths: Iterable[str | Path], size_cap: int = DEFAULT_SIZE_CAP) -> list[Article]:
    return [article for path in discover(paths) for article in load_path(path, size_cap)]


def _broken(path: str, reason: str) -> Article:
    return Article(path=path, title=Path(path).name or path, error=reason)


def _article(path: str, body: str, title: str = "", index: int = 0, **meta: str) -> Article:
    if not body.strip():
        return Article(path=path, title=title or Path(path).name, error="empty", index=index)
    title = trim(title) if title else derive_title(body, path)
    return Article(
        path=path, title=title, text=body_without_title(body, title), index=index, **meta
    )


def _from_markdown(path: str, text: str) -> Article:
    text = clean_text(text)
    heading = _MD_HEADING.search(text)
    title = clean_line(_MD_EMPHASIS.sub("", heading.group(1))) if heading else ""
    if heading:
        text = text[: heading.start()] + text[heading.end() :]
    body = _MD_EMPHASIS.sub("", _MD_LINK.sub(r"\1", text))
    body = _MD_HEADING.sub(r"\1", body)
    return _article(path, body.strip("\n"), title=title)


def _from_json(path: str, text: str, lines: bool) -> list[Article]:
    if lines:
        records: list[Any] = []
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError as error:
                    records.append(ValueError(f"line {number}: invalid JSON ({error.msg})"))
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"invalid JSON at line {error.lineno}: {error.msg}") from error
        records = data if isinstance(data, list) else [data]
    if not records:
        raise ValueError("no articles in file")
    return [_from_record(path, record, index) for index, record in enumerate(records)]


def _from_record(path: str, record: Any, index: int) -> Article:
    if isinstance(record, ValueError):
        return Article(
            path=path, title=f"{Path(path).name} [{index + 1}]", error=str(record), index=index
        )
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return Article(
            path=path,
            title=f"{Path(path).name} [{index + 1}]",
            error='not an object with a "text" string',
            index=index,
        )
    meta = {
        name: clean_line(record[name])
        for name in ("source", "url", "published")
        if isinstance(record.get(name), str)
    }
    title = record.get("title")
    return _article(
        path,
        clean_text(record["text"]),
        title=clean_line(title) if isinstance(title, str) else "",
        index=index,
        **meta,
    )

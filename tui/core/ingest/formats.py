"""Find article files and turn each into `Article`s, never raising for a bad file.

Only regular files are read. A FIFO would block the open (or the read) for
ever, a device such as `/dev/zero` never ends and `/dev/tty` is the user's
keyboard, so anything else is listed with a reason and never opened, also
through a symbolic link: the target is checked with `stat` before the open,
and the opened descriptor again with `fstat` (the file may have been swapped
in between). Reading stops at the size cap whatever `stat` said.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from tui.core.ingest.decode import BinaryFileError, decode_bytes
from tui.core.ingest.discovery import discover
from tui.core.ingest.html_text import html_to_text
from tui.core.ingest.titles import body_without_title, derive_title, trim
from tui.core.model import FEED_SCHEME, Article
from tui.core.sanitize import clean_line, clean_text, is_clean_ascii

DEFAULT_SIZE_CAP = 5 * 1024 * 1024
_READ_CHUNK = 1024 * 1024
# O_NONBLOCK: opening a FIFO swapped in after the check must not wait for a writer,
# nor reading a kernel file that looks regular and waits (disk files ignore it).
# O_NOCTTY: a terminal must never become the scanner's controlling terminal.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
# Links and images: the text in brackets stays. The brackets' text may not hold a
# bracket and the target may not hold a parenthesis, so each scan stops at the next
# one: linear, where `[^\]]*` rescanned the rest of the line from every "[".
_MD_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([^()\n]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|`)")
_MD_HEADING_MAX = 6
# Records of a JSON file that are not articles, each listed; the rest are counted in one entry.
MAX_BAD_RECORDS = 100

log = logging.getLogger("nutgraf.ingest")
_Loaded = TypeVar("_Loaded")


class _Unreadable(Exception):
    """This file is not read; the message says why, in words for the list."""


class PlainText(NamedTuple):
    """A .txt file of clean ASCII (most files): its title and text, as the one `Article`
    `load_path` makes of it has them."""

    title: str
    text: str


def load_path(path: str | Path, size_cap: int = DEFAULT_SIZE_CAP) -> list[Article]:
    """Read one file into its articles; a failure becomes one entry that says why.

    Never raises: whatever goes wrong with one file is that file's entry (and a
    line with the traceback in the log when it was not foreseen).
    """
    return _guarded(path, lambda: _parsed(path, _shown(path), read_capped(path, size_cap)))


def load_listed(path: str, size_cap: int = DEFAULT_SIZE_CAP) -> PlainText | list[Article]:
    """`load_path` for the list: a .txt file whose bytes are clean ASCII comes as
    `PlainText`, read without decoding, sanitising or making an `Article` (that way
    took 30% of a listing's time, issue 15); any other file as `load_path` gives it."""
    return _guarded(path, lambda: _listed(path, size_cap))


def _listed(path: str, size_cap: int) -> PlainText | list[Article]:
    data = read_capped(path, size_cap)
    # Not blank (that is an "empty" entry), and no "feed:" in the name: `Article` keys a
    # path that shows as starting with it as a feed item's (discovery names such files
    # ./feed:…, but a leading space is cleaned off the shown path).
    plain = path.endswith(".txt") and FEED_SCHEME not in path and is_clean_ascii(data)
    if plain and data and not data.isspace():
        text = data.decode("ascii")
        title = derive_title(text, path)
        return PlainText(title, body_without_title(text, title))
    return _parsed(path, _shown(path), data)


def _shown(path: str | Path) -> str:
    try:
        return clean_line(str(path))
    except Exception:  # a path object that cannot even be shown
        return "?"


def _guarded(path: str | Path, load: Callable[[], _Loaded]) -> _Loaded | list[Article]:
    """What `load` gives; whatever goes wrong, the one entry that says why."""
    try:
        return load()
    except _Unreadable as reason:
        return [_broken(_shown(path), str(reason))]
    except RecursionError:
        log.warning("%r is nested too deeply", str(path), exc_info=True)
        return [_broken(_shown(path), "nested too deeply")]
    except Exception as error:  # the per-file boundary: one file never stops a listing
        log.exception("could not read %r", str(path))
        return [_broken(_shown(path), f"could not be read ({type(error).__name__})")]


def load_all(paths: Iterable[str | Path], size_cap: int = DEFAULT_SIZE_CAP) -> list[Article]:
    """Every article under `paths`, in list order; a bad file is an entry, never an exception."""
    return [article for path in discover(paths) for article in load_path(path, size_cap)]


def _parsed(path: str | Path, shown: str, data: bytes) -> list[Article]:
    try:
        text = decode_bytes(data)
    except BinaryFileError as error:
        raise _Unreadable(str(error)) from error
    suffix = os.path.splitext(path)[1].lower()
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


def read_capped(path: str | Path, size_cap: int) -> bytes:
    """The bytes of the regular file `path`, at most `size_cap` of them.

    Raises `_Unreadable` with the reason for anything else: a folder, a special
    file, a file over the cap (also one that grows past it while read), an OS error.
    """
    try:
        status = os.stat(path)
        if stat.S_ISDIR(status.st_mode):
            os.scandir(path).close()  # a folder the walk could not list says why
        _check(status, size_cap)
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise _Unreadable(_os_reason(path, error)) from error
    except ValueError as error:  # a NUL byte in the name
        raise _Unreadable("invalid file name") from error
    try:
        _check(os.fstat(descriptor), size_cap)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(descriptor, min(_READ_CHUNK, size_cap + 1 - total))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            total += len(chunk)
            if total > size_cap:
                raise _Unreadable(_too_large(total, size_cap, more=True))
    except OSError as error:
        raise _Unreadable(_os_reason(path, error)) from error
    finally:
        os.close(descriptor)


def _check(status: os.stat_result, size_cap: int) -> None:
    mode = status.st_mode
    if stat.S_ISDIR(mode):
        raise _Unreadable("is a folder")
    if not stat.S_ISREG(mode):
        raise _Unreadable(f"not a regular file ({_kind(mode)}), not read")
    if status.st_size > size_cap:
        raise _Unreadable(_too_large(status.st_size, size_cap))


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "a special file"


def _too_large(size: int, size_cap: int, more: bool = False) -> str:
    over = "over " if more else ""
    return f"too large ({over}{size / 1e6:.1f} MB, cap {size_cap / 1e6:.0f} MB)"


def _os_reason(path: str | Path, error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "file not found"
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, IsADirectoryError):
        return "is a folder"
    if isinstance(error, BlockingIOError):  # a "regular" file that waits, as /proc/kmsg
        return "would wait for more data, not read"
    if error.errno not in (errno.ELOOP, errno.ENAMETOOLONG, errno.ENOTDIR):
        log.warning("cannot read %r", str(path), exc_info=True)
    return clean_line(error.strerror or type(error).__name__)


def _broken(path: str, reason: str) -> Article:
    return Article(path=path, title=Path(path).name or path, error=reason)


def _article(path: str, body: str, title: str = "", index: int = 0, **meta: str) -> Article:
    if not body or body.isspace():
        return Article(path=path, title=title or Path(path).name, error="empty", index=index)
    title = trim(title) if title else derive_title(body, path)
    return Article(
        path=path, title=title, text=body_without_title(body, title), index=index, **meta
    )


def _from_markdown(path: str, text: str) -> Article:
    """The first ATX heading is the title; links keep their text; emphasis marks go.

    Line by line with string methods: the heading regex this replaces,
    `^\\s{0,3}#{1,6}\\s+(.+?)\\s*#*\\s*$`, was cubic on a heading line with a long
    run of spaces (5 KB froze listing for over a minute).
    """
    title: str | None = None
    title_line = -1
    lines = clean_text(text).split("\n")
    for number, line in enumerate(lines):
        if "#" not in line[:4]:
            continue  # not a heading (the common case, kept cheap)
        heading = markdown_heading(line)
        if heading is None:
            continue
        if title is None and heading:
            title, title_line = clean_line(_markdown_inline(heading)), number
        else:
            lines[number] = heading
    if title_line >= 0:
        del lines[title_line]
    body = "\n".join(lines)
    # Links and emphasis never span lines, so the whole body is one substitution.
    return _article(path, _markdown_inline(body).strip("\n"), title=title or "")


def markdown_heading(line: str) -> str | None:
    """The text of an ATX heading line (`## Title ##`), or None for any other line."""
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3 or not stripped.startswith("#"):
        return None
    text = stripped.lstrip("#")
    if len(stripped) - len(text) > _MD_HEADING_MAX or (text and not text[0].isspace()):
        return None
    text = text.strip()
    closing = text.rstrip("#")
    if closing != text and (not closing or closing[-1].isspace()):
        text = closing.rstrip()  # a closing run of #s, after a space
    return text


def _markdown_inline(text: str) -> str:
    return _MD_EMPHASIS.sub("", _MD_LINK.sub(r"\1", text))


def _from_json(path: str, text: str, lines: bool) -> list[Article]:
    records = _Records(path)
    if lines:
        for number, line in enumerate(text.splitlines(), 1):
            line = line.strip()
            if not line:
                continue
            if records.only_counting and not line.startswith("{"):
                records.add(None)  # not an article, whatever it is: not parsed
            else:
                records.add(_json_value(line, number))
    else:
        data = _json_value(text, None)
        if isinstance(data, ValueError):
            raise data
        for record in data if isinstance(data, list) else [data]:
            records.add(record)
    return records.articles()


class _Records:
    """The articles of a JSON file, record by record.

    Records that are not articles are entries up to `MAX_BAD_RECORDS`, then only
    counted, in one entry: a 5 MB list of numbers made 2.5 million entries and 1 GB.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.name = Path(path).name
        self.found: list[Article] = []
        self.count = 0
        self.bad = 0

    @property
    def only_counting(self) -> bool:
        return self.bad >= MAX_BAD_RECORDS

    def add(self, record: Any) -> None:
        index, self.count = self.count, self.count + 1
        problem = _record_problem(record)
        if problem is None:
            self.found.append(_from_record(self.path, record, index))
            return
        self.bad += 1
        if self.bad <= MAX_BAD_RECORDS:
            title = f"{self.name} [{index + 1}]"
            self.found.append(Article(path=self.path, title=title, error=problem, index=index))

    def articles(self) -> list[Article]:
        if not self.count:
            raise ValueError("no articles in file")
        if self.bad > MAX_BAD_RECORDS:
            more = f"{self.bad - MAX_BAD_RECORDS:,} more records that are not articles"
            title = f"{self.name} […]"
            self.found.append(Article(path=self.path, title=title, error=more, index=self.count))
        return self.found


def _json_value(text: str, line: int | None) -> Any:
    """The JSON value of `text`, or a `ValueError` (returned, not raised) that says why."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        if line is None:
            return ValueError(f"invalid JSON at line {error.lineno}: {error.msg}")
        return ValueError(f"line {line}: invalid JSON ({error.msg})")
    except RecursionError:
        reason = "JSON nested too deeply"
    except ValueError as error:  # an integer with more digits than Python converts
        reason = "invalid JSON (a number too long)" if "digits" in str(error) else "invalid JSON"
    return ValueError(reason if line is None else f"line {line}: {reason}")


def _record_problem(record: Any) -> str | None:
    if isinstance(record, ValueError):
        return str(record)
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return 'not an object with a "text" string'
    return None


def _from_record(path: str, record: dict[str, Any], index: int) -> Article:
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

"""The command line's one way out: every line sanitised, and a closed pipe ends output quietly.

Paths, server replies, exception text and argparse's echo of what was typed
are all strings from outside; nothing reaches the terminal without passing
`clean_text` here. `tests/unit/test_output_boundary.py` fails on a `print` or a
direct write elsewhere in `tui/cli`. When the reader of our output goes away
(`nutgraf feeds | head -1`), the command keeps working (a refresh still
stores what it fetches) and stops writing, instead of dying with a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from typing import IO, Any

from tui.core.sanitize import clean_line, clean_text


def _write(stream: IO[str] | None, text: str) -> None:
    if stream is None:  # closed when we were started (`2>&-`): nowhere to write
        return
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        # Nobody reads any more: point the descriptor at /dev/null, so that later
        # writes and Python's flush at exit go nowhere instead of failing again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)


def say(text: str = "") -> None:
    """A line of output on stdout."""
    _write(sys.stdout, clean_text(text) + "\n")


def warn(text: str) -> None:
    """A line on stderr, prefixed with the program's name; one line, whatever `text` holds."""
    complain(f"nutgraf: {clean_line(text)}")


def warn_where_seen(text: str) -> None:
    """`warn`, on stdout instead when only stdout is a terminal (`nutgraf 2>file`)."""
    seen = _on_terminal(sys.stdout) and not _on_terminal(sys.stderr)
    _write(sys.stdout if seen else sys.stderr, f"nutgraf: {clean_line(text)}\n")


def _on_terminal(stream: IO[str] | None) -> bool:
    return stream is not None and stream.isatty()


def complain(text: str) -> None:
    """A line on stderr as it is (argparse's usage and errors name the program themselves)."""
    _write(sys.stderr, clean_text(text).replace("\n", " ") + "\n")


def json_line(record: dict[str, Any]) -> None:
    """One JSON object a line, every string in it sanitised (JSON would only escape C0)."""
    _write(sys.stdout, json.dumps(cleaned(record), ensure_ascii=False) + "\n")


def cleaned(value: Any) -> Any:
    """`value` (a string, or dicts and lists of them) with every string sanitised."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(str(key)): cleaned(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [cleaned(item) for item in value]
    return value


def raw(text: str) -> None:
    """A document we made ourselves (OPML) whose strings were sanitised when stored."""
    _write(sys.stdout, clean_text(text))

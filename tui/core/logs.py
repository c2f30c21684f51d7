"""Details of failures go to a log file, never to the screen.

The file lives in the XDG state directory (`~/.local/state/nutgraf/nutgraf.log`
unless XDG_STATE_HOME says otherwise). If it cannot be written, logging is off:
a read-only home must not stop the reader.
"""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from tui.core.paths import user_file

LOGGER = "nutgraf"
MAX_BYTES = 1_000_000
BACKUPS = 2


def log_path() -> Path:
    return user_file("state", "nutgraf.log")


def setup_logging() -> Path | None:
    """Send the `nutgraf` logger to the log file; return its path, or None if unwritable."""
    logger = logging.getLogger(LOGGER)
    path = log_path()
    for old in list(logger.handlers):
        if getattr(old, "baseFilename", None) == str(path):
            return path
        logger.removeHandler(old)  # an earlier state directory (tests change it)
        old.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, delay=True)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return path

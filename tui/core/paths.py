"""Where things live: the bundled seeds (checkout or wheel), and nutgraf's XDG files."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

_PACKAGE = Path(__file__).resolve().parent.parent


def default_seeds() -> Path:
    """`seeds/` beside the package in a checkout; `tui/_seeds` inside a wheel."""
    checkout = _PACKAGE.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "seeds").is_dir():
        return checkout / "seeds"
    return _PACKAGE / "_seeds"


def user_file(kind: Literal["cache", "config", "data", "state"], name: str) -> Path:
    """`name` in nutgraf's XDG directory of that kind (platformdirs: ~/.cache/nutgraf...)."""
    import platformdirs

    folder: Path = getattr(platformdirs, f"user_{kind}_path")("nutgraf")
    return folder / name

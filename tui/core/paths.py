"""Where the bundled seed articles live, in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def default_seeds() -> Path:
    """`seeds/` beside the package in a checkout; `tui/_seeds` inside a wheel."""
    checkout = _PACKAGE.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "seeds").is_dir():
        return checkout / "seeds"
    return _PACKAGE / "_seeds"

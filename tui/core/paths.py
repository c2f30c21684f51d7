"""Where the bundled seed articles live, in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def default_seeds() -> Path:
    """`seeds/` beside the package in a checkout; `tui/_seeds` inside a wheel."""
    checkout = _PACKAGE.parent / "seeds"
    return checkout if checkout.is_dir() else _PACKAGE / "_seeds"

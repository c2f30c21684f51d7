"""The core stays free of UI code, and start-up stays light."""

import subprocess
import sys

import pytest


def modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(out.split())


def test_core_imports_no_textual():
    loaded = modules_after(
        "import tui.core.analysis, tui.core.service, tui.core.loader, tui.core.paths"
    )
    assert "tui.core.analysis" in loaded
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}


@pytest.mark.parametrize("module", ["tui.cli", "tui.app"])
def test_cli_and_app_import_neither_spacy_nor_sumy(module):
    loaded = modules_after(f"import {module}")
    assert module in loaded
    assert "spacy" not in loaded
    assert "sumy" not in loaded

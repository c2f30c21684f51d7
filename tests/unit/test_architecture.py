"""The drawing of the house holds: contracts, a core free of UI, and a light start-up."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(out.split())


def test_the_import_contracts_hold():
    """pyproject.toml's import-linter contracts: layers, and no arrow running back up."""
    result = subprocess.run(
        [Path(sys.executable).with_name("lint-imports"), "--config", ROOT / "pyproject.toml"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


def test_every_core_module_imports_no_textual():
    """Each module of tui.core, imported for real (import-linter reads the source; Rich is
    left to it: spaCy's own command line imports Rich)."""
    loaded = modules_after(
        "import importlib, pkgutil, tui.core\n"
        "for info in pkgutil.walk_packages(tui.core.__path__, 'tui.core.'):\n"
        "    importlib.import_module(info.name)"
    )
    core = {m for m in loaded if m.startswith("tui.core.")}
    assert {"tui.core.model", "tui.core.workers.scanner", "tui.core.feeds.refresh"} <= core
    assert len(core) >= 30
    assert not {m for m in loaded if m.split(".")[0] in {"textual", "textual_serve"}}


@pytest.mark.parametrize("module", ["tui.cli", "tui.ui.app"])
def test_cli_and_app_import_neither_spacy_nor_sumy(module):
    loaded = modules_after(f"import {module}")
    assert module in loaded
    assert "spacy" not in loaded
    assert "sumy" not in loaded


FIRST_PAINT = """
import asyncio, sys
from tui.ui.app import make_app
from tui.core.paths import default_seeds

async def main():
    app = make_app([default_seeds()])
    async with app.run_test(size=(80, 24)) as pilot:
        await app.reader.loaded.wait()
        await pilot.pause()
        print("listed", len(app.reader.articles.entries))

if __name__ == "__main__":
    asyncio.run(main())
"""


def test_the_first_paint_imports_neither_spacy_nor_sumy(tmp_path):
    """The UI process lists and paints; spaCy and sumy load in the analysis process only."""
    script = tmp_path / "first_paint.py"
    script.write_text(FIRST_PAINT + "    print('\\n'.join(sys.modules))\n")
    out = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=True
    ).stdout
    loaded = set(out.split())
    assert "listed" in loaded and "textual" in loaded
    assert not {m for m in loaded if m.split(".")[0] in {"spacy", "sumy", "thinc", "numpy"}}


def test_help_imports_nothing_heavy():
    """`nutgraf --help` stays quick: no Textual, asyncio or feed libraries at import."""
    loaded = modules_after("import tui.cli")
    heavy = {"textual", "asyncio", "httpx", "feedparser", "trafilatura", "rich"}
    assert not {m for m in loaded if m.split(".")[0] in heavy}

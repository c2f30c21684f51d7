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
        "import tui.core.analysis, tui.core.service, tui.core.loader, tui.core.paths,"
        " tui.core.corpus, tui.core.scanning, tui.core.cache"
    )
    assert "tui.core.analysis" in loaded
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}


@pytest.mark.parametrize("module", ["tui.cli", "tui.app"])
def test_cli_and_app_import_neither_spacy_nor_sumy(module):
    loaded = modules_after(f"import {module}")
    assert module in loaded
    assert "spacy" not in loaded
    assert "sumy" not in loaded


FIRST_PAINT = """
import asyncio, sys
from tui.app import make_app
from tui.core.paths import default_seeds

async def main():
    app = make_app([default_seeds()])
    async with app.run_test(size=(80, 24)) as pilot:
        await app.loaded.wait()
        await pilot.pause()
        print("listed", len(app.articles.entries))

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

"""Issue 12, the output boundary: nothing from outside reaches the terminal raw.

Two kinds of check: the code takes the one safe way out (an AST lint that
fails on a bypass), and what comes out, whatever goes in, holds no control,
bidi or invisible character.
"""

from __future__ import annotations

import ast
import io
import json
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.bad_inputs import ESCAPES, UNSAFE
from tui.cli import main, output

TUI = Path(__file__).resolve().parents[2] / "tui"
# Everything a hostile source could send: controls, C1, bidi, BOM, markup.
HOSTILE = st.text(
    alphabet=st.sampled_from(
        ["\x1b", "\x07", "\x9b", "\x9d", "\u202e", "\u2066", "\ufeff", "\r", "\n", "[", "]", "a"]
    )
)


def _calls(folder: Path, skip: str) -> list[tuple[Path, ast.Call]]:
    found = []
    for path in sorted(folder.rglob("*.py")):
        if path.name == skip:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                found.append((path, node))
    return found


def _name(call: ast.Call) -> str:
    return ast.unparse(call.func)


def test_the_ui_shows_outside_text_only_through_the_boundary():
    """`Content(x)` of a non-literal, markup parsing and `from_markup` only in tui/ui/text.py."""
    bypasses = []
    for path, call in _calls(TUI / "ui", skip="text.py"):
        literal = all(isinstance(arg, ast.Constant) for arg in call.args)
        if _name(call) == "Content" and not literal:
            bypasses.append(f"{path.name}:{call.lineno} Content({ast.unparse(call.args[0])})")
        if _name(call).endswith("from_markup"):
            bypasses.append(f"{path.name}:{call.lineno} from_markup")
        for keyword in call.keywords:
            if keyword.arg == "markup" and not (
                isinstance(keyword.value, ast.Constant) and keyword.value.value is False
            ):
                bypasses.append(f"{path.name}:{call.lineno} markup={ast.unparse(keyword.value)}")
    assert bypasses == []


def test_the_command_line_writes_only_through_its_output_module():
    forbidden = {"print", "sys.stdout.write", "sys.stderr.write", "Console", "pprint"}
    bypasses = [
        f"{path.name}:{call.lineno} {_name(call)}"
        for path, call in _calls(TUI / "cli", skip="output.py")
        if _name(call) in forbidden
    ]
    assert bypasses == []


@given(HOSTILE)
def test_whatever_the_cli_is_given_it_writes_nothing_unsafe(text):
    out, err = io.StringIO(), io.StringIO()
    real = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        output.say(text)
        output.warn(text)
        output.complain(text)
        output.json_line({"title": text})
    finally:
        sys.stdout, sys.stderr = real
    assert not UNSAFE.search(out.getvalue() + err.getvalue())
    record = json.loads(out.getvalue().splitlines()[-1])
    assert not UNSAFE.search(record["title"])


def test_argparse_echoes_what_was_typed_safely(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["summarize", "--sentences", ESCAPES])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "invalid _positive value" in err or "must be" in err
    assert "\x1b" not in err and "\x07" not in err


def test_a_misspelt_command_is_an_error_not_an_empty_list(capsys):
    assert main(["sumarize"]) == 2
    assert "did you mean summarize?" in capsys.readouterr().err


def test_an_existing_path_shaped_like_a_word_is_still_opened(tmp_path, monkeypatch):
    """`nutgraf news` opens the folder `news` when there is one (no reader is run here)."""
    from tui import cli

    (tmp_path / "news").mkdir()
    monkeypatch.chdir(tmp_path)
    opened: list[list[str]] = []

    def fake_app(paths, **options):
        opened.append([str(p) for p in paths])
        return type("App", (), {"run": lambda self: None})()

    monkeypatch.setattr("tui.ui.app.make_app", fake_app)
    monkeypatch.setattr("tui.cli.has_terminal", lambda: True)
    assert cli.main(["news"]) == 0
    assert opened == [["news"]]

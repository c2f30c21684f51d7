"""The README says what the program does: its first command opens the seeds, and its key
table has every key of the reader."""

from __future__ import annotations

import re
from pathlib import Path

from tui.cli import reader_sources
from tui.ui.keys import APP_KEYS

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_the_first_command_opens_the_bundled_seeds_whatever_is_configured():
    first = re.search(r"```sh\n(.*?)\n```", README, re.DOTALL)
    assert first is not None
    command = first.group(1).strip().split("&&")[-1].split()
    assert command[0].endswith("nutgraf") and command[1:] == ["seeds"]
    # A path given lists that path only: neither the settings' paths nor the feeds.
    assert reader_sources(["seeds"], ["~/news"]) == (["seeds"], False, None)


def test_plain_nutgraf_is_documented_as_it_behaves():
    assert "nutgraf                      # the settings' paths and every subscribed feed" in README
    assert reader_sources([], ["~/news"]) == (["~/news"], True, None)


def test_every_key_is_in_the_readme_key_table():
    table = README.split("### Keys", 1)[1].split("\n\n", 2)[1]
    keys_column = " ".join(line.split("|")[1] for line in table.splitlines()[2:])
    written = set(keys_column.split())  # "/" separates keys and is a key
    missing = [key.display for key in APP_KEYS if not set(key.display.split()) <= written]
    assert missing == []

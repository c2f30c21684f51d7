"""Settings from a TOML file: `~/.config/nutgraf/config.toml`, or `--config PATH`.

A file that cannot be parsed is ignored as a whole; a setting with a bad
value is ignored alone. Either way `problems` says which key on which line,
and everything else keeps its default. Example:

    [reader]
    algorithm = "TextRank"      # the summariser first shown (s cycles)
    sentences = 4               # summary length, 1 to 20, or a share: "20%"
    model = "en_core_web_sm"    # spaCy pipeline
    theme = "light"             # dark, light or ansi (the terminal's own 16 colours)
    paths = ["~/news"]          # what to open when no path is given
    size_cap_mb = 5             # larger files are listed, not read
    mark_read = "open"          # open: read when shown; seconds: after read_after_seconds
                                # on screen; manual: only m and M mark articles read
    read_after_seconds = 2      # with mark_read = "seconds": on screen this long is read
                                # (given without mark_read, it means mark_read = "seconds")

    [keys]                      # any action, by name (see the help screen): keys
    toggle_star = "f"
    next_article = "n,ctrl+n"

    [feeds]                     # what one `nutgraf refresh` may do
    pages_per_feed = 20         # item pages fetched for full text, per feed (0: none)
    pages_per_refresh = 200     # and for all feeds together
    refresh_seconds = 300       # the refresh stops waiting after this; what it got is kept
    auto_refresh = 30           # minutes: refresh this often while the reader runs (0: never)
    keep_days = 90              # delete items older than this after each refresh (0: keep all)
    keep_items = 500            # and keep at most this many a feed; starred ones always stay
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tui.core.model import RefreshBudget, Retention
from tui.core.nlp.summarize import ALGORITHMS, DEFAULT_ALGORITHM, DEFAULT_SENTENCES
from tui.core.paths import user_file

THEMES = ("dark", "light", "ansi")
MARK_READ = ("open", "seconds", "manual")
MAX_SENTENCES = 20


def config_path() -> Path:
    return user_file("config", "config.toml")


@dataclass
class Config:
    algorithm: str = DEFAULT_ALGORITHM
    sentences: int = DEFAULT_SENTENCES
    # "20%": the summary keeps this share of an article's sentences (1 to 20 of them).
    sentence_share: float | None = None
    model: str | None = None
    theme: str = "dark"
    paths: list[str] = field(default_factory=list)
    size_cap_mb: float = 5
    mark_read: str = "open"
    read_after_seconds: float = 2.0
    keys: dict[str, str] = field(default_factory=dict)  # action -> Textual key names
    feeds: RefreshBudget = field(default_factory=RefreshBudget)  # [feeds]
    keep: Retention = field(default_factory=Retention)  # [feeds] keep_days, keep_items
    auto_refresh_minutes: float = 0  # [feeds] auto_refresh; 0: off
    problems: list[str] = field(default_factory=list)
    path: Path | None = None

    @property
    def size_cap(self) -> int:
        """`size_cap_mb` in bytes: files larger are listed, not read."""
        return int(self.size_cap_mb * 1024 * 1024)


def _algorithm(value: Any) -> str:
    for name in ALGORITHMS:
        if isinstance(value, str) and name.casefold() == value.casefold():
            return name
    raise ValueError(f"one of {', '.join(ALGORITHMS)}")


def _number(low: float, high: float, kind: type = float) -> Any:
    def check(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError("a number")
        if kind is int and not isinstance(value, int):
            raise ValueError("a whole number")
        if not low <= value <= high:
            raise ValueError(f"between {low:g} and {high:g}")
        return kind(value)

    return check


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("a non-empty string")
    return value


def _one_of(choices: tuple[str, ...]) -> Any:
    def check(value: Any) -> str:
        if not isinstance(value, str) or value not in choices:
            raise ValueError(f"one of {', '.join(choices)}")
        return value

    return check


def _paths(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError("a list of paths")
    try:
        return [str(Path(item).expanduser()) for item in value]
    except RuntimeError:  # "~someone" for a user this machine does not have
        raise ValueError("a list of paths (~name/ names a user this machine lacks)") from None


def _share(value: Any) -> float:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*%\s*", value) if isinstance(value, str) else None
    if match is None or not 0 < float(match.group(1)) <= 100:
        raise ValueError('a count from 1 to 20 or a share such as "20%"')
    return float(match.group(1)) / 100


READER_SETTINGS = {
    "algorithm": _algorithm,
    "sentences": _number(1, MAX_SENTENCES, int),
    "sentence_share": _share,
    "model": _text,
    "theme": _one_of(THEMES),
    "paths": _paths,
    "size_cap_mb": _number(0.001, 1024),
    "mark_read": _one_of(MARK_READ),
    "read_after_seconds": _number(0, 3600),
}


def load_config(path: Path | None = None, actions: frozenset[str] = frozenset()) -> Config:
    """Read the settings; `actions` are the names `[keys]` may rebind."""
    explicit = path is not None
    path = path or config_path()
    config = Config(path=path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if explicit:
            config.problems.append(f"{path}: no such file; using the defaults")
        return config
    except (OSError, UnicodeDecodeError) as error:
        config.problems.append(f"{path}: cannot read it ({error}); using the defaults")
        return config
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        config.problems.append(f"{path}: {error}; using the defaults")
        return config
    for section, values in data.items():
        if not isinstance(values, dict):  # `theme = "dark"` above every section
            config.problems.append(
                f"{_where(path, text, section)}: {section!r} is outside a section;"
                " settings go under [reader], [keys] or [feeds]"
            )
            continue
        if section not in ("reader", "keys", "feeds"):
            config.problems.append(f"{_where(path, text, section)}: unknown section [{section}]")
            continue
        for key, value in values.items():
            where = _where(path, text, key)
            if section == "keys":
                if key not in actions:
                    config.problems.append(f"{where}: [keys] {key}: no such action")
                elif not isinstance(value, str) or not value.strip():
                    config.problems.append(f"{where}: [keys] {key}: give keys as a string")
                else:
                    config.keys[key] = value.replace(" ", "")
                continue
            if section == "feeds":
                _feed_setting(config, where, key, value)
                continue
            # sentences = "20%" sets the share instead of the count.
            field_name = "sentence_share" if key == "sentences" and isinstance(value, str) else key
            check = READER_SETTINGS.get(field_name)
            if check is None:
                config.problems.append(f"{where}: unknown setting {key!r} in [reader]")
                continue
            try:
                setattr(config, field_name, check(value))
            except (ValueError, TypeError) as error:
                config.problems.append(f"{where}: {key} must be {error}; using the default")
    reader = data.get("reader")
    if isinstance(reader, dict) and "read_after_seconds" in reader and "mark_read" not in reader:
        # Seconds given alone mean them: the default, "open", would ignore them.
        config.mark_read = "seconds"
    return config


def _minutes(value: Any) -> float:
    """0 (off), or at least a minute: feeds are other people's servers."""
    minutes = _number(0, 7 * 24 * 60)(value)
    if 0 < minutes < 1:
        raise ValueError("0 (off) or at least 1 minute")
    return float(minutes)


def _keep(high: float, kind: type) -> Any:
    """A limit on what is kept; 0 is none."""
    check = _number(0, high, kind)

    def limit(value: Any) -> Any:
        return check(value) or None

    return limit


# [feeds] key: (Config field, field of that value or "" for the value itself, check)
FEED_SETTINGS = {
    "pages_per_feed": ("feeds", "pages_per_feed", _number(0, 10_000, int)),
    "pages_per_refresh": ("feeds", "pages_per_refresh", _number(0, 100_000, int)),
    "refresh_seconds": ("feeds", "seconds", _number(1, 86_400)),
    "auto_refresh": ("auto_refresh_minutes", "", _minutes),
    "keep_days": ("keep", "days", _keep(100_000, float)),
    "keep_items": ("keep", "items", _keep(10_000_000, int)),
}


def _feed_setting(config: Config, where: str, key: str, value: Any) -> None:
    if key not in FEED_SETTINGS:
        config.problems.append(f"{where}: unknown setting {key!r} in [feeds]")
        return
    name, part, check = FEED_SETTINGS[key]
    try:
        checked = check(value)
    except ValueError as error:
        config.problems.append(f"{where}: {key} must be {error}; using the default")
        return
    setattr(config, name, replace(getattr(config, name), **{part: checked}) if part else checked)


def _where(path: Path, text: str, key: str) -> str:
    """`path line N` for the first line that sets `key` (tomllib keeps no positions)."""
    # Spaces, not \s: \s* at each line start ran over every following blank line.
    pattern = re.compile(
        rf"^[ \t]*(\[[ \t]*)?[\"']?{re.escape(key)}[\"']?[ \t]*[=\]]", re.MULTILINE
    )
    match = pattern.search(text)
    return f"{path} line {text.count(chr(10), 0, match.start()) + 1}" if match else str(path)

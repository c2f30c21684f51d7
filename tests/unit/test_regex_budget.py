"""Every regular expression tui.core applies to text runs in linear time (issue 12, item 5).

The patterns are found, not listed, so a new one is covered without a new test:
every compiled pattern that is an attribute of a `tui.core` module, and every
constant pattern given to `re.compile`, `re.search`... inside a function (read
from the source). A pattern built at run time from other text is named in
`DYNAMIC` and has a test of its own; an unknown one fails
`test_every_pattern_built_at_run_time_is_known`.

Each pattern is fed adversarial text: long repetitions of its own characters and
of the usual suspects ("a ", "#", "[", "(", "*", " .", "\\n#", quotes), alone and
after a prefix that starts a construct ("# a" then spaces). All of them are
screened at 300 characters; the slowest few per pattern are timed from 1.25 KB to
80 KB, doubling, each size under a budget. A linear pattern takes about 8 times as
long on 80 KB as on 10 KB, a quadratic one 64 times. Times are CPU times of this
process (a loaded machine does not make them longer), the best of a few runs,
against generous bounds. Checked by hand against the patterns this replaced (the
Markdown heading, link and sentence patterns, the team-score pattern): each fails
here within 30 seconds.
"""

from __future__ import annotations

import ast
import html
import importlib
import pkgutil
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tui.core
from tui.core.config import _where
from tui.core.corpus import scan
from tui.core.feeds.parse import parse_feed
from tui.core.ingest.formats import load_path
from tui.core.model import unpack
from tui.core.nlp.pipeline import LONGEST_WORD, parse, short_words
from tui.core.storage.search import match_spans, name_spans

CORE = Path(tui.core.__file__).parent
SCREEN_CHARS = 300  # small: a cubic pattern takes 10 ms here, and minutes at 10 KB
FIRST = 1_250  # timed from here, doubling, so a cubic one fails fast
SMALL, LARGE = 10_000, 80_000
# Linear: about 8. Quadratic: 64. Noise on a loaded machine stays far below 16.
MAX_RATIO = 16
# Whatever the ratio, 80 KB under this is fast enough, and too fast to be quadratic.
FAST_ENOUGH = 0.03
BUDGET_SECONDS = 2.0
SLOWEST_KEPT = 4

RE_FUNCTIONS = {"compile", "search", "match", "fullmatch", "findall", "finditer", "sub", "subn"}
RE_FUNCTIONS |= {"split"}
FLAGS_POSITION = {"compile": 1, "sub": 4, "subn": 4, "split": 3}  # the others: 2
# Patterns built from other text at run time: (file under tui/core, function), each
# tested below with adversarial text and adversarial parts.
DYNAMIC = {
    ("storage/search.py", "name_spans"),
    ("storage/search.py", "match_spans"),
    ("config.py", "_where"),
}
# Patterns of libraries that tui.core gives article text to.
LIBRARY_PATTERNS = {"html.unescape": html._charref}  # type: ignore[attr-defined]

UNITS = [
    *"aA1 \t\n#[]()*_`.!?…。'\"’”<>&-=,/:;%\\|{}+^$@~\x00\x1b\u2028\x85é",
    "a ", "A ", "1 ", "# ", "\n#", "#a", "[a", "[a](", "](", "**", "__", " .", ". ", "a.", ".a",
    "A.", "A. ", "a'", "'a", "<a ", "</", "<!--", "<!", "<![", "&#", "&#1", "&a", "\r\n",
    "a b", "Ab ", "A 1", "1-", "a\n", " \n", "\n\n", ".'", "!)",
]  # fmt: skip
PREFIXES = ["# a", "#", "   #", "a", "A", "[", "[a](", "<a", "&#", "the ", "A.", "\n"]
PREFIXED = [*" \t\n.!'#[(a1A"]
SUFFIXES = ["", "x", "\x00"]


def core_modules() -> Iterator[object]:
    for info in pkgutil.walk_packages(tui.core.__path__, "tui.core."):
        yield importlib.import_module(info.name)


def compiled_patterns() -> dict[str, re.Pattern[str]]:
    """Every `re.Pattern` held by a tui.core module, by `module.NAME`."""
    found: dict[str, re.Pattern[str]] = {}
    for module in core_modules():
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found.setdefault(f"{module.__name__}.{name}", value)  # type: ignore[attr-defined]
    return found


def source_calls() -> Iterator[tuple[str, str, ast.Call]]:
    """Every `re.<function>(...)` call in tui.core: (file, enclosing function, call)."""
    for path in sorted(CORE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function, call in _calls(tree, "<module>"):
            yield str(path.relative_to(CORE)), function, call


def _calls(node: ast.AST, function: str) -> Iterator[tuple[str, ast.Call]]:
    for child in ast.iter_child_nodes(node):
        inner = (
            child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else function
        )
        if (
            isinstance(child, ast.Call)
            and isinstance(child.func, ast.Attribute)
            and isinstance(child.func.value, ast.Name)
            and child.func.value.id == "re"
            and child.func.attr in RE_FUNCTIONS
        ):
            yield function, child
        yield from _calls(child, inner)


def _flags(call: ast.Call) -> int:
    assert isinstance(call.func, ast.Attribute)
    position = FLAGS_POSITION.get(call.func.attr, 2)
    node = next((k.value for k in call.keywords if k.arg == "flags"), None)
    if node is None and len(call.args) > position:
        node = call.args[position]
    return 0 if node is None else _flag_value(node)


def _flag_value(node: ast.expr) -> int:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return int(getattr(re, node.attr))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _flag_value(node.left) | _flag_value(node.right)
    raise AssertionError(f"flags I cannot read: {ast.dump(node)}")


def inline_patterns() -> dict[str, tuple[re.Pattern[str], str]]:
    """Constant patterns given to `re.*` inside tui.core's functions, with that function."""
    found: dict[str, tuple[re.Pattern[str], str]] = {}
    for file, function, call in source_calls():
        first = call.args[0] if call.args else None
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            assert isinstance(call.func, ast.Attribute)
            where = f"{file}:{call.lineno} ({function})"
            found[where] = (re.compile(first.value, _flags(call)), call.func.attr)
    return found


def all_patterns() -> dict[str, tuple[re.Pattern[str], str]]:
    """Every pattern, with how it is used: anchored (`match`, `fullmatch`) or anywhere.

    A compiled pattern may be used anywhere, so it is tried anywhere (the stronger test).
    """
    held = {**compiled_patterns(), **LIBRARY_PATTERNS}
    return {**{name: (p, "finditer") for name, p in held.items()}, **inline_patterns()}


Shape = tuple[str, str, str]  # a prefix, a unit repeated, a suffix


def adversarial(pattern: re.Pattern[str]) -> Iterator[Shape]:
    """Texts built to make `pattern` backtrack, as shapes to grow to any size."""
    own = sorted(set(pattern.pattern) - {"\\"})
    for unit in dict.fromkeys([*UNITS, *own]):
        for suffix in SUFFIXES:
            yield "", unit, suffix
    for prefix in PREFIXES:
        for char in PREFIXED:
            yield prefix, char, "x"


def build(shape: Shape, size: int) -> str:
    prefix, unit, suffix = shape
    return prefix + unit * ((size - len(prefix) - len(suffix)) // len(unit)) + suffix


def run(pattern: re.Pattern[str], text: str, use: str = "finditer") -> None:
    """Apply `pattern` to `text` as the code does: at one place only, or anywhere."""
    if use in {"match", "fullmatch"}:
        getattr(pattern, use)(text)
        return
    for _ in pattern.finditer(text):
        pass
    pattern.fullmatch(text)


def cpu_seconds(action: Callable[[], object], repeat: int = 3) -> float:
    """The best of `repeat` runs (one is enough when it is over the budget)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        action()
        best = min(best, time.process_time() - start)
        if best > BUDGET_SECONDS:
            break
    return best


def hardest_inputs(pattern: re.Pattern[str], use: str) -> list[Shape]:
    """The shapes whose short texts took `pattern` longest."""
    timed = []
    for shape in adversarial(pattern):
        text = build(shape, SCREEN_CHARS)
        start = time.process_time()
        run(pattern, text, use)
        timed.append((time.process_time() - start, shape))
    timed.sort(key=lambda pair: pair[0], reverse=True)
    return [shape for _, shape in timed[:SLOWEST_KEPT]]


def assert_linear(action: Callable[[int], Callable[[], object]], what: str) -> None:
    """`action(size)()` takes about linear time in `size`, within the budget."""
    size, small = FIRST, 0.0
    while True:  # doubling, so that a super-linear case fails before it takes minutes
        seconds = cpu_seconds(action(size), repeat={SMALL: 5, LARGE: 3}.get(size, 1))
        assert seconds < BUDGET_SECONDS, f"{what}: {seconds:.2f} s on {size:,} characters"
        if size == SMALL:
            small = seconds
        if size == LARGE:
            break
        size *= 2
    large = seconds
    if large > FAST_ENOUGH:
        ratio = large / max(small, 1e-6)
        assert ratio < MAX_RATIO, (
            f"{what}: {large:.3f} s on {LARGE:,} characters, {small:.4f} s on {SMALL:,}: "
            f"{ratio:.0f} times longer for 8 times the text"
        )


PATTERNS = all_patterns()


def test_the_patterns_are_found():
    """The search for patterns itself works: a few known ones are in the list."""
    names = set(PATTERNS)
    assert "tui.core.sanitize._DROP" in names
    assert "tui.core.nlp.pipeline._RULE_SENTENCE" in names
    assert any(name.startswith("nlp/entities.py:") for name in names)  # re.finditer(r"\S+")
    assert len(PATTERNS) >= 20


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_pattern_is_linear_on_adversarial_text(name):
    pattern, use = PATTERNS[name]
    for shape in hardest_inputs(pattern, use):
        assert_linear(
            lambda size, shape=shape: lambda: run(pattern, build(shape, size), use),
            f"{name} ({pattern.pattern[:60]!r}) on {shape!r}",
        )


def test_every_pattern_built_at_run_time_is_known():
    dynamic = {
        (file, function)
        for file, function, call in source_calls()
        if function != "<module>" and not (call.args and isinstance(call.args[0], ast.Constant))
    }
    assert dynamic == DYNAMIC, "a pattern built at run time needs a test here"


NAMES = ["Ana Lopes", "A", "a a a", "United Nations", "O'Brien", "[", "#", "*"]


@pytest.mark.parametrize("unit", ["a ", "A ", "Ana ", "Ana Lopes ", "a" * 50, " ", "'", "a'"])
def test_name_spans_and_match_spans_are_linear(unit):
    assert_linear(lambda size: lambda: name_spans(unit * (size // len(unit)), NAMES), "name_spans")
    assert_linear(
        lambda size: lambda: match_spans(unit * (size // len(unit)), "ana lopes a"),
        "match_spans",
    )


def test_name_spans_is_linear_in_the_names():
    names = ["a " * 200 + "b", "a" * 500, *NAMES]
    assert_linear(lambda size: lambda: name_spans("a " * (size // 2), names), "name_spans")


@pytest.mark.parametrize("unit", ["\n", " ", " \n", "[", "a", "sentences = 3\n", "\t"])
def test_settings_positions_are_linear(unit, tmp_path):
    def action(size: int) -> Callable[[], object]:
        return lambda: _where(tmp_path, unit * (size // len(unit)) + "x", "sentences")

    assert_linear(action, "config._where")


# End to end: the files behind the report, listed within a budget.

HOSTILE_FILES = {
    # A heading followed by a long run of spaces: the heading regex was cubic.
    "heading_spaces.md": "# a" + " " * 5_000 + "b\n\nBody.",
    "heading_tabs.md": "# a" + " \t" * 2_500 + "#b\n\nBody.",
    "headings.md": "# a #\n" * 1_000,
    "brackets.md": "[" * 50_000,
    "open_links.md": "[a](" * 12_000,
    "link_text.md": "[" + "a" * 50_000,
    "emphasis.md": "**_`" * 12_000,
    "dots.txt": "." * 50_000 + "x",
    "marks.txt": "!?" * 25_000 + "x",
    "quotes.txt": "a.'" + "'" * 50_000 + "x",
    "capitals.txt": "A " * 25_000 + "1x 2 3",
    "open_tags.html": "<a " * 20_000,
    "open_quotes.html": "<a b='" * 10_000,
    "comments.html": "<!--a>" * 10_000,
    "marked.html": "<![foo[" * 10_000,
    "bogus.html": "<!" * 30_000,
    "end_tags.html": "</" * 30_000,
    "charrefs.html": "&#" + "9" * 60_000 + "; &#x" + "f" * 60_000,
    "entities.html": "&a" * 30_000,
    "scripts.html": "<script>" + "</scrip" * 10_000,
}


def test_hostile_files_list_within_a_budget(tmp_path):
    for name, text in HOSTILE_FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    start = time.process_time()
    entries = [unpack(row) for batch in scan([tmp_path]) for row in batch]
    seconds = time.process_time() - start
    assert sorted(Path(entry.file).name for entry in entries) == sorted(HOSTILE_FILES)
    assert seconds < 10 * BUDGET_SECONDS, f"listing took {seconds:.1f} s"


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_each_hostile_file_loads_in_linear_time(name, tmp_path):
    text = HOSTILE_FILES[name]

    def action(size: int) -> Callable[[], object]:
        path = tmp_path / f"{size}{Path(name).suffix}"
        path.write_text(scaled_file(text, size), encoding="utf-8")
        return lambda: load_path(path)

    assert_linear(action, name)


def scaled_file(text: str, size: int) -> str:
    """`text` cut or repeated to `size` characters (its structure repeats)."""
    return (text * (size // len(text) + 1))[:size]


@pytest.mark.parametrize("unit", ["<!--", "<!--a>", "<a ", "<![x[", "&#", "<"])
def test_a_hostile_feed_item_parses_in_linear_time(unit):
    """feedparser's own HTML sanitiser was quadratic on "<!--" (160 KB: 5.5 s); it is off."""

    def action(size: int) -> Callable[[], object]:
        payload = html.escape(unit * (size // len(unit)))
        feed = (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item>'
            f"<title>x</title><guid>g</guid><description>{payload}</description>"
            "</item></channel></rss>"
        ).encode()
        return lambda: parse_feed(feed, "http://127.0.0.1/feed")

    assert_linear(action, f"a feed item of {unit!r}")


# spaCy's tokenizer: quadratic in a run of prefix or suffix characters, so no run
# longer than LONGEST_WORD reaches it.


@given(st.text(alphabet="(#'a. \n", max_size=600))
def test_spacy_is_given_short_words_at_the_same_offsets(text):
    shown = short_words(text)
    assert len(shown) == len(text)
    assert all(len(word) <= LONGEST_WORD for word in shown.split())
    assert [i for i, c in enumerate(text) if c != shown[i]] == [
        i for i, c in enumerate(shown) if c != text[i] and c == " "
    ]


@pytest.mark.parametrize("unit", ["(", "#", "'", "-a", "a/"])
def test_spacy_parses_punctuation_in_linear_time(analyzer, unit):
    """20,000 "(" took 97 s (5,000: 6.7 s): 16 times longer for 4 times the text."""
    if analyzer.nlp is None:
        pytest.skip("no spaCy model")
    small, large = (
        cpu_seconds(lambda n=n: parse(unit * n, analyzer.nlp), 1) for n in (1_000, 8_000)
    )
    assert large < 10 * BUDGET_SECONDS
    assert large / max(small, 1e-3) < MAX_RATIO

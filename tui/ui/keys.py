"""Every key of the reader in one table: change a binding here.

The reader screen's bindings, the footer, the help screen and the command palette are
all built from `APP_KEYS`; the panes' own keys are `LIST_KEYS` and `SCROLL_KEYS`,
and `PANE_KEYS` documents them on the help screen. `SOURCE_KEYS` are the `S` dialog's
own (its footer shows them).
"""

from __future__ import annotations

import string
from typing import NamedTuple

from textual.binding import Binding, BindingType
from textual.keys import Keys, _character_to_key

# Actions of the app itself; every other action is the reader screen's.
APP_ACTIONS = frozenset({"cycle_theme", "help", "quit"})


class Key(NamedTuple):
    keys: str  # Textual key names, comma separated
    display: str  # how the help screen and the footer write the keys
    action: str  # also the binding's id: the name `[keys]` in the settings rebinds
    label: str  # short, for the footer
    description: str  # for the help screen and the command palette
    footer: bool = True

    @property
    def target(self) -> str:
        """The action as the reader screen runs it (app actions in the app's namespace)."""
        return f"app.{self.action}" if self.action in APP_ACTIONS else self.action


APP_KEYS = (
    Key("n", "n", "next_article", "Next", "Next article"),
    Key("p", "p", "previous_article", "Prev", "Previous article"),
    Key("s", "s", "cycle_algorithm", "Summariser", "Cycle the summariser"),
    Key("plus,equals_sign", "+", "longer_summary", "Longer", "Longer summary"),
    Key("minus", "-", "shorter_summary", "Shorter", "Shorter summary", False),
    Key(
        "right_square_bracket",
        "]",
        "next_summary",
        "Jump",
        "Next summary sentence in the text",
        False,
    ),
    Key("left_square_bracket", "[", "previous_summary", "Back", "Previous summary sentence", False),
    Key("slash", "/", "filter", "Filter", "Filter the list by title, source or path"),
    Key("F", "F", "search", "Search", "Search the text of every article"),
    Key("full_stop", ".", "next_match", "Next match", "Next match or mention in the text", False),
    Key("comma", ",", "previous_match", "Prev match", "Previous match or mention", False),
    Key("a", "a", "mentioning", "Mentions", "Every article naming the chosen name", False),
    Key("R", "R", "related", "Related", "Articles sharing this one's names", False),
    Key(
        "backspace,h",
        "Backspace h",
        "back",
        "Back",
        "Back to where you were before {related}, {mentioning} or {search}",
        False,
    ),
    Key("r", "r", "refresh", "Refresh", "Refresh the feeds (nutgraf add / import)", False),
    Key("S", "S", "sources", "Sources", "Sources: files and each feed, unread, errors", False),
    Key("m", "m", "toggle_read", "Read", "Mark the article read or unread", False),
    Key(
        "M",
        "M",
        "mark_all_read",
        "All read",
        "Mark every article in the list read ({mark_all_read} again: undo)",
        False,
    ),
    Key("asterisk", "*", "toggle_star", "Star", "Star or unstar the article", False),
    Key("v", "v", "cycle_view", "View", "Show all, unread or starred articles", False),
    Key(
        "O", "O", "cycle_sort", "Order", "Order the list: newest first, by source, by title", False
    ),
    Key("T", "T", "cycle_theme", "Theme", "Cycle the theme: dark, light, terminal colours", False),
    Key("c", "c", "copy_summary", "Copy", "Copy the summary (OSC 52: works over SSH)", False),
    Key("C", "C", "copy_text", "Copy text", "Copy the article's text", False),
    Key("u", "u", "copy_url", "Copy URL", "Copy the article's URL", False),
    Key("o", "o", "open_url", "Open", "Open the URL in a browser (over SSH: copy it)", False),
    Key("e", "e", "export", "Export", "Export summary and names as Markdown", False),
    Key("l", "l", "toggle_list", "List", "Show or hide the article list", False),
    Key(
        "z",
        "z",
        "toggle_zoom",
        "Read",
        "Reading mode: the text (or the focused side pane) full screen",
        False,
    ),
    Key("tab", "Tab", "next_pane", "Pane", "Next pane (reading mode: text, summary, names)", False),
    Key("shift+tab", "Shift+Tab", "previous_pane", "Pane", "Previous pane", False),
    Key(
        "escape",
        "Escape",
        "leave",
        "Leave",
        "Leave, one step at a time: the filter or search field, the reading mode,"
        " the kept filter, the one source chosen in {sources}, the search",
        False,
    ),
    Key("question_mark", "?", "help", "Help", "Help: every key and what it does"),
    Key("q", "q", "quit", "Quit", "Quit"),
)

# The keys of the `S` dialog (on a feed), rebindable by their action names like the others.
SOURCE_KEYS = (
    Key("d,delete", "d", "remove_feed", "Remove", "Remove the feed and its items (asks first)"),
    Key("r,e", "r", "rename_feed", "Rename", "Rename the feed (empty: its own title again)"),
)

# The panes' own keys: (how the help shows them, what they do, the ids `[keys]` rebinds).
PANE_KEYS = (
    ("↑ ↓  j k", "Move in the focused pane", ("down", "up")),
    ("Enter", "Open article / jump to sentence / mark name", ()),
    ("g  G", "Top / bottom of the pane", ("top", "bottom")),
    ("Space  b", "Page down / page up", ("page_down", "page_up")),
    ("Ctrl+P", "Command palette: every action by name (type help, theme…)", ()),
)
PANE_DEFAULTS = {
    "down": "j",
    "up": "k",
    "top": "g",
    "bottom": "G",
    "page_down": "space",
    "page_up": "b",
}


def _pane_bindings(down: str, up: str, top: str, bottom: str) -> list[BindingType]:
    """j/k, g/G and space/b for a pane, bound to that pane's own actions.

    The ids (`down`, `up`...) are shared by every pane: `[keys] down = "ctrl+n"`
    rebinds it in all of them.
    """
    actions = {
        "down": down,
        "up": up,
        "top": top,
        "bottom": bottom,
        "page_down": "page_down",
        "page_up": "page_up",
    }
    return [
        Binding(
            PANE_DEFAULTS[name], action, name.replace("_", " ").capitalize(), show=False, id=name
        )
        for name, action in actions.items()
    ]


# For the lists (articles, summary, names) and for the article text.
LIST_KEYS = _pane_bindings("cursor_down", "cursor_up", "first", "last")
SCROLL_KEYS = _pane_bindings("scroll_down", "scroll_up", "scroll_home", "scroll_end")


ACTIONS = frozenset(key.action for key in (*APP_KEYS, *SOURCE_KEYS)) | frozenset(PANE_DEFAULTS)


def app_bindings(keys: tuple[Key, ...] = APP_KEYS) -> list[BindingType]:
    """The reader screen's bindings (or another table's). Each binding's id is its action,
    so `[keys]` in the config can rebind it (a keymap)."""
    return [
        Binding(
            key.keys,
            key.target,
            key.label,
            show=key.footer,
            key_display=key.display,
            tooltip=key.description,
            id=key.action,
        )
        for key in keys
    ]


def key_display(action: str, keymap: dict[str, str] | None = None) -> str:
    """How the help writes the keys of `action` as currently bound."""
    if keymap and action in keymap:
        return keymap[action].replace(",", " ")
    if action in PANE_DEFAULTS:
        return PANE_DEFAULTS[action]
    return next(key.display for key in (*APP_KEYS, *SOURCE_KEYS) if key.action == action)


def bound_keys(action: str, keymap: dict[str, str] | None = None) -> frozenset[str]:
    """The Textual key names that run `action` as currently bound."""
    if keymap and action in keymap:
        return frozenset(keymap[action].split(","))
    return frozenset(next(key.keys for key in APP_KEYS if key.action == action).split(","))


def describe(key: Key, keymap: dict[str, str] | None = None) -> str:
    """`key`'s description with the keys it names (`{action}`) as currently bound."""
    if "{" not in key.description:
        return key.description
    return key.description.format_map(_Displays(keymap or {}))


class _Displays(dict[str, str]):
    def __init__(self, keymap: dict[str, str]) -> None:
        super().__init__()
        self.keymap = keymap

    def __missing__(self, action: str) -> str:
        return key_display(action, self.keymap)


def help_rows(keymap: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """Every key as currently bound: the config's `[keys]` replace the defaults."""
    keymap = keymap or {}
    shown = {action: keys.replace(",", " ") for action, keys in keymap.items()}
    panes = [
        (
            "  ".join(shown.get(i, PANE_DEFAULTS[i]) for i in ids)
            if any(i in shown for i in ids)
            else display,
            text,
        )
        for display, text, ids in PANE_KEYS
    ]
    rows = ((shown.get(k.action, k.display), describe(k, keymap)) for k in APP_KEYS)
    return [*panes, *rows]


MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
# Textual's key names: its named keys, and the name of every printable ASCII character.
KEY_NAMES = frozenset(key.value.rsplit("+", 1)[-1] for key in Keys) | frozenset(
    {"space", "tab", "enter", "backspace", "escape", *(f"f{n}" for n in range(1, 25))}
    | {_character_to_key(char) for char in string.printable if not char.isspace()}
)


def checked_keymap(keymap: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The bindings of `[keys]` that name real keys, and a problem for each that does not
    (Textual would accept any string and the key would silently do nothing); then
    without clashes (`unclashed`)."""
    good: dict[str, str] = {}
    problems: list[str] = []
    for action, keys in keymap.items():
        bad = [key for key in keys.split(",") if not _is_key(key)]
        if bad:
            problems.append(f"[keys] {action}: {bad[0]!r} is not a key name; keeping the default")
        else:
            good[action] = keys
    good, clashes = unclashed(good)
    if clashes:
        problems.append("Key clashes: " + "; ".join(clashes))
    return good, problems


def _defaults(table: tuple[Key, ...]) -> dict[str, list[str]]:
    return {key.action: key.keys.split(",") for key in table} | {
        action: [key] for action, key in PANE_DEFAULTS.items()
    }


def unclashed(keymap: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The rule for a key that `[keys]` gives to an action while another has it: the other
    action keeps it (its default, or the entry earlier in the file), and the key is taken
    off the entry that came later, which keeps its other keys (none left: its defaults).
    Checked among the reader's keys with the panes' keys, and among the `S` dialog's keys
    with the panes' keys. Returns the keymap without clashes, and each clash."""
    result = dict(keymap)
    clashes: list[str] = []
    for table in (APP_KEYS, SOURCE_KEYS):
        actions = {key.action for key in table}
        checked = actions | (set(PANE_DEFAULTS) if table is APP_KEYS else set())
        owner: dict[str, str] = {}  # key -> the action that has it
        for action, keys in _defaults(table).items():
            if action in checked and action in keymap:
                continue  # it claims its keys below, in the file's order
            for key in result[action].split(",") if action in result else keys:
                owner.setdefault(key, action)
        for action in keymap:
            if action not in checked:
                continue
            keys = result[action].split(",")
            kept = [key for key in keys if owner.setdefault(key, action) == action]
            clashes += [
                f"{key} is bound to both {owner[key]} and {action}: {owner[key]} keeps it"
                for key in keys
                if owner[key] != action
            ]
            if kept:
                result[action] = ",".join(kept)
            else:
                result.pop(action)
    return result, clashes


def _is_key(key: str) -> bool:
    *modifiers, base = key.split("+")
    if not base or not set(modifiers) <= MODIFIERS:
        return False
    return base in KEY_NAMES or (len(base) == 1 and base.isprintable() and not base.isspace())

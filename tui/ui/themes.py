"""The reader's three themes, by the names the settings and the README use.

Each starts from the Textual theme it was (textual-dark, textual-light, ansi-dark)
with the colours that drew text below WCAG AA (4.5:1) changed; `tests/ui/test_themes.py`
measures every character on screen in each. Only these are offered: Textual's other
themes are not checked.
"""

from __future__ import annotations

from textual.theme import BUILTIN_THEMES, Theme

DARK = Theme(
    name="dark",
    primary="#0178D4",
    secondary="#004578",
    accent="#ffa62b",
    warning="#ffa62b",
    error="#ba3c5b",
    success="#4EBF71",
    foreground="#e0e0e0",
)

LIGHT = Theme(
    name="light",
    primary="#004578",
    secondary="#0178D4",
    accent="#ffa62b",
    warning="#ffa62b",
    error="#ba3c5b",
    success="#4EBF71",
    surface="#D8D8D8",
    panel="#D0D0D0",
    background="#E0E0E0",
    dark=False,
    variables={"footer-key-foreground": "#0178D4"},
)

_ansi = BUILTIN_THEMES["ansi-dark"]
ANSI = Theme(
    name="ansi",
    primary=_ansi.primary,
    secondary=_ansi.secondary,
    warning=_ansi.warning,
    error=_ansi.error,
    success=_ansi.success,
    accent=_ansi.accent,
    foreground=_ansi.foreground,
    background=_ansi.background,
    surface=_ansi.surface,
    panel=_ansi.panel,
    boost=_ansi.boost,
    dark=True,
    variables=dict(_ansi.variables),
    ansi=True,
)

THEMES = {theme.name: theme for theme in (DARK, LIGHT, ANSI)}

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
    # textual-dark's cursor (its primary, #0178D4) under the cursor's text: 3.8:1.
    variables={"block-cursor-background": "#0a5696"},
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
    variables={
        "footer-key-foreground": "#004578",  # #0178D4: 2.9:1 on the footer
        "text-accent": "#7a4a00",  # orange text on light grey was 3.3:1 (headings, titles)
        "text-warning": "#7a4a00",  # 2.8:1 (notices)
        "text-success": "#1d6434",  # 3.2:1 (notices)
        # "auto 60%" came out near white in the list's rows (1.2:1): a grey that is 6:1.
        "text-muted": "#505050",
    },
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

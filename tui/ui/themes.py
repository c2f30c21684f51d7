"""The reader's three themes, by the names the settings and the README use.

Each starts from the Textual theme it was (textual-dark, textual-light, ansi-dark)
with the colours that drew text below WCAG AA (4.5:1), or borders and highlights below
3:1 against what is around them (WCAG 1.4.11), changed; the variables `pane-border`,
`pane-border-focus`, `summary-*`, `mention-*`, `current-*` are ours (app.tcss,
article_view.py); `tests/ui/test_themes.py` measures every character on screen in each.
Only these are offered: Textual's other themes are not checked.
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
    variables={
        # textual-dark's cursor (its primary, #0178D4) under the cursor's text: 3.8:1.
        "block-cursor-background": "#0a5696",
        # Borders at 3:1 on the background (WCAG 1.4.11): panel-lighten-2 was 2.3:1.
        "pane-border": "#6e6e6e",
        "pane-border-focus": "#ffa62b",
        # Summary sentences and mentions in the text: "$primary 30%" was 1.1:1 against
        # the text's background (colour 23 or 16 on 233 in 256 colours: invisible);
        # these are 3:1 against it, with the text on them at 4.5:1.
        "summary-background": "#2a64a0",
        "summary-foreground": "#e0e0e0",
        "mention-background": "#865810",
        "mention-foreground": "#e0e0e0",
        # The summary sentence and the mention stepped to: unlike their neighbours, bold.
        "current-background": "#0a4a80",
        "current-foreground": "#e0e0e0",
        "current-mention-background": "#5c3a08",
        "current-mention-foreground": "#e0e0e0",
    },
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
        # Borders were 1.3:1 (panel-lighten-2) and 1.5:1 (the orange accent): 3:1 now.
        "pane-border": "#767676",
        "pane-border-focus": "#9a5b00",
        # Highlights 3:1 against the text's background; black text on them at 4.5:1 (no
        # background is both for the theme's own dark grey text).
        "summary-background": "#5a7ea3",
        "summary-foreground": "#000000",
        "mention-background": "#a07030",
        "mention-foreground": "#000000",
        "current-background": "#8fb0d0",
        "current-foreground": "#000000",
        "current-mention-background": "#e0b070",
        "current-mention-foreground": "#000000",
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
    # The terminal's own colours: the same as before these variables (highlights are marks
    # without colour in this theme, app.tcss and article_view.py).
    variables={
        **_ansi.variables,
        "pane-border": "transparent",  # as panel-lighten-2 is here: the default colour
        "pane-border-focus": "ansi_green",
        "summary-background": "ansi_default",
        "summary-foreground": "ansi_default",
        "mention-background": "ansi_default",
        "mention-foreground": "ansi_default",
        "current-background": "ansi_default",
        "current-foreground": "ansi_default",
        "current-mention-background": "ansi_default",
        "current-mention-foreground": "ansi_default",
    },
    ansi=True,
)

THEMES = {theme.name: theme for theme in (DARK, LIGHT, ANSI)}

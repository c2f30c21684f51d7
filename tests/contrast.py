"""WCAG contrast of what is on screen: every character drawn, its colour against its
background, as the terminal would show it (ANSI colours through the app's ANSI theme)."""

from __future__ import annotations

from rich.color import Color as RichColor
from rich.terminal_theme import TerminalTheme

AA = 4.5  # WCAG 2 AA, normal text
# Borders, scrollbars and block marks are not text (WCAG asks 3:1 of those, not 4.5:1).
NOT_TEXT = range(0x2500, 0x25A0)


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(fg: tuple[int, int, int], bg: tuple[int, int, int]) -> float:
    light, dark = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _rgb(color: RichColor | None, theme: TerminalTheme, foreground: bool) -> tuple[int, int, int]:
    if color is None or color.is_default:
        triplet = theme.foreground_color if foreground else theme.background_color
        return (triplet.red, triplet.green, triplet.blue)
    truecolor = color.get_truecolor(theme, foreground=foreground)
    return (truecolor.red, truecolor.green, truecolor.blue)


def low_contrast(app, minimum: float = AA) -> list[tuple[float, str, str]]:
    """(ratio, text, colours) of each run of text on screen below `minimum`.

    Over a dialog (help, sources) only the dialog counts: what is behind it is dimmed
    on purpose.
    """
    from textual.screen import ModalScreen

    theme = app.ansi_theme
    screen = app.screen
    area = screen.children[-1].region if isinstance(screen, ModalScreen) else screen.region
    found: dict[tuple[str, str], float] = {}
    for y, strip in enumerate(screen._compositor.render_strips()):
        x = 0
        for segment in strip:
            text, style = segment.text, segment.style
            start, x = x, x + segment.cell_length
            if not (area.y <= y < area.bottom and area.x <= start < area.right):
                continue
            if style is None or not any(
                not char.isspace() and ord(char) not in NOT_TEXT for char in text
            ):
                continue
            fg = _rgb(style.color, theme, True)
            bg = _rgb(style.bgcolor, theme, False)
            if style.reverse:
                fg, bg = bg, fg
            if style.dim:  # as the terminal would: halfway to the background
                fg = tuple((f + b) // 2 for f, b in zip(fg, bg, strict=True))  # type: ignore[assignment]
            value = ratio(fg, bg)
            if value < minimum:
                key = (text.strip()[:40], f"row {y} #{bytes(fg).hex()} on #{bytes(bg).hex()}")
                found[key] = min(value, found.get(key, value))
    return sorted((value, text, where) for (text, where), value in found.items())

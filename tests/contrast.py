"""WCAG contrast of what is on screen: every character drawn, its colour against its
background, as the terminal would show it (ANSI colours through the app's ANSI theme)."""

from __future__ import annotations

from rich.color import Color as RichColor
from rich.terminal_theme import TerminalTheme

AA = 4.5  # WCAG 2 AA, normal text
# Borders, scrollbars and block marks are not text (WCAG asks 3:1 of those, not 4.5:1).
NOT_TEXT = range(0x2500, 0x25A0)
NON_TEXT = 3.0  # WCAG 2.1 1.4.11: what identifies a component or a state, 3:1
BOX_DRAWING = range(0x2500, 0x2580)  # the panes' and dialogs' borders


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


def low_contrast(app, minimum: float = AA, borders: bool = False) -> list[tuple[float, str, str]]:
    """(ratio, text, colours) of each run of text on screen below `minimum`; with
    `borders`, of each run of border lines (box drawing) instead.

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
            if style is None:
                continue
            if borders and not any(ord(char) in BOX_DRAWING for char in text):
                continue
            if not borders and not any(
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


def weak_highlights(app) -> list[tuple[float, str]]:
    """(ratio, kind) of each highlight in the article text that is told from the text
    around it by its background alone, at less than 3:1 against the text's background.
    A highlight with a mark that is not a colour (underline, reverse) passes."""
    body = app.reader.body
    page = body.get_visual_style().background
    weak = []
    for kind in ("summary", "mention"):
        style = body._style(kind)  # as the text is drawn with it
        if style.underline or style.reverse or style.background is None:
            continue
        background = page + style.background  # blended as it is drawn
        value = ratio(background.rgb, page.rgb)
        if value < NON_TEXT:
            weak.append((value, f"{kind} {background.hex} on {page.hex}"))
    return weak

"""The UI's output boundary: text from outside becomes `Content`, sanitised, never markup.

Article text is sanitised at ingestion; strings made later are not (server
replies, exception messages, paths, settings, queries), so everything shown
that is not a literal of ours passes through here, and `NutgrafApp.notify`
does the same for every notice. `tests/unit/test_output_boundary.py` fails on
a `Content(...)` of anything but a literal outside this module.
"""

from __future__ import annotations

from textual.content import Content

from tui.core.sanitize import clean_text


def shown(text: object) -> Content:
    """One line: control and invisible characters removed, line breaks made spaces."""
    return Content(clean_text(str(text)).replace("\n", " "))


def shown_text(text: object) -> Content:
    """Text whose line breaks matter (an article's paragraphs); the same characters removed."""
    return Content(clean_text(str(text)))

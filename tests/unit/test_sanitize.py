import re

from tui.core.sanitize import clean_line, clean_text

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\u200b\u00ad]")


def test_escape_sequences_lose_their_escape_bytes():
    text = "Breaking\x1b]0;PWNED\x07\x1b[2J\x1b]52;c;ZXZpbA==\x07"
    cleaned = clean_text(text)
    assert not UNSAFE.search(cleaned)
    assert cleaned.startswith("Breaking")


def test_c1_controls_and_bidi_and_invisibles_are_dropped():
    assert clean_text("A\u009b2JB\u009d0;PWN\u009c") == "A2JB0;PWN"
    assert clean_text("invoice\u202efdp.exe") == "invoicefdp.exe"
    assert clean_text("a\u200bb\u00adc\ufeffd\U000e0041e") == "abcde"


def test_newlines_are_normalised_and_tabs_kept():
    assert clean_text("one\r\ntwo\rthree\n\tfour") == "one\ntwo\nthree\n\tfour"


def test_clean_line_collapses_whitespace():
    assert clean_line("  Big\n\n news\t today ") == "Big news today"


def test_markup_like_text_is_left_alone():
    # Markup is neutralised where text is shown, not by editing the text.
    assert clean_text("[bold]x[/] [@click=app.quit]") == "[bold]x[/] [@click=app.quit]"

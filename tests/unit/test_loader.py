import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.ingest.decode import BinaryFileError, decode_bytes
from tui.core.ingest.discovery import discover
from tui.core.ingest.formats import load_all, load_path
from tui.core.ingest.titles import derive_title


def write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def test_txt_short_first_line_is_the_title_and_not_repeated_in_the_body(tmp_path):
    [article] = load_path(write(tmp_path, "a.txt", "Short headline\n\nBody one. Body two.\n"))
    assert article.title == "Short headline"
    assert article.text == "Body one. Body two.\n"
    assert article.error is None


def test_txt_long_first_line_gives_the_first_sentence_trimmed(tmp_path):
    body = "The first sentence is here. " + "More words follow in this long paragraph. " * 5
    [article] = load_path(write(tmp_path, "a.txt", body))
    assert article.title == "The first sentence is here."


def test_very_long_first_sentence_is_trimmed_at_a_word():
    title = derive_title("word " * 60 + "end.", "x.txt")
    assert title.endswith("…") and len(title) <= 90 and "  " not in title


def test_markdown_heading_is_the_title_and_syntax_is_dropped(tmp_path):
    path = write(tmp_path, "a.md", "Intro line\n# The **Real** Title\n\nSee [the link](http://x).")
    [article] = load_path(path)
    assert article.title == "The Real Title"
    assert "See the link." in article.text
    assert "http://x" not in article.text


def test_html_main_text_without_tags_scripts_or_navigation(tmp_path):
    html = (
        "<html><head><title>Site | Story</title><script>var x = 1;</script></head><body>"
        "<nav>Home News</nav><h1>Storm &amp; flood</h1><p>Rain fell <b>all</b> day.</p>"
        "<p>Rivers rose.</p><footer>Copyright</footer></body></html>"
    )
    [article] = load_path(write(tmp_path, "a.html", html))
    assert article.title == "Storm & flood"
    assert article.text == "Rain fell all day.\n\nRivers rose."


def test_json_list_and_jsonl_records_with_metadata(tmp_path):
    records = [
        {"title": "One", "text": "First text.", "source": "Wire", "published": "2026-01-02T10:00"},
        {"text": "Second text has no title. It goes on."},
    ]
    [one, two] = load_path(write(tmp_path, "a.json", json.dumps(records)))
    assert (one.title, one.source, one.meta_line) == ("One", "Wire", "Wire · 2026-01-02 · 1 min")
    assert two.title == "Second text has no title."
    assert (one.index, two.index) == (0, 1)
    lines = "\n".join(json.dumps(r) for r in records) + "\nnot json\n" + json.dumps({"x": 1})
    loaded = load_path(write(tmp_path, "b.jsonl", lines))
    assert [a.error for a in loaded] == [
        None,
        None,
        "line 3: invalid JSON (Expecting value)",
        'not an object with a "text" string',
    ]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", "", "empty"),
        ("blank.txt", "  \n\n ", "empty"),
        (
            "bad.json",
            "{oops",
            "invalid JSON at line 1: Expecting property name enclosed in double quotes",
        ),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (NUL bytes)"),
    ],
)
def test_broken_files_become_entries_with_a_reason(tmp_path, name, data, reason):
    [article] = load_path(write(tmp_path, name, data))
    assert article.error == reason
    assert article.title == name


def test_missing_file_and_oversized_file(tmp_path):
    [missing] = load_path(tmp_path / "gone.txt")
    assert missing.error == "file not found"
    [big] = load_path(write(tmp_path, "big.txt", "x" * 2000), size_cap=1000)
    assert big.error is not None and big.error.startswith("too large")


def test_discover_walks_folders_in_order_and_skips_hidden_and_other_files(tmp_path):
    write(tmp_path, "b.txt", "b")
    write(tmp_path, "a.md", "a")
    write(tmp_path, "notes.pdf", "x")
    write(tmp_path, ".hidden.txt", "x")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "c.html", "<p>c</p>")
    names = [Path(p).name for p in discover([tmp_path])]
    assert names == ["a.md", "b.txt", "c.html"]


def test_decoding_utf8_bom_utf16_cp1252_and_latin1():
    assert decode_bytes("\ufeffCafé".encode()) == "Café"
    assert decode_bytes("Café résumé".encode("utf-16")) == "Café résumé"
    assert decode_bytes("Café résumé — “quotes”".encode("cp1252")) == "Café résumé — “quotes”"
    assert decode_bytes("Café".encode("latin-1")) == "Café"
    with pytest.raises(BinaryFileError):
        decode_bytes(b"abc\x00def")


def test_loaded_text_is_sanitised(tmp_path):
    [article] = load_path(write(tmp_path, "a.txt", "Title\x1b[2J here\r\n\r\nBody\u202e text."))
    assert article.title == "Title[2J here"
    assert article.text == "Body text."


def test_the_bundled_seed_loads(tmp_path):
    from tui.core.paths import default_seeds

    [article] = load_all([default_seeds()])
    assert article.error is None
    assert article.title.startswith("The Ukrainian president, Volodymyr Zelensky")


@settings(max_examples=500)
@given(st.text(alphabet=st.sampled_from(list("ab .\n\r\t\x0b\x0c\x1c\x85\u2028")), max_size=40))
def test_a_title_reads_only_the_lines_it_needs_and_finds_the_same(text):
    """The title's lines are cut at "\\n" as far as they go, not from the whole text's
    `splitlines` (a listing asks every file): every other line break must still count."""
    whole = [line.strip() for line in text.splitlines() if line.strip()]
    assert derive_title(text, "story.txt") == derive_title("\n".join(whole), "story.txt")

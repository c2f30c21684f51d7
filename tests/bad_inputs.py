"""Hostile and broken article files, made by the tests (issue 4's bad-input suite).

`write_bad_inputs(folder)` writes every case; run it by hand to look at the
folder in a real terminal:

    python -c "from tests.bad_inputs import write_bad_inputs; write_bad_inputs('/tmp/bad')"
    nutgraf /tmp/bad
"""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

# What must never reach the screen: C0/C1 controls, bidi overrides and isolates, BOMs.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")
ESCAPES = "Breaking\x1b]0;PWNED\x07\x1b[2J\x1b]52;c;ZXZpbA==\x07"
OSC8 = "\x1b]8;;http://127.0.0.1:9/\x1b\\bank.com\x1b]8;;\x1b\\"
C1 = "A\u009b2JB\u009d0;PWN\u009c"
MARKUP = [
    "[/INST] hi",
    "[/]",
    "[bold",
    "[@click=app.quit]x[/]",
    '[link="file:///etc/passwd"]x[/]',
    "[red on red]secret[/]",
]
INVISIBLE = "invoice\u202efdp.exe a\u200bb tag\U000e0041\U000e0042 soft\u00adhyphen"
NEWS = (
    "The city council approved a new budget on Monday after a long debate. "
    "Mayor Ana Lopes said the budget balances schools, buses and roads. "
    "The teachers union welcomed the plan but asked for higher pay. "
    "A final vote on teacher pay is expected next month."
)

# Files whose analysis is slow by design; the app must show them at once.
SLOW = ("million_chars.txt", "long_line.txt", "two_thousand_sentences.txt")


def cases() -> dict[str, bytes]:
    """File name to bytes, one file a case."""
    rng = random.Random(4)
    million = ("Lorem ipsum dolor sit amet, Ana Lopes said. " * 25_000)[:1_000_001]
    return {
        "escapes_title.txt": f"{ESCAPES}\n\n{NEWS}".encode(),
        "escapes_body.txt": f"Council news\n\n{NEWS} {ESCAPES} {NEWS}".encode(),
        "escapes_name.txt": (
            f"Mayor news\n\nMayor Ana\x1b[2J Lopes\x1b]52;c;ZXZpbA==\x07 spoke on Monday. {NEWS}"
        ).encode(),
        "osc8_link.txt": f"Link news\n\nVisit {OSC8} today. {NEWS}".encode(),
        "c1_bytes.txt": f"C1 {C1}\n\n{C1} {NEWS}".encode(),
        **{
            f"markup_{i}.txt": f"{markup} title\n\n{markup} in the body. {NEWS}".encode()
            for i, markup in enumerate(MARKUP)
        },
        "invisible.txt": f"{INVISIBLE}\n\n{INVISIBLE}. {NEWS}".encode(),
        "empty.txt": b"",
        "whitespace.txt": b"  \n\t\n   \n",
        "image.txt": b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(512)),
        "nul.txt": b"Some text\x00with a NUL byte",
        "cp1252.txt": "Café résumé — “quotes”\n\nCafé résumé — “quotes” again.".encode("cp1252"),
        "latin1.txt": "Café".encode("latin-1"),
        "utf8_bom.txt": "\ufeffBOM headline\n\nThe body follows.".encode(),
        "utf16le_bom.txt": "\ufeffUTF-16 headline\n\nThe body, in UTF-16.".encode("utf-16-le"),
        "cr_only.txt": f"Old Mac headline\r\r{NEWS}\rLast line.".encode(),
        "crlf.txt": f"Windows headline\r\n\r\n{NEWS}\r\nLast line.".encode(),
        "million_chars.txt": million.encode(),
        "long_line.txt": b"x" * 4_000_000,
        "two_thousand_sentences.txt": " ".join(
            f"Sentence number {i} reports on the council budget." for i in range(2000)
        ).encode(),
        "all_caps.txt": NEWS.upper().encode(),
        "one_sentence.txt": b"Only one sentence is here.",
        "alpha_beta.txt": b"Alpha beta. Gamma delta.",
        "russian.txt": (
            "Президент заявил, что участие в саммите имеет смысл только при наличии сигнала. "
            "Он сказал это в интервью. Многие страны боятся. Саммит пройдет в июле."
        ).encode(),
        "chinese.txt": (
            "乌克兰总统表示，只有在获得明确信号的情况下，参加峰会才有意义。峰会将于七月举行。"
        ).encode(),
    }


def write_bad_inputs(folder: str | Path) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in cases().items():
        (folder / name).write_bytes(data)
    os.symlink(folder / "does_not_exist.txt", folder / "broken_link.txt")
    os.symlink(folder / "loop_b.txt", folder / "loop_a.txt")
    os.symlink(folder / "loop_a.txt", folder / "loop_b.txt")
    return folder

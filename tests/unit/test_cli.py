import json
import re
import subprocess
import sys

import pytest

from tui import __version__
from tui.cli import main
from tui.core.paths import default_seeds

SEEDS = default_seeds()


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, timeout=120
    )


def test_summarize_json_prints_one_object_per_article(corpus, capsys):
    assert main(["summarize", "--json", "--sentences", "2", "-a", "textrank", str(corpus)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == 3
    for record in records:
        assert set(record) == {"path", "title", "algorithm", "sentences"}
        assert record["algorithm"] == "TextRank"
        assert 1 <= len(record["sentences"]) <= 2


def test_entities_json_on_the_seeds(capsys):
    assert main(["entities", "--json", str(SEEDS)]) == 0
    [record] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert set(record) == {"path", "title", "people", "organisations"}
    people = {p["name"]: p for p in record["people"]}
    assert people["Volodymyr Zelensky"]["count"] >= 4
    assert "Zelensky" in people["Volodymyr Zelensky"]["aliases"]
    assert "NATO" in [o["name"] for o in record["organisations"]]
    assert set(record["people"][0]) == {"name", "count", "aliases"}


def test_unreadable_path_exits_2_with_a_reason_and_the_rest_is_processed(corpus, capsys):
    assert main(["entities", str(corpus / "missing.txt"), str(corpus / "ferry.txt")]) == 2
    captured = capsys.readouterr()
    assert captured.err.strip().splitlines() == [
        f"nutgraf: {corpus / 'missing.txt'}: file not found"
    ]
    assert "Harbour council approves new ferry timetable" in captured.out
    assert "Ana Lopes" in captured.out


def test_readable_output_shows_markup_literally(tmp_path, capsys):
    (tmp_path / "m.txt").write_text("[bold red]Not markup[/] title\n\n[link=x]Body[/link]. Two.")
    assert main(["summarize", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "[bold red]Not markup[/] title" in out
    assert "[link=x]Body[/link]." in out


def test_version_help_and_bad_arguments():
    assert run("--version").stdout.strip() == f"nutgraf {__version__}"
    assert "summarize" in run("--help").stdout
    bad = run("summarize", "--algorithm", "nope")
    assert bad.returncode == 2
    assert "choose from NewsRank, LeadRank, LexRank" in bad.stderr


def test_bulk_entities_match_one_article_at_a_time(analyzer, corpus):
    """`nutgraf entities` streams every article through one nlp.pipe: same names."""
    from tui.core.ingest.formats import load_all
    from tui.core.model import AnalysisRequest

    articles = load_all([corpus])
    texts = [a.text for a in articles] + ["Прекрасный день в Москве. " * 20]
    bulk = list(analyzer.entities_many(texts))
    assert len(bulk) == len(texts)
    for text, found in zip(texts, bulk, strict=True):
        alone = analyzer.analyse(AnalysisRequest(text, "d", "NewsRank", 3))
        assert (found.people, found.organisations, found.entity_note) == (
            alone.people,
            alone.organisations,
            alone.entity_note,
        )
    assert any(found.people for found in bulk)


def test_serve_is_private_to_the_address_it_prints(tmp_path):
    """`nutgraf serve` answers only under its secret path, only for its own host, and takes
    WebSockets only from its own origin: another web page or local user cannot drive it."""
    import http.client
    import socket
    import urllib.error
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "tui", "serve", "--port", str(port), str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        first = server.stdout.readline()  # printed once the server listens
        address = first.split()[-1]
        assert address.startswith(f"http://localhost:{port}/") and len(address) > 40
        secret = address.split("/")[3]
        with urllib.request.urlopen(address, timeout=10) as page:
            html = page.read().decode()
        assert f'"ws://localhost:{port}/{secret}/ws"' in html
        # The page loads nothing from elsewhere (textual-serve's asked Google for a font).
        hosts = re.findall(r"""(?:href|src)\s*=\s*["']?(?:https?:)?//([^/"'\s>]+)""", html)
        assert hosts and set(hosts) == {f"localhost:{port}"}
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://localhost:{port}/", timeout=10)
        assert missing.value.code == 404

        def handshake(path: str, **headers: str) -> int:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            upgrade = {
                "Connection": "Upgrade",
                "Upgrade": "websocket",
                "Sec-WebSocket-Version": "13",
                "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
            }
            connection.request("GET", path, headers={**upgrade, **headers})
            status = connection.getresponse().status
            connection.close()
            return status

        own = f"http://localhost:{port}"
        assert handshake(f"/{secret}/ws", Host=f"localhost:{port}", Origin=own) == 101
        assert handshake(f"/{secret}/ws", Host=f"localhost:{port}", Origin="http://a.test") == 403
        assert handshake(f"/{secret}/ws", Host=f"localhost:{port}") == 403
        assert handshake(f"/{secret}/ws", Host=f"rebound.test:{port}", Origin=own) == 403
        assert handshake("/ws", Host=f"localhost:{port}", Origin=own) == 404
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_an_article_whose_analysis_fails_is_named_and_the_rest_are_printed(
    corpus, capsys, monkeypatch
):
    from tui.core.nlp.analyzer import Analyzer

    real = Analyzer.analyse

    def flaky(self, request):
        if "ferry" in request.text:
            raise MemoryError("simulated")
        return real(self, request)

    monkeypatch.setattr(Analyzer, "analyse", flaky)
    assert main(["summarize", "--json", str(corpus)]) == 1
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 2
    assert "ferry.txt: analysis failed (MemoryError); see the log" in captured.err


_LISTING_FIRST = """
import sys
from tui import cli
from tui.core.workers import scanner

class Started(Exception):
    pass

def start(self, paths, files, size_cap):
    print(paths, "textual.app" in sys.modules, "tui.ui.app" in sys.modules)
    raise Started

scanner.ProcessScanner.start = start
cli.has_terminal = lambda: True
try:
    cli.main(sys.argv[1:])
except Started:
    pass
"""


def test_the_reader_starts_listing_before_the_app_is_imported(corpus):
    """Importing the app (Textual's app, the screens) took 0.4 s of every start, and the
    scanner process can list meanwhile (issue 15)."""
    done = subprocess.run(
        [sys.executable, "-c", _LISTING_FIRST, str(corpus)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.split("\n")[0] == f"['{corpus}'] False False", done.stderr

"""A local HTTP server for the feed tests: fixture feeds and every way a server can misbehave.

Every address in these fixtures is on this machine. Links that must go nowhere use
`NOWHERE` (127.0.0.1 port 9, where nothing listens; not the feed's origin either, so the
page policy refuses it before any connection is tried).
"""

from __future__ import annotations

import asyncio
import gzip
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tui.core.feeds.fetch import Limits
from tui.core.feeds.refresh import Outcome, refresh
from tui.core.storage.feeds import FeedStore

NOWHERE = "http://127.0.0.1:9"

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Harbour Post</title><link>http://127.0.0.1:9/</link>
<item><title>Ferry timetable approved</title><link>/news/ferry</link><guid>ferry-1</guid>
<pubDate>Fri, 27 Nov 2026 09:00:00 GMT</pubDate>
<description>The council approved a timetable.</description>
<content:encoded><![CDATA[<p>The Harbour Council voted on Tuesday.</p><script>evil()</script>
<p>Mayor Ana Lopes said it cuts waiting times.</p>]]></content:encoded></item>
<item><title>Storm closes port &#x1b;[2J</title><link>javascript:alert(1)</link>
<description>Short teaser only.</description></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title>
<entry><title>Atom story</title><id>urn:1</id><link href="http://127.0.0.1:9/a"/>
<updated>2026-11-27T10:00:00Z</updated><summary>Atom summary text.</summary></entry></feed>"""

RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="http://127.0.0.1:9/"><title>RDF News</title></channel>
<item rdf:about="http://127.0.0.1:9/r1"><title>RDF story</title><link>http://127.0.0.1:9/r1</link>
<description>RDF text.</description></item></rdf:RDF>"""

LATIN1 = (
    '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Caf\xe9</title>'
    "<item><title>R\xe9sum\xe9 du jour</title><description>D\xe9j\xe0 vu.</description></item>"
    "</channel></rss>"
).encode("latin-1")

BOZO = RSS.replace(b"</channel></rss>", b"<item><title>Unclosed")

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>
<rss version="2.0"><channel><title>Laughs</title><item><title>&h;</title></item></channel></rss>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>XXE</title><item><title>Leak &secret;</title>
<description>x</description></item></channel></rss>"""

TEASER = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Teasers</title>
<item><title>Full story</title><link>/page/ferry</link><description>Read more.</description></item>
<item><title>Gone story</title><link>/page/gone</link><description>Read more.</description></item>
<item><title>Bomb story</title><link>/bomb</link><description>Read more.</description></item>
</channel></rss>"""

PAGE = (
    "<html><head><title>Ferry</title></head><body><nav>Home | News | Sport</nav><article>"
    "<h1>Ferry timetable approved</h1>"
    + "".join(
        f"<p>Paragraph {i}: the Harbour Council voted on the ferry timetable, and Mayor Ana "
        "Lopes said waiting times would fall for commuters on both sides of the bay.</p>"
        for i in range(12)
    )
    + "</article><footer>Copyright and cookie notice</footer></body></html>"
).encode()

BOMB = gzip.compress(b"\0" * (30 * 1024 * 1024))
# /held answers only once a test sets RELEASE; ASKED says a client is waiting on it.
ASKED = threading.Event()
RELEASE = threading.Event()
# /mark/T sets MARKS[T]; /after/T waits for it (up to 20 s) before answering.
MARKS: dict[str, threading.Event] = {}
_MARKS_LOCK = threading.Lock()


def _mark(token: str) -> threading.Event:
    with _MARKS_LOCK:
        return MARKS.setdefault(token, threading.Event())


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def send(self, body: bytes, status: int = 200, **headers: str) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        fixtures = {
            "/rss": RSS,
            "/atom": ATOM,
            "/rdf": RDF,
            "/latin1": LATIN1,
            "/bozo": BOZO,
            "/teaser": TEASER,
            "/page/ferry": PAGE,
        }
        if path in fixtures:
            self.send(fixtures[path], Content_Type="application/rss+xml")
        elif path in ("/laughs", "/xxe"):
            self.send(LAUGHS if path == "/laughs" else XXE)
        elif path == "/etag":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.end_headers()
            else:
                self.send(RSS, ETag='"v1"', Last_Modified="Fri, 27 Nov 2026 09:00:00 GMT")
        elif path.startswith("/mark/"):
            _mark(path.removeprefix("/mark/")).set()
            self.send(b"marked", Content_Type="text/plain")
        elif path.startswith("/after/"):
            if _mark(path.removeprefix("/after/")).wait(timeout=20):
                self.send(RSS, Content_Type="application/rss+xml")
            else:
                self.send(b"never marked", status=503)
        elif path in ("/404", "/500"):
            self.send(b"no", status=int(path[1:]))
        elif path == "/held":
            ASKED.set()
            RELEASE.wait(timeout=120)
            self.send(RSS)
        elif path == "/slow":
            time.sleep(3)
            self.send(RSS)
        elif path == "/drip":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            for _ in range(100):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
        elif path == "/loop":
            self.send(b"", status=302, Location="/loop")
        elif path == "/huge":
            self.send(b"x" * (3 * 1024 * 1024))
        elif path == "/bomb":
            self.send(BOMB, Content_Encoding="gzip")
        else:
            self.send(b"?", status=404)


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A client hanging up on /drip or /slow is expected here."""


@contextmanager
def feed_server() -> Iterator[str]:
    server = QuietServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# A server of routes given by the test, bound to any loopback address, that records every
# request it gets: the policy tests use it to show that a refused address was never asked.

Route = tuple[int, dict[str, str], bytes] | Callable[[], tuple[int, dict[str, str], bytes]]


class Site:
    """Routes (path -> (status, headers, body), or a callable giving them) and the hits."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[str] = []
        self.base = ""
        self.port = 0

    def add(self, path: str, body: bytes = b"", status: int = 200, **headers: str) -> None:
        """Serve `body` at `path`; XML is application/rss+xml unless a Content_Type is given."""
        if body.startswith(b"<?xml"):
            headers.setdefault("Content_Type", "application/rss+xml; charset=utf-8")
        self.routes[path] = (status, {k.replace("_", "-"): v for k, v in headers.items()}, body)

    def redirect(self, path: str, to: str, status: int = 302) -> None:
        self.add(path, status=status, Location=to)


class _SiteHandler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        site: Site = self.server.site  # type: ignore[attr-defined]
        site.hits.append(self.path)
        route = site.routes.get(self.path, (404, {}, b"not here"))
        status, headers, body = route() if callable(route) else route
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def site_server(host: str = "127.0.0.1") -> Iterator[Site]:
    site = Site()
    server = QuietServer((host, 0), _SiteHandler)
    server.site = site  # type: ignore[attr-defined]
    server.daemon_threads = True
    site.port = server.server_address[1]
    site.base = f"http://{host}:{site.port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def rss(title: str, items: list[tuple[str, str, str]]) -> bytes:
    """An RSS feed of (guid, link, text) items, each titled after its GUID."""
    from xml.sax.saxutils import escape

    entries = "".join(
        f"<item><title>{escape(guid)}</title><guid>{escape(guid)}</guid>"
        f"<link>{escape(link)}</link><description>{escape(text)}</description></item>"
        for guid, link, text in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title>{entries}</channel></rss>"
    ).encode()


# Refreshing in a test: patient limits, and a generous deadline for the whole refresh.
PATIENT = Limits(timeout=20, deadline=30, max_bytes=1024 * 1024)
WAIT = 30.0


def refreshed(store: FeedStore, **options: object) -> dict[str, Outcome]:
    """Refresh every feed of `store` (`options` for `refresh`); each feed's outcome by URL."""
    options.setdefault("limits", PATIENT)
    options.setdefault("page_limits", PATIENT)
    outcomes = asyncio.run(asyncio.wait_for(refresh(store, **options), WAIT))  # type: ignore[arg-type]
    return {outcome.url: outcome for outcome in outcomes}

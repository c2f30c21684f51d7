"""HTTP for feeds: every limit a hostile or broken server needs, and one clear error each.

Limits: a connect/read timeout, a whole-request deadline (a server dripping a
byte a second never times out otherwise), a redirect cap, and a size cap on
the *decoded* body, which also stops a gzip bomb. Conditional GET (ETag,
Last-Modified) turns an unchanged feed into a 304 and no body. A failure is a
`Fetched` with `error` set, never an exception.

Redirects are followed here, one hop at a time, so that each target is checked
(`addresses.address_problem`: http(s) only, a valid URL) before it is requested; a
client made with a `Reach` (item pages) also checks every address it connects to, and so
does every hop of a feed's request once it has left the feed's origin.
"""

from __future__ import annotations

import asyncio
import ssl
import weakref
from collections import defaultdict
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from tui import __version__
from tui.core.feeds.addresses import (
    Reach,
    Refused,
    address_problem,
    guarded_transport,
    origin,
    shown,
)
from tui.core.sanitize import clean_line

USER_AGENT = f"nutgraf/{__version__} (+terminal news reader)"
REDIRECTS = (301, 302, 303, 307, 308)
# The response headers feedparser reads (the charset, the base URL, the language, dates).
PARSER_HEADERS = ("content-type", "content-location", "content-language", "last-modified", "etag")


@dataclass(frozen=True)
class Limits:
    timeout: float = 15.0  # connect, and between two reads
    deadline: float = 60.0  # the whole request
    max_redirects: int = 5
    max_bytes: int = 10 * 1024 * 1024  # decoded
    per_host: int = 2
    total: int = 16


@dataclass(frozen=True)
class Fetched:
    url: str
    body: bytes = b""
    status: int = 0
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    final_url: str = ""
    error: str | None = None
    # PARSER_HEADERS as the server sent them (lower-case names), for feedparser.
    headers: dict[str, str] = field(default_factory=dict)


DEFAULT_LIMITS = Limits()


class _TooLarge(Exception):
    pass


class _BadRedirect(Exception):
    pass


class Gate:
    """Requests at once: `total` overall, `per_host` to one host; shared by one refresh."""

    def __init__(self, limits: Limits = DEFAULT_LIMITS) -> None:
        self._overall = asyncio.Semaphore(limits.total)
        self._hosts: defaultdict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(limits.per_host)
        )

    @asynccontextmanager
    async def slot(self, url: str) -> AsyncIterator[None]:
        try:
            host = urlsplit(url).netloc.lower()
        except ValueError:
            host = ""
        async with self._overall, self._hosts[host]:
            yield


def client(limits: Limits = DEFAULT_LIMITS, reach: Reach | None = None) -> httpx.AsyncClient:
    """A client for feeds (`reach` None: any address) or for item pages (within `reach`)."""
    made = httpx.AsyncClient(
        follow_redirects=False,  # `fetch` follows them, checking each target
        timeout=httpx.Timeout(limits.timeout),
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
        transport=guarded_transport(reach) if reach is not None else None,
    )
    if reach is not None:
        _CHECKED.add(made)
    return made


# Clients whose every connection is checked against a `Reach` (item pages): a redirect they
# follow is checked where it connects already.
_CHECKED: weakref.WeakSet[httpx.AsyncClient] = weakref.WeakSet()


async def fetch(
    http: httpx.AsyncClient,
    url: str,
    etag: str | None = None,
    last_modified: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Fetched:
    """GET `url` within `limits`; what went wrong is in `error`, in words for the reader."""
    problem = address_problem(url)
    if problem:
        return Fetched(url, error=problem)
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        async with asyncio.timeout(limits.deadline):
            return await _get(http, url, headers, limits)
    except TimeoutError:
        return Fetched(url, error=f"took longer than {limits.deadline:g} s")
    except Refused as error:
        return Fetched(url, error=str(error))
    except _BadRedirect as error:
        return Fetched(url, error=str(error))
    except httpx.TimeoutException:
        return Fetched(url, error="timed out")
    except _TooLarge:
        return Fetched(url, error=f"larger than {limits.max_bytes // (1024 * 1024)} MB")
    except httpx.ConnectError as error:
        if isinstance(error.__context__, ssl.SSLError) or "SSL" in str(error):
            return Fetched(url, error="TLS error: the certificate or handshake failed")
        return Fetched(url, error="cannot connect")
    except httpx.DecodingError:
        return Fetched(url, error="the compressed response is broken")
    except httpx.HTTPError as error:
        return Fetched(url, error=f"HTTP error: {type(error).__name__}")


async def _get(
    http: httpx.AsyncClient, url: str, headers: dict[str, str], limits: Limits
) -> Fetched:
    current = url
    own = Reach.of_feed([url])  # the address asked for; a redirect elsewhere must be public
    checked: httpx.AsyncClient | None = None  # once off its origin: every connection checked
    try:
        for hop in range(limits.max_redirects + 1):
            async with (checked or http).stream("GET", current, headers=headers) as response:
                if response.status_code in REDIRECTS and "Location" in response.headers:
                    if hop == limits.max_redirects:
                        raise _BadRedirect(f"more than {limits.max_redirects} redirects")
                    current = _next_hop(current, response.headers["Location"])
                    await _public_unless_own(own, current)
                    if checked is None and http not in _CHECKED and origin(current) not in own.own:
                        # The check above resolved the name; the request resolves it again,
                        # and a rebinding DNS server may answer 127.0.0.1 the second time.
                        checked = client(limits, own)
                    continue
                return await _read(url, current, response, limits)
        raise AssertionError("unreachable")  # pragma: no cover
    finally:
        if checked is not None:
            await checked.aclose()


async def _public_unless_own(own: Reach, target: str) -> None:
    """A redirect away from the address asked for may not lead into this machine or its
    network (`Refused`): a public feed cannot send the reader to 127.0.0.1 or the LAN."""
    where = origin(target)
    if where is not None and where not in own.own:
        try:
            await own.addresses(*where)
        except Refused as refused:
            raise Refused(f"redirected to {shown(target)}: {refused}") from None
        except httpcore.ConnectError:
            pass  # cannot resolve: the request itself will say so


def _next_hop(current: str, location: str) -> str:
    try:
        target = urljoin(current, location.strip())
    except ValueError:
        target = location
    problem = address_problem(target)
    if problem:
        raise _BadRedirect(f"redirected to {shown(target)}: {problem}")
    return target


async def _read(url: str, final: str, response: httpx.Response, limits: Limits) -> Fetched:
    if response.status_code == 304:
        return Fetched(url, status=304, not_modified=True, final_url=final)
    if response.status_code >= 300:
        reason = clean_line(response.reason_phrase or "")[:80] or "error"
        return Fetched(
            url,
            status=response.status_code,
            final_url=final,
            error=f"HTTP {response.status_code} {reason}",
        )
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise _TooLarge
    body = bytearray()
    async for chunk in response.aiter_bytes():  # decoded: a gzip bomb counts in full
        body += chunk
        if len(body) > limits.max_bytes:
            raise _TooLarge
    return Fetched(
        url,
        body=bytes(body),
        status=response.status_code,
        etag=_stored(response.headers.get("ETag")),
        last_modified=_stored(response.headers.get("Last-Modified")),
        final_url=final,
        headers={
            name: response.headers[name] for name in PARSER_HEADERS if name in response.headers
        },
    )


def _stored(header: str | None) -> str | None:
    """A validator header as kept and sent back: safe text, of a sane length, or nothing."""
    value = clean_line(header or "")
    return value if value and len(value) <= 512 else None


async def fetch_all(
    requests: Iterable[tuple[str, str | None, str | None]],
    limits: Limits = DEFAULT_LIMITS,
    reach: Reach | None = None,
    gate: Gate | None = None,
) -> list[Fetched]:
    """Fetch (url, etag, last_modified) requests at once, politely: a few per host."""
    gate = gate or Gate(limits)

    async def one(
        http: httpx.AsyncClient, url: str, etag: str | None, modified: str | None
    ) -> Fetched:
        async with gate.slot(url):
            return await fetch(http, url, etag, modified, limits)

    async with client(limits, reach) as http:
        return list(await asyncio.gather(*(one(http, *request) for request in requests)))

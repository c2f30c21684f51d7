"""HTTP for feeds: every limit a hostile or broken server needs, and one clear error each.

Limits: a connect/read timeout, a whole-request deadline (a server dripping a
byte a second never times out otherwise), a redirect cap, and a size cap on
the *decoded* body, which also stops a gzip bomb. Conditional GET (ETag,
Last-Modified) turns an unchanged feed into a 304 and no body. A failure is a
`Fetched` with `error` set, never an exception.
"""

from __future__ import annotations

import asyncio
import ssl
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from tui import __version__

USER_AGENT = f"nutgraf/{__version__} (+terminal news reader)"


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


DEFAULT_LIMITS = Limits()


class _TooLarge(Exception):
    pass


def client(limits: Limits = DEFAULT_LIMITS) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        follow_redirects=True,
        max_redirects=limits.max_redirects,
        timeout=httpx.Timeout(limits.timeout),
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
    )


async def fetch(
    http: httpx.AsyncClient,
    url: str,
    etag: str | None = None,
    last_modified: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Fetched:
    """GET `url` within `limits`; what went wrong is in `error`, in words for the reader."""
    if urlsplit(url).scheme not in ("http", "https"):
        return Fetched(url, error="not an http(s) address")
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
    except httpx.TimeoutException:
        return Fetched(url, error="timed out")
    except httpx.TooManyRedirects:
        return Fetched(url, error=f"more than {limits.max_redirects} redirects")
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
    async with http.stream("GET", url, headers=headers) as response:
        final = str(response.url)
        if response.status_code == 304:
            return Fetched(url, status=304, not_modified=True, final_url=final)
        if response.status_code >= 400:
            reason = response.reason_phrase or "error"
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
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
            final_url=final,
        )


async def fetch_all(
    requests: Iterable[tuple[str, str | None, str | None]], limits: Limits = DEFAULT_LIMITS
) -> list[Fetched]:
    """Fetch (url, etag, last_modified) requests at once, politely: a few per host."""
    per_host: defaultdict[str, asyncio.Semaphore] = defaultdict(
        lambda: asyncio.Semaphore(limits.per_host)
    )
    overall = asyncio.Semaphore(limits.total)

    async def one(
        http: httpx.AsyncClient, url: str, etag: str | None, modified: str | None
    ) -> Fetched:
        async with overall, per_host[urlsplit(url).netloc.lower()]:
            return await fetch(http, url, etag, modified, limits)

    async with client(limits) as http:
        return list(await asyncio.gather(*(one(http, *request) for request in requests)))

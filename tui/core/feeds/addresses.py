"""Which addresses may be fetched: every URL checked before use, and item pages kept off
the reader's own machine and network.

Two rules:

- `address_problem`: a URL is usable only if it is http(s), has a host, a port in range,
  no spaces or control characters, and is at most `MAX_URL` characters. Anything else is
  "not a valid address: ..." for that feed, never an exception.
- `Reach`: where an item's page may be fetched from. The feed's *own origin* (the same
  host name and the same port as the feed's address, http or https) may be anywhere: the
  reader chose to subscribe to it, on a LAN or this machine if they like. Anything else
  must resolve, every address `getaddrinfo` gives, to public addresses: loopback, private,
  link-local, multicast, reserved, shared (CGNAT) and unspecified addresses are refused.
  "Same host" is the host name as written, so `localhost` is not `127.0.0.1`, and another
  port on the feed's host is another service (a database, an admin page): refused too.

The check is made when the connection is opened (`guarded_transport`): the addresses that
were checked are the ones connected to, so a name that resolves to a public address once
and to 127.0.0.1 the next time (DNS rebinding) gains nothing, and every redirect hop, which
opens its own connection, is checked again.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpcore
import httpx

from tui.core.sanitize import clean_line

MAX_URL = 8192
_DEFAULT_PORTS = {"http": 80, "https": 443}

Resolver = Callable[[str, int], Awaitable[list[str]]]


class Refused(Exception):
    """A page address outside the policy; the message says which address and why."""


def address_problem(url: object) -> str | None:
    """Why `url` cannot be fetched ("not a valid address: ..."), or None when it can."""
    reason = _problem(url)
    return f"not a valid address: {reason}" if reason else None


def _problem(url: object) -> str | None:
    if not isinstance(url, str) or not url:
        return "empty"
    if len(url) > MAX_URL:
        return f"longer than {MAX_URL:,} characters"
    if any(ch.isspace() or ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in url):
        return "it contains spaces or control characters"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:  # "Invalid IPv6 URL", "Port out of range 0-65535"
        return clean_line(str(error)).lower()
    if parts.scheme.lower() not in _DEFAULT_PORTS:
        return "only http and https addresses are fetched"
    if not parts.hostname:
        return "no host name"
    if port == 0:
        return "port 0"
    try:
        httpx.URL(url)
    except (httpx.InvalidURL, ValueError) as error:
        return clean_line(str(error))[:200].lower() or "malformed"
    return None


def shown(url: str, limit: int = 120) -> str:
    """`url` safe and short enough for a message."""
    url = clean_line(url)
    return url if len(url) <= limit else f"{url[: limit - 1]}…"


def origin(url: str) -> tuple[str, int] | None:
    """(host, port) as a connection sees them (IDNA-encoded, lower case); None if invalid."""
    if address_problem(url):
        return None
    parsed = httpx.URL(url)
    host = parsed.raw_host.decode("ascii").lower()
    return host, parsed.port or _DEFAULT_PORTS[parsed.scheme]


def non_public(address: str) -> str | None:
    """What kind of non-public address `address` is ("loopback", "private", ...), or None."""
    try:
        ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(
            address.split("%", 1)[0]  # an IPv6 scope: fe80::1%eth0
        )
    except ValueError:
        return "unreadable"
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is not None:
            return non_public(str(embedded))
    kinds = (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
        ("non-public", not ip.is_global),
    )
    return next((kind for kind, flag in kinds if flag), None)


async def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to, in the resolver's order."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise httpcore.ConnectError(f"cannot resolve {host}") from error
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True)
class Reach:
    """Where pages may come from: `own` origins anywhere, everything else public only."""

    own: frozenset[tuple[str, int]] = frozenset()
    resolver: Resolver | None = field(default=None, compare=False)  # None: `resolve`

    @classmethod
    def of_feed(cls, urls: Iterable[str]) -> Reach:
        """The reach of a feed fetched from `urls` (its address and where it redirected)."""
        return cls(frozenset(o for url in urls if (o := origin(url)) is not None))

    async def addresses(self, host: str, port: int) -> list[str]:
        """The addresses to connect to for (host, port); `Refused` when any is not allowed."""
        host = host.strip("[]").lower()
        found = await (self.resolver or resolve)(host, port)
        if (host, port) in self.own:
            return found
        for address in found:
            kind = non_public(address)
            if kind is not None:
                where = host if host == address else f"{host} ({address})"
                raise Refused(f"refused: {clean_line(where)[:120]} is a {kind} address")
        return found


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolve, check every address with `reach`, then connect to a checked address."""

    def __init__(self, reach: Reach) -> None:
        self._reach = reach
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self._reach.addresses(host, port)
        failure: Exception = httpcore.ConnectError(f"no address for {host}")
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise Refused("refused: a local socket")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def guarded_transport(reach: Reach) -> httpx.AsyncHTTPTransport:
    """An httpx transport whose every connection goes through `reach` (no proxies).

    httpx 0.28 takes no network backend, so the transport's pool is replaced by one
    built the same way with ours (`tests/unit/test_feed_policy.py` checks it is used).
    """
    transport = httpx.AsyncHTTPTransport(retries=0)
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=httpx.create_ssl_context(),
        max_connections=100,
        max_keepalive_connections=20,
        keepalive_expiry=5.0,
        network_backend=_GuardedBackend(reach),
    )
    return transport

"""`nutgraf serve`: the reader in a browser (textual-serve), private to whoever holds its address.

textual-serve answers any page or WebSocket request, so a web page the user
visits could drive the reader (read the screen, send keys) and another local
user could connect to it. Here every page and WebSocket lives under a random
secret path printed once at start, WebSockets are accepted only from the
server's own origin, and requests naming another host are refused (DNS
rebinding). The server's logs go to nutgraf's log file, not the terminal.

Each browser session runs a reader process of its own. textual-serve starts it
through a shell and stops it by asking it to quit; a session that ended before
the reader drew left the reader (and its analysis process) running, outside
the shell that was signalled. Here the reader is started directly, in a
process group of its own, asked to quit, then ended with its whole group; it
also ends when the server does (it asks the kernel for a signal when its
parent dies), and the server ends every session when it stops.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import re
import secrets
import shlex
import signal
from typing import Any

from tui.cli.output import say
from tui.core.processes import DIE_WITH_PARENT, nutgraf_command, parent_pid

log = logging.getLogger("nutgraf.serve")
# A <link> to another host (textual-serve's page asks Google for a font).
_FOREIGN_LINK = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>", re.IGNORECASE)
QUIT_SECONDS = 5.0  # a session's reader, asked to quit, has this long before it is ended


def run_serve(parser: argparse.ArgumentParser, args: list[str]) -> int:
    parser.add_argument("--host", default="localhost", help="default: localhost only")
    parser.add_argument("--port", type=int, default=8000)
    options, rest = parser.parse_known_args(args)
    command = shlex.join(nutgraf_command(*rest))
    server = private_server(command, options.host, options.port, secrets.token_urlsafe(18))
    server.serve()
    return 0


def private_server(command: str, host: str, port: int, token: str) -> Any:
    """A textual-serve `Server` whose pages live under `/<token>/`, own origin only."""
    import aiohttp_jinja2
    import jinja2
    from aiohttp import web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server, to_int

    from tui.core.logs import setup_logging

    hosts = {f"{name}:{port}" for name in (host, "localhost", "127.0.0.1", "[::1]")}
    origins = {f"http://{name}" for name in hosts}

    @web.middleware
    async def guard(request: web.Request, handler: Any) -> web.StreamResponse:
        if request.host not in hosts:
            log.warning("refused a request for host %r", request.host)
            raise web.HTTPForbidden(text="unknown host")
        origin = request.headers.get("Origin")
        if request.path.endswith("/ws") and origin not in origins:
            log.warning("refused a WebSocket from origin %r", origin)
            raise web.HTTPForbidden(text="foreign origin")
        response: web.StreamResponse = await handler(request)
        response.headers["Referrer-Policy"] = "no-referrer"  # the secret stays in the address
        response.headers["X-Frame-Options"] = "DENY"
        return response

    class OwnPage(jinja2.FileSystemLoader):
        """textual-serve's page without what it loads from elsewhere (a Google Fonts
        stylesheet): a browser opening the reader contacts this server only, and the
        terminal's font falls back to the page's next choice, monospace."""

        def get_source(self, environment: jinja2.Environment, template: str) -> Any:
            source, filename, uptodate = super().get_source(environment, template)
            return _FOREIGN_LINK.sub("", source), filename, uptodate

    class ReaderProcess(AppService):
        """One session's reader: its own process group, ended for sure when the session is."""

        async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
            environment = self._build_environment(width=width, height=height)
            environment[DIE_WITH_PARENT] = parent_pid()
            self._process = process = await asyncio.create_subprocess_exec(
                *shlex.split(self.command),
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env=environment,
                start_new_session=True,
            )
            self._stdin = process.stdin
            return process

        async def stop(self) -> None:
            try:
                await asyncio.wait_for(super().stop(), QUIT_SECONDS)
            except Exception:  # a reader that will not quit, or a pipe already gone
                log.info("a session's reader did not quit when asked", exc_info=True)
            finally:
                await self.end()

        async def end(self) -> None:
            """SIGTERM to the reader's process group, then SIGKILL if it is still there."""
            process = self._process
            for signal_number in (signal.SIGTERM, signal.SIGKILL):
                if process is None or process.returncode is not None:
                    return
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal_number)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(process.wait(), QUIT_SECONDS)

    class PrivateServer(Server):
        sessions: set[ReaderProcess] = set()

        def initialize_logging(self) -> None:
            setup_logging()

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            """textual-serve's handler with a `ReaderProcess`, each session tracked."""
            websocket = web.WebSocketResponse(heartbeat=15)
            width = to_int(request.query.get("width", "80"), 80)
            height = to_int(request.query.get("height", "24"), 24)
            session: ReaderProcess | None = None
            try:
                await websocket.prepare(request)
                session = ReaderProcess(
                    self.command,
                    write_bytes=websocket.send_bytes,
                    write_str=websocket.send_str,
                    close=websocket.close,  # type: ignore[arg-type]  # as textual-serve does
                    download_manager=self.download_manager,
                    debug=self.debug,
                )
                self.sessions.add(session)
                await session.start(width, height)
                await self._process_messages(websocket, session)
            except asyncio.CancelledError:
                await websocket.close()
            except Exception:
                log.exception("a browser session failed")
            finally:
                if session is not None:
                    await session.stop()
                    self.sessions.discard(session)
            return websocket

        async def on_shutdown(self, app: web.Application) -> None:
            await asyncio.gather(*(session.end() for session in self.sessions))

        async def _make_app(self) -> web.Application:
            app = web.Application(middlewares=[guard])
            aiohttp_jinja2.setup(app, loader=OwnPage(self.templates_path))
            secret = f"/{token}"
            app.add_routes(
                [
                    web.get(f"{secret}/", self.handle_index, name="index"),
                    web.get(f"{secret}/ws", self.handle_websocket, name="websocket"),
                    web.get(secret + "/download/{key}", self.handle_download, name="download"),
                    web.static("/static", self.statics_path, name="static"),
                ]
            )
            app.on_startup.append(self.on_startup)
            app.on_shutdown.append(self.on_shutdown)
            return app

        async def on_startup(self, app: web.Application) -> None:
            """textual-serve prints a banner with markup here; the address is said in `serve`."""

        def serve(self, debug: bool = False) -> None:
            """textual-serve's `serve`, saying the address once the socket listens."""
            self.initialize_logging()
            loop = asyncio.new_event_loop()
            loop.add_signal_handler(signal.SIGINT, self.request_exit)
            loop.add_signal_handler(signal.SIGTERM, self.request_exit)
            web.run_app(
                self._make_app(),
                host=self.host,
                port=self.port,
                handle_signals=False,
                loop=loop,
                print=lambda *_: self.announce(),
            )

        def announce(self) -> None:
            say(f"nutgraf in your browser: {self.public_url}/{token}/")
            say("The address is the key: anyone who has it can use the reader. Ctrl+C stops.")

    return PrivateServer(command, host=host, port=port, title="nutgraf")

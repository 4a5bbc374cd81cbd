"""The reader in a browser tab: textual-serve's server, behind a token, a Host and Origin check and a
session cap.

textual-serve starts one reader process per browser session (a websocket) and relays the terminal
between them. Whoever reaches the port could run that process, so every request must carry the
token the start-up line printed (in the URL once, then as a cookie), name this server in its Host
header (a DNS-rebinding page names another) and, when a browser says where it comes from, come
from this server's own pages (any other site's page would be cross-site).
"""

from __future__ import annotations

import asyncio
import secrets
import signal
from collections.abc import Callable

from aiohttp import web
from textual_serve.server import Server

COOKIE = "papershelf_token"
TOKEN_BYTES = 32
PAGE_HEADERS = {
    # A link a listing holds opens in a new tab (window.open): without this, that page could
    # reach back through window.opener and send this tab elsewhere.
    "Cross-Origin-Opener-Policy": "same-origin",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "frame-ancestors 'none'",  # no other site frames the reader
    "X-Content-Type-Options": "nosniff",
}


class GuardedServer(Server):
    """textual-serve's Server with the checks above as aiohttp middleware, and at most
    `max_sessions` reader processes at once."""

    def __init__(self, command: str, host: str, max_sessions: int, token: str | None = None) -> None:
        super().__init__(command, host=host, port=0, title="papershelf")
        self.token = token or secrets.token_urlsafe(TOKEN_BYTES)
        self.max_sessions = max_sessions
        self.sessions = 0
        self._session_tasks: set[asyncio.Task] = set()
        self.authority = ""  # host:port as the URL names it, known once the port is bound

    def bound(self, port: int) -> None:
        """The port is known (0 asks for a free one): the pages' websocket URL names it."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        self.authority = f"{host}:{port}"
        self.public_url = f"http://{self.authority}"

    @property
    def url(self) -> str:
        return f"{self.public_url}/?token={self.token}"

    async def _make_app(self) -> web.Application:
        # textual-serve's one way to its routes; only this module uses it (serve() runs the app
        # itself: Server.serve cannot add middleware, nor say which port 0 chose).
        app = await super()._make_app()
        app.middlewares.append(self._guard)
        return app

    async def on_startup(self, app: web.Application) -> None:
        """textual-serve prints a banner here; `papershelf serve` prints its own line."""

    async def on_shutdown(self, app: web.Application) -> None:
        # aiohttp would wait for open websockets for a minute; ended now, each session's
        # handler tells its reader to quit and waits for it, so no reader outlives the server.
        for task in self._session_tasks:
            task.cancel()
        await asyncio.gather(*self._session_tasks, return_exceptions=True)

    @web.middleware
    async def _guard(self, request: web.Request, handler: Callable) -> web.StreamResponse:
        refusal = self._refusal(request)
        if refusal is not None:
            return web.Response(status=403, text=f"papershelf serve: {refusal}\n")
        if "token" in request.query:  # the printed URL, opened once more or for the first time
            return _with_cookie(request, self.token)
        response = await handler(request)
        if not response.prepared:  # a websocket's or a download's headers are sent already
            response.headers.update(PAGE_HEADERS)
        return response

    def _refusal(self, request: web.Request) -> str | None:
        """Why this request is refused, or None."""
        if request.headers.get("Host") != self.authority:
            return f"this server answers only to http://{self.authority}/ (the Host header named another)"
        origin = request.headers.get("Origin")
        if origin is not None and origin != self.public_url:
            return "requests from another site's page are refused"
        if not (_same(request.cookies.get(COOKIE), self.token) or _same(request.query.get("token"), self.token)):
            return "open the URL papershelf serve printed: it carries the token this server asks for"
        return None

    async def handle_index(self, request: web.Request):
        if self.sessions >= self.max_sessions:
            return _full(self.max_sessions)
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        if self.sessions >= self.max_sessions:  # two pages loaded before either connected
            return _full(self.max_sessions)
        self.sessions += 1
        task = asyncio.current_task()
        self._session_tasks.add(task)
        try:
            return await super().handle_websocket(request)
        finally:
            self.sessions -= 1
            self._session_tasks.discard(task)


def _same(given: str | None, token: str) -> bool:
    # Bytes: compare_digest refuses a str with characters outside ASCII, which a request may hold.
    return given is not None and secrets.compare_digest(given.encode("utf-8", "surrogateescape"), token.encode())


def _with_cookie(request: web.Request, token: str) -> web.StreamResponse:
    """The first request, with the token in its URL: the token becomes a cookie, and the browser
    goes on to the same page without it (so the address bar and history do not keep it)."""
    query = request.query.copy()
    query.popall("token", None)
    response = web.HTTPSeeOther(request.rel_url.with_query(query))
    response.set_cookie(COOKIE, token, path="/", httponly=True, samesite="Strict")
    return response


def _full(cap: int) -> web.Response:
    return web.Response(
        status=503,
        text=f"papershelf serve: all {cap} sessions are in use (the cap is --max-sessions {cap}); "
        "close a papershelf tab, then reload this page.\n",
    )


async def serve(server: GuardedServer, port: int, started: Callable[[str], None]) -> None:
    """Listen on server.host:port until cancelled; `started` gets the URL to open once it listens.
    OSError when the address cannot be bound."""
    runner = web.AppRunner(await server._make_app(), handle_signals=False, access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, server.host, port)
        await site.start()
        server.bound(runner.addresses[0][1])
        started(server.url)
        # SIGTERM ends it as ctrl+c does: the sessions' readers are told to quit, not orphaned.
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, asyncio.current_task().cancel)
        await asyncio.Event().wait()  # until cancelled
    finally:
        await runner.cleanup()

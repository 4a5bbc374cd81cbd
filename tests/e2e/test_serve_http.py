"""`papershelf serve` over real HTTP: the server runs as its own process on a free loopback port;
requests go through http.client (every header as given) and aiohttp's websocket client."""

from __future__ import annotations

import asyncio
import http.client
import json
import time
from http.cookies import SimpleCookie

import aiohttp
import pytest

from tui.cli_serve import ServeRefused, checked_host, reader_command
from tests.e2e.served import papershelf, sample_copy, served

COOKIE = "papershelf_token"
FIRST_OUTPUT_SECONDS = 30


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One server for the tests that change nothing on it."""
    folder = tmp_path_factory.mktemp("served")
    with served(folder / "data", sample_copy(folder)) as running:
        yield running


def get(server, path: str = "/", **headers: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
    headers = {"Host": f"{server.host}:{server.port}", **{k.replace("_", "-"): v for k, v in headers.items()}}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def with_cookie(server, **headers: str) -> dict[str, str]:
    return {"Cookie": f"{COOKIE}={server.token}", **headers}


def upgrade(server, **headers: str) -> int:
    """The status of a websocket handshake with these headers."""
    websocket = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
                 "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}
    return get(server, "/ws?width=80&height=24", **websocket, **headers).status


def test_serve_prints_a_tokened_loopback_url(server):
    assert server.url.startswith(f"http://127.0.0.1:{server.port}/?token=")
    assert len(server.token) >= 32


def test_a_request_without_the_token_is_refused(server):
    for path in ("/", "/ws", "/static/js/textual.js", "/download/x"):
        response = get(server, path)
        assert response.status == 403, path
        assert b"open the URL papershelf serve printed" in response.body
    assert get(server, "/?token=" + server.token[:-1] + "x").status == 403
    assert get(server, "/", Cookie=f"{COOKIE}=wrong").status == 403
    assert get(server, "/", Cookie=f"{COOKIE}=\u00e9t\u00e9").status == 403  # not ASCII: refused, not a 500
    assert upgrade(server) == 403


def test_the_tokened_url_sets_a_strict_http_only_cookie_and_drops_the_token_from_the_address(server):
    response = get(server, f"/?token={server.token}&fontsize=18")
    assert response.status == 303
    assert response.getheader("Location") == "/?fontsize=18"
    cookie = SimpleCookie(response.getheader("Set-Cookie"))[COOKIE]
    assert cookie.value == server.token
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == "/"
    page = get(server, "/?fontsize=18", **with_cookie(server))
    assert page.status == 200
    assert f'data-session-websocket-url="ws://127.0.0.1:{server.port}/ws"'.encode() in page.body
    # A listing's link opens in a new tab: the opener is cut off, so that page cannot steer this one.
    assert page.getheader("Cross-Origin-Opener-Policy") == "same-origin"
    assert page.getheader("Content-Security-Policy") == "frame-ancestors 'none'"
    again = get(server, f"/?token={server.token}", **with_cookie(server))  # the printed URL, opened again
    assert again.status == 303 and again.getheader("Location") == "/"


def test_a_foreign_origin_is_refused_even_with_the_token(server):
    for origin in ("http://evil.example", f"http://localhost:{server.port}", "null"):
        assert get(server, "/", **with_cookie(server, Origin=origin)).status == 403
        assert upgrade(server, **with_cookie(server, Origin=origin)) == 403
    assert get(server, "/", **with_cookie(server, Origin=server.origin)).status == 200


def test_a_foreign_host_header_is_refused_even_with_the_token(server):
    # A DNS-rebinding page reaches 127.0.0.1 under its own name: its requests name that host.
    for host in ("evil.example", f"evil.example:{server.port}", f"localhost:{server.port}", "127.0.0.1"):
        assert get(server, "/", **with_cookie(server, Host=host)).status == 403, host
        assert upgrade(server, **with_cookie(server, Host=host)) == 403, host


def test_the_websocket_with_the_token_answers_101_and_carries_the_readers_first_screen(server):
    assert upgrade(server, **with_cookie(server, Origin=server.origin)) == 101
    screen = asyncio.run(first_output(server))
    assert b"filter:" in screen  # the reader's filter bar, drawn by the session's own reader process
    assert any(title[:30].encode() in screen for title in papershelf_titles(server))


def test_sessions_over_the_cap_are_refused_with_a_clear_message(tmp_path, sample_dir):
    with served(tmp_path / "data", sample_dir, "--max-sessions", "1") as server:
        async def two_tabs() -> None:
            async with aiohttp.ClientSession() as session:
                async with await connect(session, server) as first:
                    await first.receive(timeout=FIRST_OUTPUT_SECONDS)
                    full = get(server, "/", **with_cookie(server))
                    assert full.status == 503
                    assert b"all 1 sessions are in use" in full.body
                    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                        await connect(session, server)
                    assert refused.value.status == 503
            deadline = time.monotonic() + 20  # the first tab closed: its place is free again
            while get(server, "/", **with_cookie(server)).status != 200:
                assert time.monotonic() < deadline, "the closed session still counts"
                await asyncio.sleep(0.1)

        asyncio.run(two_tabs())


def test_serve_refuses_a_remote_address_without_allow_remote_in_one_line_with_status_2(tmp_path, sample_dir):
    result = papershelf(tmp_path / "data", sample_dir, "serve", "--port", "0", "--host", "192.0.2.7")
    assert result.returncode == 2
    assert result.stderr == (
        "papershelf: serve: --host 192.0.2.7 is reachable from other machines; add --allow-remote to mean it\n"
    )


def test_a_port_in_use_is_one_line_and_status_2(server):
    result = papershelf(server.data_dir, server.listings, "serve", "--port", str(server.port))
    assert result.returncode == 2
    assert result.stderr.startswith(f"papershelf: serve: cannot listen on 127.0.0.1 port {server.port}: ")
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "[::]"])
def test_serve_refuses_a_wildcard_address_even_with_allow_remote(host):
    with pytest.raises(ServeRefused, match="listens everywhere"):
        checked_host(host, allow_remote=True)


@pytest.mark.parametrize("host", ["192.0.2.7", "lab.example.org", "::ffff:10.0.0.1"])
def test_an_address_beyond_this_machine_needs_allow_remote(host):
    with pytest.raises(ServeRefused, match="--allow-remote"):
        checked_host(host, allow_remote=False)
    assert checked_host(host, allow_remote=True) == host


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"])
def test_loopback_addresses_need_no_allow_remote(host):
    assert checked_host(host, allow_remote=False) == host.strip("[]")


def test_serve_help_names_the_token_the_address_and_the_session_cap(tmp_path, sample_dir):
    help = " ".join(papershelf(tmp_path / "data", sample_dir, "serve", "--help").stdout.split())
    for words in ("token", "127.0.0.1", "--allow-remote", "--max-sessions", "(default 4)", "--port"):
        assert words in help


async def connect(session: aiohttp.ClientSession, server) -> aiohttp.ClientWebSocketResponse:
    return await session.ws_connect(
        f"{server.origin}/ws?width=100&height=30", headers=with_cookie(server, Origin=server.origin),
    )


async def first_output(server) -> bytes:
    """What the session's reader draws, until its paper list is there."""
    screen = b""
    async with aiohttp.ClientSession() as session:
        async with await connect(session, server) as websocket:
            deadline = time.monotonic() + FIRST_OUTPUT_SECONDS
            while b"filter:" not in screen or len(screen) < 4000:
                assert time.monotonic() < deadline, f"no screen in {FIRST_OUTPUT_SECONDS} s: {screen[-300:]!r}"
                message = await websocket.receive(timeout=FIRST_OUTPUT_SECONDS)
                assert message.type == aiohttp.WSMsgType.BINARY, message
                screen += message.data
    return screen


def papershelf_titles(server) -> list[str]:
    result = papershelf(server.data_dir, server.listings, "search", "--json", "--limit", "300", "upvotes:>=0")
    return [json.loads(line)["title"] for line in result.stdout.splitlines()]


def test_each_session_runs_the_reader_on_the_same_folders_whatever_their_names(tmp_path):
    import shlex
    import sys

    from tui.cli import build_parser

    odd = tmp_path / "it's a $(folder); `x`"
    args = build_parser().parse_args(["--listings", str(odd), "--data-dir", str(odd), "--capture-year", "2025",
                                      "serve"])
    assert shlex.split(reader_command(args)) == [
        sys.executable, "-m", "tui", "--listings", str(odd), "--data-dir", str(odd), "--capture-year", "2025",
    ]

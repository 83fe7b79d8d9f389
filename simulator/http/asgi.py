"""An ASGI application around a plain handler from ``httpx.Request`` to ``httpx.Response``.

The scope becomes an ``httpx.Request`` (the raw path kept percent-encoded, the query string as
sent, the headers as received) and the handler runs in the event loop's own thread: the
simulated world is single-threaded, so requests reach it one at a time. The response goes back
as one body. The httpx transport errors a handler raises (fault injection) become what they are
on a socket: a ``TimeoutException`` holds the connection without an answer until the client
gives up (or ``hold`` seconds pass, then the connection is reset); any other ``TransportError``
resets the connection (TCP RST) before any byte of the answer. ``Deferred`` is a ``wait`` for
handlers that must not block the loop: the waits add up, and the answer is held back that long
before it is sent.
"""

from __future__ import annotations

import asyncio
import socket
import struct
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import quote

import httpx

from simulator.http.transport import Handler

__all__ = ["DEFAULT_HOLD_S", "AsgiApp", "Deferred", "to_request"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Hook = Callable[[], Awaitable[None]]

DEFAULT_HOLD_S = 60.0
_RESET_HEADERS = [(b"content-type", b"application/json"), (b"content-length", b"1024")]


class Deferred:
    """A ``wait`` that does not block: it adds ``seconds * scale`` to what ``take()`` returns."""

    def __init__(self, scale: float = 1.0) -> None:
        self.scale = scale
        self.pending = 0.0

    def __call__(self, seconds: float) -> None:
        """Add a wait."""
        self.pending += max(0.0, seconds) * self.scale

    def take(self) -> float:
        """The waits added since the last call, in wall seconds."""
        pending, self.pending = self.pending, 0.0
        return pending


def to_request(scope: Scope, body: bytes) -> httpx.Request:
    """The ``httpx.Request`` of an ASGI HTTP scope and its body."""
    headers: list[tuple[bytes, bytes]] = list(scope.get("headers") or [])
    host = next((v for k, v in headers if k == b"host"), None)
    if host is None:
        server = scope.get("server") or ("127.0.0.1", 80)
        host = f"{server[0]}:{server[1]}".encode()
    raw_path: bytes = scope.get("raw_path") or quote(scope["path"]).encode()
    query: bytes = scope.get("query_string") or b""
    base = httpx.URL(f"{scope.get('scheme', 'http')}://{host.decode('latin-1')}")
    url = base.copy_with(raw_path=raw_path + (b"?" + query if query else b""))
    return httpx.Request(scope["method"], url, headers=headers, content=body or None)


async def _body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


class AsgiApp:
    """ASGI 3 over a plain handler, with lifespan hooks and transport errors put on the wire."""

    def __init__(
        self,
        handler: Handler,
        *,
        deferred: Deferred | None = None,
        hold: float = DEFAULT_HOLD_S,
        on_startup: Hook | None = None,
        on_shutdown: Hook | None = None,
    ) -> None:
        self.handler = handler
        self.deferred = deferred
        self.hold = hold
        self.on_startup = on_startup
        self.on_shutdown = on_shutdown

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The ASGI entry point (``http`` and ``lifespan`` scopes)."""
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            await self._http(scope, receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                if self.on_startup is not None:
                    await self.on_startup()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self.on_shutdown is not None:
                    await self.on_shutdown()
                await send({"type": "lifespan.shutdown.complete"})
                return

    def _pause(self) -> float:
        return self.deferred.take() if self.deferred is not None else 0.0

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = to_request(scope, await _body(receive))
        try:
            response = self.handler(request)
        except httpx.TimeoutException:
            self._pause()  # the hold replaces any wait
            if not await self._held(receive):
                await _reset(send)
            return
        except httpx.TransportError:
            await _sleep(self._pause())
            await _reset(send)
            return
        await _sleep(self._pause())
        await send(
            {
                "type": "http.response.start",
                "status": response.status_code,
                "headers": response.headers.raw,
            }
        )
        await send({"type": "http.response.body", "body": response.read()})

    async def _held(self, receive: Receive) -> bool:
        """Wait without answering; True when the client went away first."""
        try:
            async with asyncio.timeout(self.hold):
                while (await receive())["type"] != "http.disconnect":
                    pass
        except TimeoutError:
            return False
        return True


async def _sleep(seconds: float) -> None:
    if seconds > 0:
        await asyncio.sleep(seconds)


def _transport_of(send: Send) -> asyncio.Transport | None:
    """The connection's transport, where the server exposes it (uvicorn: ``send.__self__``)."""
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    return transport if isinstance(transport, asyncio.Transport) else None


async def _reset(send: Send) -> None:
    """Drop the connection with a TCP reset before any byte of the answer.

    ASGI has no way to abort a connection; uvicorn's ``send`` is a method of an object holding
    the asyncio transport, which is used when it is there. Elsewhere the status line and headers
    go out and the connection closes before the body (the client still reads a broken answer).
    """
    transport = _transport_of(send)
    if transport is None:
        await send({"type": "http.response.start", "status": 200, "headers": _RESET_HEADERS})
        await send({"type": "http.response.body", "body": b"{", "more_body": True})
        return
    sock = transport.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()
    for _ in range(3):  # let the server see the connection lost before the app returns
        await asyncio.sleep(0)

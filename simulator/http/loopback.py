"""The loopback server under uvicorn: bind first, then serve in the foreground or on a thread.

``bind(host, port)`` opens the listening socket before uvicorn starts, so that a port in use is
an ``OSError`` the caller can report in one sentence, and so that a client may connect as soon as
the socket exists (the kernel queues it until uvicorn accepts). ``asgi_app(router, ...)`` wraps
a ``LoopbackRouter`` with its periodic tick (simulated time following wall time) and deferred
waits. ``serve_forever`` runs uvicorn in the main thread until SIGINT or SIGTERM and returns;
``BackgroundServer`` runs it on a daemon thread for tests and the loopback rehearsal, and stops
it on ``stop()``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
import threading
import time
from collections.abc import Collection, Iterator, Mapping
from types import TracebackType

import uvicorn

from simulator.http.app import ServiceApp
from simulator.http.asgi import DEFAULT_HOLD_S, AsgiApp, Deferred
from simulator.http.faults import FaultLog
from simulator.http.server import LoopbackRouter, Pacer, SimTime
from simulator.http.transport import Intercept

__all__ = [
    "TICK_S",
    "BackgroundServer",
    "asgi_app",
    "bind",
    "origin_of",
    "serve_forever",
    "serving",
    "start_loopback",
]

TICK_S = 0.2  # wall seconds between two catch-ups of simulated time when no request comes
_RESET_MESSAGE = "ASGI callable returned without completing response."


class _QuietResets(logging.Filter):
    """Drop uvicorn's complaint about a response cut short: a reset fault does that on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != _RESET_MESSAGE


_QUIET = _QuietResets()


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port``; OSError when the port is in use or not ours."""
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def origin_of(sock: socket.socket) -> str:
    """``http://host:port`` of a bound socket."""
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def asgi_app(
    router: LoopbackRouter, *, deferred: Deferred | None = None, hold: float = DEFAULT_HOLD_S
) -> AsgiApp:
    """The router as an ASGI app; while it runs, simulated time follows wall time (speed > 0)."""
    ticking: list[asyncio.Task[None]] = []

    async def tick() -> None:
        while True:
            await asyncio.sleep(TICK_S)
            router.pacer.catch_up()

    async def start() -> None:
        if router.pacer.speed > 0:
            ticking.append(asyncio.get_running_loop().create_task(tick()))

    async def stop() -> None:
        for task in ticking:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        ticking.clear()

    return AsgiApp(router, deferred=deferred, hold=hold, on_startup=start, on_shutdown=stop)


def _config(app: AsgiApp, *, log_level: str, quiet_logging: bool) -> uvicorn.Config:
    logging.getLogger("uvicorn.error").addFilter(_QUIET)
    return uvicorn.Config(
        app,
        ws="none",
        lifespan="on",
        access_log=False,
        log_level=log_level,
        log_config=None if quiet_logging else uvicorn.config.LOGGING_CONFIG,
        timeout_graceful_shutdown=2,
    )


def serve_forever(app: AsgiApp, sock: socket.socket, *, log_level: str = "warning") -> None:
    """Serve on ``sock`` in this (main) thread until SIGINT or SIGTERM; then return normally."""
    server = uvicorn.Server(_config(app, log_level=log_level, quiet_logging=False))
    # uvicorn re-raises the signal that stopped it once it has shut down; with these handlers
    # in place beforehand, that re-raise is a no-op and the command exits normally.
    previous = {sig: signal.signal(sig, lambda *_: None) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        server.run(sockets=[sock])
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        sock.close()


class BackgroundServer:
    """uvicorn on a daemon thread, serving ``app`` on ``sock`` until ``stop()``."""

    def __init__(self, app: AsgiApp, sock: socket.socket) -> None:
        self.sock = sock
        self.origin = origin_of(sock)
        self._server = uvicorn.Server(_config(app, log_level="warning", quiet_logging=True))
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name="infrasim-loopback"
        )
        self._thread.daemon = True

    def start(self, timeout: float = 10.0) -> BackgroundServer:
        """Start serving; return once uvicorn has started (RuntimeError after ``timeout``)."""
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"The loopback server did not start on {self.origin}.")
            time.sleep(0.005)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Ask uvicorn to shut down and wait for its thread."""
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout)
        self.sock.close()

    @property
    def running(self) -> bool:
        """True while the server thread runs."""
        return self._thread.is_alive()

    def __enter__(self) -> BackgroundServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


@contextlib.contextmanager
def serving(app: AsgiApp, host: str = "127.0.0.1", port: int = 0) -> Iterator[BackgroundServer]:
    """A started ``BackgroundServer`` on ``host:port`` (0: a free port), stopped on exit."""
    with BackgroundServer(app, bind(host, port)) as server:
        yield server


def start_loopback(
    apps: Mapping[str, ServiceApp],
    *,
    clock: SimTime,
    api_keys: Collection[str],
    intercept: Intercept | None = None,
    faults: FaultLog | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
) -> tuple[BackgroundServer, dict[str, str]]:
    """The services on a loopback port (0: a free one) whose time only the clock's owner moves.

    Returns the started server and each service's base URL. The handlers run on the server's
    thread while the caller waits for their answers, so the world is never run by two threads
    at once.
    """
    router = LoopbackRouter(
        apps, pacer=Pacer(clock, speed=0.0), api_keys=api_keys, intercept=intercept, faults=faults
    )
    server = BackgroundServer(asgi_app(router), bind(host, port)).start()
    return server, router.base_urls(server.origin)

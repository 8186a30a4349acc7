"""A loopback HTTP/1.1 server in a daemon thread: the transport every stand-in shares.

Standard library only, because the installed package (and so `tracker demo`) cannot depend on test tools.
Keep-alive works (the tracker's polite sessions reuse one connection), and stop() returns quickly.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

Serve = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Logged:
    """One request as the stand-in saw it; `status` 0 means the connection was dropped unanswered."""

    method: str
    path: str  # percent-decoded; the GitHub stand-in logs API paths below /api/v3, e.g. /repos/o/r/pulls
    query: dict[str, str]
    body: Any
    login: str | None = None  # whom the token acted as; the token itself is never kept
    status: int = 0


class LoopbackServer:
    """Serves every request with `serve(handler)` on 127.0.0.1 and a free port; `url` is its root."""

    def __init__(self, serve: Serve, name: str) -> None:
        self._serve, self._name = serve, name
        self._server: ThreadingHTTPServer | None = None

    def start(self) -> None:
        serve = self._serve

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out as separate writes

            def do_GET(self) -> None:
                serve(self)

            do_HEAD = do_POST = do_PATCH = do_PUT = do_DELETE = do_GET

            def log_message(self, *args: Any) -> None:  # keep test and demo output quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        run = functools.partial(self._server.serve_forever, poll_interval=0.05)  # quick stop()
        threading.Thread(target=run, daemon=True, name=self._name).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the server first"
        return f"http://127.0.0.1:{self._server.server_address[1]}"


class LoopbackService:
    """A stand-in served by a `LoopbackServer` in `self._server`: start/stop and the context manager."""

    _server: LoopbackServer

    def start(self) -> Self:
        self._server.start()
        self._started()
        return self

    def _started(self) -> None:
        """What a service sets up once its URL is known."""

    def stop(self) -> None:
        self._server.stop()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def send(handler: BaseHTTPRequestHandler, status: int, headers: Mapping[str, str], data: bytes) -> None:
    """Write one complete answer; Content-Length is always set so the connection can be kept alive."""
    handler.send_response(status)
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(data)

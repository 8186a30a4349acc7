"""A loopback HTTP service with a request log and one-shot scripted faults (429, 503, 403, empty pages...).

Faults below HTTP (a dropped connection, a body shorter than its Content-Length) are written straight to
the request's socket by `drop_connection` and `truncated_body`; TCP resets need tests/hardening/raw_server.py.
"""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response


@dataclass
class Logged:
    method: str
    path: str
    args: dict[str, str]
    headers: dict[str, str]
    status: int = 0


@dataclass
class Fault:
    """Answer the next request matching `when` with `status`/`headers`/`body` (or `respond`), once."""

    status: int = 503
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""
    when: Callable[[Request], bool] = lambda request: True
    respond: Callable[[Request], Response] | None = None


def drop_connection(request: Request) -> Response:
    """A `Fault.respond` that hangs up before answering: the client sees the connection closed."""
    request.environ["werkzeug.socket"].shutdown(socket.SHUT_RDWR)
    return Response("never sent")


def truncated_body(
    body: bytes, declared: int, content_type: str = "application/xml"
) -> Callable[[Request], Response]:
    """A `Fault.respond` that promises `declared` bytes, sends `body` (fewer) and hangs up."""

    def respond(request: Request) -> Response:
        head = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {declared}\r\n\r\n"
        conn = request.environ["werkzeug.socket"]
        conn.sendall(head.encode() + body)
        conn.shutdown(socket.SHUT_RDWR)
        return Response("never sent")

    return respond


class FakeService:
    """Starts on 127.0.0.1:random; subclasses implement `handle(request) -> Response`."""

    def __init__(self) -> None:
        self.server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
        self.server.expect_request(re.compile(".*")).respond_with_handler(self._dispatch)
        self.log: list[Logged] = []
        self.faults: list[Fault] = []
        self._lock = threading.Lock()

    def start(self) -> FakeService:
        self.server.start()
        return self

    def stop(self) -> None:
        self.server.clear()
        if self.server.is_running():
            self.server.stop()

    def reset(self) -> None:
        """Forget requests and unused faults (a fake is shared by several tests)."""
        with self._lock:
            self.log.clear()
            self.faults.clear()

    def url(self, path: str = "") -> str:
        return self.server.url_for(path).rstrip("/") if not path else self.server.url_for(path)

    @property
    def host_port(self) -> str:
        return f"127.0.0.1:{self.server.port}"

    def fault(self, **kwargs: object) -> None:
        self.faults.append(Fault(**kwargs))  # type: ignore[arg-type]

    def requests_to(self, pattern: str) -> list[Logged]:
        return [entry for entry in self.log if re.search(pattern, entry.path)]

    def _dispatch(self, request: Request) -> Response:
        entry = Logged(request.method, request.path, dict(request.args), dict(request.headers))
        with self._lock:
            self.log.append(entry)
            fault = next((f for f in self.faults if f.when(request)), None)
            if fault is not None:
                self.faults.remove(fault)
        if fault is not None:
            response = (
                fault.respond(request)
                if fault.respond
                else Response(fault.body, status=fault.status, headers=fault.headers)
            )
        else:
            response = self.handle(request)
        entry.status = response.status_code
        return response

    def handle(self, request: Request) -> Response:
        raise NotImplementedError

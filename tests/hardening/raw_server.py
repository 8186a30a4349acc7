"""A loopback HTTP server on raw sockets, for faults werkzeug will not produce: resets, short bodies, stalls.

werkzeug fixes up a Content-Length that lies and never sends a TCP reset, so these faults are written to
the socket by hand. Each request takes the next scripted `Behaviour`; once the script is spent, `default`
answers. Requests are logged (request line and headers) so tests can count retries and inspect headers.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

Behaviour = Callable[[socket.socket], None]


@dataclass
class RawRequest:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)


def _head(status: int, headers: dict[str, str]) -> bytes:
    lines = [f"HTTP/1.1 {status} X"] + [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def respond(status: int = 200, body: bytes = b"", headers: dict[str, str] | None = None) -> Behaviour:
    """A well-formed answer with an honest Content-Length; the connection is closed after it."""

    def send(conn: socket.socket) -> None:
        head = {"Content-Length": str(len(body)), "Connection": "close", **(headers or {})}
        conn.sendall(_head(status, head) + body)

    return send


def truncated(body: bytes, declared: int, headers: dict[str, str] | None = None) -> Behaviour:
    """200 with Content-Length `declared` but only `body` sent, then the connection closes."""

    def send(conn: socket.socket) -> None:
        conn.sendall(_head(200, {"Content-Length": str(declared), **(headers or {})}) + body)

    return send


def reset(after_bytes: bytes = b"") -> Behaviour:
    """Send `after_bytes` (maybe nothing), then abort the connection with a TCP RST."""

    def send(conn: socket.socket) -> None:
        if after_bytes:
            conn.sendall(after_bytes)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    return send


def stall(seconds: float) -> Behaviour:
    """Accept the request and say nothing for `seconds` (longer than the client's read timeout)."""
    return lambda conn: time.sleep(seconds)


def trickle(size: int, every: float, chunked: bool = False) -> Behaviour:
    """A 200 of `size` bytes sent one byte every `every` seconds (under any read timeout, so only a limit
    on the whole body ends it), with Content-Length or as one-byte chunks."""

    def send(conn: socket.socket) -> None:
        framing = {"Transfer-Encoding": "chunked"} if chunked else {"Content-Length": str(size)}
        conn.sendall(_head(200, framing))
        for _ in range(size):
            time.sleep(every)
            conn.sendall(b"1\r\nx\r\n" if chunked else b"x")
        if chunked:
            conn.sendall(b"0\r\n\r\n")

    return send


def stream(
    chunks: Callable[[], Iterator[bytes]], headers: dict[str, str] | None = None, status: int = 200
) -> Behaviour:
    """A chunked answer of whatever `chunks()` yields; stops quietly when the client hangs up."""

    def send(conn: socket.socket) -> None:
        conn.sendall(_head(status, {"Transfer-Encoding": "chunked", **(headers or {})}))
        with contextlib.suppress(OSError):  # the client refused the rest: the point of most of these tests
            for chunk in chunks():
                conn.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            conn.sendall(b"0\r\n\r\n")

    return send


class RawServer:
    """127.0.0.1:random; `script` answers requests in order, then `default` (404 unless set)."""

    def __init__(self, default: Behaviour | None = None) -> None:
        self.default = default or respond(404, b"not found")
        self.script: list[Behaviour] = []
        self.log: list[RawRequest] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def port(self) -> int:
        return self._listener.getsockname()[1]

    def url(self, path: str = "", host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def start(self) -> RawServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=5)
        self._listener.close()

    def _serve(self) -> None:
        while not self._stopped.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            request = _read_request(conn)
            if request is None:
                return
            self.log.append(request)
            behaviour = self.script.pop(0) if self.script else self.default
            with contextlib.suppress(OSError):  # the client hung up: nothing more to do
                behaviour(conn)


def _read_request(conn: socket.socket) -> RawRequest | None:
    """The request line and headers (tracker only sends GETs, so there is no body to read)."""
    data = b""
    conn.settimeout(5)
    try:
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return None
            data += chunk
    except OSError:
        return None
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    method, path, _ = head[0].split(" ", 2)
    headers = dict(line.split(": ", 1) for line in head[1:] if ": " in line)
    return RawRequest(method, path, headers)

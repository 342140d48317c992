"""A TCP proxy that a chaos scenario can cut and restore: an outage on demand.

`cut()` closes the listening socket and resets every open connection, as a stopped server
would (clients get "connection refused"); `restore()` listens on the same port again. Two
threads copy the bytes of each connection; standard library only.

Kafka needs one more thing: a broker tells clients where to connect (its advertised host
and port in Metadata, FindCoordinator and DescribeCluster responses), and clients would go
straight there, around the proxy. With `kafka=True` those responses get the proxy's port
in place of the broker's. The port is a fixed-size int32 right after the host string in
all three, so the rewrite never changes a frame's length.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import struct
import threading
from collections.abc import Callable
from functools import partial

log = logging.getLogger(__name__)

_CHUNK = 65536
# Kafka API keys whose responses carry broker addresses.
_ADDRESS_APIS = {3, 10, 60}  # Metadata, FindCoordinator, DescribeCluster


class Proxy:
    """Forwards `127.0.0.1:<port>` to `target`; cut and restore it at will."""

    def __init__(self, target_host: str, target_port: int, *, kafka: bool = False) -> None:
        self.target = (target_host, target_port)
        self.kafka = kafka
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self.port = 0
        self.connections = 0  # accepted so far: tests check traffic really went through
        self._listen()

    # -- control ---------------------------------------------------------------------------

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def is_cut(self) -> bool:
        return self._listener is None

    def cut(self) -> None:
        """Refuse new connections and reset the open ones."""
        with self._lock:
            listener, self._listener = self._listener, None
            open_sockets, self._sockets = self._sockets, set()
        if listener is not None:
            _close(listener)
        for sock in open_sockets:
            _reset(sock)

    def restore(self) -> None:
        """Accept connections on the same port again."""
        if self._listener is None:
            self._listen()

    def close(self) -> None:
        self.cut()

    def __enter__(self) -> Proxy:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- plumbing --------------------------------------------------------------------------

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        self.port = listener.getsockname()[1]
        with self._lock:
            self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut: the listener was closed
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                _reset(client)
                continue
            with self._lock:
                if self._listener is not listener:  # cut while connecting
                    _reset(client)
                    _reset(upstream)
                    return
                self._sockets |= {client, upstream}
                self.connections += 1
            requests: dict[int, int] = {}
            up: Callable[[bytes], bytes] | None = None
            down: Callable[[bytes], bytes] | None = None
            if self.kafka:
                up = _KafkaFrames(partial(_note_request, requests=requests))
                down = _KafkaFrames(partial(self._rewrite, requests=requests))
            pair = _Pair(client, upstream)
            for src, dst, edit in ((client, upstream, up), (upstream, client, down)):
                threading.Thread(
                    target=self._pipe, args=(pair, src, dst, edit), daemon=True
                ).start()

    def _pipe(
        self,
        pair: _Pair,
        src: socket.socket,
        dst: socket.socket,
        edit: Callable[[bytes], bytes] | None,
    ) -> None:
        try:
            while data := src.recv(_CHUNK):
                dst.sendall(edit(data) if edit else data)
            with contextlib.suppress(OSError):  # pass the end of the stream on
                dst.shutdown(socket.SHUT_WR)
        except OSError:
            _reset(dst)  # one side broke: so does the other, as across a real link
        finally:
            if pair.done():
                with self._lock:
                    self._sockets -= {pair.client, pair.upstream}
                _close(pair.client)
                _close(pair.upstream)

    def _rewrite(self, frame: bytes, requests: dict[int, int]) -> bytes:
        (correlation,) = struct.unpack_from(">i", frame, 4)
        if requests.pop(correlation, None) not in _ADDRESS_APIS:
            return frame
        host = self.target[0].encode()
        before = host + struct.pack(">i", self.target[1])
        after = host + struct.pack(">i", self.port)
        return frame.replace(before, after)


class _Pair:
    """The two sockets of one proxied connection; closed when both directions ended."""

    def __init__(self, client: socket.socket, upstream: socket.socket) -> None:
        self.client, self.upstream = client, upstream
        self._open = 2
        self._lock = threading.Lock()

    def done(self) -> bool:
        with self._lock:
            self._open -= 1
            return self._open == 0


class _KafkaFrames:
    """Cuts a byte stream into Kafka frames (int32 size + body) and edits each whole frame."""

    def __init__(self, edit: Callable[[bytes], bytes]) -> None:
        self._edit = edit
        self._buffer = b""

    def __call__(self, data: bytes) -> bytes:
        self._buffer += data
        out: list[bytes] = []
        while len(self._buffer) >= 4:
            (size,) = struct.unpack_from(">i", self._buffer)
            if len(self._buffer) < 4 + size:
                break
            frame, self._buffer = self._buffer[: 4 + size], self._buffer[4 + size :]
            out.append(self._edit(frame))
        return b"".join(out)


def _note_request(frame: bytes, requests: dict[int, int]) -> bytes:
    # Request header: size, api_key (int16), api_version (int16), correlation_id (int32).
    if len(frame) >= 12:
        api_key, _version, correlation = struct.unpack_from(">hhi", frame, 4)
        requests[correlation] = api_key
    return frame


def _reset(sock: socket.socket) -> None:
    """Close with RST, as a crashed server's kernel would: the peer sees a reset at once."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    _close(sock)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()

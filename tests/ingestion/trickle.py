"""A raw socket server that answers one byte at a time: each byte comes well inside the read
timeout, so only a deadline on the whole fetch cuts it off."""

from __future__ import annotations

import socket
import threading


class TrickleServer:
    """Sends `head` then `tail` forever (until stopped), one byte every `interval` seconds."""

    def __init__(self, *, head: bytes, tail: bytes = b"a", interval: float = 0.2) -> None:
        self.head, self.tail, self.interval = head, tail, interval
        self.stopping = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def url(self, path: str = "/") -> str:
        return f"http://localhost:{self.port}{path}"

    def start(self) -> TrickleServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.listener.close()

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._trickle, args=(connection,), daemon=True).start()

    def _trickle(self, connection: socket.socket) -> None:
        with connection:
            try:
                connection.recv(65536)  # the request
                sent = 0
                # At most 5 minutes: long enough that a fetch without a deadline hangs the test.
                while not self.stopping.wait(self.interval) and sent < 1500:
                    byte = self.head[sent : sent + 1] if sent < len(self.head) else self.tail
                    connection.sendall(byte)
                    sent += 1
            except OSError:
                pass

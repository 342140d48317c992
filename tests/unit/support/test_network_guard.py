import socket

import pytest

from support.netguard import ExternalNetworkError


def test_reaching_a_public_host_fails() -> None:
    with pytest.raises(ExternalNetworkError):
        socket.getaddrinfo("generativelanguage.googleapis.com", 443)
    with socket.socket() as sock, pytest.raises(ExternalNetworkError):
        sock.connect(("8.8.8.8", 443))


def test_loopback_is_allowed() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=2) as client:
            assert client.getpeername() == server.getsockname()

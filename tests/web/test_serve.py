"""`athar serve --workers N`: the socket its processes share answers without Nagle's delay."""

from __future__ import annotations

import asyncio
import socket

from athar.cli.web import listening_socket


def test_connections_accepted_on_the_shared_socket_get_tcp_nodelay() -> None:
    # uvicorn's own socket for several workers leaves the protocol at 0, and asyncio then never sets
    # TCP_NODELAY on accepted connections: each keep-alive response waited ~40 ms for a delayed ACK.
    listener = listening_socket("127.0.0.1", 0)
    port = listener.getsockname()[1]
    seen: list[tuple[int, int]] = []

    class Report(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            sock = transport.get_extra_info("socket")
            seen.append((sock.proto, sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)))
            transport.close()

    async def accept_one() -> None:
        server = await asyncio.get_running_loop().create_server(Report, sock=listener)
        async with server:
            _reader, writer = await asyncio.open_connection("127.0.0.1", port)
            for _ in range(100):
                if seen:
                    break
                await asyncio.sleep(0.01)
            writer.close()

    asyncio.run(accept_one())
    assert seen == [(socket.IPPROTO_TCP, 1)]

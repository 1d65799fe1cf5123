import socket
import zlib


async def serve(address):
    # create_server's return type comes from typeshed, so accept() is known.
    server = socket.create_server(address)
    client, _ = server.accept()
    return client


def inflate(connection: socket.socket):
    data = connection.recv(4096)
    # max_length=0, typeshed's default, means no limit.
    return zlib.decompressobj().decompress(data, 0)


def inflate_bounded(connection: socket.socket):
    data = connection.recv(4096)
    return zlib.decompressobj().decompress(data, 65536)

"""Another Unix user's attempts on a student's kernel, for tests/_relay_attack.py (scenario other_user), which runs
this file as a throwaway user with nothing but the standard library:

    python3 - < tests/_relay_intruder.py '{"tcp": [[ip, port], ...], "unix": [path, ...], "hold": seconds}'

It connects to every TCP port and Unix socket given (those of the student's relay, sandbox and Deno, other than
the relay's HMAC-checked front ports). Where it gets in, it does what the review found such a user could: greets
as a ZeroMQ SUB with a 4 KB receive buffer, subscribes to everything and never reads (stalling a PUB that waits on
each subscriber), and sends one frame without a delimiter (which cancels a waiting prompt() on Deno's stdin). It
prints one JSON line with each target's outcome ("accepted" or the error's name), then holds its connections for
`hold` seconds and prints what it read from them.
"""

import json
import select
import socket
import struct
import sys
import time


def greeting():
    return b"\xff" + b"\x00" * 8 + b"\x7f" + b"\x03\x00" + b"NULL".ljust(20, b"\x00") + b"\x00" + b"\x00" * 31


def ready(kind):
    name = b"Socket-Type"
    body = b"\x05READY" + bytes([len(name)]) + name + struct.pack(">I", len(kind)) + kind
    return bytes([0x04, len(body)]) + body


def frame(data, more=False):
    return bytes([1 if more else 0, len(data)]) + data


def attempt(family, address):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.settimeout(2)
    try:
        s.connect(address)
        s.sendall(greeting() + ready(b"SUB") + frame(b"\x01") + frame(b"garbage, no delimiter"))
        return "accepted", s
    except OSError as e:
        s.close()
        return type(e).__name__, None


def main():
    targets = json.loads(sys.argv[1])
    outcomes, held = {}, []
    for ip, port in targets["tcp"]:
        outcomes[f"tcp {ip}:{port}"], s = attempt(socket.AF_INET, (ip, port))
        held += [s] if s else []
    for path in targets["unix"]:
        outcomes[f"unix {path}"], s = attempt(socket.AF_UNIX, path)
        held += [s] if s else []
    print(json.dumps({"outcomes": outcomes}), flush=True)
    time.sleep(targets["hold"])  # reading nothing: a PUB that waits on its subscribers waits on us
    read = 0
    for s in held:
        while select.select([s], [], [], 0)[0]:
            try:
                chunk = s.recv(1 << 16)
            except OSError:
                break
            if not chunk:
                break
            read += len(chunk)
    print(json.dumps({"bytes_read": read}), flush=True)


main()

"""The relay's own subscription to Deno's iopub: a ZMTP 3.0 reader that checks every message and repairs interleaving.

Deno 2.9's kernel is written in JavaScript on `Deno.listen()`, and its PUB socket sends a message as a loop of
`conn.write()` calls with nothing that keeps two senders apart. The kernel has several (the output drainer, the
shell handler with `busy`, `execute_input` and `idle`, the control handler): when a large output (a figure, 300 KB
and more) does not fit the socket's buffer in one write, a small message sent meanwhile lands inside it. Read by
libzmq, such a stream is a message with a bad signature (which nbclient raises on, ending `jupyter nbconvert`),
the small message swallowed (the relay then waits for an `idle` that never comes), and garbage after it.

So the relay reads the kernel's iopub itself. Every message is checked (its HMAC signature, or its JSON where the
connection has no key). A message that fails is untangled: the messages written into it start with the bytes of
a Jupyter delimiter frame, which JSON text cannot contain; each one that parses and checks is taken out, and the
rest must then check too. Nothing is guessed: what comes out passed the same check as any other message. What
cannot be repaired is dropped up to the next message, and reported.
"""

import hashlib
import hmac
import json
import socket
import struct

DELIMITER = b"<IDS|MSG>"
# A delimiter frame as it is written on the wire: flags "more", size 9, the delimiter. Every message Deno's kernel
# publishes starts with it (a PUB message carries no routing ids), and no JSON text holds a byte 0x01.
DELIMITER_FRAME = b"\x01\x09" + DELIMITER
MORE, LONG, COMMAND = 0x01, 0x02, 0x04
# A frame larger than this is no frame of Deno's but garbage read as a size.
MAX_FRAME = 1 << 32
# How long, and for how many bytes past a garbled message, untangling may wait for the rest of the message.
UNTANGLE_WAIT = 2.0
UNTANGLE_BYTES = 1 << 24
# How long a message may stay unfinished while whole messages come after it that do not explain it; then it goes.
STALL_LIMIT = 10.0


class Garbled(Exception):
    """Bytes that cannot start a ZMTP frame, at `position` in the buffer."""

    def __init__(self, what, position):
        super().__init__(what)
        self.position = position


def parse(buf, at):
    """The frames of the message that starts at `buf[at]` and where it ends, or None while it is incomplete.

    A command (flags 0x04) between messages comes back as no frames. Raises Garbled for reserved flag bits, a
    command inside a message, or a size no frame can have.
    """
    spans = []
    pos = at
    end = len(buf)
    while True:
        if pos >= end:
            return None
        flags = buf[pos]
        if flags & ~(MORE | LONG | COMMAND):
            raise Garbled(f"flags {flags:#04x} at byte {pos - at} of a message", pos)
        if flags & LONG:
            if pos + 9 > end:
                return None
            (size,) = struct.unpack_from(">Q", buf, pos + 1)
            if size > MAX_FRAME:
                raise Garbled(f"a frame of {size} bytes at byte {pos - at} of a message", pos + 8)
            pos += 9
        else:
            if pos + 2 > end:
                return None
            size = buf[pos + 1]
            pos += 2
        if pos + size > end:
            return None
        if flags & COMMAND:
            if spans:
                raise Garbled(f"a command inside a message, at byte {pos - at}", pos)
            return [], pos + size
        spans.append((pos, pos + size))
        pos += size
        if not flags & MORE:
            return [bytes(buf[a:b]) for a, b in spans], pos


def encode(frames):
    """`frames` as one ZMTP message on the wire (the tests build interleaved streams with it)."""
    out = bytearray()
    for i, frame in enumerate(frames):
        more = MORE if i < len(frames) - 1 else 0
        if len(frame) > 255:
            out += bytes([more | LONG]) + struct.pack(">Q", len(frame))
        else:
            out += bytes([more, len(frame)])
        out += frame
    return bytes(out)


def checker(key, scheme="hmac-sha256"):
    """A function that says whether a message's frames are a Jupyter message signed with `key`."""
    digest = getattr(hashlib, scheme.split("-", 1)[1]) if scheme.startswith("hmac-") else hashlib.sha256
    key = key.encode() if isinstance(key, str) else key

    def check(frames):
        try:
            at = frames.index(DELIMITER)
        except ValueError:
            return False
        parts = frames[at + 2 : at + 6]
        if len(parts) < 4:
            return False
        if key:
            mac = hmac.new(key, digestmod=digest)
            for part in parts:
                mac.update(part)
            return hmac.compare_digest(mac.hexdigest().encode(), frames[at + 1])
        try:  # no key, no signature: the four JSON parts must at least read
            for part in parts:
                json.loads(part)
        except ValueError:
            return False
        return True

    return check


class Stream:
    """Bytes from Deno's iopub in, checked messages out: `feed()` returns the messages its bytes complete.

    `repaired` counts the messages taken out of others, `lost` the stretches dropped, and `report` receives one
    sentence for each (the relay logs them); `dropped` receives the type of each message dropped, where its header
    reads (the relay tells the cell when an output was lost).
    """

    def __init__(self, check, report=lambda text: None, dropped=lambda msg_type: None):
        self.check = check
        self.report = report
        self.dropped = dropped
        self.buf = bytearray()
        self.waiting_since = None  # since when a garbled message waits for its rest
        self.stalled_since = None  # since when an unfinished message has had whole messages after it
        self.repaired = 0
        self.lost = 0

    def feed(self, data, now):
        self.buf += data
        out = []
        while self.buf:
            try:
                parsed = parse(self.buf, 0)
            except Garbled as e:
                frames, bound, what = None, e.position + 1, f"bytes that are no message ({e})"
            else:
                if parsed is None:
                    # Whole messages after the start of one that has not ended were written into it, and one
                    # written into its frame sizes makes it look longer than it is: untangle it now.
                    if self.buf.find(DELIMITER_FRAME, 1) == -1:
                        break
                    result = self.untangle(len(self.buf), incomplete=True)
                    if isinstance(result, tuple):
                        self.take(result, out)
                        continue
                    if self.stalled_since is None:
                        self.stalled_since = now
                    if now - self.stalled_since < STALL_LIMIT:
                        break  # a long message still arriving, most likely
                    self.drop(f"a message unfinished for {STALL_LIMIT:.0f} s while whole ones came after it")
                    continue
                frames, bound = parsed
                if not frames:  # a command between messages: nothing for Jupyter
                    del self.buf[:bound]
                    continue
                if self.check(frames):
                    out.append(frames)
                    del self.buf[:bound]
                    self.waiting_since = self.stalled_since = None
                    continue
                what = f"{kind(frames)} that fails its check (signature, or JSON without a key)"
            result = self.untangle(bound)
            if result == "wait":
                if self.waiting_since is None:
                    self.waiting_since = now
                if now - self.waiting_since < UNTANGLE_WAIT and len(self.buf) < bound + UNTANGLE_BYTES:
                    break
                self.drop(f"{what}, whose rest did not come in {UNTANGLE_WAIT:.0f} s", frames)
                continue
            if result is None:
                self.drop(f"{what}; no whole message inside explains it", frames)
                continue
            self.take(result, out)
        return out

    @property
    def waiting(self):
        """Whether the stream waits for bytes that may never come (the relay then calls `feed(b"", now)` in time)."""
        return self.waiting_since is not None or self.stalled_since is not None

    def take(self, untangled, out):
        messages, rest = untangled
        self.buf = rest
        self.waiting_since = self.stalled_since = None
        self.repaired += len(messages) - 1
        self.report(f"untangled {kind(messages[1:])} written by Deno's kernel into {kind(messages[:1])}")
        out.extend(messages)

    def untangle(self, bound, incomplete=False):
        """The message at the buffer's start with the messages written into it taken out: (messages, what is left).

        `bound`: where reading the garbled message ended (or found garbage); a message written into it starts
        before. `incomplete`: the message has not ended yet, so every whole message after its start was written
        into it. "wait" while the bytes needed have not all arrived, None if no whole messages inside explain it.
        """
        trial = bytearray(self.buf)
        inside = []
        for _ in range(16):
            found = False
            # (a delimiter frame that starts before `bound`, whole: find() wants all of it before its end)
            reach = bound + len(DELIMITER_FRAME) - 1
            q = trial.find(DELIMITER_FRAME, 1, reach)
            while q != -1:
                try:
                    candidate = parse(trial, q)
                except Garbled:
                    candidate = ([], q)
                if candidate is None:
                    return "wait"
                if candidate[0] and self.check(candidate[0]):
                    inside.append(candidate[0])
                    del trial[q : candidate[1]]
                    found = True
                    break
                q = trial.find(DELIMITER_FRAME, q + 1, reach)
            if not found:  # (a delimiter frame may yet arrive whole where the bytes end)
                return "wait" if incomplete or reach > len(trial) else None
            try:
                parsed = parse(trial, 0)
            except Garbled as e:
                bound, incomplete = e.position + 1, False
                continue
            if parsed is None:  # (or a size read from bytes written into it: look further)
                bound, incomplete = len(trial), True
                continue
            incomplete = False
            frames, bound = parsed
            if frames and self.check(frames):
                del trial[:bound]
                return [frames, *inside], trial
        return None

    def drop(self, what, frames=None):
        """Skips to the next delimiter frame after the buffer's start: the next message, whole or not yet."""
        q = self.buf.find(DELIMITER_FRAME, 1)
        if q == -1:  # keep a tail that may be the start of a delimiter frame
            q = max(1, len(self.buf) - len(DELIMITER_FRAME) + 1)
        self.lost += 1
        self.report(f"dropped {q} bytes from Deno's kernel: {what}")
        del self.buf[:q]
        if frames:
            name = kind(frames)
            self.dropped(name.split(" ", 1)[1] if name != "a message" else None)
        self.waiting_since = self.stalled_since = None


def kind(messages):
    """'a display_data', 'a status and a stream': the types of messages (or of one message's frames), for the log."""
    if messages and isinstance(messages[0], bytes):
        messages = [messages]
    names = []
    for frames in messages:
        try:
            at = frames.index(DELIMITER)
            names.append(json.loads(frames[at + 2]).get("msg_type", "message"))
        except (ValueError, IndexError, AttributeError):
            names.append("message")
    return " and ".join(f"{'an' if name[0] in 'aeiou' else 'a'} {name}" for name in names) or "nothing"


def greeting():
    """This side's ZMTP 3.0 greeting: NULL security, not the server."""
    return b"\xff" + b"\x00" * 8 + b"\x7f" + b"\x03\x00" + b"NULL".ljust(20, b"\x00") + b"\x00" + b"\x00" * 31


def ready(socket_type):
    """A READY command with the one property ZMTP 3.0 requires, Socket-Type."""
    name = b"Socket-Type"
    body = b"\x05READY" + bytes([len(name)]) + name + struct.pack(">I", len(socket_type)) + socket_type
    return bytes([COMMAND, len(body)]) + body


def subscribe(ip, port, timeout=5.0, receive_buffer=None):
    """A TCP connection to a PUB socket at ip:port, subscribed to everything, past the handshake; non-blocking.

    Returns the connection and any bytes read past the handshake. Raises OSError while nothing listens there yet
    (the caller tries again). `receive_buffer` (bytes) sets the socket's SO_RCVBUF; the tests make it small, which
    makes Deno write large messages in pieces.
    """
    conn = socket.socket(socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM)
    try:
        if receive_buffer:
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        conn.settimeout(timeout)
        conn.connect((ip, port))
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        conn.sendall(greeting() + ready(b"SUB"))
        theirs = bytearray()
        while len(theirs) < 64:
            chunk = conn.recv(64 - len(theirs))
            if not chunk:
                raise ConnectionError("the kernel closed its iopub during the ZMTP greeting")
            theirs += chunk
        if theirs[0] != 0xFF or theirs[10] < 3:
            raise ConnectionError(f"the kernel's iopub greeted with {bytes(theirs[:12])!r}, not ZMTP 3")
        command = bytearray()  # the kernel's READY
        while True:
            parsed = parse(command, 0)
            if parsed is not None:
                break
            chunk = conn.recv(4096)
            if not chunk:
                raise ConnectionError("the kernel closed its iopub during the ZMTP handshake")
            command += chunk
        # ZMTP 3.0 subscribes with a message whose body is 0x01 and the prefix (here empty: everything).
        conn.sendall(encode([b"\x01"]))
        conn.setblocking(False)
        return conn, bytes(command[parsed[1] :])
    except BaseException:
        conn.close()
        raise

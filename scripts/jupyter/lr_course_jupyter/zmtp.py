"""The relay's own subscription to Deno's iopub: a ZMTP 3.0 reader that checks every message and repairs interleaving.

Deno 2.9's kernel is written in JavaScript on `Deno.listen()`, and its PUB socket sends a message as a loop of
`conn.write()` calls with nothing that keeps two senders apart. The kernel has several (the output drainer, the
shell handler with `busy`, `execute_input` and `idle`, the control handler): when a large output (a figure, 300 KB
and more) does not fit the socket's buffer in one write, a small message sent meanwhile lands inside it. Read by
libzmq, such a stream is a message with a bad signature (which nbclient raises on, ending `jupyter nbconvert`),
the small message swallowed (the relay then waits for an `idle` that never comes), and garbage after it.

So the relay reads the kernel's iopub itself. Every message is checked (its HMAC signature, or its JSON where the
connection has no key). A message that fails, or has not ended, is untangled: the messages written into it start
with the bytes of a Jupyter delimiter frame, which JSON text cannot contain; each one that parses and checks is
taken out, and the rest must then check too. Nothing is guessed: what comes out passed the same check as any other
message. What cannot be repaired is dropped up to the next message, and reported (`Lost`).
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
# How long, and up to how many buffered bytes, a garbled message may wait for a message inside it to arrive whole.
UNTANGLE_WAIT = 2.0
UNTANGLE_BYTES = 1 << 24
# How long an unfinished message may go without growing while other messages come after it; then it is dropped
# (bytes written into its frame sizes can make it look longer than it is).
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
        except (ValueError, RecursionError):
            return False
        return True

    return check


class Lost:
    """In what `Stream.feed()` returns: here a message was dropped; `msg_type` where its header could be read."""

    def __init__(self, msg_type):
        self.msg_type = msg_type


class Stream:
    """Bytes from Deno's iopub in, checked messages out, in the order they were started.

    `feed()` returns the messages its bytes complete, with a `Lost` where one had to be dropped. The message at the
    front of the buffer comes out once it checks; the whole, checked messages found inside it (written into it) are
    taken out as soon as they are found and come out right after it, in the order found. `repaired` counts them,
    `lost` the stretches dropped, and `report` receives one sentence for each (the relay logs them).

    Not covered: binary buffer frames (which the course never sends) are outside the signature, so a message written
    into one is not found; a message split by another is lost with it.
    """

    def __init__(self, check, report=lambda text: None):
        self.check = check
        self.report = report
        self.buf = bytearray()
        self.inside = []  # whole, checked messages taken out of the front message, to come out after it
        self.scanned = 1  # where to go on looking for them
        self.front_size = 0  # the front message's own bytes when last seen, and since when it has not grown
        self.grown_at = None
        self.waiting_since = None  # since when a garbled front message waits for bytes that could repair it
        self.repaired = 0
        self.lost = 0

    @property
    def waiting(self):
        """Whether part of a message is buffered (the relay then calls `feed(b"", now)` now and then)."""
        return bool(self.buf)

    def feed(self, data, now):
        self.buf += data
        out = []
        while self.buf:
            try:
                parsed = parse(self.buf, 0)
            except Garbled as e:
                parsed, bound, what = False, e.position + 1, f"bytes that are no message ({e})"
            if parsed:
                frames, end = parsed
                if not frames:  # a command between messages: nothing for Jupyter
                    del self.buf[:end]
                    continue
                if self.check(frames):
                    if self.inside:
                        self.report(f"untangled {kind(self.inside)} written by Deno's kernel into {kind(frames)}")
                    del self.buf[:end]
                    self.emit(frames, out)
                    continue
                bound, what = end, f"{kind(frames)} that fails its check (signature, or JSON without a key)"
            # Unfinished, or garbled: take out the whole, checked messages written into it, then look again.
            found, pending = self.take_inside(None if parsed is None else bound)
            if found:
                continue
            if parsed is None:
                if len(self.buf) > self.front_size or self.grown_at is None:
                    self.front_size, self.grown_at = len(self.buf), now
                if now - self.grown_at < STALL_LIMIT or not (self.inside or self.buf.find(DELIMITER_FRAME, 1) > 0):
                    break  # a long message still arriving
                self.drop(f"a message unfinished for {STALL_LIMIT:.0f} s while others came after it", out)
                continue
            if pending:  # a message inside has not all arrived: it may yet explain this one
                if self.waiting_since is None:
                    self.waiting_since = now
                if now - self.waiting_since < UNTANGLE_WAIT and len(self.buf) < bound + UNTANGLE_BYTES:
                    break
                self.drop(f"{what}, whose repair did not arrive in {UNTANGLE_WAIT:.0f} s", out)
                continue
            self.drop(f"{what}; no whole message inside explains it", out)
        return out

    def take_inside(self, bound=None):
        """Moves a whole, checked message written into the front message to `inside`: (one found, one pending).

        `bound`: where reading a garbled front message ended or found garbage; what was written into it starts
        before. None for a front message that has not ended: all after its start was written into it, or after it
        when a size was misread, and either way comes out after it in the order found. Pending: a message there
        has not all arrived. The search goes on where it stopped, so each byte is searched once while a long
        message arrives; after a message is taken out, the caller reads the front again and the search restarts
        (a message it was written into may check now).
        """
        reach = len(self.buf) if bound is None else bound + len(DELIMITER_FRAME) - 1
        q = self.buf.find(DELIMITER_FRAME, self.scanned, reach)
        while q != -1:
            try:
                candidate = parse(self.buf, q)
            except Garbled:
                candidate = ([], q)
            if candidate is None:
                self.scanned = q
                return False, True
            frames, end = candidate
            if frames and self.check(frames):
                self.inside.append(frames)
                del self.buf[q:end]
                self.front_size -= min(self.front_size, end - q)  # (not growth of the front message's own)
                self.repaired += 1
                self.scanned = 1
                return True, False
            q = self.buf.find(DELIMITER_FRAME, q + 1, reach)
        # Search on from here next time (a delimiter frame may yet arrive whole where the bytes end).
        self.scanned = max(1, min(reach, len(self.buf)) - len(DELIMITER_FRAME) + 1)
        return False, reach > len(self.buf) and _partial_delimiter_at_end(self.buf) > 0

    def emit(self, frames, out):
        out.append(frames)
        out.extend(self.inside)
        self.inside = []
        self.scanned = 1
        self.front_size, self.grown_at, self.waiting_since = 0, None, None

    def drop(self, what, out):
        """Skips to the next delimiter frame after the buffer's start, and lets out what was found inside."""
        msg_type = peek_type(self.buf)
        q = self.buf.find(DELIMITER_FRAME, 1)
        if q == -1:  # keep only a tail that is the start of a delimiter frame
            q = max(1, len(self.buf) - _partial_delimiter_at_end(self.buf))
        self.lost += 1
        self.report(f"dropped {q} bytes from Deno's kernel: {what}")
        del self.buf[:q]
        out.append(Lost(msg_type))
        out.extend(self.inside)
        self.inside = []
        self.scanned = 1
        self.front_size, self.grown_at, self.waiting_since = 0, None, None


def _partial_delimiter_at_end(buf):
    """How many of the buffer's last bytes are the first bytes of a delimiter frame (0 if none)."""
    tail = bytes(buf[-(len(DELIMITER_FRAME) - 1) :])
    return next((len(tail) - i for i in range(len(tail)) if DELIMITER_FRAME.startswith(tail[i:])), 0)


def peek_type(buf):
    """The msg_type of the message at the buffer's start, where its first frames are whole and read, else None."""
    frames, pos = [], 0
    try:
        while len(frames) < 3 and pos < len(buf):
            flags = buf[pos]
            if flags & LONG:
                (size,) = struct.unpack_from(">Q", buf, pos + 1)
                pos += 9
            else:
                size = buf[pos + 1]
                pos += 2
            if pos + size > len(buf) or size > MAX_FRAME:
                return None
            frames.append(bytes(buf[pos : pos + size]))
            pos += size
        if frames[:1] != [DELIMITER] or len(frames) < 3:
            return None
        name = json.loads(frames[2]).get("msg_type")
        return name if isinstance(name, str) and name else None
    except (IndexError, struct.error, ValueError, AttributeError, RecursionError):
        return None


def kind(messages):
    """'a display_data', 'a status and a stream': the types of messages (or of one message's frames), for the log."""
    if messages and isinstance(messages[0], bytes):
        messages = [messages]
    names = []
    for frames in messages:
        try:
            at = frames.index(DELIMITER)
            name = json.loads(frames[at + 2]).get("msg_type")
        except (ValueError, IndexError, AttributeError, RecursionError):
            name = None
        names.append(name if isinstance(name, str) and name else "message")
    return " and ".join(f"{'an' if name[0] in 'aeiou' else 'a'} {name}" for name in names) or "nothing"


def greeting():
    """This side's ZMTP 3.0 greeting: NULL security, not the server."""
    return b"\xff" + b"\x00" * 8 + b"\x7f" + b"\x03\x00" + b"NULL".ljust(20, b"\x00") + b"\x00" + b"\x00" * 31


def ready(socket_type):
    """A READY command with the one property ZMTP 3.0 requires, Socket-Type."""
    name = b"Socket-Type"
    body = b"\x05READY" + bytes([len(name)]) + name + struct.pack(">I", len(socket_type)) + socket_type
    return bytes([COMMAND, len(body)]) + body


def subscribe(path, timeout=1.0):
    """A connection to a PUB socket at the Unix socket `path`, subscribed to everything, past the handshake;
    non-blocking.

    Returns the connection and any bytes read past the handshake. Raises OSError while nothing listens there yet
    (the caller tries again).
    """
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.settimeout(timeout)
        conn.connect(path)
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
            try:
                parsed = parse(command, 0)
            except Garbled as e:
                raise ConnectionError(f"the kernel's iopub sent no READY command: {e}") from e
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

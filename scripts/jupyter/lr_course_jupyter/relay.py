"""A relay between Jupyter and Deno's kernel: each cell's `idle` waits for the cell's outputs.

    python -m lr_course_jupyter.relay --deno /path/to/deno CONNECTION_FILE

The course's kernelspec ("Deno (course)") starts this instead of `deno jupyter
--kernel`. The relay binds the ports Jupyter chose (CONNECTION_FILE), starts
Deno's kernel on ports of its own, and passes every message through unchanged,
with one exception, which is the reason it exists.

The Deno 2.9 kernel can publish `status: idle` for a cell before that cell's
outputs: outputs reach the iopub socket through an asynchronous drainer that
nothing orders against `idle`, and the drainer stamps each output with the
request current when it sends it. nbclient (so `jupyter nbconvert --execute`,
papermill, nbgrader) stops reading a cell at `idle` and loses those outputs;
with queued cells (Run All) a late output can carry the next cell's id. So:

- Execute requests go to the kernel one at a time, in the order they came.
- When the kernel says `idle` for a cell, the relay holds that `idle` and the
  cell's `execute_reply`, and executes a fence of its own in the kernel:
  `console.log(<marker>)`, not stored in the history. The drainer is first in,
  first out, so once the marker arrives, every output of the cell has been sent.
- Outputs stamped with the fence's id (sent late by the cell) are re-stamped
  with the cell's header and forwarded; the fence's own messages are dropped.
  Only then do the cell's reply and `idle` go out, and the next request goes in.

A frame on the shell, control or stdin channel that the relay cannot read is
forwarded as it came and logged to stderr (which Jupyter shows in its log),
never dropped; on iopub, see below. Restart and shutdown: when
Deno's kernel exits, the relay exits with its status.

Deno's iopub is read by the relay's own ZMTP reader (zmtp.py), not by libzmq:
Deno 2.9's kernel can write one message into the middle of another when a large
output needs more than one write, which libzmq turns into a message with a bad
signature (nbclient raises on it) and a swallowed `idle`. The reader checks each
message's signature and takes such messages apart again, and it logs each repair;
what it cannot repair it drops and logs, and the running cell gets a line saying
an output was lost.

Interrupts: Deno 2.9's kernel cannot stop a running cell; SIGINT, which Jupyter
sends to interrupt, ends it. On Linux the relay runs it in a process group of
its own, so the signal reaches only the relay, which then restarts Deno's
kernel, ends the running cell with an error that says so, and aborts the cells
queued behind it. Elsewhere the signal ends both, and Jupyter restarts them.
"""

import argparse
import collections
import hashlib
import hmac
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timezone

import zmq

from . import zmtp

DELIMITER = zmtp.DELIMITER
OUTPUTS = {"stream", "display_data", "execute_result", "error", "update_display_data", "clear_output"}
# How long the fence may wait for its marker once its own reply and idle are in; then the cell is released anyway.
MARKER_GRACE = 5.0
# How long a cell's idle may be held in all; then the relay logs what it was waiting for and releases the cell.
HOLD_LIMIT = 30.0
# How long after a cell's reply its idle may fail to come (a garbled message); then the relay fences without it.
IDLE_LIMIT = 5.0
# The receive buffer of the relay's connection to Deno's iopub, in bytes (the system's default when unset). For the
# tests: a small one makes Deno write large outputs in pieces, so its kernel interleaves messages (see zmtp.py).
RECEIVE_BUFFER = int(os.environ.get("LR_COURSE_RELAY_RECEIVE_BUFFER") or 0) or None


def log(text):
    print(f"[deno-course relay {datetime.now().strftime('%H:%M:%S.%f')[:-3]}] {text}", file=sys.stderr, flush=True)


class Frames:
    """A Jupyter wire message: routing ids, the delimiter, signature, header, parent, metadata, content, buffers."""

    def __init__(self, frames):
        self.frames = frames
        self.at = frames.index(DELIMITER)  # ValueError if absent: the caller forwards and logs
        self.header = json.loads(frames[self.at + 2])
        self.parent = json.loads(frames[self.at + 3])

    @property
    def ids(self):
        return self.frames[: self.at]

    @property
    def body(self):
        return self.frames[self.at :]

    @property
    def msg_type(self):
        return self.header.get("msg_type")

    @property
    def msg_id(self):
        return self.header.get("msg_id")

    @property
    def parent_id(self):
        return self.parent.get("msg_id")

    def content(self):
        return json.loads(self.frames[self.at + 5])


class Signer:
    def __init__(self, key, scheme):
        self.key = key.encode()
        self.digest = getattr(hashlib, scheme.split("-", 1)[1]) if scheme.startswith("hmac-") else hashlib.sha256

    def sign(self, parts):
        if not self.key:
            return b""
        mac = hmac.new(self.key, digestmod=self.digest)
        for part in parts:
            mac.update(part)
        return mac.hexdigest().encode()

    def message(self, header, parent, metadata, content, buffers=()):
        parts = [json.dumps(x).encode() for x in (header, parent, metadata, content)]
        return [DELIMITER, self.sign(parts), *parts, *buffers]

    def restamp(self, msg, parent, content=None):
        """`msg` with `parent` as its parent header (and `content`, if given), signed again."""
        at = msg.at
        parts = list(msg.frames[at + 2 : at + 6])
        parts[1] = json.dumps(parent).encode()
        if content is not None:
            parts[3] = json.dumps(content).encode()
        return [*msg.ids, DELIMITER, self.sign(parts), *parts, *msg.frames[at + 6 :]]


def free_port(ip):
    with socket.socket() as s:
        s.bind((ip, 0))
        return s.getsockname()[1]


class Cell:
    """An execute request the kernel is working on, and what the relay holds back for it."""

    def __init__(self, request, identity, channel):
        self.request = request
        self.identity = identity
        self.channel = channel
        self.reply = None  # the kernel's execute_reply, held
        self.idle = None  # the kernel's idle status, held
        self.fence_id = None
        self.marker = f"__deno_course_fence_{uuid.uuid4().hex}__"
        self.marker_seen = False
        self.fence_idle = False
        self.fence_reply_at = None
        self.late = 0
        self.count = None  # the execution count the kernel gave it
        self.reply_at = None
        self.started = time.monotonic()
        self.idle_at = None


class Relay:
    def __init__(self, connection, deno, extra_args):
        self.connection = connection
        self.ip = connection.get("ip", "127.0.0.1")
        self.signer = Signer(connection.get("key", ""), connection.get("signature_scheme", "hmac-sha256"))
        self.session = uuid.uuid4().hex
        self.ctx = zmq.Context()
        self.poller = zmq.Poller()
        self.handlers = {}
        url = lambda port: f"tcp://{self.ip}:{port}"  # noqa: E731
        # Jupyter's side: the ports it chose.
        self.front = {}
        for channel, kind in (("shell", zmq.ROUTER), ("control", zmq.ROUTER), ("stdin", zmq.ROUTER)):
            sock = self.ctx.socket(kind)
            sock.setsockopt(zmq.LINGER, 1000)
            sock.bind(url(connection[f"{channel}_port"]))
            self.front[channel] = sock
            self.watch(sock, lambda frames, channel=channel: self.from_client(channel, frames))
        self.iopub = self.ctx.socket(zmq.PUB)
        self.iopub.setsockopt(zmq.LINGER, 1000)
        self.iopub.bind(url(connection["iopub_port"]))
        self.hb = self.ctx.socket(zmq.REP)
        self.hb.bind(url(connection["hb_port"]))
        self.watch(self.hb, self.hb.send_multipart)
        # Deno's side: ports of our own.
        self.ports = {name: free_port(self.ip) for name in ("shell", "control", "stdin", "iopub", "hb")}
        self.back_url = {name: url(port) for name, port in self.ports.items()}
        # Deno's iopub is read by the relay's own ZMTP reader, which checks every message and untangles the ones
        # Deno's kernel writes into each other (see zmtp.py); it connects once the kernel listens (see run()).
        self.check = zmtp.checker(connection.get("key", ""), connection.get("signature_scheme", "hmac-sha256"))
        self.back_iopub = None
        self.iopub_stream = None
        self.next_connect = 0.0
        self.held_shell = []  # requests from Jupyter that wait for the iopub connection: (channel, identity, frames)
        self.dealers = {}  # (channel, client identity) -> DEALER connected to Deno
        self.own_shell = self.dealer("shell", b"")  # the fence's own connection
        self.queue = []  # execute requests waiting for the cell before them: (identity, Frames)
        self.cell = None
        self.others = set()  # ids of requests other than execute (completion, inspection, ...)
        self.cells_done = 0
        self.overhead = 0.0  # seconds between a cell's idle and its release, summed
        self.conn_file = None
        self.interrupted = False
        self.trace = collections.deque(maxlen=40)  # the last messages, logged when something goes wrong
        self.last_heard = time.monotonic()
        self.reported_silence = None
        self.kernel = self.start_kernel(deno, extra_args)

    def watch(self, sock, handler):
        """Calls `handler` with each message `sock` receives."""

        def drain():
            while True:
                try:
                    frames = sock.recv_multipart(zmq.NOBLOCK)
                except zmq.Again:
                    return
                handler(frames)

        self.poller.register(sock, zmq.POLLIN)
        self.handlers[sock] = drain

    def connect_iopub(self, now):
        """Subscribes to Deno's iopub once it listens; until then, shell requests from Jupyter wait (so none is
        answered on an iopub nobody reads)."""
        if self.back_iopub is not None or now < self.next_connect:
            return
        self.next_connect = now + 0.05
        try:
            conn, rest = zmtp.subscribe(self.ip, self.ports["iopub"], receive_buffer=RECEIVE_BUFFER)
        except OSError:
            return  # not listening yet
        self.back_iopub = conn
        self.iopub_stream = zmtp.Stream(self.check, report=log)
        self.poller.register(conn, zmq.POLLIN)
        self.handlers[conn.fileno()] = self.read_iopub  # (the poller names a plain socket by its file descriptor)
        if rest:
            self.read_iopub(rest)
        held, self.held_shell = self.held_shell, []
        for channel, identity, frames in held:
            self.from_client(channel, [identity, *frames])

    def output_lost(self, msg_type):
        """An output the reader had to drop: the cell says so, rather than showing less than it made."""
        cell = self.cell
        if msg_type not in OUTPUTS or cell is None:
            return
        text = (f"[Deno (course)] Deno's kernel garbled an output of this cell (a {msg_type} message) and the "
                "course's relay could not repair it: run the cell again to see it.\n")
        content = {"name": "stderr", "text": text}
        self.iopub.send_multipart(self.signer.message(self.header("stream"), cell.request.header, {}, content))

    def read_iopub(self, data=None):
        """Reads what Deno's iopub has sent and handles each whole, checked message."""
        conn = self.back_iopub
        chunks = [] if data is None else [data]
        closed = False
        while data is None:
            try:
                chunk = conn.recv(1 << 20)
            except (BlockingIOError, InterruptedError):
                break
            except OSError:
                chunk = b""
            if not chunk:
                closed = True
                break
            chunks.append(chunk)
            if len(chunks) >= 16:
                break  # let the other sockets have a turn; the poller comes back
        self.from_iopub_stream(b"".join(chunks))
        if closed:  # the kernel ended: subscribe to the next one (after an interrupt's restart)
            self.close_iopub()

    def from_iopub_stream(self, data):
        for item in self.iopub_stream.feed(data, time.monotonic()):
            if isinstance(item, zmtp.Lost):
                self.output_lost(item.msg_type)
            else:
                self.from_kernel_iopub(item)

    def close_iopub(self):
        conn, self.back_iopub = self.back_iopub, None
        if conn is not None:
            self.poller.unregister(conn)
            del self.handlers[conn.fileno()]
            conn.close()

    def dealer(self, channel, identity):
        key = (channel, identity)
        if key not in self.dealers:
            sock = self.ctx.socket(zmq.DEALER)
            sock.setsockopt(zmq.LINGER, 1000)
            # The kernel addresses stdin requests to the identity of the shell request; keep the client's.
            routing = identity if identity and identity[0] != 0 else f"deno-course-{uuid.uuid4().hex}".encode()
            sock.setsockopt(zmq.ROUTING_ID, routing)
            sock.connect(self.back_url[channel])
            self.dealers[key] = sock
            self.watch(sock, lambda frames: self.from_kernel(channel, identity, frames))
        return self.dealers[key]

    def start_kernel(self, deno, extra_args):
        conn = {**self.connection, **{f"{n}_port": p for n, p in self.ports.items()}, "transport": "tcp", "ip": self.ip}
        fd, self.conn_file = tempfile.mkstemp(prefix="deno-course-kernel-", suffix=".json")
        with os.fdopen(fd, "w") as f:
            json.dump(conn, f)
        self.deno_command = [deno, "jupyter", "--kernel", "--conn", self.conn_file, *extra_args]
        return self.spawn()

    def spawn(self):
        if sys.platform.startswith("linux"):
            # A process group of its own, so that Jupyter's interrupt (SIGINT to the relay's group), which ends
            # Deno's kernel, reaches only the relay; and the kernel ends if the relay is killed.
            return subprocess.Popen(self.deno_command, start_new_session=True, preexec_fn=end_with_parent)
        return subprocess.Popen(self.deno_command)

    def header(self, msg_type):
        return {
            "msg_id": uuid.uuid4().hex,
            "msg_type": msg_type,
            "username": "deno-course-relay",
            "session": self.session,
            "date": datetime.now(timezone.utc).isoformat(),
            "version": "5.3",
        }

    def interrupt(self):
        """Deno's kernel cannot stop a running cell: restart it, end the cell with an error, abort the queue."""
        cell = self.cell
        if cell is None:
            log("interrupt with no cell running: nothing to do")
            return
        if not sys.platform.startswith("linux"):
            return  # the kernel shares the relay's process group: the signal ended it, and the relay follows
        log(f"interrupt during execute request {cell.request.msg_id}: restarting Deno's kernel, which cannot stop a cell")
        self.kernel.kill()
        self.kernel.wait()
        self.close_iopub()  # shell requests wait until the new kernel's iopub is read
        self.kernel = self.spawn()
        self.cell = None
        why = ("Deno's kernel cannot stop a running cell, so the interrupt restarted it: "
               "its variables and imports are gone; run the notebook's cells from the top again.")
        if cell.reply is not None:  # the cell had finished; only the fence was pending
            self.to_client("shell", cell.identity, cell.reply.frames)
        else:
            error = {"ename": "Interrupted", "evalue": why, "traceback": [f"Interrupted: {why}"]}
            self.iopub.send_multipart(self.signer.message(self.header("error"), cell.request.header, {}, error))
            reply = {"status": "error", "execution_count": cell.count, **error}
            self.to_client("shell", cell.identity, self.signer.message(self.header("execute_reply"), cell.request.header, {}, reply))
        self.iopub.send_multipart(self.signer.message(self.header("status"), cell.request.header, {}, {"execution_state": "idle"}))
        for identity, msg in self.queue:  # what was queued behind the cell would run without its variables
            self.iopub.send_multipart(self.signer.message(self.header("status"), msg.header, {}, {"execution_state": "busy"}))
            self.to_client("shell", identity, self.signer.message(self.header("execute_reply"), msg.header, {}, {"status": "aborted"}))
            self.iopub.send_multipart(self.signer.message(self.header("status"), msg.header, {}, {"execution_state": "idle"}))
        self.queue.clear()

    # --- from Jupyter -------------------------------------------------------------------------------------------

    def from_client(self, channel, frames):
        identity, rest = frames[0], frames[1:]
        if channel == "shell" and self.back_iopub is None:
            self.held_shell.append((channel, identity, rest))
            return
        if channel == "shell":
            self.dealer("stdin", identity)  # so the kernel can reach this client for input
        try:
            msg = Frames(rest)
        except Exception as e:  # noqa: BLE001 - anything unreadable is forwarded as is
            log(f"forwarding an unreadable {channel} message from Jupyter as it came: {type(e).__name__}: {e}")
            self.dealer(channel, identity).send_multipart(rest)
            return
        if channel == "shell" and msg.msg_type == "execute_request":
            self.queue.append((identity, msg))
            self.next_cell()
            return
        if channel == "shell":
            self.others.add(msg.msg_id)
        self.dealer(channel, identity).send_multipart(rest)

    def next_cell(self):
        if self.cell is None and self.queue:
            identity, msg = self.queue.pop(0)
            self.cell = Cell(msg, identity, "shell")
            self.dealer("shell", identity).send_multipart(msg.frames)

    # --- from Deno ----------------------------------------------------------------------------------------------

    def note(self, where, msg):
        self.last_heard = time.monotonic()
        self.trace.append(f"{time.monotonic():.3f} {where} {msg.msg_type} parent={msg.parent_id}")

    def from_kernel(self, channel, identity, frames):
        try:
            msg = Frames(frames)
            self.note(f"kernel {channel}", msg)
        except Exception as e:  # noqa: BLE001
            log(f"forwarding an unreadable {channel} message from the kernel as it came: {type(e).__name__}: {e}")
            self.to_client(channel, identity, frames)
            return
        cell = self.cell
        if cell is not None and channel == "shell":
            if msg.parent_id == cell.request.msg_id and msg.msg_type == "execute_reply":
                cell.reply = msg
                cell.reply_at = time.monotonic()
                self.maybe_release()
                return
            if msg.parent_id == cell.fence_id:
                cell.fence_reply_at = time.monotonic()
                self.maybe_release()
                return
        if identity == b"" and channel == "shell":  # a fence reply after its cell was released
            return
        self.to_client(channel, identity, frames)

    def to_client(self, channel, identity, frames):
        if identity == b"":
            log(f"dropping a {channel} reply to the relay's own request")
            return
        self.front[channel].send_multipart([identity, *frames])

    def from_kernel_iopub(self, frames):
        try:
            msg = Frames(frames)
            self.note("kernel iopub", msg)
        except Exception as e:  # noqa: BLE001
            log(f"forwarding an unreadable iopub message as it came: {type(e).__name__}: {e}")
            self.iopub.send_multipart(frames)
            return
        cell = self.cell
        if cell is None:
            self.iopub.send_multipart(frames)
            return
        kind = msg.msg_type
        if msg.parent_id == cell.request.msg_id:
            if kind == "execute_input":
                cell.count = msg.content().get("execution_count")
            if kind == "status" and msg.content().get("execution_state") == "idle":
                if cell.idle is None:  # not already stood in for (see maybe_release)
                    cell.idle = msg
                    cell.idle_at = time.monotonic()
                    self.fence(cell)
                return
            self.iopub.send_multipart(frames)
            return
        if cell.fence_id is not None and msg.parent_id == cell.fence_id:
            if kind == "status":
                if msg.content().get("execution_state") == "idle":
                    cell.fence_idle = True
                    self.maybe_release()
                return
            if kind == "execute_input":
                return
            content = None
            if kind == "stream":
                content = msg.content()
                text = content.get("text", "")
                if cell.marker in text:
                    cell.marker_seen = True
                    rest = text.replace(cell.marker + "\n", "").replace(cell.marker, "")
                    if rest:  # a late line of the cell's, sent in the same batch as the marker
                        cell.late += 1
                        self.iopub.send_multipart(self.signer.restamp(msg, cell.request.header, {**content, "text": rest}))
                    self.maybe_release()
                    return
            cell.late += 1  # sent late by the cell, stamped with the fence: give it back
            self.iopub.send_multipart(self.signer.restamp(msg, cell.request.header))
            return
        if kind in OUTPUTS and msg.parent_id in self.others:
            cell.late += 1  # stamped with a completion or inspection request that came in meanwhile
            self.iopub.send_multipart(self.signer.restamp(msg, cell.request.header))
            return
        self.iopub.send_multipart(frames)

    def fence(self, cell):
        header = self.header("execute_request")
        content = {
            "code": f"console.log({json.dumps(cell.marker)})",
            "silent": False,
            "store_history": False,
            "user_expressions": {},
            "allow_stdin": False,
            "stop_on_error": False,
        }
        cell.fence_id = header["msg_id"]
        self.own_shell.send_multipart(self.signer.message(header, {}, {}, content))

    def maybe_release(self, now=None):
        cell = self.cell
        now = now or time.monotonic()
        if cell is not None and cell.reply is not None and cell.idle is None and now - cell.reply_at > IDLE_LIMIT:
            self.log_trace(f"no idle for execute request {cell.request.msg_id} {IDLE_LIMIT:.0f} s after its reply; fencing without it")
            header = self.header("status")
            header["session"] = cell.reply.header.get("session", self.session)
            status = self.signer.message(header, cell.request.header, {}, {"execution_state": "idle"})
            cell.idle = Frames(status)
            cell.idle_at = now
            self.fence(cell)
        if cell is None or cell.reply is None or cell.idle is None:
            return
        fence_done = cell.fence_idle and cell.fence_reply_at is not None
        if not (fence_done and cell.marker_seen):
            if fence_done and now - cell.fence_reply_at > MARKER_GRACE:
                self.log_trace(f"the fence after execute request {cell.request.msg_id} never printed its marker; releasing the cell")
            elif now - cell.idle_at > HOLD_LIMIT:
                self.log_trace(f"execute request {cell.request.msg_id} held {HOLD_LIMIT:.0f} s after its idle; releasing it. Fence "
                    f"{cell.fence_id}: reply {cell.fence_reply_at is not None}, idle {cell.fence_idle}, marker {cell.marker_seen}")
            else:
                return
        self.to_client("shell", cell.identity, cell.reply.frames)
        self.iopub.send_multipart(cell.idle.frames)
        self.cells_done += 1
        self.overhead += time.monotonic() - cell.idle_at
        self.cell = None
        self.next_cell()

    def log_trace(self, text):
        log(text + "; the last messages from the kernel:\n  " + "\n  ".join(self.trace))

    # --- the loop -----------------------------------------------------------------------------------------------

    def run(self):
        try:
            while True:
                events = dict(self.poller.poll(100))
                for sock in list(events):
                    handler = self.handlers.get(sock)
                    if handler is not None:  # (not a connection closed by a handler before it)
                        handler()
                now = time.monotonic()
                self.connect_iopub(now)
                if self.back_iopub is not None and self.iopub_stream.waiting:
                    self.from_iopub_stream(b"")  # a stalled or garbled message is dropped in time
                if self.interrupted:
                    self.interrupted = False
                    self.interrupt()
                cell = self.cell
                if cell is not None and time.monotonic() - self.last_heard > 60 and self.reported_silence is not cell:
                    self.reported_silence = cell  # once per cell: a long computation is no fault
                    self.log_trace(f"execute request {cell.request.msg_id}: nothing from the kernel for 60 s (reply "
                                   f"{cell.reply is not None}, idle {cell.idle is not None}, fence {cell.fence_id is not None})")
                self.maybe_release(time.monotonic())
                status = self.kernel.poll()
                if status is not None:
                    if self.cells_done:
                        log(f"{self.cells_done} cells, {1000 * self.overhead / self.cells_done:.1f} ms held per cell on average")
                    return status
        finally:
            if self.kernel.poll() is None:
                self.kernel.terminate()
                try:
                    self.kernel.wait(5)
                except subprocess.TimeoutExpired:
                    self.kernel.kill()
            os.unlink(self.conn_file)
            self.ctx.destroy(linger=500)


def end_with_parent():
    """In the child, before Deno starts (Linux): be killed when the relay dies, however it dies."""
    import ctypes

    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def on_terminate(*_):
    raise SystemExit(0)  # the `finally` of Relay.run() stops Deno's kernel


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deno", required=True, help="the deno binary whose kernel to start")
    parser.add_argument("connection_file")
    parser.add_argument("kernel_args", nargs="*", help="extra arguments for `deno jupyter --kernel`")
    args = parser.parse_args(argv)
    with open(args.connection_file) as f:
        connection = json.load(f)
    if connection.get("transport", "tcp") != "tcp":
        raise SystemExit(f"Cannot start the relay as 'transport' must be tcp: current value is {connection['transport']}")
    signal.signal(signal.SIGTERM, on_terminate)
    relay = Relay(connection, args.deno, args.kernel_args)
    # Jupyter interrupts by signalling the relay's process group; the loop handles it (see Relay.interrupt).
    signal.signal(signal.SIGINT, lambda *_: setattr(relay, "interrupted", True))
    return relay.run()


if __name__ == "__main__":
    sys.exit(main())

"""A relay between Jupyter and Deno's kernel: each cell's `idle` waits for the cell's outputs.

    python -m lr_course_jupyter.relay --deno /path/to/deno CONNECTION_FILE

The course's kernelspec ("Deno (course)") starts this instead of `deno jupyter
--kernel`. The relay binds the ports Jupyter chose (CONNECTION_FILE), starts
Deno's kernel through sandbox.py (below), and passes every message through
unchanged, with one exception, which is the reason it exists.

The Deno 2.9 kernel can publish `status: idle` for a cell before that cell's
outputs: outputs reach the iopub socket through an asynchronous drainer that
nothing orders against `idle`, and the drainer stamps each output with the
request current when it sends it. nbclient (so `jupyter nbconvert --execute`,
papermill, nbgrader) stops reading a cell at `idle` and loses those outputs;
with queued cells (Run All) a late output can carry the next cell's id. So:

- Execute requests go to the kernel one at a time, in the order they came.
- When the kernel says `idle` for a cell, the relay holds that `idle` and the
  cell's `execute_reply`, and executes a fence of its own in the kernel, not
  stored in the history, that prints a marker with the kernel's console.log as
  it was at start (kept then, by a hidden execute of the relay's, under the
  global `__denoCourseFence`, which cannot be reassigned or deleted): a cell
  that replaces console.log does not touch it. The fence cannot throw. The
  drainer is first in, first out, so once the marker arrives, every output of
  the cell has been sent.
- Outputs stamped with the fence's id (sent late by the cell) are re-stamped
  with the cell's header and forwarded; the fence's own messages are dropped.
  Only then do the cell's reply and `idle` go out, and the next request goes in.

Trust: every local user can reach the ports Jupyter chose (the front end:
TCP, on Jupyter's ip), so the relay acts on nothing before checking it. A
message from a client on shell, control or stdin is dropped, and logged (at most 20 lines a minute, then a count), unless
it carries the HMAC signature of the connection file's key over its header,
parent header, metadata and content (compared in constant time), has not been
seen among the last 16,384 signatures (a replay), and its header and parent
header are JSON objects with a `msg_type` and `msg_id`. The relay opens nothing
per client: it talks to Deno over one connection per channel and routes each
reply to the client whose request it answers. A message over 8 MiB (its frames
together) is dropped, and a frame over 8 MiB closes its sender's connection
unread (libzmq holds a message of many smaller frames whole until its last
frame, and only then can the relay drop it). The relay allows itself 4,096 open
files, one per client connection while it is open. An error while handling one
message is logged and the relay goes on. Any local user can still subscribe to the front iopub
(Jupyter's protocol does not sign who listens) and read the cells' outputs.

Deno's back end is private where the system allows it. Deno's kernel listens on
TCP only, and every local user can reach 127.0.0.1; so sandbox.py runs it in a
user and network namespace of its own (Linux, no privilege needed where
unprivileged user namespaces are allowed), on ports that exist there only, and
forwards its shell, control, stdin and iopub ports to Unix sockets in a folder
of mode 0700 that the relay makes ($XDG_RUNTIME_DIR, else the temporary
folder). The relay connects to those, so no other user (but root) can reach
Deno's kernel: not subscribe to its iopub, not stall it, not write to its
stdin. (Nor can Deno's kernel reach the internet: the namespace has only its
loopback; LR_COURSE_NO_NAMESPACE=1 turns it off.) Where no namespace can be
made, Deno listens on 127.0.0.1 ports picked afresh at each start (and is started again on fresh ones if another process
took one first), and the log says, in a line with "NOT private", that every
local user can reach them.

When Deno's kernel stops on its own (a cell calls `Deno.exit()`, V8 runs out
of memory, a signal), the relay forwards whatever the kernel sent before, ends
the running cell with an error that says what happened (`OutOfMemory: Deno ran
out of memory while this cell ran — the kernel was restarted, rerun the
notebook from the top`), aborts the cells queued behind it, and starts a fresh
kernel; a kernel that stops between cells is reported to the next cell. More
than 5 such stops in a minute, or a kernel that never came up, end the relay
with the kernel's status. After a `shutdown_request`, the relay exits with
Deno. It also exits, stopping Deno, on SIGTERM and when the process that
started it (its parent, and `JPY_PARENT_PID`) is gone; Deno is also killed by
the system if the relay dies (PR_SET_PDEATHSIG, on sandbox.py and on Deno's
kernel). Deno's V8 takes its flags from the environment
variable `DENO_V8_FLAGS` (`--max-old-space-size=256` caps its heap; the tests
use it to run out of memory quickly), after the relay's own (KERNEL_V8_FLAGS,
which keep the kernel small, as does MALLOC_MMAP_THRESHOLD_; see below).

The key stays off the disk: sandbox.py reads the connection info from a pipe and
passes it, with the ports, to Deno through another (`--conn /dev/fd/N`), written
anew at each start.

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
queued behind it. Elsewhere the signal ends Deno's kernel too, and the relay
restarts it as when it stops on its own (not tested). A SIGINT while the relay starts is taken as such an interrupt (with no cell
running, it does nothing).

`prompt()`: Deno's kernel asks every client on its stdin channel; the relay
passes the question to the client that ran the cell only. When that client has
gone (its shell connection closed) or cannot be reached, `prompt()` returns
null and the cell says why, instead of waiting for ever.
"""

import signal

# Jupyter may interrupt a kernel that is still starting (jupyter_client does at every shutdown): the kernelspec starts
# the relay with SIGINT ignored (scripts/setup.sh), and a relay started otherwise records it from here on.
if __name__ == "__main__":
    _early_interrupts = []
    signal.signal(signal.SIGINT, lambda *_: _early_interrupts.append(1))

import argparse  # noqa: E402
import collections  # noqa: E402
import ctypes  # noqa: E402
import hashlib  # noqa: E402
import hmac  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import select  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
import uuid  # noqa: E402
from datetime import datetime, timezone  # noqa: E402

import zmq  # noqa: E402
from zmq.utils.monitor import parse_monitor_message  # noqa: E402

from . import zmtp  # noqa: E402
from .sandbox import die_with, port_taken  # noqa: E402

DELIMITER = zmtp.DELIMITER
OUTPUTS = {"stream", "display_data", "execute_result", "error", "update_display_data", "clear_output"}
# The program that starts Deno's kernel in a network of its own, reached through Unix sockets (see sandbox.py).
SANDBOX = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sandbox.py")
# A client's message (its frames together) larger than this is dropped, and a frame larger than this closes its
# sender's connection before it is read: a cell's code is far smaller. (libzmq can only limit frames, and holds a
# message until its last frame has come: one of many frames, each under the limit, is held whole before it is dropped.)
MAX_MESSAGE = 8 << 20
# The relay's limit on open files: each client's connection takes one while it is open (and ~23 KB).
OPEN_FILES = 4096
# How many signatures of accepted messages are remembered to refuse a replay (as jupyter_client's Session does).
REPLAY_MEMORY = 1 << 14
# How many requests may wait for Deno's answer at once (a client that never reads cannot grow the relay).
PENDING_LIMIT = 1000
# How many dropped messages are logged one by one per minute; the rest are counted.
DROP_LOG_LINES = 20
# Deno stopping on its own is restarted, unless it did so this many times within this many seconds.
RESTART_LIMIT, RESTART_WINDOW = 5, 60.0
# How long the fence may wait for its marker once its own reply and idle are in; then the cell is released anyway.
MARKER_GRACE = 5.0
# How long a cell's idle may be held in all; then the relay logs what it was waiting for and releases the cell.
HOLD_LIMIT = 30.0
# How long after a cell's reply its idle may fail to come (a garbled message); then the relay fences without it.
IDLE_LIMIT = 5.0
# The receive buffer of the relay's connection to Deno's iopub, in bytes (the system's default when unset). For the
# tests: a small one makes Deno write large outputs in pieces, so its kernel interleaves messages (see zmtp.py).
RECEIVE_BUFFER = int(os.environ.get("LR_COURSE_RELAY_RECEIVE_BUFFER") or 0) or None
LINUX = sys.platform.startswith("linux")
# The fence writes its marker with the kernel's own console.log as it was when the kernel started, kept under this
# global name (not writable, not deletable), so that a cell that replaces console.log cannot slow or break it.
FENCE_WRITER = "__denoCourseFence"
# It ends in `void 0`, so that it has no result to show: Deno's kernel can send a result after its cell's idle,
# stamped with the next cell's id (docs/deno-kernel-issues.md), where the relay could no longer tell it apart.
SETUP_CODE = (f"Object.defineProperty(globalThis, {json.dumps(FENCE_WRITER)}, "
              "{ value: console.log.bind(console), writable: false, configurable: false, enumerable: false }); void 0;")
# Deno 2.9's kernel loads the module behind Deno.bench (cli/js/40_bench.js), which allocates `new Array(10_000_000)`
# for its measurements when it loads and keeps it for good: 76 MiB of a kernel's 204 before its first cell, and as
# much again in an isolate no cell reaches (docs/deno-kernel-issues.md, section 4). A second hidden execute finds that array through the inspector (the
# closure of Deno.bench), empties it and collects the garbage (Deno.bench in a notebook runs nothing anyway; a bench that
# measured would grow the array again). It throws when the array is not there (another Deno), and the relay logs that.
RELEASE_CODE = """await (async () => {
  const { Session } = await import("node:inspector");
  const session = new Session();
  const post = (method, params = {}) =>
    new Promise((done, fail) => session.post(method, params, (e, r) => (e ? fail(e) : done(r))));
  const properties = (objectId) => post("Runtime.getProperties", { objectId, ownProperties: true });
  session.connect();
  let emptied = 0;
  try {
    const bench = (await post("Runtime.evaluate", { expression: "Deno.bench" })).result;
    const scopes = (await properties(bench.objectId)).internalProperties?.find((p) => p.name === "[[Scopes]]");
    for (const scope of scopes ? (await properties(scopes.value.objectId)).result : []) {
      if (!scope.value?.objectId) continue;
      const all = (await properties(scope.value.objectId)).result.find((v) => v.name === "all");
      if (all?.value?.subtype !== "array") continue;
      const done = await post("Runtime.callFunctionOn", {
        objectId: all.value.objectId,
        functionDeclaration: "function () { const n = this.length; this.length = 0; return n; }",
        returnByValue: true,
      });
      emptied += done.result.value;
    }
  } finally {
    session.disconnect(); // (releases the inspector's handles on the array)
  }
  if (emptied === 0) throw new Error("Deno.bench keeps no measurement array here: nothing to release");
  session.connect();
  await post("HeapProfiler.collectGarbage");
  session.disconnect();
})(); void 0;"""

# Deno's kernel starts with two settings that keep it small (bench/README.md, "The kernel's own memory", has the
# figures, memory and speed side by side):
# - V8's young generation at most 1 MiB a semi-space (16 by default), ahead of the flags given in DENO_V8_FLAGS, so a
#   flag given there wins: notebook 2 peaked at 430 MB instead of 485-500 without the malloc setting below (380
#   instead of 386 with it), and ran no slower.
# - glibc's threshold for serving a block from mmap fixed at 128 KiB, its default: otherwise it rises to the largest
#   block freed so far, and the copies Deno makes of each large output (plotly.js, a figure) stay in its heap
#   (notebook 2: 386 MB instead of 485-500).
KERNEL_V8_FLAGS = "--max-semi-space-size=1"
MMAP_THRESHOLD = 128 * 1024


def kernel_environment(environ):
    """The environment of Deno's kernel: the relay's, with the settings above."""
    env = dict(environ)
    env["DENO_V8_FLAGS"] = ",".join(f for f in (KERNEL_V8_FLAGS, env.get("DENO_V8_FLAGS", "").strip(",")) if f)
    env.setdefault("MALLOC_MMAP_THRESHOLD_", str(MMAP_THRESHOLD))
    return env


def log(text):
    print(f"[deno-course relay {datetime.now().strftime('%H:%M:%S.%f')[:-3]}] {text}", file=sys.stderr, flush=True)


class Rejected(Exception):
    """A message the relay drops; the exception's text says why."""


class Frames:
    """A Jupyter wire message: routing ids, the delimiter, signature, header, parent, metadata, content, buffers.

    With a `signer`, the message is checked first and Rejected unless it is signed with its key (and, with
    `replays`, not seen before); then its header and parent header must be JSON objects with a `msg_type` and
    `msg_id`. Without one (the relay's own messages), nothing is checked.
    """

    def __init__(self, frames, signer=None, replays=None):
        self.frames = frames
        try:
            self.at = frames.index(DELIMITER)
        except ValueError:
            raise Rejected(f"no delimiter frame among its {len(frames)} frames") from None
        if len(frames) < self.at + 6:
            raise Rejected(f"{len(frames) - self.at - 1} frames after the delimiter, not the 5 or more of a message")
        if signer is not None:
            signer.verify(frames[self.at + 1], frames[self.at + 2 : self.at + 6], replays)
        self.header = json_object(frames[self.at + 2], "header")
        self.parent = json_object(frames[self.at + 3], "parent header")
        for name in ("msg_type", "msg_id"):
            if signer is not None and not (isinstance(self.header.get(name), str) and self.header[name]):
                raise Rejected(f"a header whose '{name}' is not a non-empty string: current value is {self.header.get(name)!r}")

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
        content = json.loads(self.frames[self.at + 5])
        return content if isinstance(content, dict) else {}


def json_object(frame, what):
    try:
        value = json.loads(frame)
    except (ValueError, RecursionError) as e:  # (UnicodeDecodeError is a ValueError)
        raise Rejected(f"a {what} that is not JSON ({type(e).__name__})") from None
    if not isinstance(value, dict):
        raise Rejected(f"a {what} that is a JSON {type(value).__name__}, not an object: {frame[:40]!r}")
    return value


class Signer:
    def __init__(self, key, scheme):
        self.key = key.encode()
        if not scheme.startswith("hmac-") or scheme[5:] not in hashlib.algorithms_available:
            raise SystemExit(f"Cannot start the relay as 'signature_scheme' must be hmac-<hash>: current value is {scheme}")
        self.digest = getattr(hashlib, scheme[5:], None) or scheme[5:]

    def sign(self, parts):
        if not self.key:
            return b""
        mac = hmac.new(self.key, digestmod=self.digest)
        for part in parts:
            mac.update(part)
        return mac.hexdigest().encode()

    def verify(self, signature, parts, replays=None):
        """Raises Rejected unless `signature` signs `parts`; with `replays`, also if it was seen there before."""
        if not self.key:
            return  # a connection without a key signs nothing (the relay warns at start)
        if not signature:
            raise Rejected("no signature")
        if not hmac.compare_digest(self.sign(parts), signature):
            raise Rejected("a wrong signature")
        if replays is not None and not replays.first(signature):
            raise Rejected("the signature of a message already received (a replay)")

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


class Recent:
    """The last `size` values seen (signatures, request ids), in a set for lookup and a queue for forgetting."""

    def __init__(self, size):
        self.size = size
        self.values = set()
        self.order = collections.deque()

    def first(self, value):
        """Remembers `value`; False if it was already remembered."""
        if value in self.values:
            return False
        self.values.add(value)
        self.order.append(value)
        if len(self.order) > self.size:
            self.values.discard(self.order.popleft())
        return True

    def __contains__(self, value):
        return value in self.values


class DropLog:
    """Logs dropped messages, at most DROP_LOG_LINES a minute; counts the rest and says how many."""

    def __init__(self):
        self.since = time.monotonic()
        self.logged = 0
        self.unlogged = 0
        self.total = 0

    def __call__(self, text):
        self.flush()
        self.total += 1
        if self.logged < DROP_LOG_LINES:
            self.logged += 1
            log(text)
        else:
            self.unlogged += 1

    def flush(self, now=None):
        now = now or time.monotonic()
        if now - self.since < 60:
            return
        if self.unlogged:
            log(f"dropped {self.unlogged} more messages in the last {now - self.since:.0f} s (not logged one by one)")
        self.since, self.logged, self.unlogged = now, 0, 0


def private_folder():
    """A new folder only this user can open (mode 0700), for the Unix sockets that lead to Deno's kernel: in
    $XDG_RUNTIME_DIR where it is this user's, else in the temporary folder."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    try:
        info = os.stat(runtime) if runtime else None
    except OSError:
        info = None
    usable = info is not None and info.st_uid == os.getuid() and not info.st_mode & 0o077
    return tempfile.mkdtemp(prefix="deno-course-", dir=runtime if usable else None)


class Cell:
    """An execute request the kernel is working on, and what the relay holds back for it."""

    def __init__(self, request, identity, connection):
        self.request = request
        self.identity = identity
        self.connection = connection  # the file descriptor of the client's shell connection, None once it is closed
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
        self.input_request = None  # the kernel's input_request (prompt()) waiting for the client's answer


class Relay:
    def __init__(self, connection, deno, extra_args):
        self.connection = connection
        self.ip = connection.get("ip", "127.0.0.1")
        # Jupyter's transport: TCP ports anyone on the machine can connect to (the key keeps them out), or Unix sockets
        # named ip-port in Jupyter's runtime folder, which only the user can open (KernelManager.transport = "ipc").
        self.transport = connection.get("transport", "tcp")
        key = connection.get("key", "")
        scheme = connection.get("signature_scheme", "hmac-sha256")
        self.signer = Signer(key, scheme)
        if not key:
            log("the connection file has no key: messages are not signed, so any process that reaches its ports can "
                "run code in the kernel")
        self.replays = Recent(REPLAY_MEMORY)
        self.dropped = DropLog()
        self.session = uuid.uuid4().hex
        self.ctx = zmq.Context()
        self.poller = zmq.Poller()
        self.handlers = {}
        # Jupyter's side: the ports it chose.
        self.front = {}
        for channel in ("shell", "control", "stdin"):
            self.front[channel] = self.socket(zmq.ROUTER, MAXMSGSIZE=MAX_MESSAGE)
        # A question for a client that cannot reach it raises (EHOSTUNREACH, EAGAIN), rather than vanishing.
        self.front["stdin"].setsockopt(zmq.ROUTER_MANDATORY, 1)
        # When the client that runs a cell closes its shell connection, the cell's prompt() stops waiting for it.
        # (Watched from before the bind, so that no connection is accepted unseen.)
        self.client_connections = set()
        self.monitor = self.front["shell"].get_monitor_socket(zmq.EVENT_ACCEPTED | zmq.EVENT_DISCONNECTED)
        self.watch(self.monitor, self.connection_event)
        for channel, sock in self.front.items():
            sock.bind(self.endpoint(connection[f"{channel}_port"]))
            self.watch(sock, lambda frames, fd, channel=channel: self.from_client(channel, frames, fd), shell=channel == "shell")
        self.iopub = self.socket(zmq.PUB)
        self.iopub.bind(self.endpoint(connection["iopub_port"]))
        self.hb = self.socket(zmq.REP, MAXMSGSIZE=1 << 16)
        self.hb.bind(self.endpoint(connection["hb_port"]))
        self.watch(self.hb, lambda frames, fd: self.hb.send_multipart(frames, zmq.NOBLOCK))
        # Deno's side: one connection per channel for all clients, to the Unix sockets sandbox.py forwards to Deno's
        # kernel, in a folder only this user can open.
        self.folder = private_folder()
        self.back = {}
        for channel in ("shell", "control", "stdin"):
            sock = self.back[channel] = self.socket(zmq.DEALER)
            sock.connect(f"ipc://{self.folder}/{channel}")
            self.watch(sock, lambda frames, fd, channel=channel: self.from_kernel(channel, frames))
        self.pending = collections.OrderedDict()  # id of a request passed to Deno -> (channel, client identity)
        # Deno's iopub is read by the relay's own ZMTP reader, which checks every message and untangles the ones
        # Deno's kernel writes into each other (see zmtp.py); it connects once the kernel listens (see run()).
        self.check = zmtp.checker(key, scheme)
        self.back_iopub = None
        self.iopub_stream = None
        self.next_connect = 0.0
        self.held_shell = []  # verified requests that wait for the iopub connection: (identity, Frames, fd)
        self.queue = []  # execute requests waiting for the cell before them: (identity, Frames, fd)
        self.cell = None
        self.others = Recent(PENDING_LIMIT)  # ids of requests other than execute (completion, inspection, ...)
        self.setup_id = None  # the relay's own execute request that keeps the fence's writer, at each kernel start
        self.release_id = None  # the relay's own execute request that empties Deno.bench's array (RELEASE_CODE)
        self.cells_done = 0
        self.overhead = 0.0  # seconds between a cell's idle and its release, summed
        self.interrupted = False
        self.restarting = False  # while Deno's kernel is being replaced, no request goes to it
        self.stopping = None  # why the relay stops once Deno has exited (a shutdown request, SIGTERM)
        self.notice = None  # what to tell the next cell: Deno stopped between cells and was restarted
        self.stops = []  # when Deno stopped on its own (monotonic seconds)
        self.trace = collections.deque(maxlen=40)  # the last messages, logged when something goes wrong
        self.last_heard = time.monotonic()
        self.reported_silence = None
        self.parent = os.getppid()
        jpy = os.environ.get("JPY_PARENT_PID", "")
        self.jpy_parent = int(jpy) if jpy.isdigit() and int(jpy) not in (self.parent, 0) else None
        self.next_parent_check = 0.0
        self.deno_command = [deno, *extra_args]
        self.stderr_tail = b""
        self.kernel_stderr = None
        self.kernel = self.spawn()

    def endpoint(self, port: int) -> str:
        """Where Jupyter connects to one of the relay's channels (jupyter_client names an ipc endpoint ip-port)."""
        return f"tcp://{self.ip}:{port}" if self.transport == "tcp" else f"ipc://{self.ip}-{port}"

    def socket(self, kind, **options):
        sock = self.ctx.socket(kind)
        sock.setsockopt(zmq.LINGER, 1000)
        for name, value in options.items():
            sock.setsockopt(getattr(zmq, name), value)
        return sock

    def watch(self, sock, handler, shell=False):
        """Calls `handler(frames, fd)` with each message `sock` receives; `fd` is its connection's (shell only).

        An error while handling one message is logged, and the next is read."""

        def drain():
            for _ in range(1000):  # then let the other sockets have a turn; the poller comes back
                try:
                    if shell:
                        parts = sock.recv_multipart(zmq.NOBLOCK, copy=False)
                        fd, frames = parts[-1].get(zmq.SRCFD), [part.bytes for part in parts]
                    else:
                        frames, fd = sock.recv_multipart(zmq.NOBLOCK), None
                except zmq.Again:
                    return
                try:
                    handler(frames, fd)
                except Exception:  # noqa: BLE001 - one message never ends the relay
                    self.dropped(f"error while handling a message ({len(frames)} frames); going on:\n{traceback.format_exc()}")

        self.poller.register(sock, zmq.POLLIN)
        self.handlers[sock] = drain

    def connection_event(self, frames, fd):
        event = parse_monitor_message(frames)
        fd = int(event["value"])
        if event["event"] == zmq.EVENT_ACCEPTED:
            self.client_connections.add(fd)
            return
        self.client_connections.discard(fd)
        cell = self.cell
        if cell is not None and cell.connection == fd:
            cell.connection = None
            if cell.input_request is not None:
                self.answer_input(cell, "the client that ran this cell disconnected")

    def connect_iopub(self, now):
        """Subscribes to Deno's iopub once it listens; until then, shell requests from Jupyter wait (so none is
        answered on an iopub nobody reads)."""
        if self.back_iopub is not None or now < self.next_connect:
            return
        self.next_connect = now + 0.05
        try:
            conn, rest = zmtp.subscribe(f"{self.folder}/iopub")
        except OSError:
            return  # not listening yet
        self.back_iopub = conn
        self.iopub_stream = zmtp.Stream(self.check, report=log)
        self.poller.register(conn, zmq.POLLIN)
        self.handlers[conn.fileno()] = self.read_iopub  # (the poller names a plain socket by its file descriptor)
        self.kernel_up = True
        self.setup_id = self.execute_hidden(SETUP_CODE)  # (before any client's request: the kernel runs them in order)
        self.release_id = self.execute_hidden(RELEASE_CODE)
        if rest:
            self.read_iopub(rest)
        held, self.held_shell = self.held_shell, []
        for identity, msg, fd in held:
            self.from_client_checked("shell", identity, msg, fd)

    def output_lost(self, msg_type):
        """An output the reader had to drop: the cell says so, rather than showing less than it made."""
        if msg_type in OUTPUTS and self.cell is not None:
            self.tell(self.cell.request.header, "Deno's kernel garbled an output of this cell (a "
                      f"{msg_type} message) and the course's relay could not repair it: run the cell again to see it.")

    def tell(self, parent, text):
        """A line on the cell's stderr, from the relay."""
        content = {"name": "stderr", "text": f"[Deno (course)] {text}\n"}
        self.iopub.send_multipart(self.signer.message(self.header("stream"), parent, {}, content))

    def read_iopub(self, data=None, until_closed=False):
        """Reads what Deno's iopub has sent and handles each whole, checked message (all of it, when the kernel has
        ended: `until_closed`)."""
        conn = self.back_iopub
        chunks = [] if data is None else [data]
        closed = False
        deadline = time.monotonic() + 2.0
        while data is None:
            try:
                if until_closed:
                    select.select([conn], [], [], max(0.0, deadline - time.monotonic()))
                chunk = conn.recv(1 << 20)
            except (BlockingIOError, InterruptedError):
                if until_closed and time.monotonic() < deadline:
                    continue
                break
            except OSError:
                chunk = b""
            if not chunk:
                closed = True
                break
            chunks.append(chunk)
            if len(chunks) >= 16 and not until_closed:
                break  # let the other sockets have a turn; the poller comes back
        self.from_iopub_stream(b"".join(chunks))
        if closed:  # the kernel ended: subscribe to the next one (after a restart)
            self.close_iopub()

    def from_iopub_stream(self, data):
        for item in self.iopub_stream.feed(data, time.monotonic()):
            try:
                if isinstance(item, zmtp.Lost):
                    self.output_lost(item.msg_type)
                else:
                    self.from_kernel_iopub(item)
            except Exception:  # noqa: BLE001
                log(f"error while handling an iopub message from the kernel; going on:\n{traceback.format_exc()}")

    def close_iopub(self):
        conn, self.back_iopub = self.back_iopub, None
        if conn is not None:
            self.poller.unregister(conn)
            del self.handlers[conn.fileno()]
            conn.close()

    # --- Deno's process -----------------------------------------------------------------------------------------

    def spawn(self):
        """Starts Deno's kernel through sandbox.py, which reads the connection info (with the key) from a pipe and
        passes it to Deno through another: no file holds it."""
        self.close_stderr()
        read_end, write_end = os.pipe()
        try:
            os.write(write_end, json.dumps(self.connection).encode())  # under a pipe's buffer: never blocks
            os.close(write_end)
            command = [sys.executable, SANDBOX, "--dir", self.folder, "--conn-fd", str(read_end),
                       "--receive-buffer", str(RECEIVE_BUFFER or 0), "--", *self.deno_command]
            options = {"pass_fds": (read_end,), "stderr": subprocess.PIPE, "env": kernel_environment(os.environ)}
            if LINUX:
                # A process group of its own, so that Jupyter's interrupt (SIGINT to the relay's group), which ends
                # Deno's kernel, reaches only the relay; and the kernel ends if the relay is killed.
                options.update(start_new_session=True, preexec_fn=die_with(os.getpid()))
            kernel = subprocess.Popen(command, **options)
        finally:
            os.close(read_end)
        self.kernel_up = False
        self.stderr_tail = b""
        self.kernel_stderr = kernel.stderr
        os.set_blocking(kernel.stderr.fileno(), False)
        self.poller.register(kernel.stderr.fileno(), zmq.POLLIN)
        self.handlers[kernel.stderr.fileno()] = self.read_stderr
        return kernel

    def read_stderr(self, until_closed=False):
        """Passes on what Deno writes to stderr (to Jupyter's log), keeping its end to tell why it stopped."""
        pipe = self.kernel_stderr
        if pipe is None:
            return
        deadline = time.monotonic() + 1.0
        while True:
            try:
                if until_closed:
                    select.select([pipe], [], [], max(0.0, deadline - time.monotonic()))
                chunk = os.read(pipe.fileno(), 1 << 16)
            except (BlockingIOError, InterruptedError):
                if until_closed and time.monotonic() < deadline:
                    continue
                return
            if not chunk:
                break
            sys.stderr.buffer.write(chunk)
            sys.stderr.flush()
            self.stderr_tail = (self.stderr_tail + chunk)[-8192:]
            if not until_closed:
                return
        self.close_stderr()

    def close_stderr(self):
        pipe, self.kernel_stderr = self.kernel_stderr, None
        if pipe is not None:
            self.poller.unregister(pipe.fileno())
            del self.handlers[pipe.fileno()]
            pipe.close()

    def stop_kernel(self):
        """Kills Deno's kernel and reads what it sent before: outputs, replies, its last words on stderr. Until
        `spawn()`, no request goes to the kernel (`restarting`)."""
        self.restarting = True
        if self.kernel.poll() is None:
            self.kernel.kill()
        self.kernel.wait()
        if self.back_iopub is not None:
            self.read_iopub(until_closed=True)
        self.close_iopub()  # shell requests wait until the new kernel's iopub is read
        for channel in ("shell", "control"):
            self.handlers[self.back[channel]]()
        self.read_stderr(until_closed=True)

    def why_stopped(self, status):
        """(ename, what happened) for a kernel that stopped on its own with `status`."""
        if re.search(rb"out of memory", self.stderr_tail, re.IGNORECASE):
            return "OutOfMemory", "Deno ran out of memory"
        if port_taken(self.stderr_tail):  # (only without a network namespace: see sandbox.py)
            return "KernelExited", "Deno's kernel could not listen: another process took its ports first (AddrInUse)"
        if status < 0:
            name = signal.Signals(-status).name if -status in signal.valid_signals() else f"signal {-status}"
            hint = " (the system ends a process this way when memory runs out)" if -status == signal.SIGKILL else ""
            return "KernelDied", f"Deno's kernel was ended by {name}{hint}"
        return "KernelExited", f"Deno's kernel exited with code {status} (Deno.exit() ends the kernel)"

    def kernel_stopped(self, status):
        """Deno's kernel stopped on its own: say so in the cell, restart it. False when the relay should exit."""
        was_up = self.kernel_up
        self.stop_kernel()
        ename, what = self.why_stopped(status)
        now = time.monotonic()
        self.stops = [t for t in self.stops if now - t < RESTART_WINDOW] + [now]
        if not was_up or len(self.stops) > RESTART_LIMIT:
            why = "before it came up" if not was_up else f"{len(self.stops)} times in {RESTART_WINDOW:.0f} s"
            log(f"{what}, {why}: not restarting it; the relay exits with its status")
            self.end_cell(ename, f"{what} while this cell ran, {why}, so it was not restarted again: restart the "
                          "kernel and rerun the notebook from the top.")
            return False
        log(f"{what}: restarting it")
        rerun = "the kernel was restarted, rerun the notebook from the top (its variables and imports are gone)."
        if self.cell is None:
            self.notice = f"{what} after the previous cell — {rerun}"
        self.end_cell(ename, f"{what} while this cell ran — {rerun}")
        self.respawn()
        return True

    def respawn(self):
        self.kernel = self.spawn()
        self.restarting = False
        self.next_cell()

    # --- ending cells -------------------------------------------------------------------------------------------

    def header(self, msg_type):
        return {
            "msg_id": uuid.uuid4().hex,
            "msg_type": msg_type,
            "username": "deno-course-relay",
            "session": self.session,
            "date": datetime.now(timezone.utc).isoformat(),
            "version": "5.3",
        }

    def end_cell(self, ename, why):
        """Ends the running cell with an error `ename: why` (or, if it had finished, with its reply and a line that
        says `why`), and aborts the cells queued behind it, which would run without its variables."""
        cell, self.cell = self.cell, None
        if cell is None:
            pass
        elif cell.reply is not None:  # the cell had finished; only the fence was pending
            self.tell(cell.request.header, why)
            self.to_client("shell", cell.identity, cell.reply.frames)
        else:
            error = {"ename": ename, "evalue": why, "traceback": [f"{ename}: {why}"]}
            self.iopub.send_multipart(self.signer.message(self.header("error"), cell.request.header, {}, error))
            reply = {"status": "error", "execution_count": cell.count, **error}
            self.to_client("shell", cell.identity, self.signer.message(self.header("execute_reply"), cell.request.header, {}, reply))
        if cell is not None:
            self.iopub.send_multipart(self.signer.message(self.header("status"), cell.request.header, {}, {"execution_state": "idle"}))
        for identity, msg, _ in self.queue:
            self.iopub.send_multipart(self.signer.message(self.header("status"), msg.header, {}, {"execution_state": "busy"}))
            self.to_client("shell", identity, self.signer.message(self.header("execute_reply"), msg.header, {}, {"status": "aborted"}))
            self.iopub.send_multipart(self.signer.message(self.header("status"), msg.header, {}, {"execution_state": "idle"}))
        self.queue.clear()

    def interrupt(self):
        """Deno's kernel cannot stop a running cell: restart it, end the cell with an error, abort the queue."""
        cell = self.cell
        if cell is None:
            log("interrupt with no cell running: nothing to do")
            return
        if not LINUX:
            return  # the kernel shares the relay's process group: the signal ended it, and the relay follows
        log(f"interrupt during execute request {cell.request.msg_id}: restarting Deno's kernel, which cannot stop a cell")
        self.stop_kernel()
        self.end_cell("Interrupted", "Deno's kernel cannot stop a running cell, so the interrupt restarted it: "
                      "its variables and imports are gone; run the notebook's cells from the top again.")
        self.respawn()

    # --- from Jupyter -------------------------------------------------------------------------------------------

    def from_client(self, channel, frames, fd):
        identity, rest = frames[0], frames[1:]
        size = sum(len(frame) for frame in rest)
        if size > MAX_MESSAGE:
            self.dropped(f"dropped a {channel} message from client {identity.hex()[:16]}: {len(rest)} frames of "
                         f"{size / (1 << 20):.1f} MiB in all, over the {MAX_MESSAGE >> 20} MiB a message may have")
            return
        try:
            msg = Frames(rest, self.signer, self.replays)
        except Rejected as e:
            self.dropped(f"dropped a {channel} message from client {identity.hex()[:16]}: {e}")
            return
        if channel == "control" and msg.msg_type == "shutdown_request":
            self.stopping = "a shutdown request"
        if channel == "shell" and self.back_iopub is None:
            self.held_shell.append((identity, msg, fd))
            return
        self.from_client_checked(channel, identity, msg, fd)

    def from_client_checked(self, channel, identity, msg, fd):
        if channel == "stdin":
            # (jupyter_client's input() sends its reply without a parent header: the question is the one pending.)
            cell = self.cell
            if cell is None or cell.input_request is None or msg.msg_type != "input_reply":
                # Deno's kernel would keep it and give it to the next prompt() as its answer.
                self.dropped(f"dropped a stdin {msg.msg_type} answering no question the kernel is asking")
                return
            cell.input_request = None
            self.send_kernel("stdin", msg.body)
            return
        if channel == "shell" and msg.msg_type == "execute_request":
            if fd is None or fd < 0:  # (a libzmq that does not say: the client counts as connected)
                connection = "unknown"
            else:
                self.monitor_events()  # so that `fd` is known open or closed (its ACCEPTED came before its message)
                connection = fd if fd in self.client_connections else None
            self.queue.append((identity, msg, connection))
            self.next_cell()
            return
        if channel == "shell":
            self.others.first(msg.msg_id)
        self.pending[msg.msg_id] = (channel, identity)
        while len(self.pending) > PENDING_LIMIT:
            old, (old_channel, _) = self.pending.popitem(last=False)
            log(f"forgetting {old_channel} request {old}, unanswered among {PENDING_LIMIT} newer ones")
        self.send_kernel(channel, msg.body)

    def monitor_events(self):
        self.handlers[self.monitor]()

    def send_kernel(self, channel, frames):
        try:
            self.back[channel].send_multipart(frames, zmq.NOBLOCK)
        except zmq.Again:
            self.dropped(f"dropped a {channel} request: Deno's kernel has {channel} requests queued up to the limit")

    def next_cell(self):
        if self.cell is None and self.queue and not self.restarting:
            identity, msg, fd = self.queue.pop(0)
            self.cell = Cell(msg, identity, fd)
            if self.notice:
                self.tell(msg.header, self.notice)
                self.notice = None
            self.send_kernel("shell", msg.body)

    # --- from Deno ----------------------------------------------------------------------------------------------

    def note(self, where, msg):
        self.last_heard = time.monotonic()
        self.trace.append(f"{time.monotonic():.3f} {where} {msg.msg_type} parent={msg.parent_id}")

    def from_kernel(self, channel, frames):
        try:
            msg = Frames(frames, self.signer)
        except Rejected as e:
            self.dropped(f"dropped a {channel} message from Deno's kernel: {e}")
            return
        self.note(f"kernel {channel}", msg)
        cell = self.cell
        if channel == "stdin":
            if cell is None or msg.msg_type != "input_request" or msg.parent_id != cell.request.msg_id:
                self.dropped(f"dropped a stdin {msg.msg_type} from Deno's kernel for no running cell")
                return
            cell.input_request = msg
            if cell.connection is None:
                self.answer_input(cell, "the client that ran this cell has disconnected")
                return
            try:
                self.front["stdin"].send_multipart([cell.identity, *msg.body], zmq.NOBLOCK)
            except zmq.ZMQError as e:  # EHOSTUNREACH: no stdin connection of that client; EAGAIN: it reads nothing
                self.answer_input(cell, f"the client that ran this cell cannot be asked ({e.strerror})")
            return
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
        route = self.pending.pop(msg.parent_id, None)
        if route is None:  # a fence's reply after its cell was released, or one for a forgotten request
            return
        self.to_client(channel, route[1], frames)

    def answer_input(self, cell, why):
        """Answers the kernel's prompt() for the cell with null (as a browser's Cancel), and says why in the cell."""
        request, cell.input_request = cell.input_request, None
        self.tell(cell.request.header, f"prompt() got no answer: {why}, so it returned null.")
        log(f"answering prompt() of execute request {cell.request.msg_id} with null: {why}")
        reply = self.signer.message(self.header("input_reply"), request.header, {}, {"value": None})
        self.send_kernel("stdin", reply)

    def to_client(self, channel, identity, frames):
        try:
            self.front[channel].send_multipart([identity, *frames], zmq.NOBLOCK)
        except zmq.ZMQError as e:  # (stdin only: a client that has gone; shell and control drop that silently)
            self.dropped(f"could not pass a {channel} message to client {identity.hex()[:16]}: {e.strerror}")

    def from_kernel_iopub(self, frames):
        msg = Frames(frames)  # checked by the reader (zmtp.Stream)
        self.note("kernel iopub", msg)
        if msg.parent_id is not None and msg.parent_id == self.setup_id:  # the relay's own: nobody else's business
            if msg.msg_type == "error":
                log(f"keeping console.log for the fence failed: {msg.content().get('evalue')}; cells will be held "
                    f"{MARKER_GRACE:.0f} s each")
            return
        if msg.parent_id is not None and msg.parent_id == self.release_id:  # the relay's own too
            if msg.msg_type == "error":
                log("could not release Deno.bench's measurement array (docs/deno-kernel-issues.md, section 4): "
                    f"{msg.content().get('evalue')}")
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
        # (It cannot throw: without its writer, it prints nothing and the cell is released MARKER_GRACE later.)
        cell.fence_id = self.execute_hidden(f"try {{ {FENCE_WRITER}({json.dumps(cell.marker)}) }} catch {{}}")

    def execute_hidden(self, code):
        """Runs `code` in the kernel, not stored in its history; returns the request's id."""
        header = self.header("execute_request")
        content = {
            "code": code,
            "silent": False,
            "store_history": False,
            "user_expressions": {},
            "allow_stdin": False,
            "stop_on_error": False,
        }
        self.send_kernel("shell", self.signer.message(header, {}, {}, content))
        return header["msg_id"]

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

    def parent_gone(self, now):
        """Why the relay should stop as the process that started it is gone, or None."""
        if os.getppid() != self.parent:  # re-parented: its parent has exited
            return f"its parent process {self.parent} is gone"
        if self.jpy_parent is not None and now >= self.next_parent_check:
            self.next_parent_check = now + 1.0
            try:
                os.kill(self.jpy_parent, 0)
            except ProcessLookupError:
                return f"the process that started it (JPY_PARENT_PID {self.jpy_parent}) is gone"
            except PermissionError:
                pass  # it exists, as another user's
        return None

    def run(self):
        try:
            while True:
                events = dict(self.poller.poll(100))
                for sock in list(events):
                    handler = self.handlers.get(sock)
                    if handler is not None:  # (not a connection closed by a handler before it)
                        handler()
                now = time.monotonic()
                gone = self.parent_gone(now)
                if gone:
                    log(f"{gone}: stopping Deno's kernel and exiting")
                    return 0
                if self.stopping == "SIGTERM":
                    return 0
                self.connect_iopub(now)
                if self.back_iopub is not None and self.iopub_stream.waiting:
                    self.from_iopub_stream(b"")  # a stalled or garbled message is dropped in time
                if self.interrupted:
                    self.interrupted = False
                    self.interrupt()
                self.dropped.flush(now)
                cell = self.cell
                if cell is not None and time.monotonic() - self.last_heard > 60 and self.reported_silence is not cell:
                    self.reported_silence = cell  # once per cell: a long computation is no fault
                    self.log_trace(f"execute request {cell.request.msg_id}: nothing from the kernel for 60 s (reply "
                                   f"{cell.reply is not None}, idle {cell.idle is not None}, fence {cell.fence_id is not None})")
                self.maybe_release(time.monotonic())
                status = self.kernel.poll()
                if status is not None:
                    if self.stopping or not self.kernel_stopped(status):
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
                    self.kernel.wait()
            self.ctx.destroy(linger=500)
            shutil.rmtree(self.folder, ignore_errors=True)


def set_open_file_limit():
    """Clients' connections each take a file descriptor while open: allow OPEN_FILES (or the system's maximum, if
    lower), no more, so that connections held open by another user cost the relay at most ~100 MB."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        wanted = OPEN_FILES if hard == resource.RLIM_INFINITY else min(OPEN_FILES, hard)
        if soft != wanted:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    except (ImportError, ValueError, OSError) as e:
        log(f"could not set the limit on open files: {e}")


def main(argv=None):
    interrupts = globals().get("_early_interrupts", [])
    stop = {"why": None}
    relay = None

    def on_interrupt(*_):
        if relay is None:
            interrupts.append(1)
        else:
            relay.interrupted = True  # Jupyter interrupts by signalling the relay's process group (Relay.interrupt)

    def on_terminate(*_):
        stop["why"] = "SIGTERM"
        if relay is not None:
            relay.stopping = "SIGTERM"

    signal.signal(signal.SIGINT, on_interrupt)
    signal.signal(signal.SIGTERM, on_terminate)
    try:  # the relay's own copies of large outputs go back to the system too (mallopt's M_MMAP_THRESHOLD is -3)
        ctypes.CDLL(None).mallopt(-3, MMAP_THRESHOLD)
    except (OSError, AttributeError):  # not glibc
        pass
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deno", required=True, help="the deno binary whose kernel to start")
    parser.add_argument("connection_file")
    parser.add_argument("kernel_args", nargs="*", help="extra arguments for `deno jupyter --kernel`")
    args = parser.parse_args(argv)
    with open(args.connection_file) as f:
        connection = json.load(f)
    if connection.get("transport", "tcp") not in ("tcp", "ipc"):
        raise SystemExit(
            f"Cannot start the relay as 'transport' must be tcp or ipc: current value is {connection['transport']}"
        )
    set_open_file_limit()
    relay = Relay(connection, args.deno, args.kernel_args)
    relay.stopping = stop["why"]
    if interrupts:
        log(f"{len(interrupts)} interrupt(s) while starting, with no cell to interrupt: ignored")
    return relay.run()


if __name__ == "__main__":
    sys.exit(main())

"""Deno's kernel in a network of its own, reached only through Unix sockets in a folder only its user can open.

    python -m lr_course_jupyter.sandbox --dir DIR --conn-fd N [--receive-buffer BYTES] -- DENO [KERNEL_ARGS...]

The relay (relay.py) starts this instead of Deno's kernel. Deno 2.9's kernel listens only on TCP, and any port on
the machine's 127.0.0.1 can be reached by every local user: on a shared hub, one student could subscribe to
another's outputs, answer or cancel their `prompt()`, stall their kernel or fill its memory. So, on Linux, this
process first moves itself into a user and network namespace of its own (as `unshare --user --map-current-user
--net` does; no privilege needed where the system allows unprivileged user namespaces), brings its loopback up,
and starts Deno's kernel there, on ports it picks afresh at each start: they exist in that namespace only, and no
other process on the machine can reach them. Each of Deno's shell, control, stdin and iopub ports is then
forwarded to a Unix socket in DIR, which the relay made with mode 0700, so that no other user can connect; the
relay's heartbeat answers Jupyter itself, so Deno's is not forwarded. The namespace has no network but its loopback:
a cell cannot reach the internet (nor import a module missing from Deno's cache); the course needs neither, and
LR_COURSE_NO_NAMESPACE=1 in the environment turns the namespace off.

Where a namespace cannot be made (a kernel that forbids unprivileged user namespaces, or not Linux), the kernel runs
on 127.0.0.1 as before, and this process says so in one line of the log: its back-end ports can then be reached by
every local user (they can still not run code in it: Deno's kernel checks each message's signature). If Deno's
kernel cannot listen because another process took one of its ports first (`AddrInUse`), it is started again on
fresh ports, up to 3 times.

The connection info (with the key) comes from a pipe (file descriptor N) and goes to Deno through another
(`--conn /dev/fd/M`): no file holds the key. This process ends Deno's kernel and exits when the relay is gone
(PR_SET_PDEATHSIG, set up before Deno starts), and otherwise exits when Deno's kernel does, with its status (the
same exit code, or killed by the same signal), after passing on everything Deno sent before it stopped.
"""

import argparse
import ctypes
import fcntl
import json
import os
import re
import selectors
import signal
import socket
import struct
import subprocess
import sys
import time

CHANNELS = ("shell", "control", "stdin", "iopub")
CLONE_NEWUSER, CLONE_NEWNET = 0x10000000, 0x40000000
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
PR_SET_PDEATHSIG = 1
# How many times Deno's kernel is started again on fresh ports when one was taken (AddrInUse) before it listened.
PORT_RETRIES = 3
# How long, after Deno's kernel stopped, what it sent may take to reach the relay before this process exits anyway.
DRAIN_LIMIT = 5.0
# Bytes read from one side of a forwarded connection at a time; nothing more is read until they are passed on.
CHUNK = 1 << 16
LINUX = sys.platform.startswith("linux")


def log(text):
    print(f"[deno-course sandbox] {text}", file=sys.stderr, flush=True)


def libc():
    return ctypes.CDLL(None, use_errno=True)


def private_network():
    """Moves this (single-threaded) process into a user and network namespace of its own, with loopback up.

    Returns None, or why it could not (then nothing changed, or only the user namespace, which changes no network).
    """
    if not LINUX:
        return f"{sys.platform} has no network namespaces"
    uid, gid = os.getuid(), os.getgid()
    c = libc()
    if c.unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0:
        return f"unshare(CLONE_NEWUSER | CLONE_NEWNET) failed: {os.strerror(ctypes.get_errno())}"
    try:
        for path, text in (("/proc/self/setgroups", "deny"), ("/proc/self/uid_map", f"{uid} {uid} 1"),
                           ("/proc/self/gid_map", f"{gid} {gid} 1")):
            with open(path, "w") as f:
                f.write(text)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            request = struct.pack("16sH22x", b"lo", 0)
            flags = struct.unpack("16sH22x", fcntl.ioctl(s, SIOCGIFFLAGS, request))[1]
            fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sH22x", b"lo", flags | IFF_UP))
    except OSError as e:
        # Past unshare(), the network is already private; without loopback, Deno could not listen: give up.
        raise SystemExit(f"[deno-course sandbox] made a private network namespace but could not set it up: {e}") from e
    return None


def free_ports(count):
    """`count` distinct ports free on 127.0.0.1 now (in this process's network namespace)."""
    held = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            held.append(s)
        return [s.getsockname()[1] for s in held]
    finally:
        for s in held:
            s.close()


def die_with(parent):
    """A preexec_fn that makes the child be killed when `parent` dies, prepared before the fork: libc is loaded and
    the parent's pid known here, so the child only calls prctl() and getppid() (no import, no allocation to speak
    of, in a child of a process that may have threads)."""
    prctl = libc().prctl

    def child():
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before prctl(): nobody would send the signal
            os._exit(1)

    return child


class Pipe:
    """One forwarded connection: a Unix socket (the relay's) and a TCP connection to Deno's kernel."""

    def __init__(self, outer, inner):
        self.ends = {outer: inner, inner: outer}
        self.pending = {outer: b"", inner: b""}  # bytes waiting to be written to that end
        self.closed = set()  # ends that reached end of file


class Bridge:
    def __init__(self, folder, receive_buffer):
        self.sel = selectors.DefaultSelector()
        self.listeners = {}
        self.ports = {}
        self.receive_buffer = receive_buffer
        self.pipes = {}  # socket -> Pipe
        self.connected = False  # a connection to Deno's kernel has succeeded since it started
        for channel in CHANNELS:
            path = os.path.join(folder, channel)
            try:
                os.unlink(path)  # left by a sandbox that was killed
            except FileNotFoundError:
                pass
            listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            listener.bind(path)
            listener.listen(16)
            listener.setblocking(False)
            self.listeners[listener] = channel
            self.sel.register(listener, selectors.EVENT_READ, self.accept)

    def accept(self, listener):
        try:
            outer, _ = listener.accept()
        except BlockingIOError:
            return
        channel = self.listeners[listener]
        inner = socket.socket()
        try:
            if channel == "iopub" and self.receive_buffer:
                inner.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, self.receive_buffer)
            inner.connect(("127.0.0.1", self.ports[channel]))  # (immediate on loopback: refused until Deno listens)
            inner.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except (OSError, KeyError):
            inner.close()
            outer.close()  # the relay tries again, as it would against a port nothing listens on yet
            return
        self.connected = True
        pipe = Pipe(outer, inner)
        for end in (outer, inner):
            end.setblocking(False)
            self.pipes[end] = pipe
        self.update(pipe)

    def update(self, pipe):
        """Watches each end for what it can do now: read while the other end has nothing waiting for it (so a
        slow reader slows the writer, as a direct connection would, and nothing piles up here); write while bytes
        wait for it. A connection with one end closed and nothing left to write is closed."""
        for end, other in pipe.ends.items():
            if end not in self.pipes:
                return
            mask = (selectors.EVENT_READ if end not in pipe.closed and not pipe.pending[other] else 0) | (
                selectors.EVENT_WRITE if pipe.pending[end] else 0)
            key = self.sel.get_map().get(end)
            if key is None and mask:
                self.sel.register(end, mask, self.ready)
            elif key is not None and not mask:
                self.sel.unregister(end)
            elif key is not None and key.events != mask:
                self.sel.modify(end, mask, self.ready)
        if pipe.closed and not any(pipe.pending.values()):
            self.close(pipe)

    def ready(self, end, mask):
        pipe = self.pipes.get(end)
        if pipe is None:
            return
        if mask & selectors.EVENT_WRITE:
            try:
                sent = end.send(pipe.pending[end])
            except (BlockingIOError, InterruptedError):
                sent = 0
            except OSError:
                self.close(pipe)
                return
            pipe.pending[end] = pipe.pending[end][sent:]
        if mask & selectors.EVENT_READ:
            try:
                data = end.recv(CHUNK)
            except (BlockingIOError, InterruptedError):
                data = None
            except OSError:
                data = b""
            if data == b"":
                pipe.closed.add(end)
            elif data:
                pipe.pending[pipe.ends[end]] += data
        self.update(pipe)

    def close(self, pipe):
        for end in pipe.ends:
            if self.pipes.pop(end, None) is not None:
                if end in self.sel.get_map():
                    self.sel.unregister(end)
                end.close()

    def poll(self, timeout):
        for key, mask in self.sel.select(timeout):
            if key.data == self.ready:
                self.ready(key.fileobj, mask)
            else:
                key.data(key.fileobj)

    def busy(self):
        """Whether a connection to Deno's kernel is still open or has bytes to pass on."""
        return any(end.family == socket.AF_INET and (end not in pipe.closed or any(pipe.pending.values()))
                   for end, pipe in self.pipes.items())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", required=True, help="the folder (mode 0700) for the Unix sockets")
    parser.add_argument("--conn-fd", type=int, required=True, help="a pipe with the connection info (JSON)")
    parser.add_argument("--receive-buffer", type=int, default=0, help="SO_RCVBUF of the connection to Deno's iopub")
    parser.add_argument("deno", nargs=argparse.REMAINDER, help="-- DENO [KERNEL_ARGS...]")
    args = parser.parse_args()
    command = args.deno[1:] if args.deno[:1] == ["--"] else args.deno
    if not command:
        raise SystemExit("Cannot start the sandbox as 'DENO' must be given after --: current value is nothing")
    with os.fdopen(args.conn_fd, "rb") as f:
        connection = json.loads(f.read())
    stop = {"signal": None}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(signal=signal.SIGTERM))
    signal.signal(signal.SIGINT, lambda *_: None)  # (not Linux: an interrupt reaches Deno's kernel, which ends)
    # (LR_COURSE_NO_NAMESPACE=1: as where namespaces are forbidden; the tests check what that leaves reachable.)
    why = "LR_COURSE_NO_NAMESPACE is set" if os.environ.get("LR_COURSE_NO_NAMESPACE") == "1" else private_network()
    if why is not None:
        log(f"Deno's kernel is NOT private: {why}, so its back-end ports on 127.0.0.1 can be reached by every local "
            "user (who can read its outputs and prompt() text, stall it or fill its memory, but not run code in it)")
    bridge = Bridge(args.dir, args.receive_buffer)
    parent = os.getppid()
    for attempt in range(1, PORT_RETRIES + 2):
        ports = dict(zip((*CHANNELS, "hb"), free_ports(len(CHANNELS) + 1)))
        status, tail = run_kernel(command, connection, ports, bridge, parent, stop)
        if status is None:  # the relay is gone, or sent SIGTERM
            return 0
        if not bridge.connected and port_taken(tail):
            if attempt <= PORT_RETRIES:
                log(f"a port of Deno's kernel was taken before it could listen (start {attempt}): starting it again on "
                    "fresh ports")
                continue
        break
    if status < 0:  # killed by a signal: be killed by it too, so that the relay sees the same status
        signal.signal(-status, signal.SIG_DFL)
        os.kill(os.getpid(), -status)
        time.sleep(1)
    return status


def port_taken(stderr):
    """Whether Deno's kernel says it could not listen as a port was in use (its stderr, colours and all)."""
    return b"AddrInUse" in re.sub(rb"\x1b\[[0-9;]*m", b"", stderr)


def run_kernel(command, connection, ports, bridge, parent, stop):
    """Runs Deno's kernel on `ports` until it stops: (its status, the end of its stderr), or (None, …) when this
    process should stop first (then the kernel is killed)."""
    bridge.ports = ports
    bridge.connected = False
    conn = {**connection, **{f"{n}_port": p for n, p in ports.items()}, "transport": "tcp", "ip": "127.0.0.1"}
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, json.dumps(conn).encode())  # a few hundred bytes: fits the pipe, never blocks
        os.close(write_end)
        argv = [command[0], "jupyter", "--kernel", "--conn", f"/dev/fd/{read_end}", *command[1:]]
        options = {"pass_fds": (read_end,), "stderr": subprocess.PIPE}
        if LINUX:
            options["preexec_fn"] = die_with(os.getpid())
        kernel = subprocess.Popen(argv, **options)
    finally:
        os.close(read_end)
    stderr = kernel.stderr
    os.set_blocking(stderr.fileno(), False)
    bridge.sel.register(stderr, selectors.EVENT_READ, lambda _: read_stderr())
    tail = b""

    def read_stderr():
        nonlocal tail
        while True:
            try:
                chunk = os.read(stderr.fileno(), 1 << 16)
            except (BlockingIOError, InterruptedError):
                return True
            if not chunk:
                if stderr.fileno() in bridge.sel.get_map():
                    bridge.sel.unregister(stderr)
                return False
            sys.stderr.buffer.write(chunk)
            sys.stderr.flush()
            tail = (tail + chunk)[-8192:]

    try:
        while True:
            bridge.poll(0.1)
            read_stderr()
            if stop["signal"] is not None or os.getppid() != parent:
                return None, tail
            status = kernel.poll()
            if status is not None:
                break
        # Pass on what the kernel sent before it stopped (its last outputs), then say how it stopped.
        deadline = time.monotonic() + DRAIN_LIMIT
        while time.monotonic() < deadline and (bridge.busy() or read_stderr()):
            bridge.poll(0.05)
        read_stderr()
        for pipe in {*bridge.pipes.values()}:
            bridge.close(pipe)
        return status, tail
    finally:
        if stderr.fileno() in bridge.sel.get_map():
            bridge.sel.unregister(stderr)
        stderr.close()
        if kernel.poll() is None:
            kernel.kill()
            kernel.wait()


if __name__ == "__main__":
    sys.exit(main())

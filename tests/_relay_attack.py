"""Does to the "deno" kernelspec (Deno's kernel behind the course's relay) what another user of the machine could;
for tests/relay_security_test.ts.

    python tests/_relay_attack.py SCENARIO

Prints one JSON object: what the scenario saw, and `after`, what every scenario checks once it is over: the relay
alive, its and Deno's open files (/proc/PID/fd) before and after, files holding the key, and the student's next cell.
Scenarios: forged, malformed, routing_ids, flood, vanish_mid_cell, vanish_at_prompt, prompt, deno_exit, exit_between,
out_of_memory, restart_limit, parent_killed, sigint_at_start, any_ip, other_user, other_user_fallback,
console_patched.
"""

import hashlib
import hmac
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid

import psutil
import zmq
from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.manager import KernelManager

DELIMITER = b"<IDS|MSG>"
STARTED = time.time()


class Kernel:
    """A kernel of the "deno" kernelspec and a client of the student's that stays connected throughout."""

    def __init__(self, env=None, ip="127.0.0.1"):
        self.stderr = tempfile.TemporaryFile()
        self.km = KernelManager(kernel_name="deno", ip=ip)
        self.km.start_kernel(stderr=self.stderr, env={**os.environ, **(env or {})})
        self.kc = self.km.client()
        self.kc.start_channels()
        try:
            self.kc.wait_for_ready(timeout=60)
        except RuntimeError as e:
            raise RuntimeError(f"{e}; the kernel's log:\n" + "\n".join(self.log(everything=True)[-40:])) from e
        self.info = self.km.get_connection_info()
        self.key = self.info["key"]
        self.relay = psutil.Process(self.km.provisioner.process.pid)
        self.run("1 + 1")  # warm: Deno's kernel has compiled its first cell
        self.baseline = self.open_files()

    def deno(self):
        return kernel_process(self.relay, "deno")

    def sandbox(self):
        """The relay's child that runs Deno's kernel in a network of its own and forwards its ports (sandbox.py)."""
        return kernel_process(self.relay, "sandbox")

    def open_files(self):
        deno, sandbox = self.deno(), self.sandbox()
        return {"relay": fds(self.relay.pid), "sandbox": fds(sandbox.pid) if sandbox else None,
                "deno": fds(deno.pid) if deno else None}

    def run(self, code, timeout=60, kc=None, **options):
        """Runs a cell: its outputs in order (kind:text) and its reply's status."""
        kc = kc or self.kc
        msg_id = kc.execute(code, **options)
        outputs = collect(kc, msg_id, timeout)
        try:
            reply = kc.get_shell_msg(timeout=timeout)
            while reply["parent_header"].get("msg_id") != msg_id:
                reply = kc.get_shell_msg(timeout=timeout)
            status = reply["content"]["status"]
        except queue.Empty:
            status = None
        return {"outputs": outputs, "status": status}

    def url(self, channel):
        return f"tcp://{self.info['ip']}:{self.info[f'{channel}_port']}"

    def sign(self, parts, key=None):
        return hmac.new((self.key if key is None else key), b"".join(parts), hashlib.sha256).hexdigest().encode()

    def message(self, msg_type, content, key=None, signature=None, header=None, parent=b"{}"):
        """The frames of a message, signed with `key` (the connection's by default) unless `signature` is given."""
        header = header if header is not None else json.dumps(
            {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": "attacker", "username": "mallory",
             "date": "2026-12-06T00:00:00Z", "version": "5.3"}).encode()
        parts = [header, parent, b"{}", json.dumps(content).encode()]
        return [DELIMITER, self.sign(parts, key) if signature is None else signature, *parts]

    def log(self, everything=False):
        self.stderr.seek(0)
        lines = self.stderr.read().decode(errors="replace").splitlines()
        return lines if everything else [line for line in lines if "[deno-course" in line]

    def after(self, settle=10.0):
        """What every scenario checks at its end; then the kernel shuts down, and its connection file must go."""
        alive = self.relay.is_running() and self.relay.status() != psutil.STATUS_ZOMBIE
        deadline = time.monotonic() + settle
        files = self.open_files()
        while files != self.baseline and time.monotonic() < deadline:  # libzmq closes connections in its own time
            time.sleep(0.2)
            files = self.open_files()
        next_cell = self.run("globalThis.nextCell = 6 * 7; nextCell", timeout=60) if alive else None
        report = {
            "relay_alive": alive,
            "open_files": {"before": self.baseline, "after": files},
            "key_files": key_files(self.key, exclude=self.km.connection_file),
            "next_cell": next_cell,
            "log": self.log()[-30:],
        }
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)
        report["key_files_after_shutdown"] = key_files(self.key)
        return report


def kernel_process(relay, which):
    """The running Deno kernel ("deno") or sandbox.py ("sandbox") under the relay, or None."""
    for c in relay.children(recursive=True):
        try:
            if c.status() == psutil.STATUS_ZOMBIE:
                continue
            if (c.name() == "deno") if which == "deno" else any(a.endswith("sandbox.py") for a in c.cmdline()):
                return c
        except psutil.NoSuchProcess:
            continue
    return None


def fds(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except FileNotFoundError:
        return None


def collect(kc, msg_id, timeout=60):
    """The outputs of one request until its idle, as kind:text (errors as error:ename: evalue)."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            break
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "status":
            if content["execution_state"] == "idle":
                seen.append("idle")
                return seen
            continue
        if kind == "execute_input":
            continue
        if kind == "error":
            seen.append(f"error:{content['ename']}: {content['evalue']}")
            continue
        text = content.get("text") or (content.get("data") or {}).get("text/plain", "")
        seen.append(f"{kind}:{strip_colors(text).strip()}")
    seen.append("timeout")
    return seen


def strip_colors(text):
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def key_files(key, exclude=None):
    """Files made since the probe started, under the temporary folder and Jupyter's runtime folder, that hold `key`."""
    from jupyter_core.paths import jupyter_runtime_dir

    found = []
    needle = key if isinstance(key, bytes) else key.encode()
    for top in {tempfile.gettempdir(), jupyter_runtime_dir(), os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()}:
        for folder, dirs, files in os.walk(top):
            if folder.count(os.sep) - top.count(os.sep) >= 2:
                dirs[:] = []
            for name in files:
                path = os.path.join(folder, name)
                try:
                    if path == exclude or os.path.getmtime(path) < STARTED - 1 or os.path.getsize(path) > 1 << 20:
                        continue
                    with open(path, "rb") as f:
                        if needle in f.read():
                            found.append(path)
                except OSError:
                    continue
    return found


def forged():
    """Unsigned, mis-signed and wrongly keyed messages on shell, control and stdin: none acts, the student's cells
    go on. The forged cells would write a file; the forged shutdown would end the kernel."""
    k = Kernel()
    ctx = zmq.Context()
    marker = os.path.join(tempfile.gettempdir(), f"relay-attack-{uuid.uuid4().hex}")
    code = f'Deno.writeTextFileSync("{marker}", "forged")'
    socks = []
    for channel, msg_type, content in (
        ("shell", "execute_request", {"code": code, "silent": False}),
        ("control", "shutdown_request", {"restart": False}),
        ("stdin", "input_reply", {"value": "forged"}),
    ):
        for name, key, signature in (("unsigned", None, b""), ("mis-signed", None, b"0" * 64), ("wrong key", b"guess", None)):
            sock = ctx.socket(zmq.DEALER)
            sock.setsockopt(zmq.LINGER, 0)
            sock.connect(k.url(channel))
            sock.send_multipart(k.message(msg_type, content, key=key, signature=signature))
            socks.append(sock)
    time.sleep(1.0)  # (closed before they are sent, messages are lost)
    sent = len(socks)
    for sock in socks:
        sock.close()
    started = time.monotonic()
    cell = k.run("'still answering'", timeout=30)
    seconds = time.monotonic() - started
    written = os.path.exists(marker)
    ctx.destroy()
    dropped = [line.split("] ", 1)[1] for line in k.log() if "dropped" in line]
    return {"sent": sent, "dropped": dropped, "cell": cell, "seconds": round(seconds, 2), "forged_code_ran": written,
            "after": k.after()}


def malformed():
    """Frames no client should send, unsigned and signed with the key: the relay drops and logs each, and lives."""
    k = Kernel()
    ctx = zmq.Context()
    shell = ctx.socket(zmq.DEALER)
    shell.setsockopt(zmq.LINGER, 0)
    shell.connect(k.url("shell"))
    deep = b"[" * 100_000 + b"]" * 100_000
    cases = {
        "header []": k.message("x", {}, header=b"[]"),
        "header [] unsigned": k.message("x", {}, header=b"[]", signature=b""),
        "header not JSON": k.message("x", {}, header=b"\xff{not json"),
        "header without msg_type": k.message("x", {}, header=json.dumps({"msg_id": "1"}).encode()),
        "parent a string": k.message("execute_request", {"code": "1"}, parent=b'"x"'),
        "header nested 100,000 deep": k.message("x", {}, header=deep),
        "too few frames": [DELIMITER, b"sig", b"{}"],
        "no delimiter": [b"just", b"some", b"frames"],
        "delimiter only": [DELIMITER],
        "empty frame": [b""],
        "7 MiB unsigned": k.message("execute_request", {"code": "x" * (7 << 20)}, signature=b""),
    }
    for frames in cases.values():
        shell.send_multipart(frames)
    # A frame over the relay's 8 MiB limit: libzmq closes the connection before reading it.
    huge = ctx.socket(zmq.DEALER)
    huge.setsockopt(zmq.LINGER, 0)
    huge.connect(k.url("shell"))
    huge.send_multipart([DELIMITER, b"", b"{}", b"{}", b"{}", b"x" * (100 << 20)])
    # Three frames under 8 MiB each, 15 MiB together: dropped whole, before its signature is even computed.
    many = ctx.socket(zmq.DEALER)
    many.setsockopt(zmq.LINGER, 0)
    many.connect(k.url("shell"))
    five = b"x" * (5 << 20)
    many.send_multipart([DELIMITER, b"", b"{}", b"{}", b"{}", five, five, five])
    # The review's: one message of 12 frames of 60 MB (720 MB) on a raw connection, while the relay's memory is sampled.
    peak = sample_memory(k.relay)
    sent = send_raw(k.info["ip"], k.info["shell_port"], [DELIMITER, b"", b"{}", b"{}", b"{}"], b"x" * (60 << 20), 12)
    # A replay: the same signed request twice runs once.
    replayed = k.message("execute_request", {"code": "globalThis.runs = (globalThis.runs ?? 0) + 1", "silent": False,
                                             "store_history": False, "user_expressions": {}, "allow_stdin": False})
    shell.send_multipart(replayed)
    time.sleep(2.0)
    shell.send_multipart(replayed)
    time.sleep(2.0)
    relay_memory = k.relay.memory_info().rss >> 20
    runs = k.run("globalThis.runs", timeout=30)
    huge.close()
    many.close()
    shell.close()
    ctx.destroy()
    log = k.log()
    return {"cases": list(cases), "dropped": [line.split("]", 1)[1].strip() for line in log if "dropped" in line],
            "runs": runs, "relay_rss_mb": relay_memory, "raw_720mb": {"sent_mb": sent >> 20, "relay_peak_mb": peak()},
            "after": k.after()}


def sample_memory(process):
    """Samples `process`'s resident memory every 20 ms in a thread; returns a function that stops and gives the
    peak in MB."""
    import threading

    peak, stop = [process.memory_info().rss], threading.Event()

    def sample():
        while not stop.wait(0.02):
            try:
                peak[0] = max(peak[0], process.memory_info().rss)
            except psutil.Error:
                return

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()

    def done():
        stop.set()
        thread.join()
        return peak[0] >> 20

    return done


def send_raw(ip, port, head, big, count):
    """Greets `ip:port` as a ZeroMQ DEALER on a plain TCP connection and sends one message: the frames `head`, then
    `big` `count` times, reusing one buffer (the review's probe); returns the bytes the relay took before closing."""
    conn = socket.create_connection((ip, port), timeout=10)
    name = b"Socket-Type"
    body = b"\x05READY" + bytes([len(name)]) + name + (6).to_bytes(4, "big") + b"DEALER"
    conn.sendall(b"\xff" + b"\x00" * 8 + b"\x7f\x03\x00" + b"NULL".ljust(20, b"\x00") + b"\x00" * 32 + bytes([4, len(body)]) + body)
    frames = [*head, *[None] * count]
    sent = 0
    try:
        for i, frame in enumerate(frames):
            data = big if frame is None else frame
            more = 1 if i < len(frames) - 1 else 0
            conn.sendall(bytes([more | 2]) + len(data).to_bytes(8, "big"))
            conn.sendall(data)
            sent += len(data)
    except OSError:
        pass  # the relay closed the connection
    finally:
        conn.close()
    return sent


def routing_ids():
    """1,000 clients with routing ids of their own, 100 connected at a time, each sending an unsigned execute request:
    the relay opens nothing for them, and its and Deno's open files come back to where they were."""
    k = Kernel()
    ctx = zmq.Context()
    peak = dict(k.baseline)
    started = time.monotonic()
    for batch in range(10):
        socks = []
        for i in range(100):
            sock = ctx.socket(zmq.DEALER)
            sock.setsockopt(zmq.LINGER, 0)
            sock.setsockopt(zmq.ROUTING_ID, f"mallory-{batch}-{i}".encode())
            sock.connect(k.url("shell"))
            sock.send_multipart(k.message("execute_request", {"code": "1"}, signature=b""))
            socks.append(sock)
        time.sleep(0.3)
        now = k.open_files()
        peak = {name: max(peak[name] or 0, now[name] or 0) for name in peak}
        for sock in socks:
            sock.close()
    seconds = time.monotonic() - started
    ctx.destroy()
    cell = k.run("'after 1,000 routing ids'", timeout=30)
    return {"peak": peak, "seconds": round(seconds, 2), "cell": cell, "after": k.after()}


def flood():
    """40 real clients connecting, running a cell and leaving (page reloads, several frontends), and 1,000 TCP
    connections opened and closed on every port: open files come back to where they were."""
    k = Kernel()
    peak = dict(k.baseline)
    ok = 0
    started = time.monotonic()
    for i in range(40):
        kc = BlockingKernelClient()
        kc.load_connection_info(k.info)
        kc.start_channels()
        result = k.run(f"{i} * 2", kc=kc, timeout=30)
        ok += result["outputs"] == [f"execute_result:{i * 2}", "idle"]
        now = k.open_files()
        peak = {name: max(peak[name] or 0, now[name] or 0) for name in peak}
        kc.stop_channels()
    clients_seconds = time.monotonic() - started
    ports = [k.info[f"{c}_port"] for c in ("shell", "control", "stdin", "iopub", "hb")]
    for _ in range(200):
        for port in ports:
            with socket.create_connection((k.info["ip"], port), timeout=5):
                pass
    now = k.open_files()
    peak = {name: max(peak[name] or 0, now[name] or 0) for name in peak}
    return {"clients_ok": ok, "clients_seconds": round(clients_seconds, 2), "peak": peak, "after": k.after()}


def vanish_mid_cell():
    """A client runs a 2 s cell and disconnects at once: the cell finishes, the next client's cell runs."""
    k = Kernel()
    kc = BlockingKernelClient()
    kc.load_connection_info(k.info)
    kc.start_channels()
    kc.execute("await new Promise((r) => setTimeout(r, 2000)); 'done'")
    time.sleep(0.3)
    kc.stop_channels()
    started = time.monotonic()
    cell = k.run("'next client'", timeout=30)
    return {"cell": cell, "seconds": round(time.monotonic() - started, 2), "after": k.after()}


def prompt_cell(kc):
    return kc.execute('const answer = prompt("Your name?"); console.log(`got ${answer}`)', allow_stdin=True)


def prompt():
    """prompt() reaches the client that ran the cell, and its answer reaches the cell."""
    k = Kernel()
    msg_id = prompt_cell(k.kc)
    request = k.kc.get_stdin_msg(timeout=30)
    k.kc.input("Ada")
    outputs = collect(k.kc, msg_id, 30)
    return {"request": request["content"], "outputs": outputs, "after": k.after()}


def vanish_at_prompt():
    """A client runs prompt() and disconnects while it waits: prompt() returns null, the cell says why, and the next
    client's cell runs."""
    k = Kernel()
    kc = BlockingKernelClient()
    kc.load_connection_info(k.info)
    kc.start_channels()
    msg_id = prompt_cell(kc)
    request = kc.get_stdin_msg(timeout=30)
    kc.stop_channels()
    seen = collect(k.kc, msg_id, 30)  # the student's client still reads iopub
    started = time.monotonic()
    cell = k.run("'next client'", timeout=30)
    return {"request": request["content"], "vanished_cell": seen, "cell": cell,
            "seconds": round(time.monotonic() - started, 2), "after": k.after()}


def deno_exit():
    """A cell calls Deno.exit(1): what it printed before stays, the cell ends with an error that says so, the kernel
    is fresh, and the relay and Deno's open files are as before."""
    k = Kernel()
    k.run("globalThis.mark = 1")
    old = k.deno().pid
    cell = k.run('console.log("printed before"); await new Promise((r) => setTimeout(r, 100)); Deno.exit(1)')
    fresh = k.run("typeof globalThis.mark")
    return {"cell": cell, "fresh": fresh, "new_deno": k.deno().pid != old, "after": k.after()}


def exit_between():
    """Deno exits after its cell has finished (a timer): the next cell says so, and runs."""
    k = Kernel()
    first = k.run("setTimeout(() => Deno.exit(3), 300); 'scheduled'")
    time.sleep(1.5)
    second = k.run("'next'")
    return {"first": first, "second": second, "after": k.after()}


def out_of_memory():
    """A cell allocates until V8 gives up (its heap capped at 128 MB through DENO_V8_FLAGS, to be quick)."""
    k = Kernel(env={"DENO_V8_FLAGS": "--max-old-space-size=128"})
    started = time.monotonic()
    cell = k.run('console.log("allocating"); await new Promise((r) => setTimeout(r, 100));\n'
                 "const kept = []; while (true) kept.push(new Array(1e6).fill(1.5));", timeout=120)
    seconds = time.monotonic() - started
    return {"cell": cell, "seconds": round(seconds, 2), "after": k.after()}


def listening(pid):
    """The sockets process `pid` listens on, as its own network namespace sees them: ("tcp", ip, port) and
    ("unix", path)."""
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(int(target[8:-1]))
    found = []
    for proto, family in (("tcp", socket.AF_INET), ("tcp6", socket.AF_INET6)):
        for line in open(f"/proc/{pid}/net/{proto}").read().splitlines()[1:]:
            f = line.split()
            if f[3] == "0A" and int(f[9]) in inodes:  # 0A: LISTEN
                address, port = f[1].split(":")
                raw = bytes.fromhex(address)
                raw = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))  # each 32-bit word little-endian
                found.append(("tcp", socket.inet_ntop(family, raw), int(port, 16)))
    for line in open(f"/proc/{pid}/net/unix").read().splitlines()[1:]:
        f = line.split()
        if len(f) >= 8 and int(f[3], 16) & 0x10000 and int(f[6]) in inodes:  # __SO_ACCEPTCON: listening
            found.append(("unix", f[7]))
    return sorted(found)


def intruder_user():
    """A throwaway Unix user (the caller removes it with `userdel`)."""
    name = f"lrintr{uuid.uuid4().hex[:8]}"
    subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name], check=True,
                   capture_output=True)
    return name


def other_user(env=None):
    """Another Unix user of the machine tries every socket the student's relay, sandbox and Deno listen on (other
    than the relay's front ports, which check every message's HMAC) with the review's attacks: a subscriber that
    never reads on Deno's iopub, garbage on Deno's stdin while the student's prompt() waits. With Deno in a network
    of its own, none of them is reachable, and the student's cells are as fast as without the intruder."""
    user = intruder_user()
    k = None
    intruder = None
    try:
        k = Kernel(env=env)
        front = {k.info[f"{c}_port"] for c in ("shell", "control", "stdin", "iopub", "hb")}
        processes = {"relay": k.relay, "sandbox": k.sandbox(), "deno": k.deno()}
        sockets = {name: listening(p.pid) for name, p in processes.items()}
        tcp = sorted({("127.0.0.1" if ip in ("0.0.0.0", "::", "::1") else ip, port)
                      for found in sockets.values() for kind, *rest in found if kind == "tcp"
                      for ip, port in [rest] if port not in front})
        unix = sorted({rest[0] for found in sockets.values() for kind, *rest in found if kind == "unix"})
        big = 'console.log("x".repeat(4_000_000)); "big done"'
        baseline = timed(k, big)
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "_relay_intruder.py"), "rb") as f:
            code = f.read()
        intruder = subprocess.Popen(
            ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", "/usr/bin/python3", "-",
             json.dumps({"tcp": tcp, "unix": unix, "hold": 8})],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        intruder.stdin.write(code)
        intruder.stdin.close()
        outcomes = json.loads(intruder.stdout.readline() or b'{"outcomes": "the intruder printed nothing"}')["outcomes"]
        attacked = timed(k, big)
        msg_id = prompt_cell(k.kc)
        try:
            request = k.kc.get_stdin_msg(timeout=10)["content"]["prompt"]
            k.kc.input("Ada")
        except queue.Empty:
            request = None
        asked = {"request": request, "outputs": collect(k.kc, msg_id, 15)}
        intruder_read = json.loads(intruder.stdout.readline() or b'{"bytes_read": null}')["bytes_read"]
        intruder.wait(30)
        deno = processes["deno"]
        not_private = [line for line in k.log() if "NOT private" in line]
        return {"sockets": {name: [list(x) for x in found] for name, found in sockets.items()},
                "deno_private": os.readlink(f"/proc/{deno.pid}/ns/net") != os.readlink("/proc/self/ns/net"),
                "folder_mode": oct(os.stat(os.path.dirname(unix[0])).st_mode & 0o777) if unix else None,
                "outcomes": outcomes, "intruder_read": intruder_read, "baseline": baseline, "attacked": attacked,
                "prompt": asked, "not_private_log": not_private, "intruder_stderr": intruder.stderr.read().decode()[-2000:], "after": k.after()}
    finally:
        if intruder is not None and intruder.poll() is None:
            intruder.kill()
        if k is not None and k.km.is_alive():
            k.km.shutdown_kernel(now=True)
        subprocess.run(["userdel", user], capture_output=True)


def other_user_fallback():
    """other_user where Deno's kernel cannot have a network of its own (LR_COURSE_NO_NAMESPACE=1, as on a system
    that forbids unprivileged user namespaces): what the intruder then reaches, and the line the relay logs."""
    return other_user({"LR_COURSE_NO_NAMESPACE": "1"})


def console_patched():
    """A cell replaces console.log (with nothing, then with a function that throws): the fence does not use it, so the
    next cells are not held, and no error of the fence's lands in a cell; the fence's writer cannot be replaced."""
    k = Kernel()
    cells = {}
    for name, code in (("normal", "1 + 1"), ("silenced", "console.log = () => {}; 'silenced'"), ("after silenced", "2 + 2"),
                       ("throwing", "console.log = () => { throw new Error('no logging here') }; 'throwing'"),
                       ("after throwing", "3 + 3"),
                       ("writer replaced", "try { __denoCourseFence = () => {} } catch (e) { console.error(e.name) }; 4"),
                       ("after writer", "5 + 5")):
        cells[name] = timed(k, code)
    return {"cells": cells, "held": [line.split("] ", 1)[1][:80] for line in k.log() if "never printed" in line],
            "after": k.after()}


def timed(k, code):
    started = time.monotonic()
    cell = k.run(code, timeout=60)
    return {"outputs": [o[:40] for o in cell["outputs"]], "seconds": round(time.monotonic() - started, 2)}


def any_ip():
    """Jupyter's ports on every interface (KernelManager.ip = 0.0.0.0): the relay's on 0.0.0.0; Deno's on 127.0.0.1
    of its own network namespace, and none of the sandbox's or Deno's on the machine's."""
    k = Kernel(ip="0.0.0.0")

    def on_machine(pid):  # (psutil finds a process's sockets among those of the machine's network namespace)
        return sorted({c.laddr.ip for c in psutil.Process(pid).net_connections("tcp") if c.status == psutil.CONN_LISTEN})

    seen = {"relay": on_machine(k.relay.pid), "sandbox": on_machine(k.sandbox().pid), "deno": on_machine(k.deno().pid),
            "deno_own_network": sorted({ip for kind, ip, *_ in listening(k.deno().pid) if kind == "tcp"})}
    return {"listening": seen, "after": k.after()}


def restart_limit():
    """Deno.exit(1) in 6 cells in a row: 5 restarts, then the relay gives up, says so in the cell, and exits."""
    k = Kernel()
    cells = [k.run("Deno.exit(1)", timeout=30) for _ in range(6)]
    status = k.relay.wait(10)  # (reaped here: the provisioner's Popen would say 0)
    files = key_files(k.key, exclude=k.km.connection_file)
    k.km.shutdown_kernel(now=True)
    return {"cells": cells, "relay_status": status, "key_files": files, "log": k.log()[-3:]}


def parent_killed():
    """The process that started the kernel is killed (SIGKILL): the relay and Deno go, and leave no key behind."""
    script = (
        "import json, sys, time\n"
        "from jupyter_client.manager import KernelManager\n"
        "km = KernelManager(kernel_name='deno'); km.start_kernel(); kc = km.client(); kc.start_channels()\n"
        "kc.wait_for_ready(timeout=60)\n"
        "print(json.dumps({'relay': km.provisioner.process.pid, 'key': km.session.key.decode(),"
        " 'connection_file': km.connection_file}), flush=True)\n"
        "time.sleep(600)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        started = json.loads(parent.stdout.readline())
        relay = psutil.Process(started["relay"])
        deno = kernel_process(relay, "deno")
        parent.kill()
        killed = time.monotonic()
        gone = {}
        while time.monotonic() - killed < 10 and len(gone) < 2:
            for name, proc in (("relay", relay), ("deno", deno)):
                if name not in gone and (not proc.is_running() or proc.status() == psutil.STATUS_ZOMBIE):
                    gone[name] = round(time.monotonic() - killed, 3)
            time.sleep(0.01)
        files = [f for f in key_files(started["key"]) if f != started["connection_file"]]
        return {"gone_after_seconds": gone, "key_files": files}
    finally:
        parent.kill()


def sigint_at_start():
    """SIGINTs while the relay starts (jupyter_client sends one at every shutdown): no traceback, and it answers."""
    results = []
    for delay in (0.0, 0.05, 0.2, 0.5):
        stderr = tempfile.TemporaryFile()
        km = KernelManager(kernel_name="deno")
        km.start_kernel(stderr=stderr)
        time.sleep(delay)
        km.interrupt_kernel()  # SIGINT to the relay's process group
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=60)
            msg_id = kc.execute("1 + 1")
            outputs = collect(kc, msg_id, 30)
        except RuntimeError as e:
            outputs = [f"not ready: {e}"]
        status = km.provisioner.process.poll()  # None while the relay runs; -2 if SIGINT ended it
        kc.stop_channels()
        km.shutdown_kernel(now=False)  # the graceful path, which interrupts first
        stderr.seek(0)
        text = stderr.read().decode(errors="replace")
        results.append({"delay": delay, "outputs": outputs, "traceback": "Traceback" in text, "relay_status": status,
                        "log": [line for line in text.splitlines() if "relay" in line or "Error" in line][-5:]})
    return {"runs": results}


if __name__ == "__main__":
    scenarios = {f.__name__: f for f in (forged, malformed, routing_ids, flood, vanish_mid_cell, prompt, vanish_at_prompt,
                                         deno_exit, exit_between, out_of_memory, restart_limit, parent_killed,
                                         sigint_at_start, any_ip, other_user,
                                         other_user_fallback, console_patched)}
    if len(sys.argv) != 2 or sys.argv[1] not in scenarios:
        raise SystemExit(f"Cannot attack the relay as 'SCENARIO' must be one of {', '.join(scenarios)}: current value is {sys.argv[1:]}")
    print(json.dumps(scenarios[sys.argv[1]]()))

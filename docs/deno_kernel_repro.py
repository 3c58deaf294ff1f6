"""Reproduces four problems of Deno's Jupyter kernel (`deno jupyter --kernel`), without Jupyter's server.

    DENO=/path/to/deno python3 docs/deno_kernel_repro.py late|interleave|interrupt|bench

Needs jupyter_client (`pip install jupyter_client`). Each command starts Deno's kernel through a kernelspec written
to a temporary folder, prints what it saw, and exits 1 when the problem showed (0 when it did not).
See docs/deno-kernel-issues.md.
"""

import atexit
import json
import os
import pathlib
import queue
import signal
import sys
import tempfile
import time

DENO = os.environ.get("DENO", "deno")
SPEC_DIR = tempfile.mkdtemp(prefix="deno_kernel_repro_")
pathlib.Path(SPEC_DIR, "kernels", "raw-deno").mkdir(parents=True)
pathlib.Path(SPEC_DIR, "kernels", "raw-deno", "kernel.json").write_text(json.dumps(
    {"argv": [DENO, "jupyter", "--kernel", "--conn", "{connection_file}"], "display_name": "Deno", "language": "typescript"}))
os.environ["JUPYTER_PATH"] = SPEC_DIR  # before jupyter_client reads it

import zmq  # noqa: E402  (after JUPYTER_PATH)
from jupyter_client.manager import KernelManager  # noqa: E402
from jupyter_client.session import Session  # noqa: E402


def start():
    km = KernelManager(kernel_name="raw-deno")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    atexit.register(lambda: km.is_alive() and km.shutdown_kernel(now=True))  # also when a step below raises
    kc.wait_for_ready(timeout=60)
    return km, kc


def late():
    """What nbclient does: read a cell's outputs until its `idle`. Outputs that come after are lost to it."""
    km, kc = start()
    cells = 30
    owner = {}  # msg_id -> cell number
    idle = set()  # cells whose idle has come
    on_time = late = wrong = 0

    def output(msg):
        nonlocal on_time, late, wrong
        said = msg["content"].get("text") or msg["content"].get("data", {}).get("text/plain", "")
        cell = owner.get(msg["parent_header"].get("msg_id"))
        if cell in idle:
            late += 1
        else:
            on_time += 1
        if cell != int(said.split()[1]):
            wrong += 1

    for i in range(cells):
        msg_id = kc.execute(f'await Deno.jupyter.display({{ "text/plain": "big {i} " + "x".repeat(300_000) }}, {{ raw: true }});\n'
                            f'console.log("log {i}");')
        owner[msg_id] = i
        while i not in idle:  # until this cell's idle, as nbclient reads
            msg = kc.get_iopub_msg(timeout=30)
            if msg["msg_type"] in ("display_data", "stream"):
                output(msg)
            elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                idle.add(owner.get(msg["parent_header"].get("msg_id")))
        while kc.get_shell_msg(timeout=30)["parent_header"].get("msg_id") != msg_id:
            pass
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:  # what was still coming after the last idle
        try:
            msg = kc.get_iopub_msg(timeout=0.2)
        except Exception:
            continue
        if msg["msg_type"] in ("display_data", "stream"):
            output(msg)
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    print(f"{cells} cells, 2 outputs each: {late} of {on_time + late} outputs came after their cell's idle, "
          f"{wrong} stamped with another cell's id")
    return late + wrong > 0


def interleave():
    """A large output written in pieces, with a status written into it: a message libzmq cannot verify."""
    km, kc = start()
    info = km.get_connection_info()
    session = Session(key=info["key"] if isinstance(info["key"], bytes) else info["key"].encode(),
                      signature_scheme=info["signature_scheme"])
    sub = zmq.Context.instance().socket(zmq.SUB)
    sub.setsockopt(zmq.RCVBUF, 2048)  # a small receive buffer: the kernel must write each large message in pieces
    sub.setsockopt(zmq.SUBSCRIBE, b"")
    sub.connect(f"{info['transport']}://{info['ip']}:{info['iopub_port']}")
    time.sleep(1)
    cells = 20
    for i in range(cells):
        kc.execute(f'await Deno.jupyter.display({{ "text/plain": "x".repeat(1_000_000) }}, {{ raw: true }}); {i}')
    for _ in range(cells):
        kc.get_shell_msg(timeout=60)
    bad = idle = 0
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if not sub.poll(200):
            continue
        frames = sub.recv_multipart()
        try:
            _, parts = session.feed_identities(frames)
            msg = session.deserialize(parts)
        except Exception as e:  # jupyter_client: ValueError("Invalid Signature ...") or a malformed message
            bad += 1
            print(f"  unreadable message: {type(e).__name__}: {str(e)[:80]}")
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            idle += 1
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    print(f"{cells} cells with a 1 MB output each: {bad} unreadable messages, {idle} of {cells} idle statuses arrived")
    return bad > 0 or idle < cells


def reply_to(kc, msg_id, timeout):
    """The execute_reply to `msg_id`, or None if none comes within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            msg = kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            return None
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg
    return None


def interrupt():
    """interrupt_request does not stop the cell; SIGINT, which Jupyter sends for kernelspecs without
    `interrupt_mode: message` (Deno's has none), ends the kernel."""
    km, kc = start()
    try:
        started = time.monotonic()
        msg_id = kc.execute('await new Promise((r) => setTimeout(r, 3000)); "finished"')
        time.sleep(0.5)
        kc.control_channel.send(kc.session.msg("interrupt_request", {}))
        reply = reply_to(kc, msg_id, 15)
        took = time.monotonic() - started
        if reply is None:
            print("interrupt_request 0.5 s into a 3 s cell: no execute_reply at all within 15 s")
            stopped = False
        else:
            stopped = reply["content"]["status"] != "ok" or took < 2.5
            print(f"interrupt_request 0.5 s into a 3 s cell: the cell {'was stopped' if stopped else 'ran to its end'},"
                  f" status {reply['content']['status']} after {took:.1f} s")
        kc.execute('await new Promise((r) => setTimeout(r, 3000)); "finished"')
        time.sleep(0.5)
        km.signal_kernel(signal.SIGINT)
        time.sleep(1)
        alive = km.is_alive()
        print(f"SIGINT 0.5 s into a cell: the kernel {'is still running' if alive else 'exited'}")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return not stopped or not alive


def bench():
    """The kernel's JavaScript heap before any cell of a student's: `deno run` needs about 2 MB; the kernel holds one
    array of 10,000,000 slots (80 MB) made by the module behind Deno.bench when it loads."""
    km, kc = start()
    try:
        code = ("const { Session } = await import('node:inspector'); const s = new Session(); s.connect();"
                "const post = (m, p = {}) => new Promise((ok, no) => s.post(m, p, (e, r) => e ? no(e) : ok(r)));"
                "await post('HeapProfiler.collectGarbage'); s.disconnect();"
                "console.log(JSON.stringify({ heap: Deno.memoryUsage().heapUsed, rss: Deno.memoryUsage().rss }))")
        msg_id = kc.execute(code)
        result = None
        while result is None:
            msg = kc.get_iopub_msg(timeout=30)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] in ("stream", "error"):
                result = msg["content"]
        if "text" not in result:
            print(f"the cell failed: {result.get('evalue')}")
            return True
        used = json.loads(result["text"])
        print(f"before any cell, after a full garbage collection: JavaScript heap {used['heap'] / 2**20:.0f} MiB, "
              f"resident {used['rss'] / 2**20:.0f} MiB")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return used["heap"] > 40 * 2**20


if __name__ == "__main__":
    problems = {"late": late, "interleave": interleave, "interrupt": interrupt, "bench": bench}
    if len(sys.argv) != 2 or sys.argv[1] not in problems:
        sys.exit(f"usage: {sys.argv[0]} {'|'.join(problems)}")
    sys.exit(1 if problems[sys.argv[1]]() else 0)

"""Drives the "deno" kernelspec (Deno's kernel behind the course's relay) through jupyter_client; for tests/relay_test.ts.

    python tests/_relay_probe.py SCENARIO

Prints one JSON object with what was seen. Scenarios: queued, restart, shutdown, unreadable, interrupt, untangle, small.
"""

import json
import os
import queue
import subprocess
import sys
import tempfile
import time

import psutil
from jupyter_client.manager import KernelManager


def start():
    stderr = tempfile.TemporaryFile()
    km = KernelManager(kernel_name="deno")
    km.start_kernel(stderr=stderr)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    return km, kc, stderr


def collect(kc, ids, timeout=60):
    """Every iopub message until each of `ids` has reported idle: per id, the kinds in arrival order."""
    seen = {i: [] for i in ids}
    idle = set()
    stray = []
    deadline = time.monotonic() + timeout
    while idle != set(ids):
        try:
            msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            break
        parent = msg["parent_header"].get("msg_id")
        kind = msg["msg_type"]
        content = msg["content"]
        if kind == "status":
            if parent in seen and content["execution_state"] == "idle":
                idle.add(parent)
                seen[parent].append("idle")
            continue
        if kind == "execute_input":
            continue
        text = content.get("text") or (content.get("data") or {}).get("text/plain", "")
        if kind == "error":
            text = f"{content.get('ename')}: {content.get('evalue')}"
        if parent in seen:
            seen[parent].append(f"{kind}:{text.strip()[:40]}")
        else:
            stray.append(f"{kind}:{text.strip()[:40]}")
    return seen, stray


def queued():
    """30 cells sent at once, as Run All does: every output under its own cell and before the cell's idle."""
    km, kc, _ = start()
    try:
        sources = [f'console.log("log {i}");\n"value {i}"' if i % 2 else f"{i} * 1000 + 1" for i in range(30)]
        ids = [kc.execute(s) for s in sources]
        seen, stray = collect(kc, ids)
        return {"cells": [seen[i] for i in ids], "stray": stray}
    finally:
        km.shutdown_kernel(now=True)


def restart():
    """A value, a restart, then a fresh kernel that answers in full."""
    km, kc, _ = start()
    try:
        first = kc.execute("globalThis.mark = 41; mark + 1")
        before, _ = collect(kc, [first])
        started = time.monotonic()
        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=60)
        seconds = time.monotonic() - started
        second = kc.execute("typeof globalThis.mark")
        after, stray = collect(kc, [second])
        return {"before": before[first], "after": after[second], "stray": stray, "restart_seconds": round(seconds, 2)}
    finally:
        km.shutdown_kernel(now=True)


def shutdown():
    """A graceful shutdown: the relay and Deno's kernel both gone, neither killed."""
    km, kc, _ = start()
    relay = psutil.Process(km.provisioner.process.pid)
    children = relay.children(recursive=True)
    kc.stop_channels()
    started = time.monotonic()
    km.shutdown_kernel(now=False)
    seconds = time.monotonic() - started
    return {
        "relay_running": relay.is_running() and relay.status() != psutil.STATUS_ZOMBIE,
        "kernel_processes": len(children),
        "kernel_running": [c.is_running() and c.status() != psutil.STATUS_ZOMBIE for c in children],
        "shutdown_seconds": round(seconds, 2),
    }


def unreadable():
    """Frames that are no Jupyter message: dropped and logged by the relay; the kernel still answers."""
    km, kc, stderr = start()
    try:
        kc.shell_channel.socket.send_multipart([b"not a jupyter message"])
        time.sleep(0.5)
        cell = kc.execute("1 + 1")
        seen, stray = collect(kc, [cell], timeout=30)
        stderr.seek(0)
        log = stderr.read().decode(errors="replace")
        return {"cell": seen[cell], "stray": stray, "log": [line for line in log.splitlines() if "relay" in line]}
    finally:
        km.shutdown_kernel(now=True)


def interrupt():
    """A cell sleeping 30 s, interrupted after 1.5 s, with a cell queued behind it; then the kernel answers again."""
    km, kc, stderr = start()
    try:
        sleeping = kc.execute("await new Promise((r) => setTimeout(r, 30_000)); 'slept'")
        queued_cell = kc.execute("'queued behind the sleeping cell'")
        time.sleep(1.5)
        started = time.monotonic()
        km.interrupt_kernel()
        seen, _ = collect(kc, [sleeping, queued_cell], timeout=15)
        seconds = time.monotonic() - started
        replies = {}
        while True:
            try:
                msg = kc.get_shell_msg(timeout=1)
            except queue.Empty:
                break
            replies[msg["parent_header"].get("msg_id")] = msg["content"]["status"]
        kc.wait_for_ready(timeout=30)
        after = kc.execute("1 + 1")
        later, stray = collect(kc, [after], timeout=30)
        return {
            "interrupted": seen[sleeping],
            "queued": seen[queued_cell],
            "replies": [replies.get(sleeping), replies.get(queued_cell)],
            "seconds": round(seconds, 2),
            "after": later[after],
            "alive": km.is_alive(),
        }
    finally:
        km.shutdown_kernel(now=True)


def sandbox_retries():
    """sandbox.py with a stand-in for Deno that says AddrInUse and exits 1: started again on fresh ports 3 times, then
    the sandbox exits with its status; a stand-in that exits 7 otherwise is not started again."""

    sandbox = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts", "jupyter", "lr_course_jupyter",
                           "sandbox.py")
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, message, code in (("taken", "error: Uncaught (in promise) \x1b[0mAddrInUse\x1b[0m: Address already in use", 1),
                                    ("exits", "error: something else", 7)):
            ports_log = os.path.join(folder, f"{name}.ports")
            fake = os.path.join(folder, f"{name}-deno")
            with open(fake, "w") as f:
                f.write(f"#!{sys.executable}\nimport json, sys\n"
                        "conn = json.load(open(sys.argv[sys.argv.index('--conn') + 1]))\n"
                        f"open({ports_log!r}, 'a').write(str(conn['shell_port']) + '\\n')\n"
                        f"sys.stderr.write({message!r} + '\\n'); sys.exit({code})\n")
            os.chmod(fake, 0o700)
            read_end, write_end = os.pipe()
            os.write(write_end, json.dumps({"key": "k", "signature_scheme": "hmac-sha256"}).encode())
            os.close(write_end)
            run = subprocess.run([sys.executable, sandbox, "--dir", folder, "--conn-fd", str(read_end), "--", fake],
                                 pass_fds=(read_end,), capture_output=True, timeout=60,
                                 env={**os.environ, "LR_COURSE_NO_NAMESPACE": "1"})
            os.close(read_end)
            with open(ports_log) as f:
                ports = f.read().split()
            results[name] = {"status": run.returncode, "starts": len(ports), "distinct_ports": len(set(ports)),
                             "retry_lines": run.stderr.decode().count("starting it again on fresh ports")}
    return results


def untangle():
    """The relay's ZMTP reader (lr_course_jupyter.zmtp) on streams where messages were written into each other.

    For each case, how many streams came out exactly as the messages were sent, out of how many. No kernel: the
    streams are built here, so every offset can be tried (the provoked case in relay_test.ts uses Deno's kernel).
    """
    import hashlib
    import hmac
    import random

    from lr_course_jupyter import zmtp

    rng = random.Random(20261130)
    key = "probe-key"

    def message(kind, content, key=key):
        parts = [json.dumps(x).encode() for x in ({"msg_id": f"{rng.random():.12f}", "msg_type": kind}, {}, {}, content)]
        signature = hmac.new(key.encode(), b"".join(parts), hashlib.sha256).hexdigest().encode() if key else b""
        return [zmtp.DELIMITER, signature, *parts]

    def output(size, key=key):
        return message("display_data", {"data": {"text/plain": "x" * size}}, key)

    def status(state, key=key):
        return message("status", {"execution_state": state}, key)

    def woven(outer, inner, cuts):
        """`outer` on the wire with each of `inner` written in whole at its cut (a byte offset into `outer`)."""
        wire, last = bytearray(), 0
        for cut, message_ in zip(cuts, inner):
            wire += outer[last:cut] + zmtp.encode(message_)
            last = cut
        return bytes(wire + outer[last:])

    def read(wire, key=key, chunks=(1 << 30,), seconds_per_chunk=0.0):
        stream = zmtp.Stream(zmtp.checker(key))
        out, at, now = [], 0, 0.0
        while at < len(wire):
            n = rng.choice(chunks)
            out += stream.feed(wire[at : at + n], now)
            at += n
            now += seconds_per_chunk
        return out + stream.feed(b"", now + zmtp.STALL_LIMIT + 1), stream

    def names(out):
        return [f"lost {item.msg_type or 'null'}" if isinstance(item, zmtp.Lost) else zmtp.kind(item) for item in out]

    results = {}
    # Nothing interleaved, in pieces of every size: the messages as they were sent, nothing repaired.
    sent = [output(rng.choice([10, 300, 5000, 300_000])) if i % 3 == 0 else status("busy") for i in range(60)]
    out, stream = read(b"".join(map(zmtp.encode, sent)), chunks=(1, 7, 100, 4096, 65536))
    results["plain"] = [int(out == sent and stream.repaired == 0 and stream.lost == 0), 1]
    # One status written at every byte offset of an output, also into its frame sizes; with a key and without.
    for name, k in (("one", key), ("one without a key", "")):
        big, idle = output(300, k), status("idle", k)
        wire = zmtp.encode(big)
        ok = sum(read(woven(wire, [idle], [cut]) + zmtp.encode(idle), k)[0] == [big, idle, idle] for cut in range(1, len(wire)))
        results[name] = [ok, len(wire) - 1]
    # Two statuses, at every pair of offsets 3 bytes apart or more.
    big, idle, busy = output(300), status("idle"), status("busy")
    wire = zmtp.encode(big)
    pairs = [(a, b) for a in range(1, len(wire)) for b in range(a, len(wire), 3)]
    ok = sum(read(woven(wire, [idle, busy], pair))[0] == [big, idle, busy] for pair in pairs)
    results["two"] = [ok, len(pairs)]
    # Outputs of 300 B to 300 KB with one or two statuses at random offsets, between two messages, in pieces.
    ok = 0
    for _ in range(300):
        before, big, after = status("busy"), output(rng.choice([300, 5000, 300_000])), status("idle")
        inner = [status("idle"), status("busy")][: rng.randint(1, 2)]
        wire = zmtp.encode(big)
        cuts = sorted(rng.randint(1, len(wire) - 1) for _ in inner)
        stream_bytes = zmtp.encode(before) + woven(wire, inner, cuts) + zmtp.encode(after)
        out, _ = read(stream_bytes, chunks=(1, 7, 100, 4096, 65536, 1 << 20))
        ok += out == [before, big, *inner, after]
    results["random"] = [ok, 300]
    # A 2 MB output with a status inside, arriving slowly (64 KB every 0.5 s, 16 s in all): it keeps growing, so it
    # is no stall, and comes out whole.
    big, idle, busy = output(2_000_000), status("idle"), status("busy")
    wire = woven(zmtp.encode(big), [idle], [50_000]) + zmtp.encode(busy)
    out, stream = read(wire, chunks=(65536,), seconds_per_chunk=0.5)
    results["slow"] = [int(out == [big, idle, busy] and stream.lost == 0), 1]
    # A status written into a stream message written into an output (both whole): all three come out, the output first.
    inner_most, middle = status("idle"), message("stream", {"name": "stdout", "text": "y" * 400})
    ok = 0
    for cut in range(1, len(zmtp.encode(middle)) - 1, 17):
        nested = woven(zmtp.encode(middle), [inner_most], [cut])
        wire = zmtp.encode(big)[:1000] + nested + zmtp.encode(big)[1000:]
        out, _ = read(wire, chunks=(4096,))
        ok += out[:1] == [big] and sorted(map(zmtp.kind, out[1:])) == ["a status", "a stream"]
    results["nested"] = [ok, len(range(1, len(zmtp.encode(middle)) - 1, 17))]
    # Bytes that are no message, and an output with a byte changed: dropped and reported; the messages around
    # them come through.
    first, broken, last = status("busy"), output(300), status("idle")
    damaged = bytearray(zmtp.encode(broken))
    damaged[200] ^= 0x01
    reports = []
    stream = zmtp.Stream(zmtp.checker(key), reports.append)
    out = stream.feed(zmtp.encode(first) + b"\x78" * 50 + bytes(damaged) + zmtp.encode(last), 0.0)
    results["garbage"] = {"out": names(out), "lost": stream.lost, "reports": reports}
    # Bytes that are no message written into an output's frame size: it looks unfinished while whole messages
    # come after it; after STALL_LIMIT it is dropped, and they come through.
    wire = zmtp.encode(broken)
    size_at = wire.index(b'{"data"') - 8
    reports = []
    stream = zmtp.Stream(zmtp.checker(key), reports.append)
    stalled = wire[: size_at + 4] + b"\x00\x10\x00" + wire[size_at + 4 :]  # 328 bytes read as 1 MiB
    out = stream.feed(stalled + zmtp.encode(first) + zmtp.encode(last), 0.0)
    before = len(out)
    out += stream.feed(b"", zmtp.STALL_LIMIT + 1)
    results["stalled"] = {"before": before, "out": names(out), "reports": reports}
    return results


def small():
    """A fresh kernel's JavaScript heap after a full collection (Deno.bench's array emptied by the relay), its
    resident memory, the settings it was started with (given flags after the relay's), and Deno.bench still there."""
    stderr = tempfile.TemporaryFile()
    km = KernelManager(kernel_name="deno")
    km.start_kernel(stderr=stderr, env={**os.environ, "DENO_V8_FLAGS": "--max-old-space-size=512"})
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    try:
        code = ("const { Session } = await import('node:inspector'); const s = new Session(); s.connect();\n"
                "await new Promise((done) => s.post('HeapProfiler.collectGarbage', {}, done)); s.disconnect();\n"
                "console.log(JSON.stringify({ heapMiB: Deno.memoryUsage().heapUsed / 2 ** 20,"
                " rssMiB: Deno.memoryUsage().rss / 2 ** 20, flags: Deno.env.get('DENO_V8_FLAGS'),"
                " mmapThreshold: Deno.env.get('MALLOC_MMAP_THRESHOLD_'), bench: typeof Deno.bench }))")
        outputs = []
        reply = kc.execute_interactive(code, timeout=60, output_hook=lambda msg: outputs.append(msg["content"]))
        stderr.seek(0)
        log = [line for line in stderr.read().decode(errors="replace").splitlines() if "deno-course relay" in line]
        printed = [o["text"] for o in outputs if "text" in o]
        return {"status": reply["content"]["status"], "outputs": outputs if not printed else len(outputs), "log": log,
                **(json.loads(printed[0]) if printed else {})}
    finally:
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    scenarios = {
        "queued": queued,
        "sandbox_retries": sandbox_retries,
        "restart": restart,
        "shutdown": shutdown,
        "unreadable": unreadable,
        "interrupt": interrupt,
        "untangle": untangle,
        "small": small,
    }
    if len(sys.argv) != 2 or sys.argv[1] not in scenarios:
        raise SystemExit(f"Cannot probe the relay as 'SCENARIO' must be one of {', '.join(scenarios)}: current value is {sys.argv[1:]}")
    print(json.dumps(scenarios[sys.argv[1]]()))

"""Drives the "deno" kernelspec (Deno's kernel behind the course's relay) through jupyter_client; for tests/relay_test.ts.

    python tests/_relay_probe.py SCENARIO

Prints one JSON object with what was seen. Scenarios: queued, restart, shutdown, unreadable, interrupt.
"""

import json
import queue
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
    """Frames that are no Jupyter message: forwarded and logged by the relay; the kernel still answers."""
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


if __name__ == "__main__":
    scenarios = {
        "queued": queued,
        "restart": restart,
        "shutdown": shutdown,
        "unreadable": unreadable,
        "interrupt": interrupt,
    }
    if len(sys.argv) != 2 or sys.argv[1] not in scenarios:
        raise SystemExit(f"Cannot probe the relay as 'SCENARIO' must be one of {', '.join(scenarios)}: current value is {sys.argv[1:]}")
    print(json.dumps(scenarios[sys.argv[1]]()))

"""Runs the course's notebooks headless through the real Deno kernel, losing no output.

    python3 scripts/notebooks.py run    [NOTEBOOK ...] [--out DIR] [--passes N] [--report FILE]
    python3 scripts/notebooks.py export [NOTEBOOK ...] [--out DIR]

`run` writes each executed notebook to build/executed/, `export` writes a
self-contained HTML page to build/html/ (offline, interactive plots). With no
NOTEBOOK, every notebooks/*.ipynb. Exit status 1 if a cell raised an error or
an output could not be collected.

Why a runner of our own: the Deno 2.9 kernel sometimes publishes `status: idle`
before the outputs of the cell it reports on (its outputs reach the iopub socket
through an asynchronous drainer that nothing orders against `idle`), and
nbclient, so `jupyter nbconvert --execute`, stops reading at `idle`. This
runner, after a cell's reply and `idle`, executes a tiny sentinel cell whose
only output is a console.log marker. The drainer is first-in first-out, so when
the marker arrives every output of the cell before it has been sent. Outputs
are attributed by parent message id; anything stamped with the sentinel's id
but not the marker was sent late by the cell before it (the drainer stamps the
parent current when it sends) and goes back to that cell. A short quiet period
after the marker is a second net. A message that cannot be read (jupyter_client
once raised `Invalid Signature` while a multi-megabyte output was interleaved
with a small one) restarts the notebook in a fresh kernel, up to --attempts
times, and is reported.

Since the course's kernelspec "Deno (course)" runs Deno's kernel behind a relay
(scripts/jupyter/lr_course_jupyter/relay.py) that holds each cell's `idle`
until its outputs are sent, plain `jupyter nbconvert --execute` loses nothing
either. This runner is kept all the same, with its own fence: it then also
works against Deno's own kernelspec (`--kernel` names any), it runs a notebook
several times in one kernel (`--passes`), writes a JSON report, and exports
offline HTML; the fence costs a few milliseconds per cell.

Why Python: jupyter_client (in the course's environment, scripts/requirements.txt) is the reference
implementation of the Jupyter messaging protocol and talks to the kernel
directly over ZeroMQ, with no Jupyter server to start; a TypeScript runner
would need a server plus its REST and websocket APIs for the same result.
"""

import argparse
import copy
import json
import pathlib
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

import nbformat
from jupyter_client.manager import KernelManager

ROOT = pathlib.Path(__file__).resolve().parent.parent


class Unreadable(Exception):
    """A message from the kernel could not be read; the run cannot be trusted."""


class CellTimeout(Exception):
    """A cell did not finish within the time allowed."""


class Cell:
    """What one execution of one code cell produced."""

    def __init__(self, index, source):
        self.index = index
        self.source = source
        self.outputs = []
        self.execution_count = None
        self.reply = None
        self.idle = False
        self.after_idle = 0  # outputs that arrived after `idle`: the kernel race, caught
        self.displays = {}  # display_id -> indices into outputs, for update_display_data

    def add(self, msg):
        kind = msg["msg_type"]
        content = msg["content"]
        if kind == "status":
            if content["execution_state"] == "idle":
                self.idle = True
            return
        if kind in ("execute_input", "comm_open", "comm_msg", "comm_close"):
            if kind == "execute_input":
                self.execution_count = content.get("execution_count")
            return
        if self.idle:
            self.after_idle += 1
        if kind == "clear_output":
            self.outputs = []
            self.displays = {}
            return
        if kind == "update_display_data":
            display_id = (content.get("transient") or {}).get("display_id")
            for i in self.displays.get(display_id, []):
                self.outputs[i] = nbformat.v4.new_output("display_data", data=content["data"], metadata=content.get("metadata", {}))
            return
        if kind not in ("stream", "display_data", "execute_result", "error"):
            return
        if kind == "stream" and self.outputs and self.outputs[-1].get("output_type") == "stream" and self.outputs[-1]["name"] == content["name"]:
            self.outputs[-1]["text"] += content["text"]
            return
        output = nbformat.v4.output_from_msg(msg)
        if kind == "display_data":
            display_id = (content.get("transient") or {}).get("display_id")
            if display_id:
                self.displays.setdefault(display_id, []).append(len(self.outputs))
        self.outputs.append(output)

    @property
    def error(self):
        return next((o for o in self.outputs if o["output_type"] == "error"), None) or (
            self.reply if self.reply and self.reply.get("status") == "error" else None
        )


class Kernel:
    """A Deno kernel with the sentinel protocol described at the top of this file."""

    def __init__(self, cwd, kernel_name, timeout, quiet):
        self.timeout = timeout
        self.quiet = quiet
        self.km = KernelManager(kernel_name=kernel_name)
        # The kernel's own stderr (a banner, and any crash) goes to a file, shown if the kernel dies.
        self.stderr = tempfile.TemporaryFile()
        self.km.start_kernel(cwd=str(cwd), stderr=self.stderr)
        self.kc = self.km.client()
        self.kc.start_channels()
        try:
            self.kc.wait_for_ready(timeout=60)
        except RuntimeError as e:
            raise SystemExit(f"the {kernel_name} kernel did not start: {e}\n{self.kernel_stderr()}") from e
        self.cells = {}  # msg_id -> Cell
        self.sentinels = {}  # msg_id -> (marker, Cell it closes)
        self.stray = 0  # messages whose parent is neither a cell nor a sentinel

    def kernel_stderr(self):
        self.stderr.seek(0)
        return self.stderr.read().decode(errors="replace")

    def close(self):
        try:
            self.kc.stop_channels()
        finally:
            self.km.shutdown_kernel(now=True)
            self.stderr.close()

    def _check_alive(self, what):
        if not self.km.is_alive():
            raise SystemExit(f"the kernel died during {what}:\n{self.kernel_stderr()}")

    def _read(self, get, timeout):
        try:
            return get(timeout=timeout)
        except queue.Empty:
            return None
        except Exception as e:  # jupyter_client raises ValueError("Invalid Signature ...") and others
            raise Unreadable(f"{type(e).__name__}: {e}") from e

    def _dispatch(self, msg):
        parent = msg["parent_header"].get("msg_id")
        if parent in self.cells:
            self.cells[parent].add(msg)
            return None
        if parent in self.sentinels:
            marker, owner = self.sentinels[parent]
            if msg["msg_type"] == "stream" and marker in msg["content"].get("text", ""):
                rest = msg["content"]["text"].replace(marker + "\n", "").replace(marker, "")
                if rest:  # a late line of the owner's, sent in the same batch
                    owner.add({**msg, "content": {**msg["content"], "text": rest}})
                return "marker"
            if msg["msg_type"] == "status":
                return "idle" if msg["content"]["execution_state"] == "idle" else None
            if msg["msg_type"] != "execute_input":
                owner.add(msg)  # sent late by the owner: counted in its after_idle
            return None
        if msg["msg_type"] != "status":
            self.stray += 1
        return None

    def _drain_shell(self, replies):
        while True:
            msg = self._read(self.kc.get_shell_msg, 0)
            if msg is None:
                return
            replies[msg["parent_header"].get("msg_id")] = msg["content"]

    def run(self, index, source):
        cell = Cell(index, source)
        msg_id = self.kc.execute(source, allow_stdin=False, stop_on_error=False)
        self.cells[msg_id] = cell
        replies = {}
        deadline = time.monotonic() + self.timeout
        while not (cell.idle and msg_id in replies):
            self._drain_shell(replies)
            msg = self._read(self.kc.get_iopub_msg, 0.02)
            if msg is not None:
                self._dispatch(msg)
            elif time.monotonic() > deadline:
                raise CellTimeout(f"cell {index} did not finish within {self.timeout} s")
            else:
                self._check_alive(f"cell {index}")
        cell.reply = replies[msg_id]
        if cell.execution_count is None:
            cell.execution_count = cell.reply.get("execution_count")
        self._fence(cell)
        return cell

    def _fence(self, cell):
        """Waits until every output of `cell` has arrived (see the module docstring)."""
        marker = f"__notebook_runner_fence_{uuid.uuid4().hex}__"
        sentinel = self.kc.execute(f"console.log({json.dumps(marker)})", store_history=False, allow_stdin=False)
        self.sentinels[sentinel] = (marker, cell)
        replies = {}
        seen_marker = seen_idle = False
        deadline = time.monotonic() + self.timeout
        while not (seen_marker and seen_idle and sentinel in replies):
            self._drain_shell(replies)
            msg = self._read(self.kc.get_iopub_msg, 0.02)
            if msg is None:
                if time.monotonic() > deadline:
                    raise CellTimeout(f"the fence after cell {cell.index} did not come back within {self.timeout} s")
                continue
            got = self._dispatch(msg)
            seen_marker |= got == "marker"
            seen_idle |= got == "idle"
        # The second net: nothing more for a short while.
        last = time.monotonic()
        while time.monotonic() - last < self.quiet:
            msg = self._read(self.kc.get_iopub_msg, self.quiet)
            if msg is not None:
                self._dispatch(msg)
                last = time.monotonic()


def execute(path, *, passes, timeout, quiet, kernel_name, allow_errors):
    """Runs every code cell of `path` `passes` times in one kernel; returns (notebook, report)."""
    nb = nbformat.read(path, as_version=4)
    started = time.monotonic()
    kernel = Kernel(path.parent, kernel_name, timeout, quiet)
    report = {"notebook": str(path), "passes": passes, "cells": [], "errors": [], "late_outputs": 0}
    try:
        for p in range(passes):
            for index, nb_cell in enumerate(nb.cells):
                if nb_cell.cell_type != "code" or not nb_cell.source.strip():
                    continue
                try:
                    cell = kernel.run(index, nb_cell.source)
                except CellTimeout as e:
                    report["errors"].append({"pass": p + 1, "cell": index, "ename": "Timeout", "evalue": str(e)})
                    return nb, report
                report["late_outputs"] += cell.after_idle
                if p == passes - 1:
                    nb_cell.outputs = cell.outputs
                    nb_cell.execution_count = cell.execution_count
                    report["cells"].append({
                        "index": index,
                        "outputs": [o["output_type"] for o in cell.outputs],
                        "mime": [sorted(o.get("data", {}).keys()) for o in cell.outputs],
                    })
                if cell.error:
                    err = cell.error
                    report["errors"].append({"pass": p + 1, "cell": index, "ename": err.get("ename"), "evalue": err.get("evalue")})
                    if not allow_errors:
                        return nb, report
        report["stray_messages"] = kernel.stray
    finally:
        kernel.close()
        report["seconds"] = round(time.monotonic() - started, 2)
    return nb, report


def execute_with_retries(path, args):
    last = None
    for attempt in range(1, args.attempts + 1):
        try:
            nb, report = execute(path, passes=args.passes, timeout=args.timeout, quiet=args.quiet,
                                 kernel_name=args.kernel, allow_errors=args.allow_errors)
            report["attempts"] = attempt
            report["unreadable"] = [] if last is None else [str(last)]
            return nb, report
        except Unreadable as e:
            last = e
            print(f"  {path.name}: attempt {attempt}: a kernel message could not be read ({e}); running the notebook again",
                  file=sys.stderr)
    raise SystemExit(f"{path}: every one of {args.attempts} attempts hit an unreadable kernel message: {last}")


_mathjax = None


def mathjax_source():
    """MathJax 3 as one self-contained file (tex-svg.js: the SVG output needs no font files), read from Deno's npm
    cache, where `deno install` put the version pinned in deno.json ("mathjax/"). Read once per run."""
    global _mathjax
    if _mathjax is None:
        deno = shutil.which("deno")
        if deno is None:
            from jupyter_client.kernelspec import KernelSpecManager
            argv = KernelSpecManager().get_kernel_spec("deno").argv
            deno = argv[argv.index("--deno") + 1] if "--deno" in argv else argv[0]  # the course's relay, or Deno's own
        where = subprocess.run(
            [deno, "eval", 'console.log(new URL(import.meta.resolve("mathjax/es5/tex-svg.js")).pathname)'],
            cwd=ROOT, capture_output=True, text=True)
        path = pathlib.Path(where.stdout.strip())
        if where.returncode != 0 or not path.is_file():
            raise SystemExit(f"MathJax is not in Deno's cache ({where.stderr.strip() or path}): run 'deno install' in {ROOT}")
        _mathjax = path.read_text(encoding="utf-8")
    return _mathjax


MATHJAX_CONFIG = """<script type="text/javascript">
window.MathJax = {
  tex: { inlineMath: [["$", "$"], ["\\\\(", "\\\\)"]], displayMath: [["$$", "$$"], ["\\\\[", "\\\\]"]], processEscapes: true },
  svg: { fontCache: "global" },
};
</script>"""


def export_html(nb, out_path):
    """Writes `nb` as one HTML page that works offline: figures and formulas.

    nbconvert 7's classic template imports mermaid.js from a CDN for diagrams
    (and older ones linked jQuery and require.js); nothing on these pages uses
    them, so they are dropped. It also loads MathJax 2 from a CDN, so formulas
    would show as LaTeX source without a network: that link and its
    configuration are replaced by MathJax 3 itself, inlined from Deno's npm
    cache (about 2 MB, as plotly.js is inlined by the first figure).
    """
    from nbconvert import HTMLExporter
    exporter = HTMLExporter(template_name="classic")
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": out_path.stem}})
    body = re.sub(r'<script[^>]*src="[^"]*(jquery|require)[^"]*"[^>]*>\s*</script>\n?', "", body)
    body = re.sub(r'<script type="module">\s*import mermaid from [^<]*</script>\n?', "", body)
    mathjax = MATHJAX_CONFIG + '\n<script type="text/javascript">' + mathjax_source().replace("</script", "<\\/script") + "</script>"
    body, linked = re.subn(r'<script[^>]*src="[^"]*mathjax[^"]*"[^>]*>\s*</script>', lambda _: mathjax, body, flags=re.I)
    body = re.sub(r'<script type="text/x-mathjax-config">.*?</script>', "", body, flags=re.S)
    if linked != 1:
        raise SystemExit(f"{out_path.name}: nbconvert's page linked MathJax {linked} times, expected once; update export_html")
    out_path.write_text(body, encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["run", "export"])
    parser.add_argument("notebooks", nargs="*", type=pathlib.Path)
    parser.add_argument("--out", type=pathlib.Path, help="output folder (default build/executed or build/html)")
    parser.add_argument("--passes", type=int, default=1, help="run all cells this many times in one kernel (default 1)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds a cell may take (default 120)")
    parser.add_argument("--quiet", type=float, default=0.05, help="seconds of silence after the fence (default 0.05)")
    parser.add_argument("--attempts", type=int, default=3, help="runs of a notebook before giving up on unreadable messages")
    parser.add_argument("--kernel", default="deno", help="kernelspec name (default deno)")
    parser.add_argument("--allow-errors", action="store_true", help="keep running after a cell raises")
    parser.add_argument("--report", type=pathlib.Path, help="write a JSON report of every notebook here")
    args = parser.parse_args(argv)

    paths = args.notebooks or sorted((ROOT / "notebooks").glob("*.ipynb"))
    out = args.out or ROOT / "build" / ("executed" if args.command == "run" else "html")
    out.mkdir(parents=True, exist_ok=True)
    reports = []
    failed = False
    for path in paths:
        path = path.resolve()
        nb, report = execute_with_retries(path, args)
        reports.append(report)
        target = out / (path.stem + (".ipynb" if args.command == "run" else ".html"))
        if args.command == "run":
            nbformat.write(nb, target)
        else:
            export_html(nb, target)
        status = "ok" if not report["errors"] else "ERROR"
        outputs = sum(len(c["outputs"]) for c in report["cells"])
        print(f"{status:5} {path.name}: {len(report['cells'])} cells, {outputs} outputs, {report['seconds']} s"
              f" ({report['late_outputs']} late outputs caught) -> {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
        for err in report["errors"]:
            failed = True
            print(f"      pass {err['pass']}, cell {err['cell']}: {err['ename']}: {err['evalue']}")
    if args.report:
        args.report.write_text(json.dumps(reports, indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Runs the course's notebooks headless with nbclient, through the course's kernel, and exports them as offline HTML.

    python3 scripts/notebooks.py run    [NOTEBOOK ...] [--out DIR] [--passes N] [--report FILE]
    python3 scripts/notebooks.py export [NOTEBOOK ...] [--out DIR]

`run` writes each executed notebook to build/executed/, `export` writes a
self-contained HTML page to build/html/ (plots and formulas offline). With no
NOTEBOOK, every notebooks/*.ipynb. Exit status 1 if a cell raised an error.

This is nbclient (what `jupyter nbconvert --execute` and papermill run) with
three things they lack: several passes over a notebook in one kernel (the tests
check that a second Run All works), a JSON report, and the offline HTML. It
loses no output because the kernelspec "Deno (course)" runs Deno's kernel behind
the relay (scripts/jupyter/lr_course_jupyter/relay.py), which holds each cell's
`idle` until its outputs are out (docs/deno-kernel-issues.md); so it refuses a
kernelspec without the relay, with which nbclient would drop outputs.
"""

import argparse
import contextlib
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import time

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

ROOT = pathlib.Path(__file__).resolve().parent.parent
RELAY = "lr_course_jupyter.relay"


def kernel_argv(kernel_name):
    try:
        return KernelSpecManager().get_kernel_spec(kernel_name).argv
    except Exception as e:  # jupyter_client raises NoSuchKernel, a KeyError
        raise SystemExit(f"Cannot run the notebooks as the kernelspec '{kernel_name}' is not installed: {e}"
                         " (./scripts/course or ./scripts/test installs 'Deno (course)')") from e


def check_relay(kernel_name):
    argv = kernel_argv(kernel_name)
    if RELAY not in argv:
        raise SystemExit(f"Cannot run the notebooks as the kernelspec '{kernel_name}' does not start the course's relay:"
                         f" current value is {' '.join(argv)}. Without it Deno's kernel loses outputs under nbclient"
                         " (docs/deno-kernel-issues.md); ./scripts/course or ./scripts/test installs 'Deno (course)'.")


def start_kernel(client, path, attempts=3):
    """Starts the client's kernel, as `with client.setup_kernel()` would. jupyter_client picks free ports that the kernel
    binds later, and on a busy machine another process can take one in between (the relay then exits with "Address
    already in use"), so a kernel that dies before answering is started again, up to `attempts` times."""
    for attempt in range(1, attempts + 1):
        stack = contextlib.ExitStack()
        try:
            stack.enter_context(client.setup_kernel())
            return stack
        except RuntimeError as e:  # nbclient: "Kernel died before replying to kernel_info"
            stack.close()
            client.km = client.kc = None
            if attempt == attempts:
                raise SystemExit(f"{path.name}: the kernel died at start {attempts} times: {e}") from e
            print(f"      {path.name}: the kernel died at start ({e}); starting it again", file=sys.stderr)


def execute(path, *, passes, timeout, kernel_name, allow_errors):
    """Runs every code cell of `path` `passes` times in one kernel; returns (notebook, report)."""
    nb = nbformat.read(path, as_version=4)
    started = time.monotonic()
    report = {"notebook": str(path), "passes": passes, "cells": [], "errors": []}
    client = NotebookClient(nb, kernel_name=kernel_name, timeout=timeout, allow_errors=allow_errors, shutdown_kernel="immediate",
                            resources={"metadata": {"path": str(path.parent)}})
    code = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]
    with start_kernel(client, path):
        for p in range(1, passes + 1):
            for index, cell in code:
                try:
                    client.execute_cell(cell, index)
                except CellTimeoutError as e:
                    report["errors"].append({"pass": p, "cell": index, "ename": "Timeout", "evalue": str(e)})
                    break
                except CellExecutionError as e:
                    report["errors"].append({"pass": p, "cell": index, "ename": e.ename, "evalue": e.evalue})
                    break
                error = next((o for o in cell.outputs if o.output_type == "error"), None)
                if error is not None:  # with --allow-errors, nbclient goes on
                    report["errors"].append({"pass": p, "cell": index, "ename": error.ename, "evalue": error.evalue})
            if report["errors"] and not allow_errors:
                break
    for index, cell in code:
        report["cells"].append({
            "index": index,
            "outputs": [o["output_type"] for o in cell.outputs],
            "mime": [sorted(o.get("data", {}).keys()) for o in cell.outputs],
        })
    report["seconds"] = round(time.monotonic() - started, 2)
    return nb, report


_mathjax = None


def deno_binary():
    """Deno: $DENO (scripts/setup.sh sets it), on PATH, or the one the relay's kernelspec starts."""
    if os.environ.get("DENO"):
        return os.environ["DENO"]
    if shutil.which("deno"):
        return shutil.which("deno")
    argv = kernel_argv("deno")
    if "--deno" in argv:
        return argv[argv.index("--deno") + 1]
    raise SystemExit("Cannot find Deno to locate MathJax: set DENO, or put deno on PATH")


def mathjax_source():
    """MathJax 3 as one self-contained file (tex-svg.js: the SVG output needs no font files), read from Deno's npm
    cache, where `deno install` put the version pinned in deno.json ("mathjax/"). Read once per run."""
    global _mathjax
    if _mathjax is None:
        where = subprocess.run(
            [deno_binary(), "eval", 'console.log(new URL(import.meta.resolve("mathjax/es5/tex-svg.js")).pathname)'],
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
    parser.add_argument("--kernel", default="deno", help="kernelspec name, one that starts the relay (default deno)")
    parser.add_argument("--allow-errors", action="store_true", help="keep running after a cell raises")
    parser.add_argument("--report", type=pathlib.Path, help="write a JSON report of every notebook here")
    args = parser.parse_intermixed_args(argv)
    if args.passes < 1:
        parser.error(f"Cannot run the notebooks as '--passes' must be at least 1: current value is {args.passes}")
    check_relay(args.kernel)

    paths = args.notebooks or sorted((ROOT / "notebooks").glob("*.ipynb"))
    out = args.out or ROOT / "build" / ("executed" if args.command == "run" else "html")
    out.mkdir(parents=True, exist_ok=True)
    reports = []
    failed = False
    for path in paths:
        path = path.resolve()
        nb, report = execute(path, passes=args.passes, timeout=args.timeout, kernel_name=args.kernel,
                             allow_errors=args.allow_errors)
        reports.append(report)
        target = out / (path.stem + (".ipynb" if args.command == "run" else ".html"))
        if args.command == "run":
            nbformat.write(nb, target)
        else:
            export_html(nb, target)
        status = "ok" if not report["errors"] else "ERROR"
        outputs = sum(len(c["outputs"]) for c in report["cells"])
        shown = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
        print(f"{status:5} {path.name}: {len(report['cells'])} cells, {outputs} outputs, {report['seconds']} s -> {shown}")
        for err in report["errors"]:
            failed = True
            print(f"      pass {err['pass']}, cell {err['cell']}: {err['ename']}: {err['evalue']}")
    if args.report:
        args.report.write_text(json.dumps(reports, indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

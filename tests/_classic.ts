// A live classic Notebook server (Debian's jupyter-notebook) and Run All in it,
// driven through headless Chromium: what a teacher does in class.
import { type Browser, drawnFigures } from "./_browser.ts";
import { python } from "./_notebook.ts";

/** A running Notebook server. */
export interface NotebookServer {
  port: number;
  /** What the server printed so far. */
  log(): string;
  close(): Promise<void>;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/** Starts a Notebook server on a free loopback port, serving `dir`, without a token. */
export async function startNotebookServer(dir: string): Promise<NotebookServer> {
  const port = freePort();
  const server = new Deno.Command(python, {
    args: [
      "-m",
      "notebook",
      "--no-browser",
      "--allow-root",
      `--port=${port}`,
      "--ip=127.0.0.1",
      "--NotebookApp.token=",
      "--NotebookApp.password=",
      `--notebook-dir=${dir}`,
    ],
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const log: string[] = [];
  (async () => {
    for await (const chunk of server.stderr.pipeThrough(new TextDecoderStream())) log.push(chunk);
  })();
  const close = async () => {
    try {
      server.kill("SIGTERM");
    } catch { /* already gone */ }
    await server.status;
  };
  const deadline = Date.now() + 30_000;
  while (true) { // the server takes a moment to listen
    try {
      await fetch(`http://127.0.0.1:${port}/api`).then((r) => r.body?.cancel());
      return { port, log: () => log.join(""), close };
    } catch (e) {
      if (Date.now() > deadline) {
        await close();
        throw new Error(`the Notebook server did not start: ${e}\n${log.join("")}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/**
 * Opens `path` (relative to the server's folder) and waits until it is ready: the page fully loaded and the kernel
 * has answered kernel_info (is_connected() alone can come before the kernel listens, and cells run then are lost).
 */
async function openNotebook(browser: Browser, server: NotebookServer, path: string): Promise<void> {
  await browser.open(`http://127.0.0.1:${server.port}/notebooks/${path}`);
  await browser.waitFor(
    "!!(window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded && Jupyter.notebook.kernel && " +
      "Jupyter.notebook.kernel.is_connected() && Jupyter.notebook.kernel.info_reply && Jupyter.notebook.kernel.info_reply.status === 'ok')",
    90_000,
    `the Deno kernel to connect and answer in ${path}`,
  );
}

/** Page-side code: a classic Notebook code cell as a {@linkcode CellResult}. */
const cellResult = `(c) => ({
  prompt: typeof c.input_prompt_number === "number" ? c.input_prompt_number : null,
  outputs: c.output_area.outputs.map((o) => ({
    type: o.output_type,
    text: o.output_type === "error" ? o.ename + ": " + o.evalue : String((o.data && o.data["text/plain"]) || o.text || ""),
  })),
})`;

/** What Run All left in each code cell: its prompt number and the text/plain of its outputs. */
export interface CellResult {
  prompt: number | null;
  outputs: { type: string; text: string }[];
}

/**
 * Opens `path` (relative to the server's folder), waits for the kernel, turns
 * autosave off (nothing is written back), runs all cells, and waits until
 * every code cell has run and `figures` figures have drawn. Returns each code
 * cell's result; on a timeout, throws with what the page showed.
 */
export async function runAll(
  browser: Browser,
  server: NotebookServer,
  path: string,
  figures: number,
  timeoutMs = 120_000,
): Promise<CellResult[]> {
  await openNotebook(browser, server, path);
  await browser.evaluate(
    "Jupyter.notebook.set_autosave_interval(0); Jupyter.notebook.clear_all_output(); Jupyter.notebook.execute_all_cells(); true",
  );
  const results = `Jupyter.notebook.get_cells().filter((c) => c.cell_type === "code").map(${cellResult})`;
  const done = `(() => {
    const cells = ${results};
    const drawn = ${drawnFigures};
    return (cells.every((c) => c.prompt !== null) || cells.some((c) => c.outputs.some((o) => o.type === "error"))) && drawn >= ${figures};
  })()`;
  try {
    await browser.waitFor(done, timeoutMs, `Run All of ${path} to finish with ${figures} figures drawn`);
  } catch (e) {
    const cells = await browser.evaluate<CellResult[]>(results).catch(() => []);
    const drawn = await browser.evaluate<number>(
      drawnFigures,
    ).catch(() => -1);
    throw new Error(
      `${(e as Error).message}\ndrawn: ${drawn}\ncells: ${JSON.stringify(cells).slice(0, 3000)}\nconsole: ${
        browser.errors.join("\n")
      }\nserver: ${server.log().slice(-3000)}`,
    );
  }
  // The kernel may still send outputs after a cell's idle (see the README's known issues); the page keeps
  // listening, so wait until nothing has changed for a second before reading.
  let cells = await browser.evaluate<CellResult[]>(results);
  for (let i = 0; i < 30; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = await browser.evaluate<CellResult[]>(results);
    if (JSON.stringify(now) === JSON.stringify(cells)) break;
    cells = now;
  }
  // Leave without the "unsaved changes" prompt, and without saving.
  await browser.evaluate(
    "Jupyter.notebook.set_dirty(false); window.onbeforeunload = null; Jupyter.notebook.kernel.kill(); true",
  );
  return cells;
}

/**
 * Opens `path` and runs its code cells one at a time, as a teacher does with
 * Shift + Enter: each cell is run once the one before has finished and its
 * outputs have stopped changing. Returns each code cell's result.
 */
export async function runCellByCell(browser: Browser, server: NotebookServer, path: string): Promise<CellResult[]> {
  await openNotebook(browser, server, path);
  await browser.evaluate("Jupyter.notebook.set_autosave_interval(0); Jupyter.notebook.clear_all_output(); true");
  const indices = await browser.evaluate<number[]>(
    "Jupyter.notebook.get_cells().map((c, i) => c.cell_type === 'code' ? i : -1).filter((i) => i >= 0)",
  );
  const results: CellResult[] = [];
  const read = (i: number) => `(${cellResult})(Jupyter.notebook.get_cell(${i}))`;
  for (const i of indices) {
    await browser.evaluate(`Jupyter.notebook.select(${i}); Jupyter.notebook.execute_cell(); true`);
    await browser.waitFor(`${read(i)}.prompt !== null`, 120_000, `cell ${i} of ${path} to run`);
    let last = JSON.stringify(await browser.evaluate(read(i)));
    for (let quiet = 0; quiet < 3;) { // 3 × 100 ms without a change
      await new Promise((r) => setTimeout(r, 100));
      const now = JSON.stringify(await browser.evaluate(read(i)));
      quiet = now === last ? quiet + 1 : 0;
      last = now;
    }
    results.push(JSON.parse(last));
  }
  await browser.evaluate(
    "Jupyter.notebook.set_dirty(false); window.onbeforeunload = null; Jupyter.notebook.kernel.kill(); true",
  );
  return results;
}

/**
 * The console errors left once those of the classic Notebook's own page
 * furniture are set aside: Debian's package asks for a widgets nbextension it
 * does not ship, and its MathJax probes a web font at about:blank when it
 * typesets the first formula.
 */
export function pageErrors(errors: string[]): string[] {
  return errors.filter((e) =>
    !/favicon|\/nbextensions\/widgets\/|kernelspecs\/.*logo|font at 'about:blank'|ERR_FAILED about:blank/.test(e)
  );
}

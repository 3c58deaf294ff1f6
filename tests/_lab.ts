// JupyterLab 4 and Notebook 7 (the course's own, from scripts/requirements.txt), live, driven through
// headless Chromium: the notebook opened from its URL, cells run with Shift+Enter or Run All, outputs
// read from the notebook's model and figures from the page.
import { errors, type Page } from "./_browser.ts";
import { jupyter } from "./_notebook.ts";

/** Which frontend a server serves. */
export type Frontend = "lab" | "notebook";

/** Options of {@linkcode startJupyter}. */
export interface JupyterOptions {
  /** Keep jupyterlab-plotly, the renderer for `application/vnd.plotly.v1+json`. @default {true} */
  plotlyRenderer?: boolean;
  /** JupyterLab's windowing mode for notebooks. @default {"contentVisibility"} (JupyterLab's own default) */
  windowingMode?: "contentVisibility" | "full" | "defer" | "none";
}

/** A running Jupyter server. */
export interface JupyterServer {
  frontend: Frontend;
  port: number;
  /** The page that opens `path` (relative to the served folder). */
  pageOf(path: string): string;
  /** What the server printed so far. */
  log(): string;
  close(): Promise<void>;
}

/** A port on 127.0.0.1 that nothing listens on now. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/**
 * Starts `jupyter lab` or `jupyter notebook` on a free loopback port, serving `dir`, without a token, with
 * settings of its own (nothing of the user's ~/.jupyter), the app reachable as `window.jupyterapp`.
 */
export async function startJupyter(
  frontend: Frontend,
  dir: string,
  options: JupyterOptions = {},
): Promise<JupyterServer> {
  const { plotlyRenderer = true, windowingMode = "contentVisibility" } = options;
  const port = freePort();
  const home = await Deno.makeTempDir({ prefix: `jupyter_${frontend}_` });
  // JupyterLab's news plugin would ask, in a corner of every page, whether to fetch news from the web.
  const disabled: Record<string, boolean> = frontend === "lab"
    ? { "@jupyterlab/apputils-extension:announcements": true }
    : {};
  // jupyterlab-plotly's renderer registers as this plugin; disabling the package's name does not reach it.
  if (!plotlyRenderer) disabled["@jupyterlab/plotly-extension"] = true;
  await Deno.mkdir(`${home}/config/labconfig`, { recursive: true });
  await Deno.writeTextFile(
    `${home}/config/labconfig/page_config.json`,
    JSON.stringify({ disabledExtensions: disabled }),
  );
  await Deno.mkdir(`${home}/settings/@jupyterlab/notebook-extension`, { recursive: true });
  if (windowingMode !== "contentVisibility") {
    await Deno.writeTextFile(
      `${home}/settings/@jupyterlab/notebook-extension/tracker.jupyterlab-settings`,
      JSON.stringify({ windowingMode }),
    );
  }
  const server = new Deno.Command(jupyter, {
    args: [
      frontend,
      "--no-browser",
      "--allow-root",
      "--expose-app-in-browser",
      `--port=${port}`,
      "--ip=127.0.0.1",
      "--ServerApp.token=",
      "--ServerApp.password=",
      `--ServerApp.root_dir=${dir}`,
    ],
    env: {
      JUPYTER_CONFIG_DIR: `${home}/config`,
      JUPYTERLAB_SETTINGS_DIR: `${home}/settings`,
      JUPYTERLAB_WORKSPACES_DIR: `${home}/workspaces`,
    },
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
    await Deno.remove(home, { recursive: true }).catch(() => {});
  };
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (true) { // the server takes a moment to listen
    try {
      await fetch(`${base}/api`).then((r) => r.body?.cancel());
      return {
        frontend,
        port,
        pageOf: (path) => frontend === "lab" ? `${base}/lab/tree/${path}?reset` : `${base}/notebooks/${path}`,
        log: () => log.join(""),
        close,
      };
    } catch (e) {
      if (Date.now() > deadline) {
        await close();
        throw new Error(`jupyter ${frontend} did not start: ${e}\n${log.join("")}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Page-side: the notebook panel open on `path`. */
const panelOf = (path: string) =>
  `[...window.jupyterapp.shell.widgets("main")].find((w) => w.context && w.context.path === ${JSON.stringify(path)})`;

/** Page-side: the notebook panel, its kernel ready (connected, idle, kernel_info answered). */
const ready = (path: string) =>
  `(() => {
  const panel = window.jupyterapp && ${panelOf(path)};
  const kernel = panel && panel.context.isReady && panel.sessionContext.session && panel.sessionContext.session.kernel;
  return !!(kernel && kernel.connectionStatus === "connected" && kernel.status === "idle" &&
    panel.content.widgets.length > 0);
})()`;

/** How often a page-side condition is checked while waiting for it: the expressions read the whole notebook. */
const polling = 200;

/** Opens `path` (relative to the server's folder) in the page and waits for its kernel. */
export async function openNotebook(page: Page, server: JupyterServer, path: string): Promise<void> {
  await page.goto(server.pageOf(path));
  try {
    await page.waitForFunction(ready(path), undefined, { timeout: 90_000, polling });
    // More room for the notebook: JupyterLab's file browser folded away.
    await page.evaluate("window.jupyterapp.shell.collapseLeft && window.jupyterapp.shell.collapseLeft(), true");
  } catch (e) {
    throw new Error(
      `${path} did not open with its kernel idle in ${server.frontend}: ${(e as Error).message}\n` +
        `console: ${errors(page).join("\n")}\nserver: ${server.log().slice(-3000)}`,
    );
  }
}

/** What one code cell shows: prompt, outputs (kind and a short text), and the Plotly figures on the page. */
export interface LiveCell {
  index: number;
  tags: string[];
  prompt: number | null;
  outputs: { type: string; mime: string[]; text: string }[];
  /** The figures the cell's outputs carry as `application/vnd.plotly.v1+json`. */
  figures: { contour: boolean; markers: boolean }[];
  /** The Plotly plots on the page inside this cell. */
  plots: {
    /** Plotly has drawn it (SVG). */
    drawn: boolean;
    /** jupyterlab-plotly shows the PNG it saved with the figure instead (a reopened notebook). */
    image: boolean;
    contourLines: number;
    points: number;
    lines: number;
  }[];
  /** Text shown in the cell's output area (the first 300 characters), for messages such as "plotly.js is not loaded". */
  shown: string;
}

/** Page-side: every code cell of the notebook at `path` as a {@linkcode LiveCell}. */
const liveCells = (path: string) =>
  `(() => {
  const panel = ${panelOf(path)};
  const short = (o) => o.output_type === "stream" ? String(o.text) :
    o.output_type === "error" ? o.ename + ": " + o.evalue : String((o.data && o.data["text/plain"]) || "");
  // Shift+Enter on the last cell adds an empty one; cells without code are left out.
  return panel.content.widgets.map((cell, index) => ({ cell, index }))
    .filter(({ cell }) => cell.model.type === "code" && cell.model.sharedModel.getSource().trim() !== "")
    .map(({ cell, index }) => {
      const outputs = cell.model.outputs.toJSON();
      return {
        index,
        tags: cell.model.getMetadata("tags") || [],
        prompt: cell.model.executionCount ?? null,
        outputs: outputs.map((o) => ({ type: o.output_type, mime: Object.keys(o.data || {}).sort(), text: short(o).slice(0, 300) })),
        figures: outputs.filter((o) => o.data && o.data["application/vnd.plotly.v1+json"]).map((o) => {
          const data = o.data["application/vnd.plotly.v1+json"].data || [];
          return {
            contour: data.some((t) => t.type === "contour"),
            markers: data.some((t) => (t.type === undefined || t.type === "scatter") && String(t.mode || "").includes("markers")),
          };
        }),
        // A figure's place: jupyterlab-plotly's output, or the <div> of the text/html representation.
        plots: [...cell.node.querySelectorAll(".jp-OutputArea .jp-RenderedPlotly, .jp-OutputArea .lrc-figure")].map((el) => ({
          drawn: !!el.querySelector(".main-svg"),
          image: !!el.querySelector("img.plot-img"),
          contourLines: el.querySelectorAll(".contourlevel path").length,
          points: el.querySelectorAll(".scatterlayer .point").length,
          lines: el.querySelectorAll(".scatterlayer .js-line").length,
        })),
        shown: (cell.node.querySelector(".jp-OutputArea")?.innerText || "").slice(0, 300),
      };
    });
})()`;

/** Reads every code cell of the notebook at `path`. */
export function readCells(page: Page, path: string): Promise<LiveCell[]> {
  return page.evaluate<LiveCell[]>(liveCells(path));
}

/**
 * Brings each cell with figures into view in turn, as a student scrolling down does, and reads it once its
 * figures are drawn (or after `timeoutMs`). With windowing, a cell out of view may not be on the page at
 * all, and the scripts of its HTML outputs run only once it is.
 */
export async function readFiguresInView(page: Page, path: string, timeoutMs = 20_000): Promise<LiveCell[]> {
  const read: LiveCell[] = [];
  for (const { index } of (await readCells(page, path)).filter((c) => c.figures.length > 0)) {
    await page.evaluate(`${panelOf(path)}.content.scrollToItem(${index}, "start").then(() => true)`);
    const deadline = Date.now() + timeoutMs;
    while (true) {
      const cell = (await readCells(page, path)).find((c) => c.index === index)!;
      const drawn = cell.plots.length === cell.figures.length && cell.plots.every((p) => p.drawn || p.image);
      if (drawn || Date.now() > deadline) {
        read.push(cell);
        break;
      }
      await page.waitForTimeout(polling);
    }
  }
  return read;
}

/** Page-side: the kernel is idle and every code cell has a prompt number (or one shows an error). */
const finished = (path: string) =>
  `(() => {
  const panel = ${panelOf(path)};
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const code = panel.content.widgets.filter((c) => c.model.type === "code" && c.model.sharedModel.getSource().trim() !== "");
  const failed = code.some((c) => c.model.outputs.toJSON().some((o) => o.output_type === "error"));
  return !!kernel && kernel.status === "idle" && (failed || code.every((c) => c.model.executionCount !== null));
})()`;

/** Waits until the cells' outputs have not changed for `quietMs`, and returns them. */
async function settled(page: Page, path: string, quietMs: number): Promise<LiveCell[]> {
  let last = JSON.stringify(await readCells(page, path));
  for (let quiet = 0, i = 0; quiet < quietMs / 100 && i < 600; i++) {
    await page.waitForTimeout(100);
    const now = JSON.stringify(await readCells(page, path));
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
  return JSON.parse(last);
}

/** Clears every output (and prompt number) of the notebook at `path`. */
export async function clearOutputs(page: Page, path: string): Promise<void> {
  await page.evaluate(
    `(() => { const panel = ${panelOf(path)}; window.jupyterapp.shell.activateById(panel.id);
      return window.jupyterapp.commands.execute("notebook:clear-all-cell-outputs").then(() => true); })()`,
  );
}

/**
 * Runs the notebook at `path` as a teacher does in class: from the first cell, Shift+Enter on every cell
 * (markdown cells too), each press once the cell before has finished and its outputs have settled.
 */
export async function runCellByCell(page: Page, path: string, timeoutMs = 120_000): Promise<LiveCell[]> {
  await clearOutputs(page, path);
  const count = await page.evaluate<number>(`${panelOf(path)}.content.widgets.length`);
  for (let i = 0; i < count; i++) {
    // The cell Shift+Enter left active; the notebook in command mode with the keyboard focus, as after a click.
    await page.evaluate(`(() => { const nb = ${panelOf(path)}.content;
      if (nb.activeCellIndex !== ${i}) throw new Error("cell " + nb.activeCellIndex + " is active, not ${i}");
      nb.mode = "command"; nb.node.focus(); return true; })()`);
    await page.keyboard.press("Shift+Enter");
    const cell = `${panelOf(path)}.content.widgets[${i}]`;
    await page.waitForFunction(
      `(() => { const cell = ${cell}; const panel = ${panelOf(path)};
        if (cell.model.type !== "code") return cell.rendered !== false;
        if (cell.model.sharedModel.getSource().trim() === "") return true; // JupyterLab runs nothing
        const kernel = panel.sessionContext.session.kernel;
        return cell.model.executionCount !== null && kernel.status === "idle" && !cell.promptNode.textContent.includes("*"); })()`,
      undefined,
      { timeout: timeoutMs, polling },
    ).catch((e) => {
      throw new Error(`cell ${i} of ${path} did not finish: ${e.message}`);
    });
  }
  return await settled(page, path, 500);
}

/** Runs every cell of the notebook at `path` with Run All (the kernel kept or restarted first). */
export async function runAll(
  page: Page,
  path: string,
  { restart = false, timeoutMs = 180_000 } = {},
): Promise<LiveCell[]> {
  await clearOutputs(page, path);
  if (restart) {
    await page.evaluate(`${panelOf(path)}.sessionContext.restartKernel().then(() => true)`);
    await page.waitForFunction(ready(path), undefined, { timeout: 60_000, polling });
  }
  await page.evaluate(`(() => { const panel = ${panelOf(path)}; window.jupyterapp.shell.activateById(panel.id);
    window.jupyterapp.commands.execute("notebook:run-all-cells"); return true; })()`);
  try {
    await page.waitForFunction(finished(path), undefined, { timeout: timeoutMs, polling });
  } catch (e) {
    const cells = await readCells(page, path).catch(() => []);
    const state = await page.evaluate(`${panelOf(path)}.sessionContext.session?.kernel?.status`).catch(() => "?");
    throw new Error(
      `Run All of ${path} did not finish: ${(e as Error).message}\nkernel: ${state}\n` +
        `cells: ${JSON.stringify(cells).slice(0, 3000)}`,
    );
  }
  return await settled(page, path, 1000);
}

/** Scrolls the notebook at `path` to its last cell, then back to its first, letting each settle. */
export async function scrollToEndAndBack(page: Page, path: string): Promise<void> {
  for (const target of ["last", "first"]) {
    await page.evaluate(`(() => { const nb = ${panelOf(path)}.content;
      const i = ${target === "last" ? "nb.widgets.length - 1" : "0"};
      return nb.scrollToItem(i, "start").then(() => true); })()`);
    await page.waitForTimeout(1500);
  }
}

/** Scrolls the notebook so that its code cell `index` (an index among all cells) is at the top. */
export async function scrollToCell(page: Page, path: string, index: number): Promise<void> {
  await page.evaluate(`${panelOf(path)}.content.scrollToItem(${index}, "start").then(() => true)`);
  await page.waitForTimeout(1000);
}

/** Saves the notebook at `path` (JupyterLab signs it, so its outputs are trusted when it is reopened). */
export async function save(page: Page, path: string): Promise<void> {
  await page.evaluate(`${panelOf(path)}.context.save().then(() => true)`);
}

/** Shuts the notebook's kernel down and leaves the page without the unsaved-changes prompt. */
export async function closeNotebook(page: Page, path: string): Promise<void> {
  await page.evaluate(`(async () => { const panel = ${panelOf(path)};
    panel.context.model.dirty = false;
    await panel.sessionContext.shutdown();
    return true; })()`);
  await page.goto("about:blank");
}

/**
 * The console errors left once the frontends' own page furniture is set aside: the favicon and kernel logos
 * a page asks for, and one error of Notebook 7's own.
 */
export function pageErrors(errors: string[]): string[] {
  return errors.filter((e) =>
    !/favicon|kernelspecs\/.*logo/.test(e) &&
    // Notebook 7.6.5's shortcuts plugin, on every page of its own (its file browser too, no notebook open).
    !/reading 'schema'\)\n\s+at http:\/\/127\.0\.0\.1:\d+\/static\/notebook\/notebook_core/.test(e)
  );
}

// The whole course in the frontends students use, live: JupyterLab 4 and Notebook 7 from the course's
// own Jupyter, the "Deno (course)" kernel, headless Chromium. What each cell must show comes from
// `jupyter nbconvert --execute` of the same notebook (which, through the relay, loses nothing).
//
// What runs where, to keep the suite's time reasonable on a 2-core machine:
// - JupyterLab 4 with jupyterlab-plotly (what ./scripts/course sets up): every notebook cell by cell with
//   Shift+Enter; scrolled to the end and back; saved, closed and reopened; kernel restarted and Run All.
// - JupyterLab 4 without jupyterlab-plotly (figures from text/html and the course's plotly.js), windowing
//   mode "full" (cells out of view detached from the page): Run All; scrolled; saved and reopened; for
//   notebook 0 also the kernel restarted and Run All in a page without plotly.js.
// - Notebook 7: Run All, and a reopen.
// Screenshots: build/screenshots/{lab,lab_html,notebook7}_NN_topic.png.
import assert from "node:assert/strict";
import { errors, launch, newPage, type Page } from "./_browser.ts";
import {
  closeNotebook,
  type JupyterServer,
  type LiveCell,
  openNotebook,
  pageErrors,
  readFiguresInView,
  runAll,
  runCellByCell,
  save,
  scrollToCell,
  scrollToEndAndBack,
  startJupyter,
} from "./_lab.ts";
import { jupyter, type Notebook, root, stripColors, text } from "./_notebook.ts";

const names = [...Deno.readDirSync(`${root}notebooks`)].map((e) => e.name).filter((n) => n.endsWith(".ipynb")).sort();
const live = `${root}build/live`;
const shots = `${root}build/screenshots`;

/** A copy of the course beside a link to lib/, so a live server can never save into the committed notebooks. */
async function liveCopy(): Promise<void> {
  await Deno.remove(live, { recursive: true }).catch(() => {});
  await Deno.mkdir(`${live}/notebooks`, { recursive: true });
  await Deno.symlink(`${root}lib`, `${live}/lib`);
  for (const name of names) await Deno.copyFile(`${root}notebooks/${name}`, `${live}/notebooks/${name}`);
}

/**
 * One line per output: its kind and its representations, e.g. "execute_result text/html,text/plain", and for a
 * self-check its verdict line. image/png is left out: jupyterlab-plotly adds a PNG of each figure it draws.
 */
type Signature = string[];
interface Shown {
  type: string;
  mime: string[];
  text: string;
}
const signature = (outputs: Shown[], selfCheck: boolean): Signature =>
  outputs.map((o) => {
    const kind = `${o.type} ${o.mime.filter((m) => m !== "image/png").join(",")}`.trim();
    return selfCheck ? `${kind}: ${stripColors(o.text).split("\n")[0]}` : kind;
  });

const isSelfCheck = (tags: unknown) => Array.isArray(tags) && tags.includes("self-check");

/** What each code cell (with code) of every notebook shows after `jupyter nbconvert --execute`. */
async function reference(): Promise<Map<string, Signature[]>> {
  const out = `${root}build/lab-reference`;
  const run = await new Deno.Command(jupyter, {
    args: [
      "nbconvert",
      "--to",
      "notebook",
      "--execute",
      "--output-dir",
      out,
      ...names.map((n) => `${live}/notebooks/${n}`),
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(run.code, 0, new TextDecoder().decode(run.stderr));
  const signatures = new Map<string, Signature[]>();
  for (const name of names) {
    const nb: Notebook = JSON.parse(await Deno.readTextFile(`${out}/${name}`));
    const code = nb.cells.filter((c) => c.cell_type === "code" && text(c.source).trim() !== "");
    signatures.set(
      name,
      code.map((c) =>
        signature(
          (c.outputs ?? []).map((o) => ({
            type: o.output_type,
            mime: Object.keys(o.data ?? {}).sort(),
            text: text(o.output_type === "stream" ? o.text : o.data?.["text/plain"]),
          })),
          isSelfCheck(c.metadata.tags),
        )
      ),
    );
  }
  return signatures;
}

/** Every output in its own cell as nbconvert has it, every figure drawn with its marks, every self-check showing its verdict. */
function checkCells(cells: LiveCell[], expected: Signature[], where: string): void {
  assert.equal(cells.length, expected.length, `${where}: ${cells.length} code cells, expected ${expected.length}`);
  cells.forEach((cell, i) => {
    const at = `${where}, cell ${cell.index}`;
    assert.deepEqual(
      signature(cell.outputs, isSelfCheck(cell.tags)),
      expected[i],
      `${at}: outputs ${JSON.stringify(cell.outputs)}`,
    );
    checkFigures(cell, at);
    if (cell.tags.includes("figure")) assert.ok(cell.figures.length > 0, `${at}: tagged figure, shows none`);
    if (cell.tags.includes("self-check")) {
      const said = stripColors(cell.outputs.map((o) => o.text).join("\n"));
      assert.match(said, /^(✔ Self-check passed|✘ Self-check failed|○ Not answered yet)/, `${at}: ${said}`);
    }
  });
}

/**
 * Every Plotly figure of the cell is drawn in the cell: contour levels, path points. With
 * `pictures`, the PNG that jupyterlab-plotly saved with a figure counts as drawn (a reopened notebook).
 */
function checkFigures(cell: LiveCell, at: string, { pictures = false } = {}): void {
  assert.equal(
    cell.plots.length,
    cell.figures.length,
    `${at}: ${cell.figures.length} figures, ${cell.plots.length} on the page; shows "${cell.shown}"`,
  );
  cell.figures.forEach((figure, j) => {
    const plot = cell.plots[j];
    if (pictures && plot.image && !plot.drawn) return;
    assert.ok(plot.drawn, `${at}, figure ${j}: not drawn; shows "${cell.shown}"`);
    if (figure.contour) {
      assert.ok(plot.contourLines > 0, `${at}, figure ${j}: no contour levels ${JSON.stringify(plot)}`);
    }
    if (figure.markers) assert.ok(plot.points > 0, `${at}, figure ${j}: no path points ${JSON.stringify(plot)}`);
    assert.ok(plot.points + plot.lines + plot.contourLines > 0, `${at}, figure ${j}: no marks`);
  });
}

/** A screenshot with the notebook's first figure at the top of the window. */
async function screenshot(page: Page, cells: LiveCell[], path: string, file: string): Promise<void> {
  const first = cells.find((c) => c.figures.length > 0);
  if (first) await scrollToCell(page, path, first.index);
  await page.screenshot({ path: `${shots}/${file}` }); // the window: JupyterLab scrolls inside the page
}

/** One notebook open in one frontend, and what the messages call it ("JupyterLab, 01_learning_rate.ipynb"). */
interface Open {
  page: Page;
  server: JupyterServer;
  path: string;
  where: string;
  /** What each code cell must show. */
  expected: Signature[];
}

/** A run of the notebook (`how`: "Shift+Enter", "Run All") showed what it must, with no console error. */
function checkRun(open: Open, cells: LiveCell[], how: string): void {
  checkCells(cells, open.expected, `${open.where}, ${how}`);
  assert.deepEqual(pageErrors(errors(open.page)), [], `${open.where}: console errors`);
}

/** Every figure now in view passes {@linkcode checkFigures}; `when` says after what ("scrolled"). */
async function checkFiguresInView(open: Open, when: string, options: { pictures?: boolean } = {}): Promise<void> {
  for (const cell of await readFiguresInView(open.page, open.path)) {
    checkFigures(cell, `${open.where}, ${when}, cell ${cell.index}`, options);
  }
}

/** Saves, closes and reopens the notebook; the figures in view must show again. */
async function reopen(open: Open, options: { pictures?: boolean } = {}): Promise<void> {
  await save(open.page, open.path);
  await closeNotebook(open.page, open.path);
  await openNotebook(open.page, open.server, open.path);
  await checkFiguresInView(open, "reopened", options);
}

let prepared: Promise<Map<string, Signature[]>> | undefined;
/** The live copy and the reference, made once for the tests of this file. */
function expected(): Promise<Map<string, Signature[]>> {
  return prepared ??= (async () => {
    await liveCopy();
    await Deno.mkdir(shots, { recursive: true });
    return await reference();
  })();
}

Deno.test("JupyterLab 4: every notebook cell by cell with Shift+Enter, scrolled, reopened, restarted with Run All", async () => {
  const signatures = await expected();
  const server = await startJupyter("lab", live);
  const browser = await launch();
  try {
    const page = await newPage(browser, 1280, 1400);
    for (const name of names) {
      const path = `notebooks/${name}`;
      const open = { page, server, path, where: `JupyterLab, ${name}`, expected: signatures.get(name)! };
      await openNotebook(page, server, path);
      const cells = await runCellByCell(page, path);
      checkRun(open, cells, "Shift+Enter");
      await screenshot(page, cells, path, `lab_${name.replace(".ipynb", ".png")}`);
      await scrollToEndAndBack(page, path);
      await checkFiguresInView(open, "scrolled");
      await reopen(open, { pictures: true });
      checkRun(open, await runAll(page, path, { restart: true }), "kernel restarted, Run All");
      await closeNotebook(page, path);
    }
  } finally {
    await browser.close();
    await server.close();
  }
});

Deno.test("JupyterLab 4 without jupyterlab-plotly, cells out of view detached: Run All, scrolled, reopened", async () => {
  const signatures = await expected();
  const server = await startJupyter("lab", live, { plotlyRenderer: false, windowingMode: "full" });
  const browser = await launch();
  try {
    const page = await newPage(browser, 1280, 1400);
    for (const name of names) {
      const path = `notebooks/${name}`;
      const open = { page, server, path, where: `JupyterLab (HTML figures), ${name}`, expected: signatures.get(name)! };
      await openNotebook(page, server, path);
      const cells = await runAll(page, path);
      checkRun(open, cells, "Run All");
      await screenshot(page, cells, path, `lab_html_${name.replace(".ipynb", ".png")}`);
      await scrollToEndAndBack(page, path);
      await checkFiguresInView(open, "scrolled");
      await reopen(open);
      if (name === names[0]) {
        // plotly.js must come again from the restarted kernel: the page's copy is removed, the outputs cleared.
        await page.evaluate("delete window.Plotly, true");
        const rerun = await runAll(page, path, { restart: true });
        checkCells(rerun, open.expected, `${open.where}, kernel restarted, Run All`);
      }
      await closeNotebook(page, path);
    }
  } finally {
    await browser.close();
    await server.close();
  }
});

Deno.test("Notebook 7: every notebook with Run All, then reopened", async () => {
  const signatures = await expected();
  const server = await startJupyter("notebook", live);
  const browser = await launch();
  try {
    const page = await newPage(browser, 1280, 1400);
    for (const name of names) {
      const path = `notebooks/${name}`;
      const open = { page, server, path, where: `Notebook 7, ${name}`, expected: signatures.get(name)! };
      await openNotebook(page, server, path);
      const cells = await runAll(page, path);
      checkRun(open, cells, "Run All");
      await screenshot(page, cells, path, `notebook7_${name.replace(".ipynb", ".png")}`);
      await reopen(open, { pictures: true });
      await closeNotebook(page, path);
    }
  } finally {
    await browser.close();
    await server.close();
  }
});

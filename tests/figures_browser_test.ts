// One figure of each kind, executed in the real Deno kernel, drawn in headless
// Chromium twice: (a) in the HTML page the runner exports, (b) in a live classic
// Notebook server after Run All. Screenshots go to build/screenshots/.
import assert from "node:assert/strict";
import { Browser, figureReport, type FigureState } from "./_browser.ts";
import { codeNotebook, python, root, runner } from "./_notebook.ts";

const work = `${root}build/test-notebooks`;
const shots = `${root}build/screenshots`;

// [what the figure is, its code, what must be on the page]
const gallery: [string, string, (f: FigureState) => boolean][] = [
  [
    "contour with four paths",
    `const runs = [new L.SGD({ lr: 0.95 }), new L.Momentum({ lr: 0.1 }), new L.AdaGrad({ lr: 1.5 }), new L.Adam({ lr: 0.3 })]
  .map((opt) => L.minimize(L.course, opt, { steps: 30 }));
L.pathPlot(L.course, runs, { title: "Four optimizers on x²/20 + y²" })`,
    (f) => f.contourLines >= 10 && f.points >= 4 * 31,
  ],
  ["2 × 2 panels", "L.panelsPlot(L.course, runs)", (f) => f.contourLines >= 40 && f.points >= 4 * 31],
  ["loss curve, log scale", "L.lossCurve(runs, { logY: true })", (f) => f.points >= 4 * 31],
  ["step length", "L.stepLengthCurve(runs)", (f) => f.points >= 4 * 30],
  ["AdaGrad's effective rates", "L.effectiveRateCurve(runs[2])", (f) => f.points >= 2 * 30],
  [
    "schedules",
    "L.scheduleCurve([L.stepDecay(1, { stepSize: 10 }), L.exponentialDecay(1), L.inverseTimeDecay(1), L.cosineDecay(1, { steps: 40 })], { steps: 40 })",
    (f) => f.points >= 4 * 40,
  ],
  [
    "animation",
    "L.animatePath(L.course, runs[2])",
    (f) => f.contourLines >= 10 && f.buttons === 2 && f.sliderSteps >= 31,
  ],
  [
    "learning-rate slider",
    "L.lrSlider(L.course, (lr) => new L.SGD({ lr }), [0.05, 0.3, 0.9, 1.05])",
    (f) => f.contourLines >= 10 && f.sliderSteps >= 4 && f.points >= 31,
  ],
  ["surface", "L.surfacePlot(L.course, runs[2])", (f) => f.gl >= 1],
  [
    "a diverged run",
    "L.pathPlot(L.course, L.minimize(L.course, new L.SGD({ lr: 1.2 }), { steps: 60 }))",
    (f) => f.contourLines >= 10 && f.points >= 2,
  ],
  [
    "a 1-D parabola",
    "L.pathPlot(L.parabola, L.minimize(L.parabola, new L.SGD({ lr: 0.9 }), { steps: 12 }))",
    (f) => f.points >= 13,
  ],
  ["shown mid-cell", 'await L.show(L.lossCurve(runs[0]));\n"shown before this value"', (f) => f.points >= 31],
  [
    "a hostile title",
    'L.lossCurve(runs[0], { title: "</script><script>window.hacked = true</script>" })',
    (f) => f.points >= 31 && f.title.includes("</script>"),
  ],
];

async function writeGallery(): Promise<string> {
  await Deno.mkdir(work, { recursive: true });
  await Deno.mkdir(shots, { recursive: true });
  const path = `${work}/figures.ipynb`;
  const sources = ['import * as L from "../../lib/mod.ts";\nawait L.loadPlotly();', ...gallery.map(([, code]) => code)];
  await Deno.writeTextFile(path, JSON.stringify(codeNotebook(sources), null, 1));
  return path;
}

function checkFigures(figures: FigureState[], errors: string[], where: string) {
  assert.equal(figures.length, gallery.length, `${where}: ${figures.length} figures on the page`);
  figures.forEach((f, i) => {
    const [what, , ok] = gallery[i];
    assert.ok(f.drawn, `${where}: "${what}" did not draw: ${f.message}`);
    assert.ok(ok(f), `${where}: "${what}" is missing parts: ${JSON.stringify(f)}`);
  });
  // Debian's classic Notebook asks for a widgets nbextension it does not ship: a 404 of
  // the server's own page furniture, not of the figures.
  const serious = errors.filter((e) => !/favicon|\/nbextensions\/widgets\/|kernelspecs\/.*logo/.test(e));
  assert.deepEqual(serious, [], `${where}: errors in the console`);
}

const drawnAll = `(() => {
  const figs = document.querySelectorAll(".lrc-figure");
  return figs.length === ${gallery.length} && Array.from(figs).every((el) => el.querySelector(".main-svg"));
})()`;

Deno.test("every kind of figure draws in the HTML the runner exports", async () => {
  const path = await writeGallery();
  const { code, stdout, stderr } = await runner(["export", path, "--out", work]);
  assert.equal(code, 0, `${stdout}\n${stderr}`);
  const html = await Deno.readTextFile(`${work}/figures.html`);
  assert.equal((html.match(/plotly\.js v4/g) ?? []).length, 1, "plotly.js travels exactly once");
  assert.ok(!html.includes("<script>window.hacked"), "a title closed the script tag");
  const browser = await Browser.launch();
  try {
    await browser.open(`file://${work}/figures.html`);
    await browser.waitFor(drawnAll, 60_000, "every figure to draw");
    await new Promise((r) => setTimeout(r, 1000)); // let the WebGL scene settle for the screenshot
    const figures = await browser.evaluate<FigureState[]>(figureReport);
    assert.equal(await browser.evaluate("window.hacked === undefined"), true);
    await browser.screenshot(`${shots}/figures_export.png`);
    for (let i = 0; i < figures.length; i++) {
      await browser.screenshotElement(".lrc-figure", i, `${shots}/figure_${String(i + 1).padStart(2, "0")}.png`);
    }
    checkFigures(figures, browser.errors, "exported HTML");
  } finally {
    await browser.close();
  }
});

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

Deno.test("every kind of figure draws in the classic Notebook after Run All", async () => {
  await writeGallery();
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
      `--notebook-dir=${root}`,
    ],
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const serverLog: string[] = [];
  (async () => {
    for await (const chunk of server.stderr.pipeThrough(new TextDecoderStream())) serverLog.push(chunk);
  })();
  const browser = await Browser.launch(1200, 900);
  try {
    const url = `http://127.0.0.1:${port}/notebooks/build/test-notebooks/figures.ipynb`;
    const deadline = Date.now() + 30_000;
    while (true) { // the server takes a moment to listen
      try {
        await fetch(`http://127.0.0.1:${port}/api`).then((r) => r.body?.cancel());
        break;
      } catch (e) {
        if (Date.now() > deadline) throw new Error(`the Notebook server did not start: ${e}\n${serverLog.join("")}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    await browser.open(url);
    // Ready means: the page is fully loaded and the kernel has answered kernel_info (is_connected() alone can
    // come before the kernel listens, and cells run then are lost).
    await browser.waitFor(
      "!!(window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded && Jupyter.notebook.kernel && " +
        "Jupyter.notebook.kernel.is_connected() && Jupyter.notebook.kernel.info_reply && Jupyter.notebook.kernel.info_reply.status === 'ok')",
      90_000,
      "the Deno kernel to connect and answer",
    );
    await browser.evaluate("Jupyter.notebook.clear_all_output(); Jupyter.notebook.execute_all_cells(); true");
    try {
      await browser.waitFor(drawnAll, 120_000, "every figure to draw after Run All");
    } catch (e) {
      await browser.screenshot(`${shots}/figures_classic_notebook_failed.png`);
      const states = await browser.evaluate<FigureState[]>(figureReport);
      const cells = await browser.evaluate<string[]>(
        "Jupyter.notebook.get_cells().map((c) => (c.input_prompt_number ?? '-') + ' ' + (c.output_area ? c.output_area.outputs.map((o) => o.output_type + ':' + Object.keys(o.data || {}).join(',')).join(' ') : ''))",
      );
      const kernel = await browser.evaluate<string>(
        "JSON.stringify({ connected: Jupyter.notebook.kernel.is_connected(), status: document.querySelector('#kernel_indicator_icon')?.className, info: !!Jupyter.notebook.kernel.info_reply })",
      );
      throw new Error(
        `${(e as Error).message}\nfigures: ${JSON.stringify(states)}\noutputs per cell: ${
          JSON.stringify(cells)
        }\nkernel: ${kernel}\nconsole: ${browser.errors.join("\n")}\nserver: ${serverLog.join("").slice(-3000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 1000));
    const figures = await browser.evaluate<FigureState[]>(figureReport);
    assert.equal(await browser.evaluate("window.hacked === undefined"), true);
    await browser.screenshot(`${shots}/figures_classic_notebook.png`);
    checkFigures(figures, browser.errors, "classic Notebook");
    // Leave the notebook unchanged on disk: the test wrote it, the server must not save outputs into the repo.
    await browser.evaluate("Jupyter.notebook.kernel.kill(); true");
  } finally {
    await browser.close();
    server.kill("SIGTERM");
    await server.status;
  }
});

// One figure of each kind, executed in the real Deno kernel, drawn in headless
// Chromium twice: (a) in the HTML page the runner exports, (b) in a live JupyterLab 4
// after Run All. Screenshots go to build/screenshots/.
import assert from "node:assert/strict";
import { allDrawn, errors, figureReport, type FigureState, launch, newPage } from "./_browser.ts";
import { closeNotebook, openNotebook, pageErrors, runAll, startJupyter } from "./_lab.ts";
import { codeNotebook, root, runner } from "./_notebook.ts";

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
    "L.animationPlot(L.course, runs[2])",
    (f) => f.contourLines >= 10 && f.buttons === 2 && f.sliderSteps >= 31,
  ],
  [
    "learning-rate slider",
    "L.lrSlider(L.course, (lr) => new L.SGD({ lr }), [0.05, 0.3, 0.9, 1.05])",
    (f) => f.contourLines >= 10 && f.sliderSteps >= 4 && f.points >= 31,
  ],
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
  const sources = [
    'import * as L from "../../lib/mod.ts";\nawait L.loadPlotly();',
    ...gallery.map(([, code]) => code),
  ];
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
  assert.deepEqual(pageErrors(errors), [], `${where}: errors in the console`);
}

const drawnAll = allDrawn(gallery.length);

Deno.test("every kind of figure draws in the HTML the runner exports", async () => {
  const path = await writeGallery();
  const { code, stdout, stderr } = await runner(["export", path, "--out", work]);
  assert.equal(code, 0, `${stdout}\n${stderr}`);
  const html = await Deno.readTextFile(`${work}/figures.html`);
  assert.equal((html.match(/plotly\.js v4/g) ?? []).length, 1, "plotly.js travels exactly once");
  assert.ok(!html.includes("<script>window.hacked"), "a title closed the script tag");
  const browser = await launch();
  try {
    const page = await newPage(browser);
    await page.goto(`file://${work}/figures.html`);
    await page.waitForFunction(drawnAll, undefined, { timeout: 60_000 });
    const figures = await page.evaluate<FigureState[]>(figureReport);
    assert.equal(await page.evaluate("window.hacked === undefined"), true);
    await page.screenshot({ path: `${shots}/figures_export.png`, fullPage: true });
    const drawn = page.locator(".lrc-figure");
    for (let i = 0; i < figures.length; i++) {
      await drawn.nth(i).screenshot({ path: `${shots}/figure_${String(i + 1).padStart(2, "0")}.png` });
    }
    checkFigures(figures, errors(page), "exported HTML");
  } finally {
    await browser.close();
  }
});

Deno.test("every kind of figure draws in JupyterLab 4 from its text/html after Run All (no Plotly renderer)", async () => {
  await writeGallery();
  // Without jupyterlab-plotly, JupyterLab shows the text/html representation: the course's own plotly.js draws it.
  const server = await startJupyter("lab", root, { plotlyRenderer: false });
  const browser = await launch();
  const path = "build/test-notebooks/figures.ipynb";
  try {
    const page = await newPage(browser);
    await openNotebook(page, server, path);
    const cells = await runAll(page, path);
    await page.waitForFunction(drawnAll, undefined, { timeout: 60_000 });
    const figures = await page.evaluate<FigureState[]>(figureReport);
    assert.equal(await page.evaluate("window.hacked === undefined"), true);
    await page.screenshot({ path: `${shots}/figures_jupyterlab.png` });
    assert.deepEqual(cells.flatMap((c) => c.outputs.filter((o) => o.type === "error")), []);
    checkFigures(figures, errors(page), "JupyterLab");
    await closeNotebook(page, path);
  } finally {
    await browser.close();
    await server.close();
  }
});

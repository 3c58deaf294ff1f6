// The figures as data: what a test can check without a browser.
import assert from "node:assert/strict";
import {
  AdaGrad,
  Adam,
  animationPlot,
  cosineDecay,
  course,
  effectiveRateCurve,
  type Figure,
  figureDefaults,
  lossCurve,
  lrSlider,
  minimize,
  Momentum,
  panelsPlot,
  parabola,
  pathPlot,
  rosenbrock,
  saddle,
  scheduleCurve,
  SGD,
  stepDecay,
  stepLengthCurve,
} from "../lib/mod.ts";
import { displayable, figureBundle, plotlyBundle, scriptJson } from "../lib/plot/mod.ts";

const runs = [new SGD({ lr: 0.95 }), new Momentum({ lr: 0.1 }), new AdaGrad({ lr: 1.5 }), new Adam({ lr: 0.3 })]
  .map((opt) => minimize(course, opt, { steps: 30 }));
const jsonSize = (fig: Figure) => new TextEncoder().encode(JSON.stringify(fig)).length;
const display = (fig: Figure) =>
  (fig as unknown as Record<symbol, () => Record<string, unknown>>)[Symbol.for("Jupyter.display")]();

Deno.test("pathPlot() draws the contour, the minimum, the start and one line per run", () => {
  const fig = pathPlot(course, runs);
  assert.deepEqual(fig.data.map((t) => t.type), [
    "contour",
    "scatter",
    "scatter",
    "scatter",
    "scatter",
    "scatter",
    "scatter",
  ]);
  assert.deepEqual(fig.data.slice(1, 3).map((t) => t.name), ["minimum", "start"]);
  assert.deepEqual(fig.data[1].x, [0]);
  assert.deepEqual(fig.data[2].x, [-7]);
  assert.deepEqual(fig.data.slice(3).map((t) => t.name), [
    "SGD(lr=0.95)",
    "Momentum(lr=0.1)",
    "AdaGrad(lr=1.5)",
    "Adam(lr=0.3)",
  ]);
  assert.equal((fig.data[3].x as number[]).length, 31);
  const layout = fig.layout as {
    xaxis: { title: { text: string }; range: number[] };
    yaxis: { title: { text: string } };
  };
  assert.equal(layout.xaxis.title.text, "x");
  assert.equal(layout.yaxis.title.text, "y");
  assert.deepEqual(layout.xaxis.range, [-10, 10]);
});

Deno.test("pathPlot() contours a 100 × 100 grid rounded to 4 digits, under 150 KB", () => {
  const fig = pathPlot(course, runs);
  const z = fig.data[0].z as number[][];
  assert.equal(z.length, 100);
  assert.equal(z[0].length, 100);
  assert.ok(z.flat().every((v) => Number(v.toPrecision(4)) === v));
  const size = jsonSize(fig);
  assert.ok(size < 150_000, `${size} bytes`);
});

Deno.test("pathPlot() levels ring the minimum of a bowl and span the log of Rosenbrock", () => {
  const bowl = pathPlot(course, runs[0]).data[0].contours as { start: number; end: number; size: number };
  assert.ok(bowl.start > 0 && bowl.end < 15 && bowl.size > 0, JSON.stringify(bowl)); // f reaches 30 at the corners
  const banana = pathPlot(rosenbrock, minimize(rosenbrock, new Adam({ lr: 0.05 }), { steps: 50 }));
  assert.match(String(banana.data[0].hovertemplate), /log₁₀\(1 \+ f\)/);
});

Deno.test("pathPlot() keeps the axes on the range and names the step of a diverged run", () => {
  const run = minimize(course, new SGD({ lr: 1.2 }), { steps: 100 });
  assert.ok(run.diverged);
  const fig = pathPlot(course, run);
  assert.equal(fig.data.at(-1)!.name, `SGD(lr=1.2), diverged at step ${run.diverged.step}`);
  assert.deepEqual((fig.layout.yaxis as { range: number[] }).range, [-5, 5]);
});

Deno.test("pathPlot() of a 1-D function draws the curve with the path on it", () => {
  const fig = pathPlot(parabola, minimize(parabola, new SGD({ lr: 0.9 }), { steps: 10 }));
  assert.deepEqual(fig.data.map((t) => t.type), ["scatter", "scatter"]);
  assert.deepEqual((fig.data[1].y as number[]).slice(0, 2), [25, 16]); // f(5), f(−4)
});

Deno.test("pathPlot() draws a function without a minimum with no minimum marker", () => {
  const fig = pathPlot(saddle, minimize(saddle, new SGD({ lr: 0.1 }), { steps: 20 }));
  assert.ok(!fig.data.some((t) => t.name === "minimum"));
});

Deno.test("pathPlot() throws on a run made on another function", () => {
  assert.throws(
    () => pathPlot(rosenbrock, runs[0]),
    new RangeError(
      "Cannot draw pathPlot as a run was made on 'course', not on 'rosenbrock': current value is SGD(lr=0.95)",
    ),
  );
  assert.throws(
    () => pathPlot(course, runs, { grid: 0 }),
    /'grid' must be a whole number in \[2, 500\] \(a contour holds grid² values, and a figure is about 1,000 pixels wide\): current value is 0$/,
  );
  // @ts-expect-error: an unknown option is the mistake under test
  assert.throws(() => pathPlot(course, runs, { colour: "red" }), /'colour' is not an option/);
});

Deno.test("panelsPlot() lays out the book's 2 × 2 figure with shared axes", () => {
  const fig = panelsPlot(course, runs);
  assert.deepEqual(fig.layout.grid, { rows: 2, columns: 2, pattern: "independent" });
  assert.deepEqual(fig.data.filter((t) => t.type === "contour").map((t) => t.xaxis), ["x", "x2", "x3", "x4"]);
  assert.equal((fig.layout.xaxis4 as { matches: string }).matches, "x");
  assert.equal((fig.layout.yaxis3 as { matches: string }).matches, "y");
  assert.deepEqual((fig.layout.annotations as { text: string }[]).map((a) => a.text), runs.map((r) => r.label));
  assert.ok(jsonSize(fig) < 300_000);
});

Deno.test("lossCurve(), stepLengthCurve() and effectiveRateCurve() plot one value per step", () => {
  const loss = lossCurve(runs, { logY: true });
  assert.equal(loss.data.length, 4);
  assert.equal((loss.layout.yaxis as { type: string }).type, "log");
  assert.deepEqual((stepLengthCurve(runs[2]).data[0].y as number[]).length, 30);
  const rates = effectiveRateCurve(runs[2]);
  assert.deepEqual(rates.data.map((t) => t.name), ["rate of x", "rate of y"]);
  assert.ok((rates.data[1].y as number[])[0] < (rates.data[0].y as number[])[0]);
  assert.throws(() => effectiveRateCurve(runs[0]), /SGD has one rate for all parameters/);
});

Deno.test("scheduleCurve() names each schedule and evaluates it at t = 0 … steps − 1", () => {
  const fig = scheduleCurve([stepDecay(1, { stepSize: 5 }), cosineDecay(1, { steps: 20 })], { steps: 20 });
  assert.deepEqual(fig.data.map((t) => t.name), [
    "stepDecay(1, stepSize=5, gamma=0.5)",
    "cosineDecay(1, steps=20, endLr=0.01)",
  ]);
  assert.deepEqual((fig.data[0].y as number[]).slice(4, 6), [1, 0.5]);
});

Deno.test("scheduleCurve() draws its limit as a dashed line across every step, named in the legend", () => {
  const label = "η = 1: above it, the valley's y direction diverges";
  const fig = scheduleCurve([cosineDecay(1.2, { steps: 60 }), stepDecay(1.2)], { steps: 60, limit: { lr: 1, label } });
  assert.equal(fig.data.length, 3);
  const limit = fig.data[2];
  assert.deepEqual([limit.name, limit.mode, limit.x, limit.y], [label, "lines", [0, 59], [1, 1]]);
  assert.deepEqual(limit.line, { color: figureDefaults.referenceColor, width: 1.5, dash: "dash" });
  assert.notEqual(limit.showlegend, false);
  // The schedules keep their own colors; none is the reference line's.
  const colors = fig.data.slice(0, 2).map((t) => (t.line as { color: string }).color);
  assert.deepEqual(colors, [figureDefaults.scheduleColors.cosineDecay, figureDefaults.scheduleColors.stepDecay]);
  assert.deepEqual(scheduleCurve(stepDecay(1), { steps: 1, limit: { lr: 0.5, label: "half" } }).data[1].x, [0, 1]);
  assert.equal(scheduleCurve(stepDecay(1)).data.length, 1, "no limit unless asked");
});

Deno.test("scheduleCurve() names the limit's field that is wrong", () => {
  const draw = (limit: unknown) => () => scheduleCurve(stepDecay(1), { limit } as never);
  assert.throws(
    draw(1),
    new TypeError("Cannot draw scheduleCurve as 'limit' must be an object { lr, label }: current value is 1"),
  );
  assert.throws(
    draw({ lr: -1, label: "η = 1" }),
    new RangeError("Cannot draw scheduleCurve as 'limit.lr' must be a positive finite number: current value is -1"),
  );
  assert.throws(
    draw({ lr: 1 }),
    new TypeError("Cannot draw scheduleCurve as 'limit.label' must be a string: current value is undefined"),
  );
  assert.throws(
    draw({ lr: 1, label: " " }),
    new RangeError(`Cannot draw scheduleCurve as 'limit.label' must not be empty: current value is " "`),
  );
});

/** A color's CIE L*a*b* coordinates (D65), for the distance a reader sees between two colors. */
function lab(hex: string): [number, number, number] {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const f = (v: number) => (v > 216 / 24389 ? Math.cbrt(v) : (24389 / 27 * v + 16) / 116);
  const [x, y, z] = [
    (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
    0.2126 * r + 0.7152 * g + 0.0722 * b,
    (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
  ].map(f);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

Deno.test("the schedules drawn together in notebook 2 have colors a reader can tell apart", () => {
  const c = figureDefaults.scheduleColors;
  const drawn = {
    constant: c.constant,
    stepDecay: c.stepDecay,
    exponentialDecay: c.exponentialDecay,
    inverseTimeDecay: c.inverseTimeDecay,
    cosineDecay: c.cosineDecay,
    warmup: c.warmup,
  };
  const distance = (a: string, b: string) => Math.hypot(...lab(a).map((v, i) => v - lab(b)[i]));
  const names = Object.keys(drawn) as (keyof typeof drawn)[];
  for (const [i, a] of names.entries()) {
    for (const b of names.slice(i + 1)) {
      // ΔE*ab above 35 is a plain difference at a glance (2.3 is the least a trained eye sees side by side).
      assert.ok(
        distance(drawn[a], drawn[b]) > 35,
        `${a} ${drawn[a]} and ${b} ${drawn[b]}: ΔE ${distance(drawn[a], drawn[b])}`,
      );
    }
  }
  // Inverse-time decay and warm-up (once olive and gold, ΔE 21) also differ in lightness, which a reader who does not
  // see red and green apart still sees.
  const lightness = Math.abs(lab(c.inverseTimeDecay)[0] - lab(c.warmup)[0]);
  assert.ok(lightness > 15, `ΔL* ${lightness}`);
  assert.ok(distance("#bcbd22", "#c9a100") < 25, "the old pair, for scale");
});

Deno.test("animationPlot() has a frame and a slider step per point, and Play/Pause", () => {
  const fig = animationPlot(course, runs[2]);
  assert.equal(fig.frames!.length, 31);
  assert.deepEqual(fig.frames![5].traces, [3, 4]);
  assert.equal((fig.frames![5].data[0].x as number[]).length, 6);
  const layout = fig.layout as { sliders: { steps: unknown[] }[]; updatemenus: { buttons: { label: string }[] }[] };
  assert.equal(layout.sliders[0].steps.length, 31);
  assert.deepEqual(layout.updatemenus[0].buttons.map((b) => b.label), ["▶ Play", "❚❚ Pause"]);
  assert.ok(jsonSize(fig) < 150_000);
});

Deno.test("lrSlider() precomputes a run per rate and shows one at a time", () => {
  const lrs = [0.05, 0.3, 0.9, 1.2];
  const fig = lrSlider(course, (lr) => new SGD({ lr }), lrs, { active: 2 });
  const paths = fig.data.filter((t) => t.mode === "lines+markers");
  assert.deepEqual(paths.map((t) => t.visible), [false, false, true, false]);
  assert.match(String(paths[3].name), /diverged at step/);
  const steps = (fig.layout.sliders as { steps: { label: string; args: [{ visible: boolean[] }] }[] }[])[0].steps;
  assert.deepEqual(steps.map((s) => s.label), ["0.05", "0.3", "0.9", "1.2"]);
  assert.deepEqual(steps[0].args[0].visible.slice(-4), [true, false, false, false]);
  assert.throws(
    () => lrSlider(course, (lr) => new SGD({ lr }), [0.1, -1]),
    /'lrs\[1\]' must be a positive finite number: current value is -1$/,
  );
  assert.throws(() => lrSlider(course, (lr) => new SGD({ lr }), [0.1], { active: 1 }), /'active' must be an index/);
});

Deno.test("a figure shows itself with the three representations, plotly.js only the first time", () => {
  const first = display(pathPlot(course, runs[0]));
  const second = display(lossCurve(runs[0]));
  assert.deepEqual(Object.keys(first).sort(), ["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
  assert.ok((first["text/html"] as string).length > 4_000_000, "the first figure brings plotly.js");
  assert.ok((second["text/html"] as string).length < 50_000, "later figures do not");
  assert.match(second["text/plain"] as string, /^Figure "Loss per step": 1 traces \(SGD\(lr=0\.95\)\)$/);
  assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(lossCurve(runs[0])))), ["data", "layout"]);
});

Deno.test("the plotly.js bundle cannot close its script element early", () => {
  const html = plotlyBundle()["text/html"] as string;
  assert.equal(html.match(/<\/script/gi)!.length, 1, "only the closing tag");
  assert.ok(!html.includes("<!--"));
  assert.match(html, /^<script type="text\/javascript">\(function \(module, exports, define\) \{/);
});

Deno.test("user text cannot break out of the figure's script", () => {
  const hostile = "</script><script>alert(1)</script><!--";
  const fig = lossCurve(runs[0], { title: hostile });
  const html = figureBundle(fig)["text/html"] as string;
  assert.equal(html.match(/<script/g)!.length, 1);
  assert.equal(html.match(/<\/script>/g)!.length, 1);
  assert.ok(!html.includes("<!--"));
  assert.equal(scriptJson("</script>\u2028"), '"\\u003c/script\\u003e\\u2028"');
  // Plotly shows the title as text, not markup.
  assert.equal(
    (fig.layout.title as { text: string }).text,
    "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!--",
  );
});

Deno.test("displayable() adds the display method without changing the data", () => {
  const fig = displayable({ data: [], layout: {} });
  assert.deepEqual(fig, { data: [], layout: {} });
  assert.equal(typeof (fig as unknown as Record<symbol, unknown>)[Symbol.for("Jupyter.display")], "function");
});

Deno.test("every builder throws on an empty list of runs, naming the argument", () => {
  const empty = [
    ["pathPlot", () => pathPlot(course, [])],
    ["panelsPlot", () => panelsPlot(course, [])],
    ["lossCurve", () => lossCurve([])],
    ["stepLengthCurve", () => stepLengthCurve([])],
    ["scheduleCurve", () => scheduleCurve([])],
  ] as const;
  for (const [name, draw] of empty) {
    const argument = name === "scheduleCurve" ? "schedules" : "runs";
    assert.throws(draw, new RangeError(`Cannot draw ${name} as '${argument}' must not be empty: current value is []`));
  }
});

Deno.test("the figure defaults are frozen, and a figure's options override them", () => {
  assert.deepEqual([figureDefaults, figureDefaults.font, figureDefaults.palette].map(Object.isFrozen), [
    true,
    true,
    true,
  ]);
  assert.throws(() => {
    (figureDefaults.palette as string[]).push("#000000");
  }, TypeError);
  const fig = pathPlot(course, runs[0], { grid: 20 });
  assert.equal((fig.data[0].z as number[][]).length, 20);
  assert.equal(figureDefaults.grid, 100);
  (fig.layout.font as { size: number }).size = 20; // a figure owns its layout
  assert.equal(figureDefaults.font.size, 13);
});

Deno.test("pathPlot() thins a 2000-step path to the points where it turns, and each kept point keeps its step", () => {
  const run = minimize(rosenbrock, new Adam({ lr: 0.05 }), { steps: 2000 });
  const trace = pathPlot(rosenbrock, run).data.find((t) => t.name === run.label)!;
  const x = trace.x as number[];
  const steps = (trace.customdata as [number, number][]).map(([t]) => t);
  assert.ok(x.length <= figureDefaults.maxLinePoints && x.length > 50, `${x.length} points`);
  assert.equal(steps[0], 0);
  assert.equal(steps.at(-1), 2000);
  steps.forEach((t, i) => assert.equal(x[i], Number(run.points[t][0].toPrecision(6)), `step ${t}`));
  assert.equal(trace.mode, "lines");
  // Dropped points lie within a hair of the drawn line: the largest gap is far below the plot's span.
  const short = pathPlot(rosenbrock, minimize(rosenbrock, new Adam({ lr: 0.05 }), { steps: 30 })).data.at(-1)!;
  assert.equal((short.x as number[]).length, 31, "a short path keeps every step");
});

Deno.test("lossCurve() thins long curves on the axis they are drawn on, keeping the first and last step", () => {
  const runs = [minimize(rosenbrock, new Adam({ lr: 0.05 }), { steps: 2000 })];
  const [trace] = lossCurve(runs, { logY: true }).data;
  const x = trace.x as number[];
  assert.ok(x.length <= figureDefaults.maxLinePoints, `${x.length} points`);
  assert.deepEqual([x[0], x.at(-1)], [0, 2000]);
  assert.ok(JSON.stringify(lossCurve(runs, { logY: true })).length < 20_000);
});

Deno.test("a run driven by a schedule has its schedule's color, in the runs' figures and in scheduleCurve()", () => {
  const schedule = cosineDecay(1.2, { steps: 60 });
  const runs = [minimize(course, new SGD({ lr: 1.2 }), { steps: 60 }), minimize(course, new SGD({ lr: schedule }))];
  const colors = (fig: Figure) =>
    fig.data.filter((t) => t.type === "scatter").map((t) => (t.line as { color: string })?.color);
  assert.deepEqual(colors(lossCurve(runs)), [
    figureDefaults.optimizerColors.SGD,
    figureDefaults.scheduleColors.cosineDecay,
  ]);
  assert.deepEqual(colors(lossCurve(runs.slice(1))), [figureDefaults.scheduleColors.cosineDecay]);
  assert.deepEqual(colors(scheduleCurve([stepDecay(1), schedule])), [
    figureDefaults.scheduleColors.stepDecay,
    figureDefaults.scheduleColors.cosineDecay,
  ]);
});

Deno.test("pathPlot() marks where a path leaves the frame and names the step and how far it went", () => {
  const run = minimize(course, new SGD({ lr: cosineDecay(1.2, { steps: 60 }) }), { steps: 60 });
  const fig = pathPlot(course, run);
  const path = fig.data.at(-1)!;
  assert.equal(path.name, `${run.label}, leaves the frame at step 3 (reaches -0.91, -95.5)`);
  const star = fig.data.find((t) => (t.marker as { symbol?: string } | undefined)?.symbol === "star")!;
  const [x, y] = [(star.x as number[])[0], (star.y as number[])[0]];
  assert.equal(y, course.range[1][0], "on the frame's lower edge");
  assert.ok(x > course.range[0][0] && x < course.range[0][1], `x = ${x}`);
  const inside = minimize(course, new AdaGrad({ lr: 1.5 }));
  assert.ok(
    !pathPlot(course, inside).data.some((t) => (t.marker as { symbol?: string } | undefined)?.symbol === "star"),
  );
});

Deno.test("panelsPlot() gives six panels the grid points of four, so the figure stays within budget", () => {
  const runs = Array.from({ length: 6 }, (_, i) => minimize(course, new SGD({ lr: 0.1 + 0.1 * i })));
  const fig = panelsPlot(course, runs, { columns: 3 });
  assert.equal((fig.data[0].x as number[]).length, Math.floor(figureDefaults.smallGrid * Math.sqrt(4 / 6)));
  assert.ok(JSON.stringify(fig).length < 150_000);
  assert.equal((panelsPlot(course, runs.slice(0, 4)).data[0].x as number[]).length, figureDefaults.smallGrid);
});

Deno.test("lossCurve() with a window draws the trailing moving average of the loss", () => {
  const run = minimize(course, new SGD({ lr: 0.1 }), { steps: 4, noise: 1 });
  const [trace] = lossCurve(run, { window: 2 }).data;
  const expected = run.loss.map((v, t) => t === 0 ? v : (v + run.loss[t - 1]) / 2);
  assert.deepEqual(trace.y, expected.map((v) => Number(v.toPrecision(6))));
  assert.throws(() => lossCurve(run, { window: 0 }), /Cannot draw lossCurve as 'window' must be a whole number >= 1/);
});

Deno.test("a figure's HTML says in one line how to get it back where its script does not run (an untrusted notebook)", () => {
  const html = figureBundle(pathPlot(course, minimize(course, new SGD({ lr: 0.95 }))))["text/html"] as string;
  const withoutScripts = html.replace(/<script[\s\S]*?<\/script>/g, "");
  assert.match(
    withoutScripts,
    /class="lrc-figure-note"[^>]*>This figure is drawn by a script that has not run: .*Trust Notebook/,
  );
  assert.match(
    html,
    /el\.textContent = "";\s*window\.Plotly\.newPlot\(el, fig\);/,
    "the script clears the line before drawing",
  );
});

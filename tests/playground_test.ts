// The playground as data: its options, its runs, its output and the browser bundle, without a browser
// (tests/playground_browser_test.ts drives it in Chromium).
import assert from "node:assert/strict";
import {
  AdaGrad,
  Adam,
  cosineDecay,
  course,
  minimize,
  Momentum,
  Nesterov,
  type Optimizer,
  type OptimizerName,
  optimizerNames,
  playground,
  type PlaygroundOptions,
  type PlaygroundSettings,
  RMSProp,
  rosenbrock,
  SGD,
  stepDecay,
  testFunctions,
} from "../lib/mod.ts";
import { clampKnob, clampStart, playgroundOutput, playgroundPage, playgroundRuns } from "../lib/playground/mod.ts";
import { playgroundBundle } from "../lib/playground/bundle.ts";
import { readoutRows } from "../lib/playground/figure.ts";
import { root } from "./_notebook.ts";

const bytes = (text: string) => new TextEncoder().encode(text).length;
const html = (bundle: Record<string, unknown>) => bundle["text/html"] as string;
const flat = testFunctions.filter((f) => f.dim === 2);

/** Budgets of issue 14, reported by the tests. */
const budget = { bundle: 100_000, output: 150_000 };

Deno.test("playgroundBundle() is at most 100 KB and holds nothing of Deno, Node or WebAssembly", () => {
  const bundle = playgroundBundle();
  console.log(`browser bundle of lib/: ${bytes(bundle)} bytes`);
  assert.ok(bytes(bundle) <= budget.bundle, `bundle is ${bytes(bundle)} bytes`);
  for (const word of [/\bDeno\b/, /node:/, /WebAssembly/, /worker_threads/, /readTextFile/]) {
    assert.equal(word.test(bundle), false, `the bundle mentions ${word}`);
  }
  assert.match(bundle, /lrcPlayground/);
  assert.equal(playgroundBundle(), bundle, "built once per process");
});

Deno.test("playgroundOutput() carries text/html and text/plain, and no Plotly JSON a frontend would draw still", () => {
  const out = playgroundOutput(playground(course), { includeLibraries: false });
  assert.deepEqual(Object.keys(out).sort(), ["text/html", "text/plain"]);
  assert.match(
    out["text/plain"] as string,
    /^Playground on x²\/20 \+ y² from \(-7, 2\), 30 steps: SGD\(lr=0\.95\): loss 0\.0133; Momentum\(lr=0\.1\): loss 0\.0479; AdaGrad\(lr=1\.5\): loss 0\.000722; Adam\(lr=0\.3\): loss 0\.102\./,
  );
  for (const name of ["show-SGD", "lr-SGD", "lr-SGD-value", "sharedLr", "momentum", "decayRate", "beta1", "beta2"]) {
    assert.ok(html(out).includes(`name="${name}"`), `no control named ${name}`);
  }
  for (const name of ["epsInsideSqrt", "schedule", "steps", "x0-0", "x0-1", "readoutStep"]) {
    assert.ok(html(out).includes(`name="${name}"`), `no control named ${name}`);
  }
  assert.equal(html(out).includes("plotly.js v"), false, "plotly.js in an output told to leave it out");
  assert.equal(html(out).includes("lrcPlayground={"), false, "the bundle in an output told to leave it out");
});

Deno.test("a kernel session ships plotly.js and the bundle with its first playground only", async () => {
  // A fresh process is a fresh kernel session: the module state starts empty there.
  const script = `
    import { course, playground } from "${root}lib/mod.ts";
    const show = Symbol.for("Jupyter.display");
    const a = playground(course)[show]()["text/html"];
    const b = playground(course, { optimizers: ["AdaGrad"] })[show]()["text/html"];
    const count = (s, re) => (s.match(re) ?? []).length;
    console.log(JSON.stringify([a, b].map((s) => [count(s, /plotly\\.js v\\d/g), count(s, /lrcPlayground=\\{/g), s.length])));
  `;
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--ext=js", script],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(stdout);
  assert.equal(code, 0, new TextDecoder().decode(stderr));
  const [[plotlyA, bundleA, sizeA], [plotlyB, bundleB, sizeB]] = JSON.parse(text);
  assert.deepEqual([plotlyA, bundleA, plotlyB, bundleB], [1, 1, 0, 0]);
  console.log(`first output ${sizeA} bytes (with plotly.js and the bundle), second ${sizeB} bytes`);
});

Deno.test("every playground output is at most 150 KB besides the libraries, at the largest settings", () => {
  const sizes: string[] = [];
  for (const fn of flat) {
    for (const steps of [30, 500]) {
      const options: PlaygroundOptions = { optimizers: optimizerNames, steps, lr: fn === course ? undefined : 0.001 };
      const size = bytes(html(playgroundOutput(playground(fn, options), { includeLibraries: false })));
      sizes.push(`${fn.id}/${steps}: ${size}`);
      assert.ok(size <= budget.output, `${fn.id}, 6 optimizers × ${steps} steps: ${size} bytes`);
    }
  }
  console.log(`playground outputs (bytes): ${sizes.join(", ")}`);
});

const base = playground(course, { optimizers: optimizerNames }).settings;

function settings(change: Partial<PlaygroundSettings> = {}): PlaygroundSettings {
  return { ...base, ...change };
}

// [what, the settings' change, the optimizer minimize() gets for each name]
const mappings: [string, Partial<PlaygroundSettings>, (name: OptimizerName) => Optimizer][] = [
  ["the defaults", {}, (name) => reference(name, {})],
  [
    "other knobs",
    { momentum: 0.5, decayRate: 0.5, beta1: 0.5, beta2: 0.5, epsInsideSqrt: true },
    (name) => reference(name, { momentum: 0.5, decayRate: 0.5, beta1: 0.5, beta2: 0.5, epsInsideSqrt: true }),
  ],
];

function reference(
  name: OptimizerName,
  o: { momentum?: number; decayRate?: number; beta1?: number; beta2?: number; epsInsideSqrt?: boolean },
  lr?: number | ((t: number) => number),
): Optimizer {
  const rate = lr ?? { SGD: 0.95, Momentum: 0.1, Nesterov: 0.1, AdaGrad: 1.5, RMSProp: 0.1, Adam: 0.3 }[name];
  switch (name) {
    case "SGD":
      return new SGD({ lr: rate });
    case "Momentum":
      return new Momentum({ lr: rate, momentum: o.momentum });
    case "Nesterov":
      return new Nesterov({ lr: rate, momentum: o.momentum });
    case "AdaGrad":
      return new AdaGrad({ lr: rate, epsInsideSqrt: o.epsInsideSqrt });
    case "RMSProp":
      return new RMSProp({ lr: rate, decayRate: o.decayRate });
    case "Adam":
      return new Adam({ lr: rate, beta1: o.beta1, beta2: o.beta2 });
  }
}

Deno.test("playgroundRuns() gives each optimizer its knobs, as minimize() with the same options does", () => {
  for (const [what, change, make] of mappings) {
    const s = settings(change);
    const runs = playgroundRuns(course, s);
    assert.deepEqual(runs.map((r) => r.optimizer), [...optimizerNames], what);
    runs.forEach((run, i) => {
      const expected = minimize(course, make(optimizerNames[i]), { steps: s.steps });
      assert.deepEqual(run.points, expected.points, `${what}: ${run.label}`);
    });
  }
});

Deno.test("playgroundRuns() applies the schedule, the shared η, the steps and the start", () => {
  const s = settings({ schedule: "stepDecay", shareLr: true, sharedLr: 0.05, steps: 80, x0: [3, -4] });
  const step = minimize(course, new SGD({ lr: stepDecay(0.05, { stepSize: 20, gamma: 0.5 }) }), {
    steps: 80,
    x0: [3, -4],
  });
  assert.deepEqual(playgroundRuns(course, s)[0].points, step.points);
  const c = settings({ schedule: "cosineDecay", steps: 40 });
  const cosine = minimize(course, new AdaGrad({ lr: cosineDecay(1.5, { steps: 40 }) }), { steps: 40 });
  assert.deepEqual(playgroundRuns(course, c)[3].points, cosine.points);
  assert.equal(playgroundRuns(course, c)[3].lr, "cosineDecay(1.5, steps=40, endLr=0.015)");
});

Deno.test("playground() takes its options into the settings", () => {
  const pg = playground(rosenbrock, {
    optimizers: ["Adam", "SGD"],
    lr: { SGD: 0.001 },
    steps: 12,
    x0: [0, 1],
    readoutStep: 3,
  });
  assert.deepEqual(pg.settings.optimizers, ["SGD", "Adam"], "in the course's order");
  assert.equal(pg.settings.lr.SGD, 0.001);
  assert.equal(pg.settings.lr.Adam, 0.3);
  assert.equal(pg.settings.shareLr, false);
  assert.deepEqual(pg.settings.x0, [0, 1]);
  assert.equal(pg.readoutStep, 3);
  assert.deepEqual(pg.runs[0].points[0], [0, 1]);
  const shared = playground(course, { lr: 0.2 });
  assert.deepEqual([shared.settings.shareLr, shared.settings.sharedLr], [true, 0.2]);
  assert.deepEqual(shared.runs.map((r) => r.lr), ["0.2", "0.2", "0.2", "0.2"]);
});

Deno.test("a playground offers only the optimizers met so far, and only their hyperparameters", () => {
  const met = playground(course, { offered: ["SGD", "AdaGrad"] });
  assert.deepEqual(met.settings.offered, ["SGD", "AdaGrad"]);
  assert.deepEqual(met.settings.optimizers, ["SGD", "AdaGrad"], "the default drawn ones, among the offered");
  const page = html(playgroundOutput(met, { includeLibraries: false }));
  for (const name of ["lr-SGD", "show-SGD", "lr-AdaGrad", "show-AdaGrad", "epsInsideSqrt"]) {
    assert.ok(page.includes(`name="${name}"`), `no control named ${name}`);
  }
  for (const name of ["lr-Momentum", "show-Adam", "show-RMSProp", "momentum", "decayRate", "beta1", "beta2"]) {
    assert.equal(page.includes(`name="${name}"`), false, `a control named ${name} for an optimizer not yet met`);
  }
  const sgd = html(playgroundOutput(playground(course, { offered: ["SGD"] }), { includeLibraries: false }));
  assert.equal(sgd.includes('name="epsInsideSqrt"'), false, "AdaGrad's ε without AdaGrad");
  const nesterov = html(
    playgroundOutput(playground(course, { offered: ["SGD", "Nesterov"], optimizers: ["Nesterov"] }), {
      includeLibraries: false,
    }),
  );
  assert.ok(nesterov.includes('name="momentum"'), "Nesterov's α");
});

// [options, the message it must throw]
const badOptions: [unknown, RegExp][] = [
  [{ offered: [] }, /'offered' must be a non-empty list of distinct names .*: current value is \[\]/],
  [
    { offered: ["SGD"], optimizers: ["AdaGrad"] },
    /'optimizers' must .* among SGD \(the 'offered' ones\): current value is \["AdaGrad"\]/,
  ],
  [{ optimizers: [] }, /'optimizers' must be a non-empty list of distinct names .*: current value is \[\]/],
  [{ optimizers: ["SGD", "SGD"] }, /'optimizers' must .*: current value is \["SGD", "SGD"\]/],
  [{ optimizers: ["Adagrad"] }, /'optimizers' must .*: current value is \["Adagrad"\]/],
  [{ lr: 0 }, /'lr' must be a number in \[0\.0001, 10\]: current value is 0/],
  [{ lr: 11 }, /'lr' must be a number in \[0\.0001, 10\]: current value is 11/],
  [{ lr: "0.1" }, /'lr' must be a number or an object of rates by optimizer: current value is "0\.1"/],
  [{ lr: { SGD: -1 } }, /'lr\.SGD' must be a number in \[0\.0001, 10\]: current value is -1/],
  [{ lr: { Sgd: 0.1 } }, /'lr' must name optimizers among .*: current value has "Sgd"/],
  [{ momentum: 1 }, /'momentum' must be a number in \[0, 0\.99\]: current value is 1/],
  [{ decayRate: -0.1 }, /'decayRate' must be a number in \[0, 0\.999\]: current value is -0\.1/],
  [{ beta1: NaN }, /'beta1' must be a number in \[0, 0\.999\]: current value is NaN/],
  [{ beta2: 1 }, /'beta2' must be a number in \[0, 0\.9999\]: current value is 1/],
  [{ epsInsideSqrt: "yes" }, /'epsInsideSqrt' must be true or false: current value is "yes"/],
  [{ steps: 0 }, /'steps' must be a whole number in \[1, 500\]: current value is 0/],
  [{ steps: 2.5 }, /'steps' must be a whole number in \[1, 500\]: current value is 2\.5/],
  [{ steps: 501 }, /'steps' must be a whole number in \[1, 500\]: current value is 501/],
  [
    { schedule: "cosine" },
    /'schedule' must be one of "constant", "stepDecay", "cosineDecay": current value is "cosine"/,
  ],
  [
    { x0: [20, 0] },
    /'x0' must be 2 numbers inside the plotting range \[\[-10, 10\], \[-5, 5\]\]: current value is \[20, 0\]/,
  ],
  [{ x0: [1] }, /'x0' must be 2 numbers .*: current value is \[1\]/],
  [{ readoutStep: 31 }, /'readoutStep' must be a whole number in \[0, steps\]: current value is 31/],
  [{ height: 10 }, /'height' must be a number of pixels in \[200, 2000\]: current value is 10/],
  [{ learningRate: 0.1 }, /'learningRate' is not an option/],
  ["fast", /the options must be an object: current value is "fast"/],
];

Deno.test("playground() throws on a bad option, naming it and its value", () => {
  for (const [options, message] of badOptions) {
    assert.throws(() => playground(course, options as PlaygroundOptions), message, JSON.stringify(options));
  }
});

Deno.test("playground() throws on a function it cannot draw, naming the 2-D ones", () => {
  const oneD = testFunctions.find((f) => f.dim === 1)!;
  assert.throws(
    () => playground(oneD),
    /'fn' must be one of the course's 2-D test functions \(course, .*\): current value is "parabola"/,
  );
  assert.throws(() => playground({ ...course }), /'fn' must be one of .*: current value is "course"/);
});

Deno.test("clampKnob() and clampStart() keep typed values inside each range, and refuse what is not a number", () => {
  assert.deepEqual(
    ["-1", "0", "1e9", "0.5", "", "abc", "Infinity"].map((v) => clampKnob("lr", v)),
    [0.0001, 0.0001, 10, 0.5, undefined, undefined, undefined],
  );
  assert.deepEqual([0, 600, 7.6].map((v) => clampKnob("steps", v)), [1, 500, 8]);
  assert.deepEqual([-1, 1].map((v) => clampKnob("beta2", v)), [0, 0.9999]);
  assert.deepEqual([clampStart(course, 0, "-99"), clampStart(course, 1, 99), clampStart(course, 1, "x")], [
    -10,
    5,
    undefined,
  ]);
});

Deno.test("readoutRows() shows a diverged run at its last step, with where and why it stopped", () => {
  const pg = playground(course, { optimizers: ["SGD", "AdaGrad"], lr: { SGD: 1.2 } });
  const rows = readoutRows(pg.runs, 30);
  const diverged = pg.runs[0].diverged;
  assert.ok(diverged, "SGD at η = 1.2 diverges on the course's function");
  assert.match(rows, new RegExp(`SGD\\(lr=1\\.2\\)</th><td>${diverged.step}</td>`));
  assert.match(rows, new RegExp(`diverged at step ${diverged.step}: coordinate 1 reached`));
  assert.match(
    rows,
    /AdaGrad\(lr=1\.5\)<\/th><td>30<\/td><td>\(-0\.1202, 2\.486e-17\)<\/td><td>0\.0007219<\/td><td>1\.5<\/td><td>1\.177, 0\.3629<\/td>/,
  );
  assert.match(readoutRows(pg.runs, 0), /<td>0<\/td><td>\(-7, 2\)<\/td><td>6\.45<\/td><td>—<\/td><td>—<\/td>/);
});

Deno.test("playgroundPage() is one HTML page with plotly.js, the bundle and the playground", () => {
  const page = playgroundPage(course);
  assert.match(page, /^<!DOCTYPE html>/);
  assert.equal((page.match(/plotly\.js v\d/g) ?? []).length, 1);
  assert.equal((page.match(/lrcPlayground=\{/g) ?? []).length, 1);
  assert.equal((page.match(/class="lrc-playground"/g) ?? []).length, 1);
  assert.doesNotMatch(page, /<script[^>]+src=/, "a script loaded from elsewhere");
});

Deno.test("playgroundBundle() builds when lib/ is reached through a symlink (as the live-notebook copies do)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "lrc_symlink_" });
  try {
    await Deno.symlink(`${root}lib`, `${dir}/lib`);
    const script =
      `import { playgroundBundle } from "${dir}/lib/playground/bundle.ts"; console.log(playgroundBundle().length);`;
    const out = await new Deno.Command(Deno.execPath(), { args: ["eval", script], stdout: "piped", stderr: "piped" })
      .output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    assert.equal(Number(new TextDecoder().decode(out.stdout)), bytes(playgroundBundle()));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

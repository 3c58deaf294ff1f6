// Hostile input to the public API of lib/run, lib/landscape and lib/plot (issue 21, section 4 and the sizes of
// section 3): every case either throws an error that names the option and shows its value, or gives a documented,
// sensible result. First the cases an outside review found, each with its exact message; then a sweep that gives
// every option of every builder a table of bad values.
import assert from "node:assert/strict";
import {
  AdaGrad,
  animationPlot,
  course,
  effectiveRateCurve,
  type Figure,
  linePlot,
  lossCurve,
  lrSlider,
  minimize,
  numericalGradient,
  panelsPlot,
  parabola,
  pathPlot,
  rosenbrock,
  scheduleCurve,
  SGD,
  stepLengthCurve,
  stepsToReach,
  type TestFunction,
  testFunctions,
  trainingCurve,
  type Trajectory,
} from "../lib/mod.ts";
import { figureBundle } from "../lib/plot/mod.ts";

/** How an error message shows a trajectory: its first eight keys. */
const shownRun = "{label, optimizer, lr, fn, points, loss, grads, stepLength, …}";

/** A value of the wrong type, passed on purpose. */
const wrong = <T = never>(value: unknown) => value as T;

const run = minimize(course, new AdaGrad({ lr: 1.5 }), { steps: 30 });
const sgdRun = minimize(course, new SGD({ lr: 0.95 }), { steps: 30 });
const trainingRun = {
  label: "SGD(lr=0.1)",
  optimizer: "SGD",
  loss: [4, 2, 1],
  trainAccuracy: 1,
  testAccuracy: 1,
  diverged: false as const,
};
const { range: _range, ...courseWithoutRange } = course;

// ── The cases of issue 21, each with its exact message ─────────────────────────────────────────────────────────────

const gridRule = "'grid' must be a whole number in [2, 500] (a contour holds grid² values, and a figure is about " +
  "1,000 pixels wide)";
const rangeRule = "'range' must hold 2 ranges [min, max] of finite numbers with min < max";
const optimizerRule = "'optimizer' must be an optimizer such as new SGD({ lr: 0.1 })";
const cases: [string, () => unknown, ErrorConstructor, string][] = [
  [
    "pathPlot with grid 1",
    () => pathPlot(course, run, { grid: 1 }),
    RangeError,
    `Cannot draw pathPlot as ${gridRule}: current value is 1`,
  ],
  [
    "pathPlot with grid 0.5",
    () => pathPlot(course, run, { grid: 0.5 }),
    RangeError,
    `Cannot draw pathPlot as ${gridRule}: current value is 0.5`,
  ],
  [
    "pathPlot with grid 2.5",
    () => pathPlot(course, run, { grid: 2.5 }),
    RangeError,
    `Cannot draw pathPlot as ${gridRule}: current value is 2.5`,
  ],
  [
    "pathPlot with grid 1e4",
    () => pathPlot(course, run, { grid: 1e4 }),
    RangeError,
    `Cannot draw pathPlot as ${gridRule}: current value is 10000`,
  ],
  [
    "pathPlot with levels 0.3",
    () => pathPlot(course, run, { levels: 0.3 }),
    RangeError,
    "Cannot draw pathPlot as 'levels' must be a whole number in [1, 100] (more contour lines than that fill the plot): current value is 0.3",
  ],
  [
    "pathPlot with an empty range",
    () => pathPlot(course, run, { range: [] }),
    RangeError,
    `Cannot draw pathPlot as ${rangeRule}: current value is []`,
  ],
  [
    "pathPlot with a NaN in its range",
    () => pathPlot(course, run, { range: [[NaN, 1], [-1, 1]] }),
    RangeError,
    `Cannot draw pathPlot as ${rangeRule}: current value is [[NaN, 1], [-1, 1]]`,
  ],
  [
    "pathPlot with a range whose min is not below its max",
    () => pathPlot(course, run, { range: [[1, 1], [-1, 1]] }),
    RangeError,
    `Cannot draw pathPlot as ${rangeRule}: current value is [[1, 1], [-1, 1]]`,
  ],
  [
    "pathPlot with equalAxes given as a string",
    () => pathPlot(course, run, { equalAxes: wrong("false") }),
    TypeError,
    `Cannot draw pathPlot as 'equalAxes' must be true or false: current value is "false"`,
  ],
  [
    "scheduleCurve of a schedule that returns NaN",
    () => scheduleCurve(() => NaN),
    RangeError,
    "Cannot draw scheduleCurve as the schedule (anonymous) in 'schedules' must return a finite number >= 0, but at step t = 0 it did not: current value is NaN",
  ],
  [
    "animationPlot of two runs",
    () => animationPlot(course, wrong([run, sgdRun])),
    RangeError,
    `Cannot draw animationPlot as 'run' must be one trajectory, not a list of 2 (draw one figure per run): current value is [${shownRun}, ${shownRun}]`,
  ],
  [
    "effectiveRateCurve of two runs",
    () => effectiveRateCurve(wrong([run, run])),
    RangeError,
    `Cannot draw effectiveRateCurve as 'run' must be one trajectory, not a list of 2 (draw one figure per run): current value is [${shownRun}, ${shownRun}]`,
  ],
  [
    "minimize with a numerical gradient of step h = 1e-300",
    () => minimize(course, new SGD(), { gradient: "numerical", h: 1e-300 }),
    RangeError,
    "Cannot run minimize as 'h' must move every coordinate of the start [-7, 2] (x ± h ≠ x in float64 needs h > 4.4e-16): current value is 1e-300",
  ],
  [
    "numericalGradient with h = 1e-300",
    () => numericalGradient(course.f, Float64Array.of(-7, 2), 1e-300),
    RangeError,
    "Cannot compute numericalGradient as 'h' must move every coordinate of x (x ± h ≠ x in float64 needs h > 4.4e-16): current value is 1e-300",
  ],
  [
    "numericalGradient of a function that returns a string",
    () => numericalGradient(wrong(() => "0.5"), Float64Array.of(1)),
    TypeError,
    `Cannot compute numericalGradient as 'f' must return a number: current value near coordinate 0 is "0.5"`,
  ],
  [
    "minimize with null as the optimizer",
    () => minimize(course, wrong(null)),
    TypeError,
    `Cannot run minimize as ${optimizerRule}: current value is null`,
  ],
  [
    "minimize with {} as the optimizer",
    () => minimize(course, wrong({})),
    TypeError,
    `Cannot run minimize as ${optimizerRule}: current value is {}`,
  ],
  [
    "minimize with the class SGD instead of an instance",
    () => minimize(course, wrong(SGD)),
    TypeError,
    `Cannot run minimize as ${optimizerRule}: current value is the class SGD`,
  ],
  [
    "minimize with null as the test function",
    () => minimize(wrong(null), new SGD()),
    TypeError,
    "Cannot run minimize as 'fn' must be a test function such as course: current value is null",
  ],
  [
    "minimize with steps 1e7",
    () => minimize(course, new SGD(), { steps: 1e7 }),
    RangeError,
    "Cannot run minimize as 'steps' must be a whole number in [0, 1000000] (a run records about 300 bytes per step): current value is 10000000",
  ],
  [
    "minimize with x0 null",
    () => minimize(course, new SGD(), { x0: wrong(null) }),
    RangeError,
    "Cannot run minimize as 'x0' must be 2 finite numbers for x²/20 + y²: current value is null",
  ],
  [
    "minimize on a test function without a range",
    () => minimize(wrong(courseWithoutRange), new SGD()),
    TypeError,
    "Cannot run minimize as 'fn.range' must hold 2 ranges [min, max] of finite numbers with min < max: current value is undefined",
  ],
  [
    "pathPlot on a test function without a range",
    () => pathPlot(wrong(courseWithoutRange), run),
    TypeError,
    "Cannot draw pathPlot as 'fn.range' must hold 2 ranges [min, max] of finite numbers with min < max: current value is undefined",
  ],
  [
    "minimize on a test function whose gradient returns a plain array",
    () => minimize({ ...course, gradient: wrong(() => [1, 2]) }, new SGD()),
    TypeError,
    "Cannot run minimize as 'fn.gradient' must return a Float64Array of 2 numbers: current value is [1, 2]",
  ],
  [
    "pathPlot with a number as its title",
    () => pathPlot(course, run, { title: wrong(42) }),
    TypeError,
    "Cannot draw pathPlot as 'title' must be a string: current value is 42",
  ],
  [
    "lossCurve with an object as its title",
    () => lossCurve(run, { title: wrong({ text: "loss" }) }),
    TypeError,
    "Cannot draw lossCurve as 'title' must be a string: current value is {text}",
  ],
  [
    "pathPlot on a test function whose name is a number",
    () => pathPlot(wrong({ ...course, name: 42 }), run),
    TypeError,
    "Cannot draw pathPlot as 'fn.name' must be a string: current value is 42",
  ],
  [
    "pathPlot on a test function whose description is an object",
    () => pathPlot(wrong({ ...course, description: { en: "a bowl" } }), run),
    TypeError,
    "Cannot draw pathPlot as 'fn.description' must be a string: current value is {en}",
  ],
  [
    "linePlot of a series whose name is a number",
    () => linePlot([{ name: wrong(7), x: [1], y: [1] }]),
    TypeError,
    "Cannot draw linePlot as 'name' must be a string: current value is 7",
  ],
  [
    "linePlot of a series with a string among its values",
    () => linePlot([{ name: "squares", x: [1, 2, 3], y: wrong([1, "4", 9]) }]),
    TypeError,
    `Cannot draw linePlot as the series "squares" 'y' must hold numbers: current value at index 1 is "4"`,
  ],
  [
    "figureBundle({})",
    () => figureBundle(wrong({})),
    TypeError,
    "Cannot make figureBundle as 'fig' must be a figure { data: [traces], layout: {…} }: current value is {}",
  ],
  [
    "figureBundle of a figure whose frames are not a list",
    () => figureBundle({ data: [], layout: {}, frames: wrong({}) }),
    TypeError,
    "Cannot make figureBundle as 'fig.frames' must be a list: current value is {}",
  ],
  [
    "animationPlot of a run of 301 steps",
    () => animationPlot(course, minimize(course, new SGD({ lr: 0.01 }), { steps: 301 })),
    RangeError,
    "Cannot draw animationPlot as the run must have at most 300 steps (frame t repeats steps 0 … t, so the frames hold about steps²/2 points; draw a shorter run, or pathPlot for this one): current value is 301 steps",
  ],
  [
    "lrSlider with 101 learning rates",
    () => lrSlider(course, (lr) => new SGD({ lr }), Array.from({ length: 101 }, (_, i) => 0.01 * (i + 1))),
    RangeError,
    `Cannot draw lrSlider as 'lrs' must hold at most 100 learning rates (one run each, and more stops than a slider can be dragged to): current value is [0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, … (101 items)]`,
  ],
  [
    "panelsPlot of four runs on a 300 grid",
    () => panelsPlot(course, [run, run, run, run], { grid: 300 }),
    RangeError,
    "Cannot draw panelsPlot as 'grid' must be a whole number in [2, 250] (a contour holds grid² values, and a figure is about 1,000 pixels wide; each of the 4 panels carries its own copy): current value is 300",
  ],
  [
    "stepsToReach with a test function that is a string",
    () => stepsToReach(wrong("course"), run),
    TypeError,
    `Cannot run stepsToReach as 'fn' must be a test function such as course: current value is "course"`,
  ],
];

for (const [what, call, type, message] of cases) {
  Deno.test(`${what} throws a ${type.name} that names the option and shows its value`, () => {
    assert.throws(call, (error: unknown) => {
      assert.ok(error instanceof type, `expected a ${type.name}, got ${error}`);
      assert.equal(error.message, message);
      return true;
    });
  });
}

Deno.test("an error message about a million-entry array stays one short line", () => {
  const x0 = new Array(1_000_000).fill(0);
  assert.throws(() => minimize(course, new SGD(), { x0 }), (error: Error) => {
    assert.equal(
      error.message,
      "Cannot run minimize as 'x0' must be 2 finite numbers for x²/20 + y²: current value is [0, 0, 0, 0, 0, 0, 0, 0, … (1000000 items)]",
    );
    return true;
  });
});

// ── Sizes: refused before anything is allocated ─────────────────────────────────────────────────────────────────────

Deno.test("absurd sizes are refused at once, before any memory is taken", () => {
  const before = Deno.memoryUsage().heapUsed;
  const started = performance.now();
  assert.throws(() => minimize(course, new SGD(), { steps: 1e7 }), /'steps' must be a whole number in \[0, 1000000\]/);
  assert.throws(() => pathPlot(course, run, { grid: 1e4 }), /'grid' must be a whole number in \[2, 500\]/);
  assert.throws(() => scheduleCurve(() => 0.1, { steps: 1e9 }), /'steps' must be a whole number in \[1, 1000000\]/);
  const elapsed = performance.now() - started;
  const grown = Deno.memoryUsage().heapUsed - before;
  assert.ok(elapsed < 500, `refusing took ${elapsed.toFixed(0)} ms`);
  assert.ok(grown < 20e6, `refusing took ${(grown / 1e6).toFixed(1)} MB of heap`);
});

Deno.test("the largest sizes allowed still draw: a 500 grid, a 300-step animation, a 1,000,000-step schedule", () => {
  assert.equal(
    (pathPlot(rosenbrock, minimize(rosenbrock, new SGD({ lr: 1e-3 })), { grid: 500 }).data[0].x as []).length,
    500,
  );
  assert.equal(animationPlot(course, minimize(course, new SGD({ lr: 0.01 }), { steps: 300 })).frames!.length, 301);
  const x = scheduleCurve((t) => 1 / (1 + t), { steps: 1_000_000 }).data[0].x as number[];
  assert.ok(x.length <= 300, `${x.length} points sent`); // thinned to the points where the line turns
  assert.deepEqual([x[0], x.at(-1)], [0, 999_999]);
});

// ── Long arrays: no spread into a call ──────────────────────────────────────────────────────────────────────────────

Deno.test("every figure of a 150,000-step run draws without overflowing the call stack", () => {
  // Spreading more than about 128,000 values into a call overflowed V8's stack.
  const long = minimize(course, new AdaGrad({ lr: 0.01 }), { steps: 150_000 });
  assert.equal(long.points.length, 150_001);
  const figures: Figure[] = [
    pathPlot(course, long),
    panelsPlot(course, [long, run]),
    lossCurve(long, { logY: true }),
    stepLengthCurve(long),
    effectiveRateCurve(long),
    linePlot([{ name: "loss", x: long.loss.map((_, t) => t), y: long.loss }]),
    trainingCurve([{ ...trainingRun, loss: long.loss }]),
  ];
  for (const fig of figures) {
    for (const trace of fig.data) {
      const x = trace.x as unknown[] | undefined;
      assert.ok(!x || x.length <= 500, `${trace.name}: ${x?.length} points sent`);
    }
  }
  assert.equal(stepsToReach(course, long, 1e-9), undefined);
});

Deno.test("pathPlot draws Rosenbrock on a 400 grid, which overflowed the call stack before", () => {
  const fig = pathPlot(rosenbrock, minimize(rosenbrock, new SGD({ lr: 1e-3 })), { grid: 400 });
  const z = fig.data[0].z as number[][];
  assert.deepEqual([z.length, z[0].length], [400, 400]);
  assert.ok(z.flat().every(Number.isFinite));
});

Deno.test("lib/ spreads no possibly long array into a function call", async () => {
  // Bounded by construction, so allowed: a network's layer sizes (a handful of numbers), and a function's own arguments.
  const allowed = [
    /Math\.max\(\.\.\.sizes\.slice\(/,
    /render\(\.\.\.args\)/,
  ];
  const found: string[] = [];
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(dir)) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) await walk(path);
      else if (path.endsWith(".ts")) {
        (await Deno.readTextFile(path)).split("\n").forEach((line, i) => {
          if (/^\s*(\*|\/\/)/.test(line) || /\bfunction\b/.test(line)) return; // documentation, rest parameters
          const code = line.replace(/\/\/.*$/, "");
          // A spread straight into a call's arguments: name(...x) or name(a, ...x), not inside [ ] or { }.
          if (/[\w\])]\((?:[^()[\]{}]*, )?\.\.\./.test(code) && !allowed.some((a) => a.test(code))) {
            found.push(`${path}:${i + 1}: ${line.trim()}`);
          }
        });
      }
    }
  };
  await walk(new URL("../lib", import.meta.url).pathname);
  assert.deepEqual(found, []);
});

// ── Shared records are frozen ───────────────────────────────────────────────────────────────────────────────────────

Deno.test("course and every other test function are frozen, with their ranges, minima and start", () => {
  assert.ok(Object.isFrozen(testFunctions));
  for (const fn of testFunctions) {
    for (const part of [fn, fn.range, ...fn.range, fn.minima, ...fn.minima, fn.start]) {
      assert.ok(Object.isFrozen(part), `${fn.id}: ${Deno.inspect(part)} is not frozen`);
    }
  }
  assert.throws(() => {
    (course as { start: readonly number[] }).start = [1, 1];
  }, TypeError);
  assert.throws(() => {
    wrong<number[]>(course.range[0])[0] = -100;
  }, TypeError);
  assert.throws(() => wrong<number[][]>(course.minima).push([1, 1]), TypeError);
  assert.deepEqual([course.range, course.start, course.minima], [[[-10, 10], [-5, 5]], [-7, 2], [[0, 0]]]);
  // A copy is how a cell tries another start.
  const moved: TestFunction = { ...course, start: [1, 1] };
  assert.deepEqual(minimize(moved, new SGD(), { steps: 0 }).points, [[1, 1]]);
});

// ── Divergence is still a result, not an error ──────────────────────────────────────────────────────────────────────

Deno.test("minimize() records a gradient that is not finite as a divergence instead of passing it to update()", () => {
  const cliff: TestFunction = {
    ...course,
    id: "cliff",
    gradient: (p) => Float64Array.of(p[0] > -6.2 ? Infinity : -0.5, 2 * p[1]), // x: −7, −6.5, −6, then a cliff
  };
  const fell = minimize(cliff, new SGD({ lr: 1 }), { steps: 10 });
  assert.deepEqual(fell.diverged, { step: 2, reason: "the gradient became Infinity" });
  assert.equal(fell.points.length, 3); // the start and two updates; the third gradient is where it stopped
  assert.match(pathPlot(cliff, fell).data.at(-1)!.name as string, /diverged at step 2$/);
  const nowhere: TestFunction = { ...course, id: "nowhere", f: () => NaN };
  assert.deepEqual(minimize(nowhere, new SGD()).diverged, { step: 0, reason: "the loss at the start is NaN" });
});

// ── The sweep: every option of every builder, a table of bad values ────────────────────────────────────────────────

/** Bad values, each with the way an error message shows it. */
const badValues: [value: unknown, shown: string][] = [
  [NaN, "NaN"],
  [Infinity, "Infinity"],
  [-Infinity, "-Infinity"],
  [-1, "-1"],
  [0, "0"],
  [0.5, "0.5"],
  [1e12, "1000000000000"],
  ["", '""'],
  ["1", '"1"'],
  [null, "null"],
  [{}, "{}"],
  [[], "[]"],
  [true, "true"],
];

/** Calls one builder with `options`. */
type Builder = (options: Record<string, unknown>) => unknown;

// For each builder: its action (as its messages say it), a call, and per option the bad values it accepts, with why.
const sweep: [string, Builder, Record<string, unknown[]>][] = [
  [
    "run minimize",
    (o) => minimize(course, new SGD(), o),
    {
      x0: [],
      steps: [0], // a run of no update: the start alone
      gradient: [],
      h: [0.5, 1e12], // valid steps (the numerical mode uses h; it is checked against the start there)
      noise: [0, 0.5, 1e12], // σ ≥ 0; a huge σ makes the run diverge, which it records
      seed: [0, 1e12],
      divergenceFactor: [0.5, 1e12],
    },
  ],
  [
    "draw pathPlot",
    (o) => pathPlot(course, run, o),
    { title: ["", "1"], height: [], range: [], grid: [], levels: [], equalAxes: [true] },
  ],
  [
    "draw panelsPlot",
    (o) => panelsPlot(course, [run, sgdRun], o),
    { title: ["", "1"], height: [], columns: [1e12], grid: [], levels: [] }, // more columns than panels: one row
  ],
  [
    "draw animationPlot",
    (o) => animationPlot(course, run, o),
    { title: ["", "1"], height: [], frameDuration: [0.5, 1e12] },
  ],
  [
    "draw lrSlider",
    (o) => lrSlider(course, (lr) => new SGD({ lr }), [0.1, 0.5], o),
    { title: ["", "1"], height: [], active: [0], x0: [], steps: [0], gradient: [] },
  ],
  ["draw lossCurve", (o) => lossCurve(run, o), { title: ["", "1"], height: [], logY: [true], window: [1e12] }],
  ["draw stepLengthCurve", (o) => stepLengthCurve(run, o), { title: ["", "1"], height: [], logY: [true] }],
  ["draw effectiveRateCurve", (o) => effectiveRateCurve(run, o), { title: ["", "1"], height: [], logY: [true] }],
  ["draw scheduleCurve", (o) => scheduleCurve(() => 0.1, o), { title: ["", "1"], height: [], logY: [true], steps: [] }],
  [
    "draw linePlot",
    (o) => linePlot([{ name: "squares", x: [1, 2, 3], y: [1, 4, 9] }], o),
    { title: ["", "1"], height: [], logY: [true], logX: [true], xTitle: ["", "1"], yTitle: ["", "1"] },
  ],
  ["draw trainingCurve", (o) => trainingCurve([trainingRun], o), {
    title: ["", "1"],
    height: [],
    logY: [true],
    window: [1e12],
  }],
];

for (const [action, call, accepts] of sweep) {
  const name = action.split(" ")[1];
  Deno.test(`${name}() names the option and its value for every bad value of every option`, () => {
    for (const [option, accepted] of Object.entries(accepts)) {
      for (const [value, shown] of badValues) {
        const what = `${name}({ ${option}: ${shown} })`;
        if (accepted.includes(value)) {
          const result = call({ [option]: value });
          assert.doesNotThrow(() => JSON.stringify(result), what);
          continue;
        }
        assert.throws(() => call({ [option]: value }), (error: unknown) => {
          assert.ok(error instanceof TypeError || error instanceof RangeError, `${what}: ${error}`);
          // lrSlider hands x0, steps and gradient to minimize(), which names them.
          const actions = option in { x0: 1, steps: 1, gradient: 1 } ? `(${action}|run minimize)` : action;
          const shape = new RegExp(
            `^Cannot ${actions} as '${option}' must .*: current value is ${
              shown.replace(/[[\]{}()*+?.\\^$|]/g, "\\$&")
            }$`,
          );
          assert.match(error.message, shape, what);
          return true;
        }, what);
      }
    }
  });
}

Deno.test("every builder names its first argument when it is not what it draws", () => {
  const notRuns = [null, 42, "run", {}, [], [null], [{ points: [] }], [{ ...run, label: 7 }]];
  const builders: [string, string, (runs: unknown) => unknown][] = [
    ["pathPlot", "runs", (r) => pathPlot(course, wrong(r))],
    ["panelsPlot", "runs", (r) => panelsPlot(course, wrong(r))],
    ["animationPlot", "runs", (r) => animationPlot(course, wrong(r))],
    ["lossCurve", "runs", (r) => lossCurve(wrong(r))],
    ["stepLengthCurve", "runs", (r) => stepLengthCurve(wrong(r))],
    ["effectiveRateCurve", "runs", (r) => effectiveRateCurve(wrong(r))],
    ["trainingCurve", "runs", (r) => trainingCurve(wrong(r))],
    ["scheduleCurve", "schedules", (s) => scheduleCurve(wrong(s))],
    ["linePlot", "series", (s) => linePlot(wrong(s))],
  ];
  for (const [name, argument, draw] of builders) {
    for (const value of notRuns) {
      assert.throws(() => draw(value), (error: Error) => {
        assert.match(
          error.message,
          new RegExp(`^Cannot draw ${name} as '${argument}' must `),
          `${name}(${Deno.inspect(value)})`,
        );
        return true;
      });
    }
  }
  const notFunctions = [null, 42, "course", {}, [], { ...course, dim: 0 }, { ...course, start: [NaN, 0] }];
  for (const value of notFunctions) {
    for (
      const [name, draw] of [
        ["pathPlot", () => pathPlot(wrong(value), run)],
        ["panelsPlot", () => panelsPlot(wrong(value), [run])],
        ["animationPlot", () => animationPlot(wrong(value), run)],
        ["lrSlider", () => lrSlider(wrong(value), (lr) => new SGD({ lr }), [0.1])],
      ] as const
    ) {
      assert.throws(draw, (error: Error) => {
        assert.match(error.message, new RegExp(`^Cannot draw ${name} as 'fn(\\.\\w+)?' must `), Deno.inspect(value));
        return true;
      });
    }
  }
});

Deno.test("a 1-D function's pathPlot checks grid and levels too, though it draws no contour", () => {
  const line = minimize(parabola, new SGD({ lr: 0.1 }));
  assert.throws(() => pathPlot(parabola, line, { grid: 0 }), /'grid' must be a whole number in \[2, 500\]/);
  assert.throws(
    () => pathPlot(parabola, line, { range: [[-1, 1], [-1, 1]] }),
    /'range' must hold 1 range \[min, max\] of finite numbers with min < max: current value is \[\[-1, 1\], \[-1, 1\]\]$/,
  );
});

Deno.test("scheduleCurve plots a rate that has decayed to 0, and refuses a negative one", () => {
  const fig = scheduleCurve((t) => 0.5 ** (100 * t), { steps: 20 }); // 0.5^1100 underflows to 0
  assert.equal((fig.data[0].y as number[]).at(-1), 0);
  assert.throws(
    () =>
      scheduleCurve(function wobble(t) {
        return t < 3 ? 0.1 : -0.1;
      }),
    /the schedule wobble in 'schedules' must return a finite number >= 0, but at step t = 3 it did not: current value is -0.1$/,
  );
});

Deno.test("linePlot leaves a gap where a value is not finite, as documented", () => {
  const fig = linePlot([{ name: "loss", x: [1, 2, 3], y: [1, NaN, Infinity] }]);
  assert.equal(JSON.stringify(fig.data[0].y), "[1,null,null]");
});

Deno.test("a hand-made trajectory is checked as much as the figures read it", () => {
  const fake = { ...run, loss: run.loss.slice(0, 3) } as Trajectory;
  assert.throws(
    () => lossCurve(fake),
    /Cannot draw lossCurve as 'runs' must hold trajectories from minimize\(\): current value is \{label, optimizer/,
  );
});

Deno.test("a test function with a pole draws its contour with a hole there, and one with no finite value says so", () => {
  const pole: TestFunction = { ...course, id: "pole", f: (p) => 1 / (p[0] * p[0] + p[1] * p[1]) };
  const fig = pathPlot(pole, minimize(pole, new SGD({ lr: 0.1 }), { steps: 3 }), { grid: 3 }); // (0, 0) is on the grid
  assert.equal(JSON.stringify((fig.data[0].z as number[][])[1][1]), "null");
  const contours = fig.data[0].contours as Record<string, number>;
  assert.ok([contours.start, contours.end, contours.size].every(Number.isFinite), JSON.stringify(contours));
  const nowhere: TestFunction = { ...course, id: "nowhere", f: () => NaN };
  assert.throws(
    () => pathPlot(nowhere, { ...minimize(course, new SGD(), { steps: 1 }), fn: "nowhere" }, { grid: 3 }),
    /Cannot draw contours of x²\/20 \+ y² as 'fn.f' must be finite somewhere on the grid: current value is NaN everywhere/,
  );
});

Deno.test("numericalGradient() and stepsToReach() name their step and tolerance for every bad value", () => {
  for (const [value, shown] of badValues) {
    if (typeof value === "number" && value > 0 && Number.isFinite(value)) continue; // a valid h or tol
    assert.throws(() => numericalGradient(course.f, Float64Array.of(-7, 2), wrong(value)), (error: Error) => {
      assert.match(error.message, /^Cannot compute numericalGradient as 'h' must be a positive finite number: /);
      assert.ok(error.message.endsWith(`current value is ${shown}`), error.message);
      return true;
    });
    assert.throws(() => stepsToReach(course, run, wrong(value)), (error: Error) => {
      assert.match(error.message, /^Cannot run stepsToReach as 'tol' must be a positive finite number: /);
      assert.ok(error.message.endsWith(`current value is ${shown}`), error.message);
      return true;
    });
  }
});

// Tweak and rerun: every notebook runs through the real kernel with its knobs at the ends of their ranges and at
// seeded random values inside, its exercises answered by this file's own recomputation (and the guide's solutions),
// and every check must agree; wrong answers and the stubs must fail; a knob outside its range must stop the notebook
// with an error that names it.
import assert from "node:assert/strict";
import { seededRandom } from "../lib/random.ts";
import {
  AdaGrad,
  course,
  exponentialDecay,
  LogisticRegression,
  makeOptimizer,
  minimize,
  Momentum,
  type OptimizerName,
  rosenbrock,
  rotatedValley,
  SGD,
  sparseFeatures,
  stepsToReach,
  train,
} from "../lib/mod.ts";
import { parameterCells } from "./_claims.ts";
import { type Notebook, type NotebookCell, root, runner, stripColors, text } from "./_notebook.ts";

type NumberRange = readonly [number, number] | readonly [number, number, "integer"];
type Range = NumberRange | readonly NumberRange[] | "boolean";
type Value = number | boolean | number[] | Record<string, number>;
type Params = Record<string, Value>;
type Answer = number | boolean | string | number[];
type Mode = "min" | "max" | "random";

const all = [...Deno.readDirSync(`${root}notebooks`)].map((e) => e.name).filter((n) => n.endsWith(".ipynb")).sort();
// TWEAK_NOTEBOOKS=00_start_here.ipynb,07_sparse_features.ipynb runs only those (the whole course takes many minutes);
// each keeps the knobs it gets in the whole run.
const only = Deno.env.get("TWEAK_NOTEBOOKS")?.split(",");
const names = all.filter((n) => !only || only.includes(n));
const read = (path: string): Notebook => JSON.parse(Deno.readTextFileSync(path));
const source = (cell: NotebookCell) => text(cell.source);
const tagged = (cell: NotebookCell, tag: string) => ((cell.metadata.tags as string[] | undefined) ?? []).includes(tag);
const lines = (s: string) => s.split(/(?<=\n)/);

// ---------------------------------------------------------------- the parameters cell

const knobLine = /^const (\w+) = (.+?);(\s*\/\/.*)?$/gm;

/** The indices of a notebook's parameters cell and, if it has one, of its advanced parameters cell. */
const parameterCellsOf = (nb: Notebook) =>
  nb.cells.flatMap((c, i) => c.cell_type === "code" && parameterCells([source(c)]).length ? [i] : []);

/**
 * The parameters cells (the main one and the advanced one) with some knobs set to other values, evaluated: each cell's
 * new source, the knobs, and the ranges given to checkKnobs.
 */
function evaluate(
  cells: string[],
  overrides: Params,
): { sources: string[]; values: Params; ranges: Record<string, Range> } {
  const sources = cells.map((cell) =>
    cell.replace(
      knobLine,
      (line, name: string, _value, comment = "") =>
        Object.hasOwn(overrides, name) ? `const ${name} = ${JSON.stringify(overrides[name])};${comment}` : line,
    )
  );
  const code = sources.join("\n");
  const knobs = [...code.matchAll(knobLine)].map((m) => m[1]);
  let ranges: Record<string, Range> = {};
  const capture = (_values: unknown, given: Record<string, Range>) => void (ranges = { ...ranges, ...given });
  const values = new Function("checkKnobs", `${code}\nreturn { ${knobs.join(", ")} };`)(capture) as Params;
  return { sources, values, ranges };
}

/** Sets the knobs of `params` in the notebook's parameters cells. */
function setKnobs(nb: Notebook, params: Params): void {
  const cells = parameterCellsOf(nb);
  evaluate(cells.map((i) => source(nb.cells[i])), params).sources.forEach((s, k) =>
    nb.cells[cells[k]].source = lines(s)
  );
}

const isNumberRange = (range: Range): range is NumberRange => Array.isArray(range) && typeof range[0] === "number";

function pickNumber([lo, hi, kind]: NumberRange, mode: Mode, random: () => number): number {
  if (mode !== "random") return mode === "min" ? lo : hi;
  // A wide positive range is drawn evenly in log scale, so 1e-6 … 0.5 is not almost always near 0.5.
  const u = random();
  const v = lo > 0 && hi / lo >= 100 ? lo * (hi / lo) ** u : lo + (hi - lo) * u;
  return kind === "integer"
    ? Math.min(Math.floor(hi), Math.max(Math.ceil(lo), Math.round(v)))
    : Number(v.toPrecision(4));
}

function pick(value: Value, range: Range, mode: Mode, random: () => number): Value {
  if (range === "boolean") return mode === "random" ? random() < 0.5 : mode === "max";
  if (!isNumberRange(range)) return range.map((r) => pickNumber(r, mode, random));
  if (Array.isArray(value)) return value.map(() => pickNumber(range, mode, random));
  if (typeof value === "object") {
    return Object.fromEntries(Object.keys(value).map((k) => [k, pickNumber(range, mode, random)]));
  }
  return pickNumber(range, mode, random);
}

/**
 * Every knob at `mode`, in the order of the cell; a range may use another knob (warmupSteps ≤ steps − 1), so a second
 * pass picks again every knob that the others' new values put out of its range.
 */
function chooseKnobs(cell: string[], mode: Mode, seed: number): Params {
  const random = seededRandom(seed);
  const chosen: Params = {};
  for (const name of Object.keys(evaluate(cell, {}).values)) {
    const { values, ranges } = evaluate(cell, chosen);
    assert.ok(ranges[name], `the knob '${name}' has a range in checkKnobs`);
    chosen[name] = pick(values[name], ranges[name], mode, random);
  }
  for (const name of Object.keys(chosen)) {
    const { values, ranges } = evaluate(cell, chosen);
    if (!inRange(values[name], ranges[name])) chosen[name] = pick(values[name], ranges[name], mode, random);
  }
  return chosen;
}

function inRange(value: Value, range: Range): boolean {
  const one = (v: number, [lo, hi, kind]: NumberRange) =>
    v >= lo && v <= hi && (kind !== "integer" || Number.isInteger(v));
  if (range === "boolean") return typeof value === "boolean";
  if (!isNumberRange(range)) return (value as number[]).every((v, i) => one(v, range[i]));
  if (typeof value === "number") return one(value, range);
  return Object.values(value as Record<string, number>).every((v) => one(v, range));
}

/** A value just outside the knob's range. */
function outside(value: Value, range: Range): unknown {
  if (range === "boolean") return "yes";
  const beyond = ([lo, hi, kind]: NumberRange) => kind === "integer" ? Math.floor(hi) + 1 : hi + (hi - lo) / 2 + 1;
  if (!isNumberRange(range)) return range.map((r, i) => (i === 0 ? beyond(r) : (r[0] + r[1]) / 2));
  if (Array.isArray(value)) return value.map((v, i) => (i === 0 ? beyond(range) : v));
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v], i) => [k, i === 0 ? beyond(range) : v]));
  }
  return beyond(range);
}

// ---------------------------------------------------------------- the exercises, recomputed here

const num = (p: Params, name: string) => p[name] as number;
const arrival = (n: number | undefined) => n ?? Infinity;

/** The right answer of every prediction, from the knobs, computed here without running the notebook's cells. */
const answers: Record<string, (p: Params) => Record<string, Answer>> = {
  "00_start_here.ipynb": (p) => {
    const factor = 1 - 2 * num(p, "lr"); // y ← y − η·2y
    return { myZigzag: [factor, 2 * factor ** 3] };
  },
  "01_learning_rate.ipynb": (p) => {
    const lrLarge = num(p, "lrLarge");
    let y = 0.001; // exercise 2's run starts at (−7, 0.001), almost on the valley floor
    let past100 = 0;
    for (; Math.abs(y) <= 100; past100++) y -= lrLarge * 2 * y; // y ← y − η·2y
    return {
      myBounce: [-5, 5, -5], // 5·(1 − 2·1)ᵗ
      myStepsPast100: past100,
      myStepsToArrive: Math.ceil(Math.log(0.1) / Math.log(1 - num(p, "lrSmall") / 10)),
      // κ = 100: ρ = (κ − 1)/(κ + 1) at η* = 2/(λmin + λmax), and the first whole t with ρᵗ < 1/1000.
      myKappa100: [99 / 101, Math.ceil(Math.log(1000) / Math.log(101 / 99))],
    };
  },
  "02_lr_decay.ipynb": (p) => {
    const [lr0, k, steps] = [num(p, "lr0"), num(p, "k"), num(p, "steps")];
    // 1/t decay with 2k: its rates, and the product of x's factors 1 − ηₜ/10 over them.
    const twiceK = Array.from({ length: steps }, (_, t) => lr0 / (1 + 2 * k * t));
    const gamma = num(p, "gamma");
    const thousandth = Math.floor(Math.log(0.001) / Math.log(gamma)) + 1; // γᵗ < 0.001
    const rate = exponentialDecay(lr0, { gamma });
    assert.ok(
      rate(thousandth - 1) >= lr0 / 1000 && rate(thousandth) < lr0 / 1000,
      `γ = ${gamma}: not at a rounding edge`,
    );
    // The noise floor: the mean loss over the second half of a noisy run, at floorRates[1] and at 0.9, and at half of
    // each.
    const [noise, noiseSteps, seed] = [num(p, "noise"), num(p, "noiseSteps"), num(p, "seed")];
    const floorAt = (lr: number) => {
      const length = Math.max(noiseSteps, Math.ceil(40 / (lr * 0.1))); // 40 relaxation times of x (λ = 0.1)
      const tail = minimize(course, new SGD({ lr }), { steps: length, noise, seed }).loss.slice(Math.floor(length / 2));
      return tail.reduce((a, b) => a + b, 0) / tail.length;
    };
    const lr = (p.floorRates as number[])[1];
    return {
      myThousandthStep: thousandth,
      myTwiceKTravel: [twiceK.reduce((a, b) => a + b, 0), twiceK.reduce((x, rate) => x * (1 - rate / 10), 1)],
      myHalfFloors: [floorAt(lr / 2) / floorAt(lr), floorAt(0.45) / floorAt(0.9)],
      // Σ 1/tᵖ = ∞ needs p ≤ 1, Σ 1/t²ᵖ < ∞ needs p > 1/2: p = 1/2 meets only the first, p = 1 both.
      myPowerEnds: [0.5, 1, 1, 2],
    };
  },
  "08_numerical_gradient.ipynb": (p) => {
    const h = num(p, "h");
    // The forward difference along y at (x, y): ((y + h)² − y²)/h = 2y + h, an error of h (f'' = 2); along x, h/20.
    const forwardY = (x: number, y: number) => {
      const slope = (course.f(Float64Array.of(x, y + h)) - course.f(Float64Array.of(x, y))) / h;
      return Math.abs(slope - 2 * y) / Math.max(Math.abs(slope), Math.abs(2 * y)); // r along y
    };
    const at = Float64Array.from(course.start);
    const exact = course.gradient(at);
    const errors = [0, 1].map((i) => {
      const nudged = Float64Array.from(at);
      nudged[i] += h;
      return Math.abs((course.f(nudged) - course.f(at)) / h - exact[i]);
    });
    return { myForwardErrors: errors, myForwardRelative: [forwardY(-7, 2), forwardY(-0.07, 0.02)] };
  },
  "03_adagrad.ipynb": (p) => {
    const lr = num(p, "lrBook");
    const start = p.farStart as number[];
    const g = [start[0] / 10, 2 * start[1]];
    // The turned valley from its start and from the start with x and y swapped: the ratio of the last rates.
    const [x0, y0] = rotatedValley.start;
    const ratio = (from: number[]) => {
      const turned = minimize(rotatedValley, new AdaGrad({ lr }), { steps: num(p, "stepsBook"), x0: from });
      const [rateX, rateY] = turned.effectiveRate!.at(-1)!;
      return rateX / rateY;
    };
    // The noisy run's rates of x: S₁'s factor and S₂'s increase from step ⌊T/4⌋ to step T.
    const steps = num(p, "noiseSteps");
    const noisy = minimize(course, new AdaGrad({ lr: num(p, "lrNoisy") }), {
      steps,
      noise: num(p, "noise"),
      seed: num(p, "seed"),
    });
    const rates = noisy.effectiveRate!.map((r) => r[0]);
    let [s1, s2, s1Quarter, s2Quarter] = [0, 0, 0, 0];
    rates.forEach((r, t) => {
      s1 += r; // S₁(t) = Σ ηₛ
      s2 += r * r; // S₂(t) = Σ ηₛ²
      if (t + 1 === Math.floor(steps / 4)) [s1Quarter, s2Quarter] = [s1, s2];
    });
    return {
      myFarFirstStep: start.map((x, i) => x - lr * g[i] / (Math.abs(g[i]) + 1e-7)), // h = g², √h = |g|
      myTurnedRatios: [ratio([x0, y0]), ratio([y0, x0])],
      myNoisySums: [s1 / s1Quarter, s2 - s2Quarter],
    };
  },
  "04_momentum.ipynb": (p) => {
    const momentum = num(p, "momentum");
    // x²/100 + y² from (−7, 2): SGD at 2/(λ_min + λ_max) and the heavy ball tuned for κ = 100, steps to within 0.001.
    const steep = {
      ...course,
      f: (q: Float64Array) => q[0] ** 2 / 100 + q[1] ** 2,
      gradient: (q: Float64Array) => Float64Array.of(q[0] / 50, 2 * q[1]),
    };
    const tuned = new Momentum({ lr: (2 / (Math.sqrt(1 / 50) + Math.SQRT2)) ** 2, momentum: (9 / 11) ** 2 });
    const arrive = (optimizer: SGD | Momentum) => stepsToReach(steep, minimize(steep, optimizer, { steps: 3000 }))!;
    return {
      myVelocityMultiple: 1 / (1 - momentum), // 1 + α + α² + … for a constant gradient
      mySteps100: [arrive(new SGD({ lr: 2 / (1 / 50 + 2) })), arrive(tuned)],
      myLargestRates: [(1 + momentum) / 2, 1.9 / 2], // e_t = (−1)ᵗ along y: ηλ_max = 2(1 + α), λ_max = 4
    };
  },
  "06_comparing_optimizers.ipynb": (p) => {
    const tol = num(p, "tol");
    const halfMomentum = minimize(course, new Momentum({ lr: 0.1, momentum: 0.5 }), { steps: 100000 });
    return {
      mySgdSteps: Math.ceil(Math.log(7 / tol) / Math.log(1 / 0.95)), // y is 0 after one step; x shrinks by 0.95
      myHalfMomentumSteps: arrival(stepsToReach(course, halfMomentum, tol)),
    };
  },
  "05_beyond_adagrad.ipynb": (p) => {
    const g = Math.abs(rosenbrock.gradient(Float64Array.from(rosenbrock.start))[0]);
    const [lr, lrConventions] = [num(p, "lrRMSProp"), num(p, "lrConventions")];
    return {
      myFirstRmsSteps: [0.9, 0.999].map((rho) => lr * g / (g * Math.sqrt(1 - rho) + 1e-7)), // h = (1 − ρ)g²
      myFirstStepX: lrConventions * 0.7 / Math.sqrt(1 + 0.49 + 1e-7), // √(h₀ + g² + ε)
    };
  },
  "07_sparse_features.ipynb": (p) => {
    const [trainSize, testSize, common, rare, rarity, seed, steps, batchSize] = [
      "trainSize",
      "testSize",
      "common",
      "rare",
      "rarity",
      "dataSeed",
      "steps",
      "batchSize",
    ].map((k) => num(p, k));
    const data = sparseFeatures({ train: trainSize, test: testSize, common, rare, rarity, seed });
    const d = common + rare;
    const fit = (name: OptimizerName, lr: number, on = data) => {
      const model = new LogisticRegression({ inputSize: d });
      const optimizer = makeOptimizer(name, lr);
      const run = train(model, optimizer, on, { steps, batchSize });
      return { lr, all: run.testAccuracy, rare: model.accuracy(on.testRare.images, on.testRare.labels), optimizer };
    };
    // Each optimizer at the rate of the grid whose mean accuracy over the data sets of `seeds` is best on the whole
    // test set (the first of equals), then trained on data set dataSeed, as the learning curves are.
    const dataSets = (p.seeds as number[]).map((s) =>
      sparseFeatures({ train: trainSize, test: testSize, common, rare, rarity, seed: s })
    );
    const meanAll = (name: OptimizerName, lr: number) =>
      dataSets.reduce((sum, set) => sum + fit(name, lr, set).all, 0) / dataSets.length;
    const best = (name: OptimizerName) => {
      const means = (p.rateGrid as number[]).map((lr) => ({ lr, all: meanAll(name, lr) }));
      return fit(name, means.reduce((a, b) => (b.all > a.all ? b : a)).lr);
    };
    // SGD re-tuned on data with half the rarity: the grid's best rate on the whole test set over the data sets of
    // `seeds`, and its mean accuracy there on the examples with a rare feature.
    const rarerSets = (p.seeds as number[]).map((s) =>
      sparseFeatures({ train: trainSize, test: testSize, common, rare, rarity: rarity / 2, seed: s })
    );
    const retuned = (p.rateGrid as number[]).map((lr) => {
      const fits = rarerSets.map((set) => fit("SGD", lr, set));
      const meanOf = (k: "all" | "rare") => fits.reduce((a, f) => a + f[k], 0) / fits.length;
      return { lr, all: meanOf("all"), rare: meanOf("rare") };
    }).reduce((a, b) => (b.all > a.all ? b : a));
    // AdaGrad's rare/common rate factor now, and on data whose rare features are four times as frequent.
    const commonFeatures = Array.from({ length: common }, (_, j) => j);
    const factor = (on: typeof data, rates: Float64Array) => {
      const meanOf = (js: number[]) => js.reduce((a, j) => a + rates[j], 0) / js.length;
      return meanOf(on.rareFeatures) / meanOf(commonFeatures);
    };
    const adagrad = best("AdaGrad");
    const commoner = sparseFeatures({ train: trainSize, test: testSize, common, rare, rarity: 4 * rarity, seed });
    const again = fit("AdaGrad", adagrad.lr, commoner);
    return {
      myRarerSgd: [(p.rateGrid as number[]).indexOf(retuned.lr), retuned.rare], // the rate by its index in the grid
      myCommonerFactor: factor(commoner, again.optimizer.effectiveRate()!),
    };
  },
};

/** A wrong answer: beyond every tolerance of the checks. */
function wrong(answer: Answer, name: string): Answer {
  if (typeof answer === "number") return answer * 2 + 10;
  if (Array.isArray(answer)) return answer.map((v) => v + 10);
  throw new Error(`${name}: the course's answers are numbers or lists of numbers, not ${JSON.stringify(answer)}`);
}

/** The guide's solutions of the implement-it exercises, by function name. */
function guideSolutions(): Map<string, string> {
  const guide = Deno.readTextFileSync(`${root}notebooks/README.md`);
  const blocks = [...guide.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  return new Map(blocks.flatMap((b) => {
    const name = b.match(/^function (my\w+)\(/)?.[1];
    return name ? [[name, b.trimEnd()] as const] : [];
  }));
}

// ---------------------------------------------------------------- running the course

interface Prepared {
  name: string;
  params: Params;
  /** The indices of the parameters cells, and of every check cell with what it must say. */
  paramsCells: number[];
  checks: { cell: number; expect: RegExp }[];
}

function prepare(name: string, nb: Notebook, params: Params, answered: boolean): Prepared {
  const paramsCells = parameterCellsOf(nb);
  setKnobs(nb, params);
  const right = answers[name](params);
  const solutions = guideSolutions();
  const checks: Prepared["checks"] = [];
  nb.cells.forEach((cell, i) => {
    const prediction = source(cell).match(/^const (my\w+) = undefined;/)?.[1];
    const stub = source(cell).match(/^function (my\w+)\(/)?.[1];
    if (prediction) {
      assert.ok(
        Object.hasOwn(right, prediction),
        `${name}: add the answer of ${prediction}, recomputed from the knobs, to 'answers' in this file`,
      );
      const value = answered ? right[prediction] : wrong(right[prediction], prediction);
      cell.source = `const ${prediction} = ${JSON.stringify(value)};`;
      checks.push({
        cell: i + 1,
        expect: answered ? /^✔ Self-check passed: / : new RegExp(`^✘ Self-check failed: ${prediction} = .* is not it`),
      });
    } else if (stub) {
      if (answered) {
        assert.ok(solutions.has(stub), `the guide has a solution of ${stub}`);
        cell.source = solutions.get(stub)!;
      }
      checks.push({
        cell: i + 1,
        expect: answered ? /^✔ Self-check passed: / : new RegExp(`^✘ Self-check failed: ${stub}: `),
      });
    }
  });
  const tagged_ = nb.cells.flatMap((c, i) => (tagged(c, "self-check") ? [i] : []));
  assert.deepEqual(tagged_, checks.map((c) => c.cell), `${name}: every self-check follows an answer cell`);
  // The summary at the end counts the passed exercises; a stub counts as not answered.
  const summary = nb.cells.findIndex((c) => source(c).includes("exerciseSummary("));
  if (summary >= 0) {
    const n = checks.length;
    const predictions = nb.cells.filter((c) => /^const my\w+ = /.test(source(c))).length;
    checks.push({
      cell: summary,
      expect: answered
        ? new RegExp(`^Exercises: ${n} of ${n} passed, ${n} answered`)
        : new RegExp(`^Exercises: 0 of ${n} passed, ${predictions} answered`),
    });
  }
  return { name, params, paramsCells, checks };
}

interface Report {
  notebook: string;
  errors: { cell: number; ename: string; evalue: string }[];
  seconds: number;
}

/** Writes the notebooks into build/tweak/<label>/notebooks (beside a link to lib/) and runs them all. */
async function runAll(
  label: string,
  notebooks: [Prepared, Notebook][],
): Promise<{ reports: Report[]; seconds: number }> {
  const dir = `${root}build/tweak/${label}`;
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.mkdir(`${dir}/notebooks`, { recursive: true });
  await Deno.symlink(`${root}lib`, `${dir}/lib`);
  const paths = notebooks.map(([p, nb]) => {
    const path = `${dir}/notebooks/${p.name}`;
    Deno.writeTextFileSync(path, JSON.stringify(nb));
    return path;
  });
  const started = performance.now();
  const { stdout, stderr } = await runner([
    "run",
    ...paths,
    "--out",
    `${dir}/executed`,
    "--report",
    `${dir}/report.json`,
    "--timeout",
    "300", // a cell at the top of every range may take longer than the runner's usual 120 s
  ]);
  const seconds = (performance.now() - started) / 1000;
  const reports: Report[] = JSON.parse(await Deno.readTextFile(`${dir}/report.json`).catch(() => "[]"));
  assert.equal(reports.length, notebooks.length, `${stdout}\n${stderr}`);
  return { reports, seconds };
}

const said = (cell: NotebookCell) =>
  (cell.outputs ?? []).map((o) => stripColors(text(o.data?.["text/plain"]))).join("\n");

const configs: { mode: Mode; seed: number; answered: boolean }[] = [
  { mode: "min", seed: 0, answered: true },
  { mode: "max", seed: 0, answered: true },
  { mode: "random", seed: 7, answered: true },
  { mode: "random", seed: 2026, answered: false },
];

for (const { mode, seed, answered } of configs) {
  const label = mode === "random" ? `random-${seed}` : mode;
  Deno.test(
    `every notebook with every knob at ${
      mode === "random" ? `a random value (seed ${seed})` : `its ${mode}imum`
    }: no error, ${answered ? "right answers and the guide's solutions pass" : "wrong answers and the stubs fail"}`,
    async () => {
      const prepared = names.map((name) => {
        const nb = read(`${root}notebooks/${name}`);
        const cells = parameterCellsOf(nb).map((i) => source(nb.cells[i]));
        return [prepare(name, nb, chooseKnobs(cells, mode, seed + all.indexOf(name)), answered), nb] as [
          Prepared,
          Notebook,
        ];
      });
      const { reports, seconds } = await runAll(label, prepared);
      console.log(
        `${label}: ${seconds.toFixed(1)} s for the course (${
          reports.map((r) => `${r.notebook.split("/").at(-1)} ${r.seconds} s`).join(", ")
        })`,
      );
      for (const [p] of prepared) {
        const report = reports.find((r) => r.notebook.endsWith(p.name))!;
        const knobs = JSON.stringify(p.params);
        assert.deepEqual(report.errors, [], `${p.name} with ${knobs}`);
        const executed = read(`${root}build/tweak/${label}/executed/${p.name}`);
        for (const { cell, expect } of p.checks) {
          assert.match(said(executed.cells[cell]), expect, `${p.name} cell ${cell} with ${knobs}`);
        }
      }
    },
  );
}

Deno.test("a knob outside its range stops its notebook in the parameters cell, with an error naming the knob", async () => {
  const random = seededRandom(11);
  const prepared = names.map((name) => {
    const nb = read(`${root}notebooks/${name}`);
    const cells = parameterCellsOf(nb);
    const { values, ranges } = evaluate(cells.map((i) => source(nb.cells[i])), {});
    const knobs = Object.keys(values);
    const knob = knobs[Math.floor(random() * knobs.length)];
    const bad = { [knob]: outside(values[knob], ranges[knob]) } as Params;
    setKnobs(nb, bad);
    return [{ name, params: bad, paramsCells: cells, checks: [] }, nb] as [Prepared, Notebook];
  });
  // The case the issue found: a warm-up as long as the run used to fail inside cosineDecay, naming its 'steps'.
  const nb2 = read(`${root}notebooks/02_lr_decay.ipynb`);
  const cells = parameterCellsOf(nb2);
  const { steps } = evaluate(cells.map((i) => source(nb2.cells[i])), {}).values as { steps: number };
  setKnobs(nb2, { warmupSteps: steps });
  prepared.push([{
    name: "02_warmup_as_long_as_the_run.ipynb",
    params: { warmupSteps: steps },
    paramsCells: cells,
    checks: [],
  }, nb2]);
  const { reports } = await runAll("outside", prepared);
  for (const [p, nb] of prepared) {
    const [knob] = Object.keys(p.params);
    const report = reports.find((r) => r.notebook.endsWith(p.name))!;
    assert.equal(report.errors.length, 1, `${p.name}: ${JSON.stringify(report.errors)}`);
    const [error] = report.errors;
    const home = p.paramsCells.find((i) => new RegExp(`^const ${knob} = `, "m").test(source(nb.cells[i])))!;
    assert.equal(error.cell, home, `${p.name}: the error is in the cell that holds '${knob}'`);
    const cell = source(nb.cells[home]).startsWith("// Advanced") ? "advanced parameters" : "parameters";
    assert.match(
      error.evalue,
      new RegExp(`^Cannot run the notebook as the knob '${knob}' in the ${cell} cell must be .*: current value is `),
      p.name,
    );
  }
});

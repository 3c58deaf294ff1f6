// What notebook 3 · AdaGrad (03_adagrad.ipynb) says, recomputed from lib/ with its own parameters cell; see
// tests/_claims.ts for how a claim ties a sentence to its check. The guide's sentences about this notebook are here too.
import assert from "node:assert/strict";
import {
  AdaGrad,
  course,
  exercises03,
  minimize,
  Momentum,
  rosenbrock,
  rotatedValley,
  SGD,
  stepsToReach,
} from "../lib/mod.ts";
import { assertBetween, claim, last, notebookParams, type Params, ratios, signFlips } from "./_claims.ts";

const guide = "README.md";
const nb3 = "03_adagrad.ipynb";
const nb3Book = (p: Params) => {
  const { lrBook, stepsBook } = p as { lrBook: number; stepsBook: number };
  return minimize(course, new AdaGrad({ lr: lrBook }), { steps: stepsBook });
};
claim(nb3, "$h$ becomes $(0.49, 16)$ and the rates $\\eta/0.7 \\approx 2.1$ and $\\eta/4 = 0.375$", (p) => {
  const book = nb3Book(p);
  const [gx, gy] = book.grads[0];
  assert.deepEqual([gx * gx, gy * gy].map((v) => Number(v.toFixed(12))), [0.49, 16]);
  assert.deepEqual(book.effectiveRate![0].map((r) => Number(r.toFixed(3))), [2.143, 0.375]);
});
claim(nb3, "got a rate almost six times smaller than $x$", (p) => {
  const [rx, ry] = nb3Book(p).effectiveRate![0];
  assertBetween(rx / ry, 5.5, 5.99, "x's rate over y's");
});
claim(nb3, "Both coordinates move by $1.5$ on that first step.", (p) => {
  const book = nb3Book(p);
  book.points[1].forEach((v, i) => assertBetween(Math.abs(v - book.points[0][i]), 1.5 - 1e-6, 1.5, `coordinate ${i}`));
});
claim(
  nb3,
  "from `farStart` $= (-70, 0.2)$ the gradient is $(-7, 0.4)$, and AdaGrad gives $x$, the flat direction",
  (p) => {
    const { farStart, lrBook } = p as { farStart: number[]; lrBook: number };
    assert.deepEqual(farStart, [-70, 0.2]);
    const far = minimize(course, new AdaGrad({ lr: lrBook }), { steps: 1, x0: farStart });
    assert.deepEqual(far.grads[0].map((g) => Number(g.toFixed(12))), [-7, 0.4]);
    const [rx, ry] = far.effectiveRate![0];
    assert.ok(rx < ry, `rates ${rx}, ${ry}`);
  },
);
claim(nb3, "AdaGrad does not zig-zag", (p) => {
  assert.equal(signFlips(nb3Book(p).points.map((q) => q[1])), 0);
});
claim(
  nb3,
  "like the blog, it estimates each gradient by nudging each coordinate and watching $f$ change, instead of using the formula; the appendix, [notebook 8](08_numerical_gradient.ipynb), shows how, and that both give the same AdaGrad path.",
  (p) => {
    const { lrBlog, stepsBlog } = p as Record<string, number>;
    for (const [lr, steps, epsInsideSqrt] of [[lrBlog, stepsBlog, true], [1.5, 30, false], [3, 200, true]] as const) {
      const optimizer = () => new AdaGrad({ lr, epsInsideSqrt });
      const analytic = minimize(course, optimizer(), { steps });
      const numerical = minimize(course, optimizer(), { steps, gradient: "numerical" });
      const gap = Math.max(...numerical.points.flatMap((q, t) => q.map((v, i) => Math.abs(v - analytic.points[t][i]))));
      assert.ok(gap < 1e-6, `η = ${lr}, ${steps} steps: the paths differ by ${gap}`);
    }
  },
  { robust: "the blog's run, the book's, and η = 3 over 200 steps" },
);
claim(nb3, "with the default knobs, after 45 steps it is near $x \\approx -0.5$", (p) => {
  const { lrBlog, stepsBlog } = p as { lrBlog: number; stepsBlog: number };
  assert.equal(stepsBlog, 45);
  const blog = minimize(course, new AdaGrad({ lr: lrBlog, epsInsideSqrt: true }), {
    steps: stepsBlog,
    gradient: "numerical",
  });
  assertBetween(last(blog)[0], -0.55, -0.45, "the blog run's final x");
  assert.ok(Math.abs(last(blog)[0]) > Math.abs(last(nb3Book(p))[0]), "further from the minimum than the book's run");
});
claim(nb3, "$\\sqrt{0 + \\varepsilon} = \\sqrt{10^{-7}} \\approx 3.2 \\cdot 10^{-4}$", () => {
  const eps = new AdaGrad().eps;
  assert.equal(eps, 1e-7);
  assertBetween(Math.sqrt(eps), 3.15e-4, 3.2e-4, "√ε");
  assert.equal(Math.round(1 / Math.sqrt(eps)), 3162);
});
claim(nb3, "the first step of the code as we have it lands near $(1985, -11382)$", (p) => {
  const { lrBlog, stepsBlog } = p as { lrBlog: number; stepsBlog: number };
  const eps = new AdaGrad().eps;
  const asPrinted = minimize(course, new SGD({ lr: lrBlog / Math.sqrt(eps) }), {
    steps: stepsBlog,
    gradient: "numerical",
  });
  assert.deepEqual(asPrinted.points[1].map(Math.round), [1985, -11382]);
  assert.ok(asPrinted.diverged && asPrinted.diverged.step === 1, JSON.stringify(asPrinted.diverged));
});
claim(
  nb3,
  "The rate of $y$ drops to $\\eta/4 = 0.375$ at once and then barely moves (about 0.363 from step 3 on)",
  (p) => {
    const rates = nb3Book(p).effectiveRate!.map((r) => r[1]);
    assert.equal(rates[0].toFixed(6), "0.375000");
    rates.slice(2).forEach((r, i) => assertBetween(r, 0.3625, 0.3635, `y's rate at step ${i + 3}`));
  },
);
claim(nb3, "The rate of $x$ falls from 2.14 to about 1.19 by step 15 and is flat after that, near 1.18.", (p) => {
  const rates = nb3Book(p).effectiveRate!.map((r) => r[0]);
  assert.equal(rates[0].toFixed(2), "2.14");
  assertBetween(rates[14], 1.185, 1.195, "x's rate at step 15");
  rates.slice(15).forEach((r, i) => assertBetween(r, 1.175, 1.185, `x's rate at step ${i + 16}`));
});
claim(nb3, "they shrink by about $|1 - 2\\eta| = 0.9$ per step", (p) => {
  const { lrSgd, stepsBook } = p as { lrSgd: number; stepsBook: number };
  const sgd = minimize(course, new SGD({ lr: lrSgd }), { steps: stepsBook });
  ratios(sgd.stepLength).slice(-10).forEach((r) => assertBetween(r, 0.88, 0.92, "SGD's step-length ratio"));
});
claim(nb3, "so $x$, and with it the step, shrinks by about $1 - 1.18/10 \\approx 0.88$ per step", (p) => {
  ratios(nb3Book(p).stepLength).slice(-5).forEach((r) => assertBetween(r, 0.87, 0.895, "AdaGrad's step-length ratio"));
});
claim(
  nb3,
  "Over 30 steps AdaGrad's step length falls from 2.1 to 0.016, plain gradient descent's from 3.9 to 0.18.",
  (p) => {
    const { lrSgd, stepsBook } = p as { lrSgd: number; stepsBook: number };
    const book = nb3Book(p);
    const sgd = minimize(course, new SGD({ lr: lrSgd }), { steps: stepsBook });
    assert.deepEqual(
      [book, sgd].map((r) => [r.stepLength[0], r.stepLength.at(-1)!].map((v) => Number(v.toPrecision(2)))),
      [
        [2.1, 0.016],
        [3.9, 0.18],
      ],
    );
  },
);
claim(nb3, "$\\eta$ must be at least $7 / (2\\sqrt{30}) \\approx 0.64$", () => {
  assert.equal((7 / (2 * Math.sqrt(30))).toFixed(2), "0.64");
});
claim(nb3, "Library defaults are much smaller: 0.01 in the book's `AdaGrad` class", () => {
  // This module's defaults are the book's (common/optimizer.py); PyTorch's (0.01) and Keras's (0.001) are in
  // their documentation.
  assert.equal(new AdaGrad().lr, 0.01);
});
claim(nb3, "With $\\eta = 0.1$ AdaGrad covers less than 1 of the 7 units along $x$ (it ends near $x = -6.1$)", (p) => {
  const { smallRates, stepsBook } = p as { smallRates: number[]; stepsBook: number };
  assert.ok(smallRates.includes(0.1) && Math.min(...smallRates) === 0.1, `smallRates is ${smallRates}`);
  const timid = minimize(course, new AdaGrad({ lr: 0.1 }), { steps: stepsBook });
  assert.equal(last(timid)[0].toFixed(1), "-6.1");
});

claim(
  nb3,
  "From step 15 to step 30 the rate of $x$ hardly moves (1.19 to 1.18, about 1% lower), while the step falls about 7-fold (0.106 to 0.016), just as $|g_x|$ does (0.089 to 0.014).",
  (p) => {
    const { lrBook, stepsBook } = p as Record<string, number>;
    assert.equal(Math.ceil(stepsBook / 2), 15);
    const run = minimize(course, new AdaGrad({ lr: lrBook }), { steps: stepsBook });
    const [mid, end] = [14, stepsBook - 1];
    const rate = run.effectiveRate!.map((r) => r[0]);
    assert.deepEqual([rate[mid], rate[end]].map((v) => v.toFixed(2)), ["1.19", "1.18"]);
    assert.equal(Math.round(100 * (1 - rate[end] / rate[mid])), 1);
    assert.deepEqual([run.stepLength[mid].toFixed(3), run.stepLength[end].toFixed(3)], ["0.106", "0.016"]);
    assert.equal(Math.round(run.stepLength[mid] / run.stepLength[end]), 7);
    const g = run.grads.map((q) => Math.abs(q[0]));
    assert.deepEqual([g[mid].toFixed(3), g[end].toFixed(3)], ["0.089", "0.014"]);
  },
);
claim(
  nb3,
  "The rate of $x$ did fall early, from 2.14 to 1.19 in the first 15 steps, but that is less than a factor of 2, while the step fell 20-fold in those steps.",
  (p) => {
    const { lrBook, stepsBook } = p as Record<string, number>;
    const run = minimize(course, new AdaGrad({ lr: lrBook }), { steps: stepsBook });
    assert.deepEqual([run.effectiveRate![0][0], run.effectiveRate![14][0]].map((v) => v.toFixed(2)), ["2.14", "1.19"]);
    assert.ok(run.effectiveRate![0][0] / run.effectiveRate![14][0] < 2);
    assert.equal(Math.round(run.stepLength[0] / run.stepLength[14]), 20);
  },
);
claim(
  nb3,
  "Far from the minimum, where the gradient stays large, $h$ keeps growing and the falling rate does slow the run, alongside the gradient",
  (p) => {
    // The next section's timid runs (smallRates below lrBook), over the second half of the run.
    const { smallRates, stepsBook } = p as { smallRates: number[]; stepsBook: number };
    for (const lr of smallRates.filter((r) => r <= 0.5)) {
      const run = minimize(course, new AdaGrad({ lr }), { steps: stepsBook });
      const [mid, end] = [Math.ceil(stepsBook / 2) - 1, stepsBook - 1];
      const rate = run.effectiveRate![end][0] / run.effectiveRate![mid][0];
      const g = Math.abs(run.grads[end][0] / run.grads[mid][0]);
      assert.ok(rate < 0.85 && g < 1, `η = ${lr}: rate ×${rate}, |g_x| ×${g}`);
    }
  },
);
const boundGrid = [0.1, 0.5, 1.5, 3];
claim(
  nb3,
  "no later step moves a coordinate by more than $\\eta$ (since $h_i \\ge g_i^2$, $|g_i|/\\sqrt{h_i} \\le 1$)",
  () => {
    for (const fn of [course, rotatedValley, rosenbrock]) {
      for (const lr of boundGrid) {
        for (const noise of [0, 1]) {
          const run = minimize(fn, new AdaGrad({ lr }), { steps: 200, noise, seed: 3 });
          run.points.slice(1).forEach((q, t) =>
            q.forEach((v, i) =>
              assert.ok(Math.abs(v - run.points[t][i]) <= lr * (1 + 1e-12), `${fn.id}, η = ${lr}, step ${t + 1}`)
            )
          );
        }
      }
    }
    // …a bound, not a steady fall: under noise, and on Rosenbrock's bend, a later step can be longer than the one before.
    for (const [fn, noise] of [[course, 1], [rosenbrock, 0]] as const) {
      const steps = minimize(fn, new AdaGrad({ lr: 0.5 }), { steps: 200, noise, seed: 3 }).stepLength;
      assert.ok(steps.slice(1).some((d, t) => d > steps[t]), `${fn.id}: the steps only fall`);
    }
  },
  { robust: `valley, turned valley and Rosenbrock, η = ${boundGrid.join(", ")}, with and without noise` },
);
claim(nb3, "The AdaGrad code in the copy of the post we have also lacks the line that does this, `h += g * g`", () => {
  // The course's reading of that copy, as the exercises test it: without h += g·g, h stays 0.
  const h = new Float64Array(2);
  const g = Float64Array.of(-0.7, 4);
  const step = Array.from(g, (gi, i) => 0.9 * gi / Math.sqrt(h[i] + 1e-7));
  assert.deepEqual(step.map((v) => Math.round(v)), [-1992, 11384]);
});
const shrinkGrid = { lr: [0.1, 0.3, 0.5, 1, 1.5, 2, 3], steps: [30, 60, 200] };
claim(
  nb3,
  "So near the minimum AdaGrad's steps shrink because the **gradient** goes to zero ($g_x = x/10$ and $x \\to 0$), exactly as plain gradient descent's steps do, and not because $h$ keeps growing",
  () => {
    // Over the second half of each run: near the minimum (|x| < 1 at the end) x's rate falls by at most 6% while the
    // step falls with the gradient; far from it (|x| > 2), the next sentence's case, the rate falls by 15% or more.
    for (const lr of shrinkGrid.lr) {
      for (const steps of shrinkGrid.steps) {
        const run = minimize(course, new AdaGrad({ lr }), { steps });
        const [mid, end] = [Math.ceil(steps / 2) - 1, steps - 1];
        const rate = run.effectiveRate![end][0] / run.effectiveRate![mid][0];
        const g = Math.abs(run.grads[end][0] / run.grads[mid][0]);
        const step = run.stepLength[end] / run.stepLength[mid];
        const x = Math.abs(last(run)[0]);
        const what = `η = ${lr}, ${steps} steps (x ends at ${x}): rate ×${rate}, |g_x| ×${g}, step ×${step}`;
        if (x < 1) assert.ok(rate > 0.94 && Math.abs(step / g - 1) < 0.06, what);
        if (x > 2) assert.ok(rate < 0.85, what);
      }
    }
  },
  { robust: `lrBook at ${shrinkGrid.lr.join(", ")} and stepsBook at ${shrinkGrid.steps.join(", ")}` },
);
const nb3Turned = (p: Params) => {
  const { lrSgd, lrBook, turnedBudget } = p as Record<string, number>;
  const contestants = () => [new SGD({ lr: lrSgd }), new AdaGrad({ lr: lrBook })];
  const arrive = (fn: typeof course) =>
    contestants().map((optimizer) => stepsToReach(fn, minimize(fn, optimizer, { steps: turnedBudget }), 1e-3));
  return { onCourse: arrive(course), onTurned: arrive(rotatedValley) };
};
// (x, y) on the course's valley ↦ the same point of the turned valley: (u, v) = (x, y), so x' = (u − v)/√2, y' = (u + v)/√2.
const turn = ([u, v]: number[]) => [(u - v) / Math.SQRT2, (u + v) / Math.SQRT2];
/** The largest distance between a run on the turned valley and the course's run turned with it. */
const turnGap = (onCourse: number[][], onTurned: number[][]) =>
  Math.max(...onTurned.map((q, t) => Math.hypot(...turn(onCourse[t]).map((v, i) => v - q[i]))));
claim(nb3, "SGD takes the same 89 steps on both valleys: its step, $-\\eta g$, turns with the valley", (p) => {
  const { onCourse, onTurned } = nb3Turned(p);
  assert.deepEqual([onCourse[0], onTurned[0]], [89, 89]);
  // At any rate: the turned run is the course's run turned by 45°.
  for (const lr of [0.01, 0.3, 0.95, 1]) {
    const [a, b] = [course, rotatedValley].map((fn) => minimize(fn, new SGD({ lr }), { steps: 100 }).points);
    assert.equal(a.length, b.length, `η = ${lr}: both runs as long`);
    assert.ok(turnGap(a, b) < 1e-9 * Math.max(1, ...a.flat().map(Math.abs)), `η = ${lr}: ${turnGap(a, b)}`);
  }
}, { robust: "lrSgd at 0.01, 0.3, 0.95, 1 (above 1 both runs diverge)" });
claim(
  nb3,
  "AdaGrad loses its lead: 69 steps along the axes, 188 on the turned valley, now far behind SGD.",
  (p) => {
    const { onCourse, onTurned } = nb3Turned(p);
    assert.deepEqual([onCourse[1], onTurned[1]], [69, 188]);
    assert.ok(onTurned[1]! > 2 * onTurned[0]!, "far behind SGD");
    // Across lrBook's range: turned, AdaGrad always needs more steps (or does not arrive within the budget).
    const { turnedBudget } = p as { turnedBudget: number };
    for (const lr of [0.5, 1, 1.5, 2, 3]) {
      const [plain, turned] = [course, rotatedValley].map((fn) =>
        stepsToReach(fn, minimize(fn, new AdaGrad({ lr }), { steps: turnedBudget }), 1e-3) ?? Infinity
      );
      const slower = plain === Infinity ? turned === Infinity : turned > plain;
      assert.ok(slower, `AdaGrad at η = ${lr}: ${plain} steps along the axes, ${turned} turned`);
    }
  },
  { robust: "AdaGrad slower on the turned valley at lrBook = 0.5, 1, 1.5, 2, 3" },
);
claim(
  nb3,
  "Written in the turned coordinates $(u, v)$, a diagonal $D = \\mathrm{diag}(a, b)$ gives the flat direction and the steep direction the same rate, $(a + b)/2$, plus a term $(b - a)/2$ that mixes them",
  () => {
    // Rᵀ D R with R the turn by 45° (columns: u's and v's directions in (x, y)).
    for (const [a, b] of [[2.143, 0.375], [1, 1], [10, 0.5], [0.3, 7]]) {
      const r = [[1, -1], [1, 1]].map((row) => row.map((v) => v / Math.SQRT2)); // r[i][j]: x_i of direction j
      const d = [a, b];
      const m = [0, 1].map((j) => [0, 1].map((k) => d[0] * r[0][j] * r[0][k] + d[1] * r[1][j] * r[1][k]));
      assertBetween(m[0][0], (a + b) / 2 - 1e-12, (a + b) / 2 + 1e-12, "the rate of u");
      assertBetween(m[1][1], (a + b) / 2 - 1e-12, (a + b) / 2 + 1e-12, "the rate of v");
      assertBetween(Math.abs(m[0][1]), Math.abs(b - a) / 2 - 1e-12, Math.abs(b - a) / 2 + 1e-12, "the mixing term");
    }
  },
);
claim(
  nb3,
  "a diagonal matrix that leaves the diagonal directions $(1, 1)$ and $(1, -1)$ pointing where they point is a multiple of the identity, one rate for both",
  () => {
    // diag(a, b)·(1, 1) = (a, b) points along (1, 1) only if a = b; then diag(a, b)·(1, −1) = a·(1, −1) too.
    for (const [a, b] of [[1, 2], [0.5, 0.5], [3, -1]]) {
      const keeps = a * 1 - b * 1 === 0; // the cross product of (a, b) and (1, 1)
      assert.equal(keeps, a === b, `diag(${a}, ${b})`);
    }
  },
);
claim(
  nb3,
  "with $D = \\mathrm{diag}(10, 1/2)$, one over each curvature $\\lambda$ of notebook 1, a single step of $\\eta = 1$ lands on the minimum",
  () => {
    const w = Float64Array.from(course.start);
    const g = course.gradient(w);
    const next = [w[0] - 10 * g[0], w[1] - 0.5 * g[1]];
    assert.deepEqual(next.map((v) => Math.abs(v) < 1e-12), [true, true], `${next}`);
    // …from any start: the curvatures are 1/10 and 2 everywhere on a quadratic.
    for (const start of [[3, -1], [-70, 0.2], [0.5, 4]]) {
      const q = course.gradient(Float64Array.from(start));
      assert.ok(Math.hypot(start[0] - 10 * q[0], start[1] - 0.5 * q[1]) < 1e-12, `from ${start}`);
    }
  },
  { robust: "three more starts" },
);
claim(nb3, "notebook 4's momentum is a fix whose step turns with the valley, as SGD's does", () => {
  for (const [lr, momentum] of [[0.1, 0.9], [1.336, 0.403], [0.5, 0.5]]) {
    const [a, b] = [course, rotatedValley].map((fn) =>
      minimize(fn, new Momentum({ lr, momentum }), { steps: 100 }).points
    );
    assert.ok(turnGap(a, b) < 1e-9, `η = ${lr}, α = ${momentum}: ${turnGap(a, b)}`);
  }
}, { robust: "three settings of η and α" });
claim(
  nb3,
  "After the first hundred steps or so both rates run along the dotted grey line $\\eta/(\\sigma\\sqrt t)$",
  (p) => {
    const { lrNoisy, noiseSteps, noise, seed } = p as Record<string, number>;
    const run = minimize(course, new AdaGrad({ lr: lrNoisy }), { steps: noiseSteps, noise, seed });
    for (const t of [200, 1000, noiseSteps]) {
      const reference = lrNoisy / (noise * Math.sqrt(t));
      run.effectiveRate![t - 1].forEach((r, i) =>
        assertBetween(r / reference, 0.85, 1.15, `coordinate ${i} at step ${t}`)
      );
    }
    // "from step 100 to step 400 the rates fall by a factor of about 1.9"
    run.effectiveRate![99].forEach((r, i) =>
      assertBetween(r / run.effectiveRate![399][i], 1.75, 2.05, `coordinate ${i}`)
    );
    // "Early on, y's rate lies lower"
    for (const t of [1, 10, 50]) assert.ok(run.effectiveRate![t - 1][1] < run.effectiveRate![t - 1][0], `step ${t}`);
    // The same from other seeds and other noise levels: the 1/√t decay is AdaGrad's, not one noise draw's.
    for (const [s, sigma] of [[seed + 1, noise], [seed + 2, noise], [seed + 3, noise], [seed + 4, 0.5], [seed, 2]]) {
      const other = minimize(course, new AdaGrad({ lr: lrNoisy }), { steps: noiseSteps, noise: sigma, seed: s });
      other.effectiveRate![noiseSteps - 1].forEach((r, i) =>
        assertBetween(
          r / (lrNoisy / (sigma * Math.sqrt(noiseSteps))),
          0.85,
          1.15,
          `seed ${s}, σ = ${sigma}, coordinate ${i}`,
        )
      );
    }
  },
  { robust: "5 more seeds, σ = 0.5 and 2" },
);

// The teacher's guide on this notebook.
claim(guide, "1. `myFarFirstStep = [-68.5, -1.3]` (5 min; within $10^{-3}$)", () => {
  const { lrBook, farStart } = notebookParams(nb3) as { lrBook: number; farStart: number[] };
  const far = minimize(course, new AdaGrad({ lr: lrBook }), { steps: 1, x0: farStart });
  assert.deepEqual(far.points[1].map((v) => Number(v.toFixed(3))), [-68.5, -1.3]);
});
claim(guide, "after step 2 $h$ is $(0.3025, 1)$ instead of $(0.7925, 17)$", () => {
  const opt = new AdaGrad({ lr: 1.5 });
  const W = Float64Array.from(course.start);
  const grads = [0, 1].map(() => {
    const g = course.gradient(W);
    opt.update(W, g);
    return g;
  });
  assert.deepEqual(Array.from(grads[1], (g) => Number((g * g).toFixed(6))), [0.3025, 1]);
  assert.deepEqual(Array.from(opt.h, (v) => Number(v.toFixed(6))), [0.7925, 17]);
});
claim(guide, "3. `myTurnedRatios = [0.72, 1.38]`", () => {
  const { lrBook, stepsBook } = notebookParams(nb3) as Record<string, number>;
  const [x0, y0] = rotatedValley.start;
  const [turned, swapped] = [[x0, y0], [y0, x0]].map((start) => {
    const [rx, ry] = minimize(rotatedValley, new AdaGrad({ lr: lrBook }), { steps: stepsBook, x0: start })
      .effectiveRate!.at(-1)!;
    return rx / ry;
  });
  assert.deepEqual([turned.toFixed(2), swapped.toFixed(2)], ["0.72", "1.38"]);
  assertBetween(turned * swapped, 1 - 1e-9, 1 + 1e-9, "the swapped run's ratio is the inverse");
  const g = rotatedValley.gradient(Float64Array.from(rotatedValley.start));
  assert.deepEqual(Array.from(g, (v) => v.toFixed(2)), ["-3.32", "2.33"]);
  assert.equal((Math.abs(g[1]) / Math.abs(g[0])).toFixed(2), "0.70");
  const [courseX, courseY] = minimize(course, new AdaGrad({ lr: lrBook }), { steps: stepsBook }).effectiveRate!.at(-1)!;
  assert.equal(Math.round(courseX / courseY), 3);
  // "*Wrong:* `[1, 1]` …; about 3 …; the same ratio twice": each fails the notebook's own check.
  const plain = courseX / courseY;
  const check = (myTurnedRatios: number[]) =>
    exercises03.turnedRatios({ myTurnedRatios }, { lrBook, stepsBook }).status;
  assert.equal(check([turned, swapped]), "passed");
  for (const guess of [[1, 1], [plain, plain], [plain, 1 / plain], [turned, turned]]) {
    assert.equal(check(guess), "failed", `myTurnedRatios = ${guess} must fail`);
  }
});
/** The running sums S₁ = Σηₜ and S₂ = Σηₜ² of the noisy run's rates of x: S₁'s factor and S₂'s increase from ⌊T/4⌋ to T. */
const noisySums = (lr: number, steps: number, noise: number, seed: number) => {
  const rates = minimize(course, new AdaGrad({ lr }), { steps, noise, seed }).effectiveRate!.map((r) => r[0]);
  const quarter = Math.floor(steps / 4);
  const sum = (n: number, power: number) => rates.slice(0, n).reduce((a, r) => a + r ** power, 0);
  return { factor: sum(steps, 1) / sum(quarter, 1), increase: sum(steps, 2) - sum(quarter, 2) };
};
claim(guide, "4. `myNoisySums = [2.04, 0.345]` (15 min; within 15% each)", () => {
  const { lrNoisy, noiseSteps, noise, seed } = notebookParams(nb3) as Record<string, number>;
  const { factor, increase } = noisySums(lrNoisy, noiseSteps, noise, seed);
  assert.deepEqual([factor.toFixed(2), increase.toFixed(3)], ["2.04", "0.345"]);
  // "(η/σ)² ln 4 ≈ 0.347": the estimate a student computes passes the check's 15%.
  const estimate = (lrNoisy / noise) ** 2 * Math.log(4);
  assert.equal(estimate.toFixed(3), "0.347");
  assert.ok(Math.abs(estimate - increase) <= 0.15 * increase && Math.abs(2 - factor) <= 0.15 * factor);
  // The estimate passes the notebook's own check; the guide's wrong answers fail it.
  const check = (myNoisySums: number[]) =>
    exercises03.noisySums({ myNoisySums }, { lrNoisy, noise, noiseSteps, seed }).status;
  assert.equal(check([factor, increase]), "passed");
  for (const guess of [[4, estimate], [Math.SQRT2, estimate], [2, 0], [2, 0.01]]) {
    assert.equal(check(guess), "failed", `myNoisySums = ${guess} must fail`);
  }
  assert.equal(check([2, estimate]), "passed", "the estimate [2, (η/σ)² ln 4]");
});
claim(
  guide,
  "$\\sum \\eta_t$ doubles and $\\sum \\eta_t^2$ grows by the same amount each time the run gets 4 times longer",
  () => {
    const { lrNoisy, noise, seed } = notebookParams(nb3) as Record<string, number>;
    // Over runs of 1000, 4000 and 16000 steps, from six seeds: the factor stays near 2 and the increase near (η/σ)² ln 4.
    for (const s of [seed, seed + 1, seed + 2, seed + 3, seed + 4, seed + 5]) {
      for (const steps of [1000, 4000, 16000]) {
        const { factor, increase } = noisySums(lrNoisy, steps, noise, s);
        assertBetween(factor, 1.75, 2.3, `S₁'s factor, seed ${s}, ${steps} steps`);
        assertBetween(increase / ((lrNoisy / noise) ** 2 * Math.log(4)), 0.8, 1.2, `S₂'s increase, seed ${s}`);
      }
    }
  },
  { robust: "six seeds, runs of 1000, 4000 and 16000 steps" },
);
claim(
  guide,
  "so on the valley turned by 45° it loses its lead while SGD does not notice the turn",
  () => {
    const { onCourse, onTurned } = nb3Turned(notebookParams(nb3));
    assert.ok(onCourse[1]! < onCourse[0]!, `AdaGrad leads along the axes: ${onCourse}`);
    assert.ok(onTurned[1]! > onTurned[0]!, `and trails when turned: ${onTurned}`);
    assert.equal(onCourse[0], onTurned[0], "SGD's steps");
  },
);
claim(
  nb3,
  "On the course's valley AdaGrad ends its `stepsBook` steps with a rate of $x$ about three times its rate of $y$",
  (p) => {
    const [rx, ry] = nb3Book(p).effectiveRate!.at(-1)!;
    assertBetween(rx / ry, 2.9, 3.4, "x's last rate over y's");
  },
);

// What notebook 1 · The learning rate (01_learning_rate.ipynb) says, recomputed from lib/ with its own parameters cell; see
// tests/_claims.ts for how a claim ties a sentence to its check. The guide's sentences about this notebook are here too.
import assert from "node:assert/strict";
import { course, minimize, parabola, SGD, stepsToReach } from "../lib/mod.ts";
import { assertBetween, claim, last, notebookParams, type Params, ratios, signFlips } from "./_claims.ts";

const guide = "README.md";
const nb1 = "01_learning_rate.ipynb";
const nb1Runs = (p: Params) => {
  const { lrSmall, lrGood, lrBounce, lrLarge, steps } = p as Record<string, number>;
  return { lrSmall, lrGood, lrBounce, lrLarge, steps };
};
claim(nb1, "with `lrGood` they reach the bottom in a few steps", (p) => {
  const { lrGood, steps } = nb1Runs(p);
  const run = minimize(parabola, new SGD({ lr: lrGood }), { steps });
  assert.ok(Math.abs(run.points[5][0]) < 0.1, `x after 5 steps is ${run.points[5][0]}`);
});
claim(nb1, "With `lrBounce` they jump from side to side, each jump a little lower.", (p) => {
  const { lrBounce, steps } = nb1Runs(p);
  const xs = minimize(parabola, new SGD({ lr: lrBounce }), { steps }).points.map((q) => q[0]);
  assert.equal(signFlips(xs), steps);
  ratios(xs.map(Math.abs)).forEach((r) => assert.ok(r < 1 && r > 0.5, `|x| ratio ${r}`));
});
claim(nb1, "With `lrLarge` each jump lands higher than the last.", (p) => {
  const { lrLarge, steps } = nb1Runs(p);
  const run = minimize(parabola, new SGD({ lr: lrLarge }), { steps });
  ratios(run.loss).forEach((r) => assert.ok(r > 1, `loss ratio ${r}`));
  assert.ok(run.diverged);
});
claim(nb1, "after 30 steps $x$ has only shrunk by $(1 - 0.002)^{30} \\approx 0.94$", (p) => {
  const { lrSmall, steps } = nb1Runs(p);
  assert.equal(lrSmall / 10, 0.002);
  assert.equal(steps, 30);
  const run = minimize(course, new SGD({ lr: lrSmall }), { steps });
  assertBetween(last(run)[0] / run.points[0][0], 0.935, 0.945, "x's shrink over 30 steps");
});
claim(nb1, "`lrBounce` zig-zags across the valley (the $y$ factor is $1 - 1.9 = -0.9$)", (p) => {
  const { lrBounce, steps } = nb1Runs(p);
  assert.equal(Number((1 - 2 * lrBounce).toFixed(12)), -0.9);
  const run = minimize(course, new SGD({ lr: lrBounce }), { steps });
  assert.equal(signFlips(run.points.map((q) => q[1])), steps);
  assert.equal(Number((1 - lrBounce / 10).toFixed(12)), 0.905);
});
claim(nb1, "`lrGood` does not zig-zag (the $y$ factor is $1 - 0.6 = 0.4$) but crawls along $x$", (p) => {
  const { lrGood, steps } = nb1Runs(p);
  assert.equal(Number((1 - 2 * lrGood).toFixed(12)), 0.4);
  assert.equal(Number((1 - lrGood / 10).toFixed(12)), 0.97);
  const run = minimize(course, new SGD({ lr: lrGood }), { steps });
  assert.equal(signFlips(run.points.map((q) => q[1])), 0);
});
claim(nb1, "$|y|$ grows by 40% per step, leaves the plot at step 3 and is stopped at step 17", (p) => {
  const { lrLarge, steps } = nb1Runs(p);
  assert.equal(Number(Math.abs(1 - 2 * lrLarge).toFixed(12)), 1.4);
  const run = minimize(course, new SGD({ lr: lrLarge }), { steps });
  assert.equal(run.points.findIndex((q) => Math.abs(q[1]) > course.range[1][1]), 3);
  assert.ok(run.diverged && run.diverged.step === 17, JSON.stringify(run.diverged));
});
claim(nb1, "with `lrSmall` the loss drops while $y$ settles and then starts to level off towards $x^2/20$", (p) => {
  const { lrSmall, steps } = nb1Runs(p);
  const run = minimize(course, new SGD({ lr: lrSmall }), { steps });
  const [x] = last(run);
  assertBetween(run.loss.at(-1)! / (x * x / 20), 1, 1.2, "final loss over x²/20");
  assert.ok(run.loss.at(-1)! < run.loss[0] / 2, "the loss dropped");
});
claim(nb1, "None of the stops comes within 0.3 of the minimum in 30 steps", (p) => {
  const { sliderRates, steps } = p as { sliderRates: number[]; steps: number };
  for (const lr of sliderRates) {
    const run = minimize(course, new SGD({ lr }), { steps });
    assert.ok(run.diverged || Math.hypot(...last(run)) > 0.3, `η = ${lr} ends at ${last(run)}`);
  }
});
claim(nb1, "between 0.5 and 1 it does; above 1 it diverges.", (p) => {
  const { sliderRates, steps } = p as { sliderRates: number[]; steps: number };
  for (const lr of sliderRates.filter((r) => r > 0.5 && r < 1)) {
    const run = minimize(course, new SGD({ lr }), { steps });
    assert.equal(signFlips(run.points.map((q) => q[1])), steps, `η = ${lr} zig-zags`);
  }
  for (const lr of sliderRates.filter((r) => r > 1)) {
    const ys = minimize(course, new SGD({ lr }), { steps }).points.map((q) => Math.abs(q[1]));
    ratios(ys).forEach((r) => assert.ok(r > 1, `η = ${lr}: |y| grows, ratio ${r}`));
  }
});

claim(
  nb1,
  "so $\\kappa = 20$, $\\eta^* = 2/2.1 \\approx 0.952$ (the book's 0.95) and $\\rho(\\eta^*) = 19/21 \\approx 0.905$",
  () => {
    const [lo, hi] = [1 / 10, 2]; // course's curvatures: f = x²/20 + y² has Hessian diag(1/10, 2)
    assert.deepEqual([0.05 * 2, 1 * 2].map((v) => Number(v.toFixed(12))), [lo, hi]);
    assert.equal(hi / lo, 20);
    assert.equal((2 / (lo + hi)).toFixed(3), "0.952");
    assert.equal(((20 - 1) / (20 + 1)).toFixed(3), "0.905");
  },
);
claim(nb1, "The measured factors lie on the curve.", (p) => {
  const { sliderRates } = p as { sliderRates: number[] };
  for (const lr of sliderRates) {
    const d = minimize(course, new SGD({ lr }), { steps: 60 }).points.map((q) => Math.hypot(...q));
    const n = d.length - 1;
    const predicted = Math.max(Math.abs(1 - lr / 10), Math.abs(1 - 2 * lr));
    assertBetween((d[n] / d[n - 10]) ** (1 / 10), predicted - 2e-3, predicted + 2e-3, `η = ${lr}`);
  }
});
claim(
  nb1,
  "so from $(-7, 2)$ it takes about 89 steps to come within 0.001 of the minimum ($\\ln(7/0.001)/\\ln(21/19) \\approx 88.5$; notebook 6 measures 89)",
  () => {
    assert.equal((Math.log(7 / 0.001) / Math.log(21 / 19)).toFixed(1), "88.5");
    assert.equal(stepsToReach(course, minimize(course, new SGD({ lr: 0.95 }), { steps: 200 }), 1e-3), 89);
  },
);

// The teacher's guide on this notebook.
claim(guide, "2. `myStepsPast100 = 12` (5 min): $|y|$ grows by $|1 - 2\\eta| = 1.4$ per step", () => {
  const { lrLarge } = notebookParams(nb1) as { lrLarge: number };
  const run = minimize(course, new SGD({ lr: lrLarge }), { steps: 1000 });
  assert.equal(run.points.findIndex((q) => Math.abs(q[1]) > 100), 12);
  assert.equal(Number(Math.abs(1 - 2 * lrLarge).toFixed(12)), 1.4);
});
claim(guide, "With `lrLarge` near 1.01 the answer is about 200: it diverges, slowly.", () => {
  const run = minimize(course, new SGD({ lr: 1.01 }), { steps: 1000 });
  assertBetween(run.points.findIndex((q) => Math.abs(q[1]) > 100), 190, 210, "steps past |y| = 100 at η = 1.01");
});
claim(
  guide,
  "3. `myStepsToArrive = 1151` (5 min; 1150 also counts): $t > \\ln 0.1 / \\ln(1 - 0.002) \\approx 1150.1$",
  () => {
    const { lrSmall } = notebookParams(nb1) as { lrSmall: number };
    const run = minimize(course, new SGD({ lr: lrSmall }), { steps: 2000 });
    assert.equal(run.points.findIndex((q) => Math.abs(q[0]) < 0.7), 1151);
    assert.equal((Math.log(0.1) / Math.log(1 - 0.002)).toFixed(1), "1150.1");
  },
);

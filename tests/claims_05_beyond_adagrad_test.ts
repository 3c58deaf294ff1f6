// What notebook 5 · Beyond AdaGrad (05_beyond_adagrad.ipynb) says, recomputed from lib/ with its own parameters cell; see
// tests/_claims.ts for how a claim ties a sentence to its check. The guide's sentences about this notebook are here too.
import assert from "node:assert/strict";
import { AdaGrad, Adam, course, minimize, RMSProp, rosenbrock, stepsToReach } from "../lib/mod.ts";
import { assertBetween, claim, distanceTo, last, notebookParams, type Params, signFlips } from "./_claims.ts";

const nb3 = "03_adagrad.ipynb";
const guide = "README.md";
const nb5 = "05_beyond_adagrad.ipynb";
claim(nb5, "there the gradient went to zero while the rate of $x$ stayed near 1.18", () => {
  const { lrBook, stepsBook } = notebookParams(nb3) as Record<string, number>;
  const run = minimize(course, new AdaGrad({ lr: lrBook }), { steps: stepsBook });
  run.effectiveRate!.slice(14).forEach((r, t) => assertBetween(r[0], 1.17, 1.19, `x's rate at step ${t + 15}`));
  assert.ok(Math.abs(run.grads.at(-1)![0]) < Math.abs(run.grads[14][0]) / 6, "the gradient shrank");
});
const nb5Runs = (p: Params) => {
  const { steps, lrAdaGrad, lrRMSProp, lrAdam, rho, beta1, beta2 } = p as Record<string, number>;
  return {
    adagrad: minimize(rosenbrock, new AdaGrad({ lr: lrAdaGrad }), { steps }),
    rmsprop: minimize(rosenbrock, new RMSProp({ lr: lrRMSProp, decayRate: rho }), { steps }),
    adam: minimize(rosenbrock, new Adam({ lr: lrAdam, beta1, beta2 }), { steps }),
  };
};
claim(nb5, "about 5.1 at step 200, 1.6 at step 1000 and 0.14 at step 2000, when it is still 0.7 from $(1, 1)$", (p) => {
  const { adagrad } = nb5Runs(p);
  assert.deepEqual([200, 1000, 2000].map((t) => Number(adagrad.loss[t].toPrecision(2))), [5.1, 1.6, 0.14]);
  assertBetween(distanceTo(last(adagrad), [1, 1]), 0.65, 0.75, "AdaGrad's final distance");
});
claim(nb5, "Adam reaches $(1, 1)$: its loss ends near $10^{-12}$.", (p) => {
  const { adam } = nb5Runs(p);
  assertBetween(adam.loss.at(-1)!, 1e-13, 1e-11, "Adam's final loss");
  assert.ok(stepsToReach(rosenbrock, adam, 1e-3) !== undefined);
});
claim(
  nb5,
  "Its loss falls to about 0.1 by step 800 and then flattens near 0.025, and it ends 0.12 from $(1, 1)$",
  (p) => {
    const { rmsprop } = nb5Runs(p);
    assertBetween(rmsprop.loss[800], 0.08, 0.13, "RMSProp's loss at step 800");
    rmsprop.loss.slice(1500).forEach((v, i) => assertBetween(v, 0.02, 0.035, `RMSProp's loss at step ${1500 + i}`));
    assertBetween(distanceTo(last(rmsprop), [1, 1]), 0.11, 0.13, "RMSProp's final distance");
  },
);
claim(nb5, "bouncing back and forth across the floor with steps that stay about 0.014 long", (p) => {
  const { rmsprop } = nb5Runs(p);
  const tail = rmsprop.stepLength.slice(-1000).sort((a, b) => a - b);
  assertBetween(tail[500], 0.012, 0.016, "median step length of the last 1000 steps");
  const dx = rmsprop.points.slice(-21).map((q, i, all) => i === 0 ? 0 : q[0] - all[i - 1][0]).slice(1);
  assert.equal(signFlips(dx), dx.length - 1, "x moves back and forth at every step");
});
claim(nb5, "A few early gradients of size 100 put $\\sqrt{h}$ above 100 for good.", (p) => {
  const { adagrad } = nb5Runs(p);
  const { lrAdaGrad } = p as { lrAdaGrad: number };
  assert.ok(adagrad.grads.slice(0, 5).some((g) => Math.max(...g.map(Math.abs)) > 100));
  // √h = η / rate − ε for AdaGrad's rate η/(√h + ε).
  adagrad.effectiveRate!.slice(5).forEach((r) => assert.ok(lrAdaGrad / r[0] > 100));
});
claim(nb5, "and on this valley $\\sqrt{h}$ is never below 0.7", (p) => {
  const { lrConventions, stepsConventions } = p as { lrConventions: number; stepsConventions: number };
  const run = minimize(course, new AdaGrad({ lr: lrConventions }), { steps: stepsConventions });
  const h = [0, 0];
  for (const g of run.grads) g.forEach((gi, i) => (h[i] += gi * gi, assert.ok(Math.sqrt(h[i]) >= 0.7 - 1e-12)));
});
claim(
  nb5,
  "with $g = 10^{-4}$ the first step is $\\eta$ with $\\varepsilon$ outside the root, but only about $0.3\\,\\eta$",
  () => {
    const step = (epsInsideSqrt: boolean) => {
      const p = Float64Array.of(0);
      new AdaGrad({ lr: 1, epsInsideSqrt }).update(p, Float64Array.of(1e-4));
      return -p[0];
    };
    assertBetween(step(false), 0.998, 1, "ε outside");
    assertBetween(step(true), 0.29, 0.31, "ε inside");
  },
);

claim(
  nb5,
  "Without the correction the first step is 3.16 times longer, and the factor keeps growing to about 6.6 around step 12 before it falls: about 3 at step 100, 1.26 at step 1000.",
  (p) => {
    const { beta1, beta2 } = p as Record<string, number>;
    const factor = (t: number) => (1 - beta1 ** t) / Math.sqrt(1 - beta2 ** t);
    assert.equal(factor(1).toFixed(2), "3.16");
    const ts = Array.from({ length: 2000 }, (_, i) => i + 1);
    const peak = ts.reduce((a, b) => (factor(b) > factor(a) ? b : a));
    assertBetween(peak, 10, 14, "step of the peak");
    assert.equal(factor(peak).toFixed(1), "6.6");
    assert.equal(Math.round(factor(100)), 3);
    assert.equal(factor(1000).toFixed(2), "1.26");
  },
);
claim(nb5, "On the valley the uncorrected first step is about 1.34 long instead of 0.42.", (p) => {
  const { lrBias, beta1, beta2, biasSteps } = p as Record<string, number>;
  const [corrected, plain] = [true, false].map((biasCorrection) =>
    minimize(course, new Adam({ lr: lrBias, beta1, beta2, biasCorrection }), { steps: biasSteps }).stepLength[0]
  );
  assert.deepEqual([plain, corrected].map((v) => v.toFixed(2)), ["1.34", "0.42"]);
});

// The teacher's guide on this notebook.
claim(guide, "2. `myRmsFirstStep = 0.1` (5 min; within 0.1%)", () => {
  const { rmsprop } = nb5Runs(notebookParams(nb5));
  assertBetween(Math.abs(rmsprop.points[1][0] - rmsprop.points[0][0]), 0.0999, 0.1001, "RMSProp's first step along x");
});
claim(guide, "3. `myFirstStepX ≈ 0.860` (5 min; within 0.1%)", () => {
  const { lrConventions } = notebookParams(nb5) as { lrConventions: number };
  const run = minimize(course, new AdaGrad({ lr: lrConventions, epsInsideSqrt: true, initialAccumulator: 1 }), {
    steps: 1,
  });
  assert.equal(Math.abs(run.points[1][0] - run.points[0][0]).toFixed(3), "0.860");
});

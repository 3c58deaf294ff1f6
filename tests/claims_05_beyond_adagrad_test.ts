// What notebook 5 · Beyond AdaGrad (05_beyond_adagrad.ipynb) says, recomputed from lib/ with its own parameters cell; see
// tests/_claims.ts for how a claim ties a sentence to its check. The guide's sentences about this notebook are here too.
import assert from "node:assert/strict";
import {
  AdaGrad,
  Adam,
  course,
  makeOptimizers,
  minimize,
  Momentum,
  RMSProp,
  rosenbrock,
  stepsToReach,
} from "../lib/mod.ts";
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

// RMSProp's h as a moving average, and Adam as momentum plus RMSProp.
const carried = (rho: number, k: number) => 1 - rho ** k; // the weight of the last k steps in h, once t is large
const rhoGrid = [0.9, 0.95, 0.99, 0.995, 0.999];
claim(
  nb5,
  "How recent: since $\\rho^{1/(1-\\rho)} \\approx 1/e$ for $\\rho$ near 1, the last $1/(1 - \\rho)$ steps carry about $1 - 1/e \\approx 63\\%$ of the weight.",
  () => {
    for (const rho of rhoGrid) {
      assertBetween(carried(rho, Math.round(1 / (1 - rho))), 0.63, 0.66, `ρ = ${rho}`);
    }
    // h from the recursion is the weighted sum: the weights (1 − ρ)ρᵏ, summing to 1 − ρᵗ.
    const g2 = Array.from({ length: 50 }, (_, t) => (Math.sin(t) + 1.5) ** 2);
    const rho = 0.9;
    const h = g2.reduce((acc, v) => rho * acc + (1 - rho) * v, 0);
    const sum = g2.reduce((acc, v, i) => acc + (1 - rho) * rho ** (g2.length - 1 - i) * v, 0);
    assertBetween(h - sum, -1e-12, 1e-12, "h against its unrolled sum");
  },
  { robust: `ρ = ${rhoGrid.join(", ")}` },
);
claim(
  nb5,
  "So $\\rho$ means a memory of about $1/(1 - \\rho)$ steps: 100 steps for $\\rho = 0.99$, 10 for $\\rho = 0.9$.",
  () => {
    assert.deepEqual([0.99, 0.9].map((rho) => Math.round(1 / (1 - rho))), [100, 10]);
  },
);
claim(
  nb5,
  "With $\\rho = 0.99$ the weights start at 0.01 and fall slowly: the last 100 steps carry 63% of $h$, and a gradient 300 steps old still counts 5% as much as the newest. With $\\rho = 0.9$ they start ten times higher and are nearly gone after 30 steps: the last 10 steps carry 65%.",
  (p) => {
    assert.equal(p.rho, 0.99);
    assert.equal((1 - 0.99).toFixed(2), "0.01");
    assert.equal(Math.round(100 * carried(0.99, 100)), 63);
    assert.equal(Math.round(100 * 0.99 ** 300), 5);
    assert.equal(((1 - 0.9) / (1 - 0.99)).toFixed(0), "10");
    assert.ok(0.9 ** 30 < 0.05, "nearly gone after 30 steps");
    assert.equal(Math.round(100 * carried(0.9, 10)), 65);
  },
);
/** A sequence of gradients: the steps of AdaGrad's stalled run on Rosenbrock, so they vary as real ones do. */
const someGradients = (p: Params) => nb5Runs(p).adagrad.grads.slice(0, 40);
claim(
  nb5,
  "Adam's $m$ unrolls to $(1 - \\beta_1) \\sum_k \\beta_1^k g_{t-k}$, the same sum with $\\alpha = \\beta_1$, scaled to an average.",
  (p) => {
    const { beta1 } = p as Record<string, number>;
    const lr = 0.01;
    const w = Float64Array.of(0, 0);
    const momentum = new Momentum({ lr, momentum: beta1 });
    const m = [0, 0];
    for (const g of someGradients(p)) {
      const before = Float64Array.from(w);
      momentum.update(w, Float64Array.from(g));
      g.forEach((gi, i) => (m[i] = beta1 * m[i] + (1 - beta1) * gi));
      // Momentum's velocity (the step it just took) is −η/(1 − β₁) times Adam's m.
      for (const i of [0, 1]) {
        assertBetween(w[i] - before[i] + (lr / (1 - beta1)) * m[i], -1e-9, 1e-9, `velocity ${i}`);
      }
    }
  },
);
claim(nb5, "With $\\beta_1 = 0$ it is RMSProp with a bias correction.", (p) => {
  const { lrAdam, beta2 } = p as Record<string, number>;
  const [wa, wr] = [Float64Array.of(0, 0), Float64Array.of(0, 0)];
  const adam = new Adam({ lr: lrAdam, beta1: 0, beta2, eps: 1e-12 });
  const h = [0, 0];
  someGradients(p).forEach((g, k) => {
    const t = k + 1;
    adam.update(wa, Float64Array.from(g));
    g.forEach((gi, i) => {
      h[i] = beta2 * h[i] + (1 - beta2) * gi * gi; // RMSProp's h with ρ = β₂
      wr[i] -= lrAdam * gi / Math.sqrt(h[i] / (1 - beta2 ** t)); // divided by its weights' sum 1 − β₂ᵗ
    });
    for (const i of [0, 1]) assertBetween(wa[i] - wr[i], -1e-9, 1e-9, `step ${t}, coordinate ${i}`);
  });
});
claim(
  nb5,
  "both far smaller than what they average, and not by the same factor: their weights add up to $1 - \\beta_1$ and $1 - \\beta_2$ instead of 1.",
  (p) => {
    const { beta1, beta2 } = p as Record<string, number>;
    const first = new Adam({ lr: 1, beta1, beta2, eps: 1e-12, biasCorrection: false });
    const w = Float64Array.of(0);
    first.update(w, Float64Array.of(3));
    // m = (1 − β₁)·3, v = (1 − β₂)·9: the uncorrected step is (1 − β₁)/√(1 − β₂) long.
    assertBetween(-w[0], (1 - beta1) / Math.sqrt(1 - beta2) - 1e-9, (1 - beta1) / Math.sqrt(1 - beta2) + 1e-9, "step");
  },
);

// Rosenbrock's function, the rate of RMSProp on it, and the playground's rates there.
claim(
  nb5,
  "The runs start at $(-1.5, 2)$, where the loss is 12.5 and the gradient is $(-155, -50)$.",
  () => {
    assert.deepEqual([...rosenbrock.start], [-1.5, 2]);
    assert.equal(rosenbrock.f(Float64Array.from(rosenbrock.start)), 12.5);
    assert.deepEqual([...rosenbrock.gradient(Float64Array.from(rosenbrock.start))], [-155, -50]);
    assert.equal(rosenbrock.f(Float64Array.of(1, 1)), 0);
    assert.deepEqual(rosenbrock.minima, [[1, 1]]);
  },
);
claim(
  nb5,
  "RMSProp's rate dips by about 10% over its first few steps, then climbs about eightfold to a peak near step 600: once the gradients shrink, the memory of the steep start fades and the rate **recovers**. After the peak it falls again, to about a third of the peak by step 2000",
  (p) => {
    const rate = nb5Runs(p).rmsprop.effectiveRate!.map((r) => r[0]);
    const low = Math.min(...rate.slice(0, 10));
    assertBetween(1 - low / rate[0], 0.07, 0.13, "the dip over the first steps");
    const peak = rate.reduce((a, v, i) => (v > rate[a] ? i : a), 0);
    assertBetween(peak + 1, 500, 700, "the step of the peak");
    assertBetween(rate[peak] / low, 7, 10, "the climb to the peak");
    assertBetween(rate.length, 2000, 2000, "steps");
    assertBetween(rate.at(-1)! / rate[peak], 0.28, 0.4, "the rate at step 2000 against the peak");
    const adagrad = nb5Runs(p).adagrad.effectiveRate!.map((r) => r[0]);
    adagrad.slice(1).forEach((v, i) => assert.ok(v <= adagrad[i], `AdaGrad's rate rises at step ${i + 2}`));
  },
);
claim(
  nb5,
  "0.42 is $\\sqrt 2 \\cdot 0.3$: a step of 0.3 along $x$ and 0.3 along $y$",
  (p) => {
    const { lrBias, beta1, beta2, biasSteps } = p as Record<string, number>;
    assert.equal(lrBias, 0.3);
    const run = minimize(course, new Adam({ lr: lrBias, beta1, beta2 }), { steps: biasSteps });
    run.points[1].forEach((v, i) => assertBetween(Math.abs(v - run.points[0][i]), 0.2999, 0.3, `coordinate ${i}`));
    assert.equal(run.stepLength[0].toFixed(2), (Math.SQRT2 * 0.3).toFixed(2));
  },
);
const playgroundRun = (p: Params, name: "SGD" | "Momentum" | "Nesterov" | "Adam", lr: number) => {
  const { beta1, beta2, playgroundSteps } = p as Record<string, number>;
  const settings = { Momentum: { momentum: 0.9 }, Nesterov: { momentum: 0.9 }, Adam: { beta1, beta2 } };
  return minimize(rosenbrock, makeOptimizers({ [name]: lr }, settings)[0], { steps: playgroundSteps });
};
claim(
  nb5,
  "These three start at `lrPlain` (0.001, as in notebook 6): at their usual rates, 0.95 for SGD and 0.1 for Momentum and Nesterov, Rosenbrock's steep walls make them diverge at step 2.",
  (p) => {
    const { lrPlain } = p as Record<string, number>;
    assert.equal(lrPlain, 0.001);
    const { rosenbrockRates } = notebookParams("06_comparing_optimizers.ipynb") as {
      rosenbrockRates: Record<string, number>;
    };
    for (const name of ["SGD", "Momentum", "Nesterov"] as const) {
      assert.equal(rosenbrockRates[name], lrPlain, `notebook 6's ${name}`);
      const usual = playgroundRun(p, name, name === "SGD" ? 0.95 : 0.1).diverged;
      assert.equal(usual && usual.step, 2, `${name} at its usual rate`);
      assert.ok(!playgroundRun(p, name, lrPlain).diverged, `${name} at lrPlain`);
    }
  },
);
claim(
  nb5,
  "Then set $\\beta_1$ back to 0.9, tick Momentum and compare it with Adam: which of the two ends closer to $(1, 1)$ after `playgroundSteps` steps, and why?",
  (p) => {
    // The readout the question asks about, at the default knobs: Momentum at lrPlain ends closer than Adam.
    const { lrPlain, lrAdam } = p as Record<string, number>;
    const [momentum, adam] = [playgroundRun(p, "Momentum", lrPlain), playgroundRun(p, "Adam", lrAdam)];
    const [dm, da] = [distanceTo(last(momentum), [1, 1]), distanceTo(last(adam), [1, 1])];
    assert.ok(dm < da / 2, `Momentum ends ${dm} from (1, 1), Adam ${da}`);
    assert.ok(momentum.loss.at(-1)! < adam.loss.at(-1)!, "and with the lower loss");
  },
);

// The teacher's guide on this notebook.
claim(guide, "2. `myFirstRmsSteps ≈ [0.0316, 0.316]` (5 min; within 0.1%, both parts)", () => {
  const { lrRMSProp } = notebookParams(nb5) as { lrRMSProp: number };
  const steps = [0.9, 0.999].map((decayRate) => {
    const [a, b] = minimize(rosenbrock, new RMSProp({ lr: lrRMSProp, decayRate }), { steps: 1 }).points;
    return Math.abs(b[0] - a[0]);
  });
  assert.deepEqual(steps.map((v) => v.toPrecision(3)), ["0.0316", "0.316"]);
});
claim(guide, "3. `myFirstStepX ≈ 0.860` (5 min; within 0.1%)", () => {
  const { lrConventions } = notebookParams(nb5) as { lrConventions: number };
  const run = minimize(course, new AdaGrad({ lr: lrConventions, epsInsideSqrt: true, initialAccumulator: 1 }), {
    steps: 1,
  });
  assert.equal(Math.abs(run.points[1][0] - run.points[0][0]).toFixed(3), "0.860");
});

claim(
  guide,
  "RMSProp's $h$ is a moving average: the gradient from $k$ steps ago weighs $(1 - \\rho)\\rho^k$, a memory of about $1/(1 - \\rho)$ steps (100 for $\\rho = 0.99$).",
  () => {
    const { rho } = notebookParams(nb5) as { rho: number };
    assert.equal(Math.round(1 / (1 - rho)), 100);
    assertBetween(carried(rho, 100), 0.63, 0.64, "the weight of the last 100 steps");
  },
);

// What notebook 1 · The learning rate (01_learning_rate.ipynb) says, recomputed from lib/ with its own parameters cell; see
// tests/_claims.ts for how a claim ties a sentence to its check. The guide's sentences about this notebook are here too.
import assert from "node:assert/strict";
import {
  course,
  exercises01,
  minimize,
  parabola,
  rotatedValley,
  SGD,
  stepsToReach,
  type TestFunction,
} from "../lib/mod.ts";
import { assertBetween, claim, last, notebookParams, type Params, ratios, signFlips } from "./_claims.ts";

const guide = "README.md";
const nb1 = "01_learning_rate.ipynb";
const nb1Runs = (p: Params) => {
  const { lrSmall, lrGood, lrBounce, lrLarge, steps } = p as Record<string, number>;
  return { lrSmall, lrGood, lrBounce, lrLarge, steps };
};
/** The Hessian of a 2-D function at a point, by central differences of its exact gradient, and its eigenvalues. */
function hessian(fn: Pick<TestFunction, "gradient">, at: number[], h = 1e-4) {
  const H = [0, 1].map((j) => {
    const [up, down] = [h, -h].map((s) => fn.gradient(Float64Array.from(at, (v, i) => (i === j ? v + s : v))));
    return [0, 1].map((i) => (up[i] - down[i]) / (2 * h)); // column j: ∂g/∂w_j
  });
  const [a, b, d] = [H[0][0], H[0][1], H[1][1]];
  const [mid, radius] = [(a + d) / 2, Math.hypot((a - d) / 2, b)];
  const eigen = [mid - radius, mid + radius]; // of the symmetric [[a, b], [b, d]]
  // The eigenvector of the smaller eigenvalue, as an angle in degrees from the x axis, in [0, 180).
  const angle = (((Math.atan2(eigen[0] - a, b) * 180) / Math.PI) % 180 + 180) % 180;
  return { H, eigen, angle: Math.abs(b) < 1e-9 ? (a <= d ? 0 : 90) : angle };
}
claim(
  nb1,
  "The 2 in that factor is the parabola's **curvature**, written $\\lambda$: its second derivative, $f''(x) = 2$",
  () => {
    for (const x of [-5, 0, 3]) {
      const h = 1e-3;
      const second = (parabola.f(Float64Array.of(x + h)) - 2 * parabola.f(Float64Array.of(x)) +
        parabola.f(Float64Array.of(x - h))) / (h * h);
      assertBetween(second, 2 - 1e-6, 2 + 1e-6, `f''(${x})`);
    }
    // "a step multiplies x by 1 − ηλ": one step from x₀ = 5 at a few rates.
    for (const lr of [0.02, 0.3, 0.95, 1.2]) {
      const x1 = minimize(parabola, new SGD({ lr }), { steps: 1 }).points[1][0];
      assertBetween(x1 / 5, 1 - 2 * lr - 1e-12, 1 - 2 * lr + 1e-12, `η = ${lr}`);
    }
  },
);
claim(
  nb1,
  "On this valley $H = \\begin{pmatrix} 1/10 & 0 \\\\ 0 & 2 \\end{pmatrix}$: the eigenvectors are the axes themselves, so along $x$ the curvature is $\\lambda_x = \\partial^2 f/\\partial x^2 = 1/10$ and along $y$ it is $\\lambda_y = 2$ (on a valley turned by 45° the eigenvalues stay 1/10 and 2, but along the diagonals)",
  () => {
    for (const at of [[-7, 2], [0, 0], [3, -1]]) {
      const { H, eigen, angle } = hessian(course, at);
      assert.deepEqual(H.flat().map((v) => Number(v.toFixed(9))), [0.1, 0, 0, 2], `H at ${at}`);
      assert.deepEqual(eigen.map((v) => Number(v.toFixed(9))), [0.1, 2]);
      assert.equal(angle, 0, "the flat direction is the x axis");
      const turned = hessian(rotatedValley, at);
      assert.deepEqual(turned.eigen.map((v) => Number(v.toFixed(9))), [0.1, 2], `turned valley at ${at}`);
      assert.equal(turned.angle.toFixed(6), "45.000000", "its flat direction is a diagonal");
    }
  },
  { robust: "three points, and the valley turned by 45°" },
);
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
claim(nb1, "`lrBounce` zig-zags across the valley (the $y$ factor is $1 - 1.9 = -0.9$, so", (p) => {
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
claim(
  guide,
  "2. `myStepsPast100 = 35` (5 min): from $(-7, 0.001)$, $|y|$ grows by $|1 - 2\\eta| = 1.4$ per step, and $0.001 \\cdot 1.4^t > 100$ first at $t = 35$ ($\\ln 10^5 / \\ln 1.4 \\approx 34.2$). The figures start at $y = 2$, so their hover cannot give it. *Wrong:* 12 (the figure's run from $y = 2$ passes 100 there",
  () => {
    const { lrLarge } = notebookParams(nb1) as { lrLarge: number };
    const from = (x0: number[]) =>
      minimize(course, new SGD({ lr: lrLarge }), { steps: 1000, x0 }).points.findIndex((q) => Math.abs(q[1]) > 100);
    assert.equal(from([-7, 0.001]), 35);
    assert.equal(from([-7, 2]), 12);
    assert.equal(Number(Math.abs(1 - 2 * lrLarge).toFixed(12)), 1.4);
    assert.equal((Math.log(1e5) / Math.log(1.4)).toFixed(1), "34.2");
    assert.equal(exercises01.stepsPast100({ myStepsPast100: 35 }, { lrLarge }).status, "passed");
    for (const wrong of [12, 34]) {
      assert.equal(exercises01.stepsPast100({ myStepsPast100: wrong }, { lrLarge }).status, "failed", `${wrong}`);
    }
  },
);
claim(guide, "With `lrLarge` near 1.01 the answer is about 580: it diverges, slowly.", () => {
  const run = minimize(course, new SGD({ lr: 1.01 }), { steps: 1000, x0: [-7, 0.001] });
  assertBetween(run.points.findIndex((q) => Math.abs(q[1]) > 100), 570, 590, "steps past |y| = 100 at η = 1.01");
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

/** Exercise 4's valley with κ = 100, and what its check measures: the scanned best rate, its factor, its steps. */
const kappa100 = {
  ...course,
  id: "kappa100",
  name: "x²/100 + y²",
  f: (p: Float64Array) => p[0] ** 2 / 100 + p[1] ** 2,
  gradient: (p: Float64Array) => Float64Array.of(p[0] / 50, 2 * p[1]),
};
function kappa100Check() {
  const distances = (lr: number, n: number) =>
    minimize(kappa100, new SGD({ lr }), { steps: n }).points.map((q) => Math.hypot(...q));
  const factorOf = (lr: number) => {
    const d = distances(lr, 100);
    return (d[100] / d[90]) ** (1 / 10);
  };
  const best = Array.from({ length: 501 }, (_, i) => 0.5 + i / 1000).reduce((
    a,
    b,
  ) => (factorOf(b) < factorOf(a) ? b : a));
  const d = distances(best, 5000);
  return { best, factor: factorOf(best), steps: d.findIndex((v) => v <= d[0] / 1000) };
}
claim(nb1, "say $x^2/100 + y^2$, whose curvatures are $1/50$ and $2$", () => {
  const { eigen } = hessian(kappa100, [-7, 2]);
  assert.deepEqual(eigen.map((v) => Number(v.toFixed(9))), [0.02, 2]);
  assert.equal(Number((eigen[1] / eigen[0]).toFixed(6)), 100, "κ");
});
claim(
  guide,
  "4. `myKappa100 ≈ [0.980, 345]` (10 min; each number within 1.5%): the best single rate, $\\eta^* = 2/(1/50 + 2) \\approx 0.990$, shrinks both directions by $\\rho = (\\kappa - 1)/(\\kappa + 1) = 99/101 \\approx 0.980$ per step, and $\\rho^t < 1/1000$ needs $t > \\ln 1000 / \\ln(101/99) \\approx 345.4$; the check's scan picks $\\eta = 0.988$, whose run gets there in 345 steps, so 346 counts too.",
  () => {
    const { best, factor, steps } = kappa100Check();
    assert.equal(factor.toFixed(3), "0.980");
    assert.equal(steps, 345);
    assert.equal(best.toFixed(3), "0.988");
    assert.equal((2 / 2.02).toFixed(3), "0.990");
    assert.equal((99 / 101).toFixed(3), "0.980");
    assert.equal((Math.log(1000) / Math.log(101 / 99)).toFixed(1), "345.4");
    assert.ok(Math.abs(346 - steps) <= 0.015 * steps, "346 is within the check's 1.5%");
    // At η*, both directions shrink by exactly ρ: the distance too.
    const d = minimize(kappa100, new SGD({ lr: 2 / 2.02 }), { steps: 400 }).points.map((q) => Math.hypot(...q));
    assertBetween(d[300] / d[299], 99 / 101 - 1e-9, 99 / 101 + 1e-9, "the factor at η*");
  },
);
claim(
  guide,
  "That is 5 times the 69 steps the course's valley needs: for large $\\kappa$, $\\rho \\approx 1 - 2/\\kappa$ and the steps grow in proportion to $\\kappa$.",
  () => {
    const stepsFor = (kappa: number) => Math.log(1000) / Math.log((kappa + 1) / (kappa - 1));
    assert.equal(stepsFor(20).toFixed(0), "69");
    assert.equal((stepsFor(100) / stepsFor(20)).toFixed(1), "5.0");
    // In proportion to κ: steps/κ settles near ln(1000)/2 ≈ 3.45 as κ grows.
    for (const kappa of [100, 1000, 10000]) assertBetween(stepsFor(kappa) / kappa, 3.4, 3.5, `κ = ${kappa}`);
  },
);
claim(
  guide,
  "*Wrong:* `[0.99, 688]` (the rate $1/\\lambda_{max} = 0.5$, which settles the steep direction in one step and leaves the flat one at $1 - 0.5/50$)",
  () => {
    assert.equal(1 - 0.5 / 50, 0.99);
    assert.equal(Math.ceil(Math.log(1000) / Math.log(1 / 0.99)), 688);
    const { factor, steps } = kappa100Check();
    assert.ok(Math.abs(688 - steps) > 0.015 * steps, "688 does not pass the check");
    assert.ok(Math.abs(0.905 - factor) > 0.015 * factor && Math.abs(69 - steps) > 0.015 * steps, "nor [0.905, 69]");
  },
);

claim(
  nb1,
  "(the $y$ factor is $1 - 1.9 = -0.9$, so $|y|$ shrinks by 0.9 per step) while it moves along the valley about as fast ($x$ shrinks by $1 - 0.095 = 0.905$ per step)",
  (p) => {
    const { lrBounce, steps } = p as { lrBounce: number; steps: number };
    assert.equal(lrBounce, 0.95, "the sentence is about the default lrBounce");
    const run = minimize(course, new SGD({ lr: lrBounce }), { steps });
    ratios(run.points.map((q) => Math.abs(q[1]))).forEach((r) => assertBetween(r, 0.9 - 1e-9, 0.9 + 1e-9, "|y|'s"));
    ratios(run.points.map((q) => q[0])).forEach((r) => assertBetween(r, 0.905 - 1e-9, 0.905 + 1e-9, "x's factor"));
  },
);
claim(
  nb1,
  "then type $0.93$. Which run ends nearer the minimum, and which with the lower loss? $\\rho$ is about the distance. At $0.93$ the $y$ factor is $-0.86$ where $0.952$'s is $-0.904$, and the loss counts $y^2$ twenty times more than $x^2$: which direction holds most of 0.952's loss?",
  (p) => {
    // The playground's readout at the last step: 0.952 ends nearer the minimum, 0.93 with the lower loss, and most of
    // 0.952's loss is y's. It holds from 20 to 100 steps (the default is 30); the loss's order turns near 150.
    const { steps } = p as { steps: number };
    assert.equal(steps, 30, "the sentence is about the default steps");
    for (const n of [20, 30, 50, 100]) {
      const [best, less] = [0.952, 0.93].map((lr) => minimize(course, new SGD({ lr }), { steps: n }));
      const distance = (run: typeof best) => Math.hypot(...run.points.at(-1)!);
      assert.ok(distance(best) < distance(less), `${n} steps: 0.952 nearer`);
      assert.ok(less.loss.at(-1)! < best.loss.at(-1)!, `${n} steps: 0.93 lower loss`);
      const [x, y] = best.points.at(-1)!;
      assert.ok(y ** 2 > x ** 2 / 20, `${n} steps: y holds most of 0.952's loss`);
    }
    assert.deepEqual([1 - 2 * 0.93, 1 - 2 * 0.952].map((f) => Number(f.toFixed(3))), [-0.86, -0.904]);
  },
);

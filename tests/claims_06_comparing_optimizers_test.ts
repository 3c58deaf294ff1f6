// What notebook 6 · Comparing optimizers (06_comparing_optimizers.ipynb) says, recomputed from lib/ with its own parameters cell; see
// tests/_claims.ts for how a claim ties a sentence to its check. The guide's sentences about this notebook are here too.
import assert from "node:assert/strict";
import {
  AdaGrad,
  Adam,
  course,
  loadDigits,
  makeOptimizer,
  minimize,
  Momentum,
  type OptimizerName,
  optimizerNames,
  rosenbrock,
  rotatedValley,
  saddle,
  SGD,
  stepsToReach,
  train,
  type Trajectory,
  turnedSaddle,
  TwoLayerNet,
} from "../lib/mod.ts";
import { assertBetween, claim, distanceTo, last, notebookParams, type Params, type Rates, runAll } from "./_claims.ts";

const guide = "README.md";
const nb6 = "06_comparing_optimizers.ipynb";
const nb6Valley = (p: Params) => {
  const { rates, budget, tol } = p as { rates: Rates; budget: number; tol: number };
  const runs = runAll(course, rates, budget);
  return Object.fromEntries(Object.entries(runs).map(([name, run]) => [name, stepsToReach(course, run, tol)]));
};
claim(
  nb6,
  "AdaGrad arrives first, in 69 steps; then SGD (89), Nesterov (98), RMSProp (107), Adam (144) and Momentum (160).",
  (p) => {
    assert.deepEqual(nb6Valley(p), { SGD: 89, Momentum: 160, Nesterov: 98, AdaGrad: 69, RMSProp: 107, Adam: 144 });
  },
);
claim(
  nb6,
  "Momentum in the most; plain SGD, at a rate close to the best constant one for this valley, comes second",
  (p) => {
    const order = Object.entries(nb6Valley(p)).sort((a, b) => a[1]! - b[1]!).map(([name]) => name);
    assert.equal(order[1], "SGD");
    assert.equal(order.at(-1), "Momentum");
  },
);
claim(nb6, "$2/(\\lambda_{min} + \\lambda_{max}) = 2/2.1 \\approx 0.95$", (p) => {
  const { rates } = p as { rates: Rates };
  assert.equal((2 / (0.1 + 2)).toFixed(2), "0.95");
  assert.equal(rates.SGD, 0.95);
});
claim(
  nb6,
  "Momentum's loss is below SGD's during steps 1 to 4 (and at only three later steps); SGD is ahead for most of the run",
  (p) => {
    const { rates, steps } = p as { rates: Rates; steps: number };
    const runs = runAll(course, { SGD: rates.SGD, Momentum: rates.Momentum }, steps);
    const ahead = runs.SGD.loss.map((v, t) => runs.Momentum.loss[t] < v);
    assert.deepEqual(ahead.slice(0, 6), [false, true, true, true, true, false]);
    assert.equal(ahead.slice(5).filter(Boolean).length, 3, "later steps where Momentum is ahead");
    assert.ok(ahead.filter((m) => !m).length > steps / 2, `Momentum ahead at ${ahead.filter(Boolean).length} steps`);
  },
);
claim(nb6, "Momentum swings past the minimum", (p) => {
  const { rates, steps } = p as { rates: Rates; steps: number };
  const xs = minimize(course, new Momentum({ lr: rates.Momentum }), { steps }).points.map((q) => q[0]);
  assert.ok(xs[0] < 0 && Math.max(...xs) > 0);
});
claim(
  nb6,
  "notebook 4 derives the heavy ball's best rate and momentum for this valley, $\\eta \\approx 1.336$ and $\\alpha \\approx 0.403$, which arrive in 26 steps, on the turned valley too. This race keeps the book's $\\eta = 0.1$ and $\\alpha = 0.9$ for Momentum and Nesterov.",
  (p) => {
    const { tol, rates, momentum } = p as { tol: number; rates: Rates; momentum: number };
    // η* = 4/(√λmax + √λmin)², α* = ((√κ − 1)/(√κ + 1))² with the valley's curvatures 2 and 1/10.
    const [lmax, lmin] = [2, 0.1];
    const eta = 4 / (Math.sqrt(lmax) + Math.sqrt(lmin)) ** 2;
    const kappa = Math.sqrt(lmax / lmin);
    const alpha = ((kappa - 1) / (kappa + 1)) ** 2;
    assert.deepEqual([eta.toFixed(3), alpha.toFixed(3)], ["1.336", "0.403"]);
    for (const fn of [course, rotatedValley]) {
      const run = minimize(fn, new Momentum({ lr: 1.336, momentum: 0.403 }), { steps: 300 });
      assert.equal(stepsToReach(fn, run, tol), 26, fn.name);
    }
    assert.deepEqual([rates.Momentum, rates.Nesterov, momentum], [0.1, 0.1, 0.9]);
  },
  { robust: "on the valley and on the valley turned by 45°" },
);
const nb6Banana = (p: Params) => {
  const { rosenbrockRates, rosenbrockSteps } = p as { rosenbrockRates: Rates; rosenbrockSteps: number };
  return runAll(rosenbrock, rosenbrockRates, rosenbrockSteps);
};
claim(nb6, "Within 50 steps every run drops from a loss of 12.5 to below 6, onto the valley floor", (p) => {
  for (const run of Object.values(nb6Banana(p))) {
    assert.equal(run.loss[0], 12.5);
    assert.ok(run.loss[50] < 6, `${run.label}: ${run.loss[50]}`);
  }
});
claim(nb6, "At the same $\\eta = 0.001$, SGD is still 0.8 from $(1, 1)$ after 2000 steps", (p) => {
  const { rosenbrockRates } = p as { rosenbrockRates: Rates };
  assert.deepEqual([rosenbrockRates.SGD, rosenbrockRates.Momentum, rosenbrockRates.Nesterov], [0.001, 0.001, 0.001]);
  assertBetween(distanceTo(last(nb6Banana(p).SGD), [1, 1]), 0.75, 0.85, "SGD's final distance");
});
claim(nb6, "(within 0.01 after about 1100 and 1000 steps)", (p) => {
  const runs = nb6Banana(p);
  assertBetween(stepsToReach(rosenbrock, runs.Momentum, 0.01)!, 1050, 1150, "Momentum's arrival");
  assertBetween(stepsToReach(rosenbrock, runs.Nesterov, 0.01)!, 950, 1050, "Nesterov's arrival");
});
claim(
  nb6,
  "at $\\eta = 0.002$ it ends 0.015 from $(1, 1)$, but at $\\eta = 0.003$ the steep walls make it diverge within 4 steps",
  (p) => {
    const { rosenbrockSteps } = p as { rosenbrockSteps: number };
    const near = minimize(rosenbrock, new SGD({ lr: 0.002 }), { steps: rosenbrockSteps });
    assert.equal(distanceTo(last(near), [1, 1]).toFixed(3), "0.015");
    const far = minimize(rosenbrock, new SGD({ lr: 0.003 }), { steps: rosenbrockSteps });
    assert.ok(far.diverged && far.diverged.step <= 4, JSON.stringify(far.diverged));
  },
);
claim(nb6, "Adam arrives too (after about 1200 steps), RMSProp ends 0.12 away", (p) => {
  const runs = nb6Banana(p);
  assertBetween(stepsToReach(rosenbrock, runs.Adam, 0.01)!, 1150, 1250, "Adam's arrival");
  assertBetween(distanceTo(last(runs.RMSProp), [1, 1]), 0.11, 0.13, "RMSProp's final distance");
});
claim(nb6, "crawls and ends 0.7 away", (p) => {
  assertBetween(distanceTo(last(nb6Banana(p).AdaGrad), [1, 1]), 0.65, 0.75, "AdaGrad's final distance");
});
const nb6Saddle = (p: Params) => {
  const { saddleRates, saddleSteps } = p as { saddleRates: Rates; saddleSteps: number };
  const runs = runAll(saddle, saddleRates, saddleSteps);
  const leave = (name: OptimizerName) => runs[name].points.findIndex((q) => Math.abs(q[1]) > 1);
  return { runs, leave };
};
claim(nb6, "26 and 19 steps pass before $|y| > 1$", (p) => {
  const { leave } = nb6Saddle(p);
  assert.deepEqual([leave("SGD"), leave("Momentum")], [26, 19]);
});
claim(nb6, "so their first step along $y$ is as large as along $x$: they leave in 2 steps", (p) => {
  const { runs, leave } = nb6Saddle(p);
  for (const name of ["AdaGrad", "RMSProp"] as const) {
    assert.equal(leave(name), 2);
    const [a, b] = runs[name].points;
    assertBetween(Math.abs(b[1] - a[1]) / Math.abs(b[0] - a[0]), 0.99, 1.01, `${name}'s first step, y over x`);
  }
});
const vOf = (q: number[]) => (q[1] - q[0]) / Math.SQRT2; // the turned saddle's downhill coordinate
const leaveTurned = (run: Trajectory) => run.points.findIndex((q) => Math.abs(vOf(q)) > 1);
const nb6Turned = (p: Params) => {
  const { saddleRates, saddleSteps } = p as { saddleRates: Rates; saddleSteps: number };
  return runAll(turnedSaddle, saddleRates, saddleSteps);
};
claim(nb6, "`turnedSaddle` is the same saddle turned by 45°", () => {
  const turn = ([u, v]: readonly number[]) => Float64Array.of((u - v) / Math.SQRT2, (u + v) / Math.SQRT2);
  for (const q of [[-1.5, 0.01], [0.3, -1.2], [2, 1]]) {
    assertBetween(turnedSaddle.f(turn(q)) - saddle.f(Float64Array.from(q)), -1e-12, 1e-12, `f at (${q})`);
  }
  const start = turn(saddle.start);
  turnedSaddle.start.forEach((v, i) => assertBetween(v - start[i], -1e-12, 1e-12, `start coordinate ${i}`));
});
claim(
  nb6,
  "On the turned saddle SGD, Momentum and Nesterov need exactly as many steps as before (26, 19 and 16)",
  (p) => {
    const { leave } = nb6Saddle(p);
    const turned = nb6Turned(p);
    for (const [name, steps] of [["SGD", 26], ["Momentum", 19], ["Nesterov", 16]] as const) {
      assert.deepEqual([leave(name), leaveTurned(turned[name])], [steps, steps], name);
    }
  },
);
claim(
  nb6,
  "AdaGrad needs 17 steps instead of 2, RMSProp 16 instead of 2, and Adam 50 instead of 11, now slower than SGD",
  (p) => {
    const { leave } = nb6Saddle(p);
    const turned = nb6Turned(p);
    const both = (name: OptimizerName) => [leave(name), leaveTurned(turned[name])];
    assert.deepEqual([both("AdaGrad"), both("RMSProp"), both("Adam")], [[2, 17], [2, 16], [11, 50]]);
    assert.ok(leaveTurned(turned.Adam) > leaveTurned(turned.SGD));
  },
);
claim(nb6, "AdaGrad's first step moves $x$ and $y$ by the same $\\eta$ and leaves $v$ where it was", (p) => {
  const { saddleRates } = p as { saddleRates: Rates };
  const [a, b] = minimize(turnedSaddle, new AdaGrad({ lr: saddleRates.AdaGrad }), { steps: 1 }).points;
  for (const i of [0, 1]) {
    assertBetween(Math.abs(b[i] - a[i]), 0.999 * saddleRates.AdaGrad, saddleRates.AdaGrad, `Δ${i}`);
  }
  assertBetween(vOf(b) - vOf(a), -1e-6, 1e-6, "Δv");
});
const saddleGrid = [0.03, 0.05, 0.1, 0.2, 0.3, 0.5, 1];
claim(
  nb6,
  "at any rate from 0.03 to 1 the turn leaves the steps of SGD, Momentum and Nesterov unchanged and slows AdaGrad, RMSProp and Adam",
  () => {
    const steps = 200; // the largest saddleSteps the parameters cell allows
    const never = (t: number) => (t < 0 ? Infinity : t);
    for (const name of optimizerNames) {
      for (const lr of saddleGrid) {
        const plain = never(
          minimize(saddle, makeOptimizer(name, lr), { steps }).points.findIndex((q) => Math.abs(q[1]) > 1),
        );
        const turned = never(leaveTurned(minimize(turnedSaddle, makeOptimizer(name, lr), { steps })));
        const adaptive = ["AdaGrad", "RMSProp", "Adam"].includes(name);
        assert.ok(
          adaptive ? turned > plain : turned === plain,
          `${name} at η = ${lr}: ${plain} steps, turned ${turned}`,
        );
      }
    }
  },
  { robust: `every optimizer at η = ${saddleGrid.join(", ")}, up to 200 steps` },
);
claim(
  nb6,
  "Turned by 45°, the same saddle takes them 16 to 50 steps instead of 2 to 11, while SGD, Momentum and Nesterov do not notice the turn",
  (p) => {
    const { leave } = nb6Saddle(p);
    const turned = nb6Turned(p);
    const adaptive = ["AdaGrad", "RMSProp", "Adam"] as const;
    assert.deepEqual([Math.min(...adaptive.map(leave)), Math.max(...adaptive.map(leave))], [2, 11]);
    const turnedSteps = adaptive.map((name) => leaveTurned(turned[name]));
    assert.deepEqual([Math.min(...turnedSteps), Math.max(...turnedSteps)], [16, 50]);
    // From other small offsets off the ridge too (the sentence is the notebook's summary): v₀ = 0.001 and 0.1.
    for (const v0 of [0.001, 0.1]) {
      const x0 = [(-1.5 - v0) / Math.SQRT2, (-1.5 + v0) / Math.SQRT2];
      for (const name of optimizerNames) {
        const lr = (p.saddleRates as Rates)[name];
        const a = minimize(saddle, makeOptimizer(name, lr), { steps: 200, x0: [-1.5, v0] });
        const b = minimize(turnedSaddle, makeOptimizer(name, lr), { steps: 200, x0 });
        const [s, t] = [a.points.findIndex((q) => Math.abs(q[1]) > 1), leaveTurned(b)];
        const adaptiveName = (adaptive as readonly string[]).includes(name);
        assert.ok(adaptiveName ? t < 0 || t > s : t === s, `${name} from v₀ = ${v0}: ${s} steps, turned ${t}`);
      }
    }
  },
  { robust: "from v₀ = 0.001, 0.01 and 0.1 off the ridge" },
);
claim(nb6, "Test accuracy after 200 updates ranges from 85% (SGD) to 90% (Momentum).", (p) => {
  const { networkRates, hiddenSize, iterations, batchSize } = p as {
    networkRates: Partial<Rates>;
    hiddenSize: number;
    iterations: number;
    batchSize: number;
  };
  const { trainSize, testSize } = p as { trainSize: number; testSize: number };
  const digits = loadDigits({ train: trainSize, test: testSize });
  const net = new TwoLayerNet({ hiddenSize });
  const runs = Object.entries(networkRates).map(([name, lr]) =>
    train(net, makeOptimizer(name as OptimizerName, lr!), digits, { steps: iterations, batchSize })
  );
  const recent = (loss: number[]) => loss.slice(-20).reduce((a, b) => a + b, 0) / Math.min(20, loss.length);
  const byName = Object.fromEntries(runs.map((r) => [r.optimizer, r]));
  assert.equal(iterations, 200);
  const accuracies = runs.map((r) => r.testAccuracy);
  assert.equal(Math.min(...accuracies), byName.SGD.testAccuracy);
  assert.equal(Math.max(...accuracies), byName.Momentum.testAccuracy);
  assert.equal(Math.floor(byName.SGD.testAccuracy * 100), 85);
  assert.equal(Math.round(byName.Momentum.testAccuracy * 100), 90);
  // "Plain SGD ends with the highest training loss (about 0.55 over the last 20 updates), Momentum with the lowest
  // (about 0.16), and AdaGrad, RMSProp and Adam in between (0.3 to 0.4)."
  assert.equal(recent(byName.SGD.loss).toFixed(2), "0.55");
  assert.equal(recent(byName.Momentum.loss).toFixed(2), "0.16");
  for (const name of ["AdaGrad", "RMSProp", "Adam"]) assertBetween(recent(byName[name].loss), 0.3, 0.4, name);
});

claim(
  nb6,
  "Adam's bias correction makes its first step $\\eta\\, g/|g|$ in every coordinate, so the first step moves every weight by about $\\eta$, however large or small its gradient, unless the gradient is tiny (below about $10^{-4}$, where $\\varepsilon$ counts) or zero.",
  (p) => {
    const { warmupLr } = p as { warmupLr: number };
    const g = Float64Array.of(30, -2, 0.5, -1e-2, 1e-3, 1e-5, 0);
    const w = new Float64Array(g.length);
    new Adam({ lr: warmupLr }).update(w, g);
    g.forEach((gi, i) => {
      const step = Math.abs(w[i]) / warmupLr;
      if (Math.abs(gi) >= 1e-3) assertBetween(step, 0.99, 1, `|g| = ${Math.abs(gi)}`);
      else if (gi !== 0) assert.ok(step < 0.9, `|g| = ${Math.abs(gi)}: ${step}`); // ε = 1e-7 against √v = 0.03·|g|
      else assert.equal(step, 0);
    });
  },
);

// The teacher's guide on this notebook.
claim(
  nb6,
  "0.001 for SGD, Momentum and Nesterov, because at their rates above the steep walls make them diverge at step 2.",
  (p) => {
    const { rates, rosenbrockRates, rosenbrockSteps } = p as {
      rates: Rates;
      rosenbrockRates: Rates;
      rosenbrockSteps: number;
    };
    const names = ["SGD", "Momentum", "Nesterov"] as const;
    names.forEach((name) => assert.equal(rosenbrockRates[name], 0.001, name));
    const fast = runAll(rosenbrock, Object.fromEntries(names.map((n) => [n, rates[n]])), rosenbrockSteps);
    const slow = runAll(rosenbrock, Object.fromEntries(names.map((n) => [n, rosenbrockRates[n]])), rosenbrockSteps);
    for (const name of names) {
      const diverged = fast[name].diverged;
      assert.equal(diverged && diverged.step, 2, `${name} at ${rates[name]}`);
      assert.ok(!slow[name].diverged, `${name} at ${rosenbrockRates[name]}`);
    }
  },
);
claim(
  nb6,
  "Along $x$ the function curves up (curvature $2$, as in a valley); along $y$ it curves down (curvature $-2$",
  () => {
    // Second differences of f along each axis, at several points: 2 along x, −2 along y.
    for (const [x, y] of [[0, 0], [-1.5, 0.01], [0.7, -1.3]]) {
      const f = (a: number, b: number) => saddle.f(Float64Array.of(a, b));
      const h = 1e-3;
      assertBetween((f(x + h, y) - 2 * f(x, y) + f(x - h, y)) / h ** 2, 1.999, 2.001, `along x at (${x}, ${y})`);
      assertBetween((f(x, y + h) - 2 * f(x, y) + f(x, y - h)) / h ** 2, -2.001, -1.999, `along y at (${x}, ${y})`);
    }
    assert.deepEqual([...saddle.gradient(Float64Array.of(0, 0))].map(Math.abs), [0, 0]);
    assert.deepEqual([...saddle.start], [-1.5, 0.01]);
  },
);
claim(
  nb6,
  "both move each coordinate by 0.5 at the first step, and the two stay within 0.01 of each other for the first 7 steps, so RMSProp's path (drawn after AdaGrad's) hides AdaGrad's there.",
  (p) => {
    const { saddleRates, saddleSteps } = p as { saddleRates: Rates; saddleSteps: number };
    assert.ok(optimizerNames.indexOf("RMSProp") > optimizerNames.indexOf("AdaGrad"), "RMSProp is drawn later");
    for (const fn of [saddle, turnedSaddle]) {
      const runs = runAll(fn, saddleRates, saddleSteps);
      const [a, r] = [runs.AdaGrad, runs.RMSProp];
      for (const run of [a, r]) {
        run.points[1].forEach((v, i) =>
          assertBetween(Math.abs(v - run.points[0][i]), 0.4999, 0.5, `${fn.id}, ${run.optimizer}, coordinate ${i}`)
        );
      }
      for (let t = 0; t <= 7; t++) {
        assert.ok(distanceTo(a.points[t], r.points[t]) < 0.01, `${fn.id}: apart at step ${t}`);
      }
      assert.ok(distanceTo(a.points[saddleSteps], r.points[saddleSteps]) > 0.1, `${fn.id}: they part later`);
    }
  },
);
claim(guide, "1. `mySgdSteps = 173` (5 min; 172 to 174 count)", () => {
  const { tol } = notebookParams(nb6) as { tol: number };
  assert.equal(stepsToReach(course, minimize(course, new SGD({ lr: 0.5 }), { steps: 1000 }), tol), 173);
});
claim(guide, "notebook 4's tuned heavy ball would arrive in 26 steps, but the race keeps the book's rates", () => {
  const { tol, rates, momentum } = notebookParams(nb6) as { tol: number; rates: Rates; momentum: number };
  const run = minimize(course, new Momentum({ lr: 1.336, momentum: 0.403 }), { steps: 300 });
  assert.equal(stepsToReach(course, run, tol), 26);
  assert.deepEqual([rates.SGD, rates.Momentum, rates.AdaGrad, rates.Adam, momentum], [0.95, 0.1, 1.5, 0.3, 0.9]);
});
claim(guide, "Slower than the default $\\eta = 0.95$ (89 steps)", () => {
  assert.equal(nb6Valley(notebookParams(nb6)).SGD, 89);
});
claim(
  guide,
  "2. `myHalfMomentumSteps = 431` (10 min; within 5%, 410 to 452): along $x$ the gradient keeps its sign, so momentum acts like gradient descent with the rate $\\eta/(1 - \\alpha) = 0.2$",
  () => {
    const { tol } = notebookParams(nb6) as { tol: number };
    const run = minimize(course, new Momentum({ lr: 0.1, momentum: 0.5 }), { steps: 100000 });
    const arrived = stepsToReach(course, run, tol)!;
    assert.equal(arrived, 431);
    assert.deepEqual([Math.ceil(arrived * 0.95), Math.floor(arrived * 1.05)], [410, 452]);
    // "x shrinks by about 0.98 per step, and 7·0.98ᵗ ≤ 10⁻³ gives t ≈ 438", inside the 5%.
    const rough = Math.log(7 / tol) / -Math.log(1 - 0.1 * 0.1 / (1 - 0.5));
    assert.equal(Math.round(rough), 438);
    assertBetween(rough / arrived, 0.95, 1.05, "the rough count within 5%");
    // "about 880 (the rate η = 0.1 without momentum's boost)", outside it.
    const noBoost = Math.log(7 / tol) / -Math.log(1 - 0.1 * 0.1);
    assertBetween(noBoost, 870, 890, "without the boost");
    // "With α = 0.9 Momentum arrives in 160 steps"
    assert.equal(nb6Valley(notebookParams(nb6)).Momentum, 160);
  },
);
claim(
  guide,
  "turned by 45°, AdaGrad needs 17 steps to leave it instead of 2, while SGD and Momentum do not notice the turn",
  () => {
    const p = notebookParams(nb6);
    const turned = nb6Turned(p);
    const { leave } = nb6Saddle(p);
    assert.deepEqual([leave("AdaGrad"), leaveTurned(turned.AdaGrad)], [2, 17]);
    assert.deepEqual([leave("SGD"), leave("Momentum")], [leaveTurned(turned.SGD), leaveTurned(turned.Momentum)]);
  },
);

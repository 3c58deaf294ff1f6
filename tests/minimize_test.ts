import assert from "node:assert/strict";
import {
  AdaGrad,
  course,
  minimize,
  parabola,
  rotatedValley,
  saddle,
  SGD,
  stepsToReach,
  testFunctions,
} from "../lib/mod.ts";
import { assertClose } from "./_assert.ts";

Deno.test("minimize() records every point, the start included", () => {
  const run = minimize(course, new SGD({ lr: 0.95 }), { steps: 30 });
  assert.equal(run.points.length, 31);
  assert.deepEqual(run.points[0], [-7, 2]);
  assertClose(run.points[1], [-6.335, -1.8], 1e-12);
  assert.equal(run.loss.length, 31);
  assert.equal(run.grads.length, 30);
  assert.equal(run.stepLength.length, 30);
  assert.deepEqual(run.rate, Array(30).fill(0.95));
  assert.equal(run.effectiveRate, undefined);
  assert.equal(run.label, "SGD(lr=0.95)");
  assert.equal(run.diverged, false);
});

Deno.test("minimize() records loss, gradient and step length that agree with the points", () => {
  const run = minimize(course, new AdaGrad({ lr: 1.5 }), { steps: 10 });
  run.points.forEach((p, t) => assertClose(run.loss[t], course.f(Float64Array.from(p)), 1e-15, `loss ${t}`));
  run.grads.forEach((g, t) => assertClose(g, course.gradient(Float64Array.from(run.points[t])), 1e-15, `grad ${t}`));
  run.stepLength.forEach((s, t) => {
    const [a, b] = [run.points[t], run.points[t + 1]];
    assertClose(s, Math.hypot(b[0] - a[0], b[1] - a[1]), 1e-15, `step ${t}`);
  });
});

Deno.test("minimize() records AdaGrad's effective rate: lower in the steep y, never rising", () => {
  const run = minimize(course, new AdaGrad({ lr: 1.5 }), { steps: 30 });
  const rates = run.effectiveRate!;
  assert.equal(rates.length, 30);
  // The first gradient is (−0.7, 4): y's rate drops to 1.5/4 at once, x's only to 1.5/0.7.
  assertClose(rates[0], [1.5 / (0.7 + 1e-7), 1.5 / (4 + 1e-7)], 1e-12, "first rates");
  for (let t = 1; t < 30; t++) {
    assert.ok(rates[t][1] < rates[t][0], `step ${t}: y's rate is not below x's`);
    assert.ok(rates[t][0] <= rates[t - 1][0] && rates[t][1] <= rates[t - 1][1], `step ${t}: a rate rose`);
  }
});

Deno.test("minimize() resets the optimizer, so a rerun gives the same path", () => {
  const opt = new AdaGrad({ lr: 1.5 });
  const first = minimize(course, opt, { steps: 20 });
  const second = minimize(course, opt, { steps: 20 });
  assert.deepEqual(second, first);
});

Deno.test("minimize() stops a diverging run and says at which step", () => {
  const run = minimize(parabola, new SGD({ lr: 1.5 }), { steps: 100 }); // x ← −2x each step
  assert.ok(run.diverged);
  // |x| = 5·2ᵗ passes 100 × 6 = 600 at t = 7 (640).
  assert.equal(run.diverged.step, 7);
  assert.match(run.diverged.reason, /coordinate 0 reached -640, more than 100× the plotting range away/);
  assert.equal(run.points.length, 8);
});

Deno.test("minimize() stops at the first non-finite value", () => {
  const run = minimize(parabola, new SGD({ lr: 1e300 }), { steps: 10, divergenceFactor: 1e308 });
  assert.ok(run.diverged);
  assert.equal(run.diverged.step, 1);
  assert.match(run.diverged.reason, /became -?Infinity/);
});

Deno.test("minimize() with the numerical gradient stays close to the analytic run", () => {
  const analytic = minimize(course, new AdaGrad({ lr: 1.5 }), { steps: 30 });
  const numerical = minimize(course, new AdaGrad({ lr: 1.5 }), { steps: 30, gradient: "numerical" });
  numerical.points.forEach((p, t) => assertClose(p, analytic.points[t], 1e-6, `step ${t}`));
});

Deno.test("minimize() escapes the saddle along y", () => {
  const run = minimize(saddle, new SGD({ lr: 0.1 }), { steps: 40 });
  const [x, y] = run.points.at(-1)!;
  assert.ok(Math.abs(x) < 1e-3 && Math.abs(y) > 1, `ended at (${x}, ${y})`);
});

Deno.test("minimize() throws on a start point of the wrong dimension, naming x0", () => {
  assert.throws(
    () => minimize(course, new SGD(), { x0: [1] }),
    new RangeError("Cannot run minimize as 'x0' must be 2 finite numbers for x²/20 + y²: current value is [1]"),
  );
  assert.throws(
    () => minimize(parabola, new SGD(), { x0: [NaN] }),
    new RangeError("Cannot run minimize as 'x0' must be 1 finite number for x²: current value is [NaN]"),
  );
});

Deno.test("minimize() throws on bad options, naming them", () => {
  assert.throws(
    () => minimize(course, new SGD(), { steps: -1 }),
    /'steps' must be a whole number in \[0, 1000000\] \(a run records about 300 bytes per step\): current value is -1/,
  );
  assert.throws(
    // @ts-expect-error: an unknown gradient mode is the mistake under test
    () => minimize(course, new SGD(), { gradient: "exact" }),
    /'gradient' must be "analytic" or "numerical": current value is "exact"/,
  );
  assert.throws(
    () => minimize(course, new SGD(), { h: 0 }),
    /'h' must be a positive finite number: current value is 0/,
  );
});

Deno.test("stepsToReach() finds the first step within tol of a minimum", () => {
  const run = minimize(parabola, new SGD({ lr: 0.25 }), { steps: 40 }); // x ← x/2
  assert.equal(stepsToReach(parabola, run, 1e-3), 13); // 5/2¹³ = 6.1e-4
  assert.equal(stepsToReach(parabola, run, 10), 0);
  assert.equal(stepsToReach(saddle, minimize(saddle, new SGD(), { steps: 3 })), undefined);
});

Deno.test("every test function has consistent metadata", () => {
  const ids = new Set<string>();
  for (const fn of testFunctions) {
    assert.ok(!ids.has(fn.id), `duplicate id ${fn.id}`);
    ids.add(fn.id);
    assert.equal(fn.range.length, fn.dim);
    assert.equal(fn.start.length, fn.dim);
    for (const [lo, hi] of fn.range) assert.ok(lo < hi);
    for (const m of fn.minima) {
      const x = Float64Array.from(m);
      assert.ok(Math.hypot(...fn.gradient(x)) < 1e-4, `${fn.id}: gradient at minimum ${m} is not 0`);
      assert.ok(Math.abs(fn.f(x)) < 1e-9, `${fn.id}: value at minimum ${m} is ${fn.f(x)}`);
    }
  }
  assert.equal(testFunctions.length, 10);
});

Deno.test("minimize() with noise adds seeded N(0, σ²) noise to the gradient and records the true loss", () => {
  const opt = () => new SGD({ lr: 0.1 });
  const a = minimize(course, opt(), { steps: 50, noise: 0.5, seed: 7 });
  const b = minimize(course, opt(), { steps: 50, noise: 0.5, seed: 7 });
  const c = minimize(course, opt(), { steps: 50, noise: 0.5, seed: 8 });
  assert.deepEqual(a.points, b.points, "the same seed draws the same noise");
  assert.notDeepEqual(a.points, c.points);
  a.points.forEach((p, t) => assertClose([a.loss[t]], [course.f(Float64Array.from(p))], 0, `loss at step ${t}`));
  const deviations = a.grads.flatMap((g, t) =>
    Array.from(course.gradient(Float64Array.from(a.points[t]))).map((e, i) => g[i] - e)
  );
  const sd = Math.sqrt(deviations.reduce((s, d) => s + d * d, 0) / deviations.length);
  assertClose([sd], [0.5], 0.1, "the noise's standard deviation");
  assert.deepEqual(
    minimize(course, opt(), { steps: 5, noise: 0 }).points,
    minimize(course, opt(), { steps: 5 }).points,
  );
});

Deno.test("minimize() throws on a negative noise, naming it", () => {
  assert.throws(
    () => minimize(course, new SGD(), { noise: -1 }),
    /Cannot run minimize as 'noise' must be a finite number >= 0: current value is -1/,
  );
});

Deno.test("rotatedValley is the course's valley turned by 45°, start included", () => {
  const turn = ([u, v]: readonly number[]) => Float64Array.of((u - v) / Math.SQRT2, (u + v) / Math.SQRT2);
  for (const p of [[-7, 2], [3, -1], [0.5, 4]]) {
    assertClose([rotatedValley.f(turn(p))], [course.f(Float64Array.from(p))], 1e-12, `at (${p})`);
  }
  assertClose(Array.from(turn(course.start)), [...rotatedValley.start], 1e-12, "start");
});

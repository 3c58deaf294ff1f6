// What notebook 8 · Appendix: the numerical gradient (08_numerical_gradient.ipynb) says, recomputed from lib/ with its own parameters cell; see
// tests/_claims.ts for how a claim ties a sentence to its check. The guide's sentences about this notebook are here too.
import assert from "node:assert/strict";
import { course, numericalGradient, rosenbrock, testFunctions } from "../lib/mod.ts";
import { assertBetween, claim, type Params } from "./_claims.ts";

const nb8 = "08_numerical_gradient.ipynb";
const rosenbrockErrors = (p: Params) => {
  const { point, hs } = p as { point: number[]; hs: number[] };
  const at = Float64Array.from(point);
  const exact = rosenbrock.gradient(at);
  const error = (h: number) =>
    Math.max(...numericalGradient(rosenbrock.f, at, h).map((v, i) => Math.abs(v - exact[i])));
  return { hs, errors: hs.map(error), error, exact, at };
};
claim(nb8, "The two agree to about $10^{-12}$.", (p) => {
  const { h } = p as { h: number };
  const x = Float64Array.from(course.start);
  const g = numericalGradient(course.f, x, h);
  const gap = Math.max(...g.map((v, i) => Math.abs(v - course.gradient(x)[i])));
  assertBetween(gap, 1e-13, 1e-11, "largest difference");
});
claim(nb8, "Rosenbrock and Beale have large third derivatives, so their error is the largest", (p) => {
  const { h } = p as { h: number };
  const errors = testFunctions.map((fn) => {
    const x = Float64Array.from(fn.start);
    const exact = fn.gradient(x);
    return [fn.id, Math.max(...numericalGradient(fn.f, x, h).map((v, i) => Math.abs(v - exact[i])))] as const;
  }).sort((a, b) => b[1] - a[1]);
  assert.deepEqual(errors.slice(0, 2).map(([id]) => id).sort(), ["beale", "rosenbrock"]);
});
claim(nb8, "with $\\epsilon \\approx 1.1 \\cdot 10^{-16}$ that gives $h^* \\approx 10^{-6}$", (p) => {
  const { at } = rosenbrockErrors(p);
  const f = rosenbrock.f(at);
  const third = 2400 * Math.abs(at[0]); // ∂³f/∂x³ of 100(y − x²)² + (1 − x)²
  assert.equal(f, 12.5);
  assert.equal(third, 3600);
  assertBetween((3 * 1.1e-16 * f / third) ** (1 / 3), 7e-7, 1.4e-6, "h*");
});
claim(
  nb8,
  "On this grid the bottom is at $h \\approx 3 \\cdot 10^{-6}$, with an error of about $6 \\cdot 10^{-9}$",
  (p) => {
    const { hs, errors } = rosenbrockErrors(p);
    const best = errors.indexOf(Math.min(...errors));
    assertBetween(hs[best], 2.5e-6, 3.5e-6, "the grid's best h");
    assertBetween(errors[best], 4e-9, 8e-9, "the grid's smallest error");
  },
);
claim(nb8, "its error here, $6 \\cdot 10^{-6}$, is about 1000 times the smallest", (p) => {
  const { errors, error } = rosenbrockErrors(p);
  assertBetween(error(1e-4), 5.5e-6, 6.5e-6, "the error at h = 1e-4");
  assertBetween(error(1e-4) / Math.min(...errors), 500, 2000, "its ratio to the smallest");
});
claim(nb8, "That error is a few parts in $10^8$ of this gradient (whose size is about 160)", (p) => {
  const { error, exact } = rosenbrockErrors(p);
  const size = Math.hypot(...exact);
  assertBetween(size, 150, 170, "|∇f|");
  assertBetween(error(1e-4) / size, 1e-8, 1e-7, "relative error");
});
claim(nb8, "(slope 2: ten times smaller $h$, a hundred times smaller error)", (p) => {
  const { error } = rosenbrockErrors(p);
  assertBetween(error(1e-2) / error(1e-3), 90, 110, "error ratio for a ten times smaller h");
});

// What notebook 8 · Appendix: the numerical gradient (08_numerical_gradient.ipynb) says, recomputed from lib/ with its own parameters cell; see
// tests/_claims.ts for how a claim ties a sentence to its check. The guide's sentences about this notebook are here too.
import assert from "node:assert/strict";
import { course, exercises08, numericalGradient, rosenbrock, testFunctions } from "../lib/mod.ts";
import { assertBetween, claim, notebookParams, type Params } from "./_claims.ts";

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

// Relative error: r = |numerical − analytic| / max(|numerical|, |analytic|), the largest over the coordinates.
const relativeError = (num: number, exact: number) =>
  num === exact ? 0 : Math.abs(num - exact) / Math.max(Math.abs(num), Math.abs(exact));
const gaps = (
  f: (x: Float64Array) => number,
  gradient: (x: Float64Array) => Float64Array,
  at: readonly number[],
  h: number,
) => {
  const x = Float64Array.from(at);
  const num = numericalGradient(f, x, h);
  const exact = gradient(x);
  return {
    difference: Math.max(...num.map((v, i) => Math.abs(v - exact[i]))),
    r: Math.max(...num.map((v, i) => relativeError(v, exact[i]))),
    rs: Array.from(num, (v, i) => relativeError(v, exact[i])),
  };
};
const scaled = (x: Float64Array) => 1000 * rosenbrock.f(x);
const scaledGradient = (x: Float64Array) => rosenbrock.gradient(x).map((v) => 1000 * v);
const slip = (x: Float64Array) => Float64Array.of(x[0] / 10, x[1]); // ∂f/∂y written as y
claim(
  nb8,
  "On the course's valley the two gradients differ by about $4 \\cdot 10^{-12}$, on Rosenbrock by about $6 \\cdot 10^{-6}$.",
  (p) => {
    const { h } = p as { h: number };
    assertBetween(gaps(course.f, course.gradient, course.start, h).difference, 3e-12, 5e-12, "the valley's");
    assertBetween(
      gaps(rosenbrock.f, rosenbrock.gradient, rosenbrock.start, h).difference,
      5.5e-6,
      6.5e-6,
      "Rosenbrock's",
    );
  },
);
claim(nb8, "Rosenbrock's gradient at its start is about 160 long, the valley's about 4.", () => {
  assertBetween(Math.hypot(...rosenbrock.gradient(Float64Array.from(rosenbrock.start))), 150, 170, "Rosenbrock's");
  assertBetween(Math.hypot(...course.gradient(Float64Array.from(course.start))), 3.9, 4.2, "the valley's");
});
claim(
  nb8,
  "multiply $f$ by 1000, and the difference grows 1000-fold while $r$ stays where it was",
  (p) => {
    const { h } = p as { h: number };
    for (const step of [h, 1e-6, 1e-2]) {
      for (const at of [rosenbrock.start, [-1.5, 2], [0.5, 0.5]]) {
        const [plain, big] = [
          gaps(rosenbrock.f, rosenbrock.gradient, at, step),
          gaps(scaled, scaledGradient, at, step),
        ];
        assertBetween(big.difference / plain.difference, 900, 1100, `the difference's growth, h = ${step}, at ${at}`);
        assertBetween(big.r / plain.r, 0.9, 1.1, `r's change, h = ${step}, at ${at}`);
      }
    }
  },
  { robust: "h = 1e-6 and 1e-2 (the ends of its range) and two more points" },
);
claim(
  nb8,
  "Rosenbrock's difference is more than a million times the valley's, but its relative error is about $4 \\cdot 10^{-8}$: right, by the rule of thumb. Every correct gradient in the table is below $10^{-7}$.",
  (p) => {
    const { h } = p as { h: number };
    const valley = gaps(course.f, course.gradient, course.start, h);
    const rosen = gaps(rosenbrock.f, rosenbrock.gradient, rosenbrock.start, h);
    assert.ok(rosen.difference / valley.difference > 1e6, `${rosen.difference / valley.difference}`);
    assertBetween(rosen.r, 3.5e-8, 4.5e-8, "Rosenbrock's r");
    for (const fn of testFunctions) {
      assert.ok(gaps(fn.f, fn.gradient, fn.start, h).r < 1e-7, fn.id);
    }
    assert.ok(gaps(scaled, scaledGradient, rosenbrock.start, h).r < 1e-7, "1000 · Rosenbrock");
  },
);
claim(nb8, "1000 · Rosenbrock has a difference 1000 times Rosenbrock's, and the same relative error.", (p) => {
  const { h } = p as { h: number };
  const [plain, big] = [
    gaps(rosenbrock.f, rosenbrock.gradient, rosenbrock.start, h),
    gaps(scaled, scaledGradient, rosenbrock.start, h),
  ];
  assertBetween(big.difference / plain.difference, 990, 1010, "the difference's ratio");
  assertBetween(big.r / plain.r, 0.99, 1.01, "the relative errors' ratio");
});
claim(
  nb8,
  "The slip stands out at once: $r = |2y - y|/|2y| = 0.5$ for its $y$ coordinate, at any point off $y = 0$ and with any $h$, far above $10^{-2}$. Its $x$ coordinate, which has no slip, still reads as right",
  (p) => {
    const { h } = p as { h: number };
    for (const step of [h, 1e-6, 1e-2]) {
      for (const at of [course.start, [3, -0.5], [-70, 0.2], [0.01, 0.001]]) {
        const { rs } = gaps(course.f, slip, at, step);
        assertBetween(rs[1], 0.5 - 1e-4, 0.5 + 1e-4, `y's r at ${at}, h = ${step}`);
        assert.ok(rs[0] <= 1e-7, `x's r at ${at}, h = ${step}: ${rs[0]}`);
      }
    }
  },
  { robust: "h = 1e-6 and 1e-2 and four points, one near the minimum" },
);
claim(
  nb8,
  'Set `h = 1e-2`, the top of its range, and rerun: Rosenbrock\'s relative error rises to about $4 \\cdot 10^{-4}$, "look closer"',
  () => {
    const { r } = gaps(rosenbrock.f, rosenbrock.gradient, rosenbrock.start, 1e-2);
    assertBetween(r, 3.5e-4, 4.5e-4, "Rosenbrock's r at h = 1e-2");
    assert.ok(r > 1e-7 && r < 1e-2, "in the look-closer band");
  },
);

// The teacher's guide on this notebook.
const guide = "README.md";
claim(guide, "a slip such as $y$ for $2y$ gives 0.5", () => {
  assertBetween(gaps(course.f, slip, course.start, 1e-4).r, 0.5 - 1e-9, 0.5 + 1e-9, "the slip's r");
});
claim(guide, "2. `myForwardErrors = [5e-6, 1e-4]` (5 min; within 10% each)", () => {
  const { h } = notebookParams(nb8) as { h: number };
  const at = Float64Array.from(course.start);
  const errors = [0, 1].map((i) => {
    const nudged = Float64Array.from(at);
    nudged[i] += h;
    return Math.abs((course.f(nudged) - course.f(at)) / h - course.gradient(at)[i]);
  });
  assert.deepEqual(errors.map((e) => Number(e.toPrecision(2))), [5e-6, 1e-4]);
  const check = (myForwardErrors: number[]) => exercises08.forwardErrors({ myForwardErrors }, { h }).status;
  assert.equal(check(errors), "passed");
  for (const guess of [[1e-8, 1e-8], [1e-4, 1e-4], [h, h / 20]]) assert.equal(check(guess), "failed", `${guess}`);
});
claim(guide, "3. `myForwardRelative = [2.5e-5, 2.49e-3]` (5 min; within 10% each)", () => {
  const { h } = notebookParams(nb8) as { h: number };
  const r = [[-7, 2], [-0.07, 0.02]].map(([x, y]) => {
    const slope = (course.f(Float64Array.of(x, y + h)) - course.f(Float64Array.of(x, y))) / h;
    return relativeError(slope, 2 * y);
  });
  assert.deepEqual(r.map((v) => Number(v.toPrecision(3))), [2.5e-5, 2.49e-3]);
  assertBetween(r[1] / r[0], 95, 105, "a hundredfold");
  const check = (myForwardRelative: number[]) => exercises08.forwardRelative({ myForwardRelative }, { h }).status;
  assert.equal(check(r), "passed");
  for (const guess of [[2.5e-5, 2.5e-5], [2.5e-5, 2.5e-7], [1e-4, 1e-4]]) {
    assert.equal(check(guess), "failed", `${guess}`);
  }
});

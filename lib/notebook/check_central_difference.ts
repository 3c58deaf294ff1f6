/**
 * The implement-it exercise of notebook 8: the central difference, checked by {@linkcode checkCentralDifference}.
 *
 * Like every implement-it check, it runs the student's function beside `lib/` on the course's start, seeded random
 * inputs and edge cases, and knows the usual mistakes by their numbers.
 *
 * @module
 */
import { positive, withDefaults } from "../validate.ts";
import { numericalGradient } from "../landscape/gradient.ts";
import { course, rosenbrock } from "../landscape/test_functions.ts";
import { randomNumbers } from "./_cases.ts";
import type { ExerciseCheck } from "./_verdict.ts";
import { checkImplementation, type ImplementCase, type ImplementSpec } from "./implement.ts";

/** A student's central difference: one slope per coordinate of `x`, leaving `x` as it was. */
export type CentralDifferenceFunction = (
  f: (x: Float64Array) => number,
  x: Float64Array,
  h: number,
) => ArrayLike<number>;

/** Options of {@linkcode checkCentralDifference}. */
export interface CentralDifferenceCheckOptions {
  /** The notebook's step h, used in the first case. @default {1e-4} */
  h?: number;
}

function gradientCase(
  label: string,
  f: (x: Float64Array) => number,
  x0: readonly number[],
  h: number,
): ImplementCase<CentralDifferenceFunction> {
  return {
    label,
    observe: (impl) => {
      const x = Float64Array.from(x0);
      const g = impl(f, x, h);
      return [{ at: "after the call", values: { gradient: Array.from(g ?? []), x: Array.from(x) } }];
    },
    expected: () => [{
      at: "after the call",
      values: { gradient: Array.from(numericalGradient(f, Float64Array.from(x0), h)), x: [...x0] },
    }],
  };
}

const nudged = (x: Float64Array, i: number, by: number) => {
  const p = Float64Array.from(x);
  p[i] += by;
  return p;
};
const eachCoordinate = (x: Float64Array, slope: (i: number) => number) => Float64Array.from(x, (_, i) => slope(i));

const centralMistakes: ImplementSpec<CentralDifferenceFunction>["mistakes"] = [
  {
    impl: (_f, x) => new Float64Array(x.length),
    diagnosis: "Your function returns zeros: the stub is not written yet.",
    stub: true,
  },
  {
    impl: (_f, x) => x,
    diagnosis: "You return the point x itself: return the slopes, one per coordinate.",
    stub: true,
  },
  {
    impl: (f, x, h) => eachCoordinate(x, (i) => (f(nudged(x, i, h)) - f(x)) / h),
    diagnosis:
      "This is the forward difference (f(x + h·eᵢ) − f(x))/h, whose error is about h·f''/2: step both ways, (f(x + h·eᵢ) − f(x − h·eᵢ))/(2h).",
  },
  {
    impl: (f, x, h) => eachCoordinate(x, (i) => (f(x) - f(nudged(x, i, -h))) / h),
    diagnosis:
      "This is the backward difference (f(x) − f(x − h·eᵢ))/h: step both ways, (f(x + h·eᵢ) − f(x − h·eᵢ))/(2h).",
  },
  {
    impl: (f, x, h) => eachCoordinate(x, (i) => (f(nudged(x, i, h)) - f(nudged(x, i, -h))) / h),
    diagnosis: "Your slopes are twice too large: x + h·eᵢ and x − h·eᵢ are 2h apart, so divide by 2h.",
  },
  {
    impl: (f, x, h) => eachCoordinate(x, (i) => ((f(nudged(x, i, h)) - f(nudged(x, i, -h))) / 2) * h),
    diagnosis: "`/ 2 * h` divides by 2 and then multiplies by h: write `/ (2 * h)`.",
  },
  {
    impl: (f, x, h) => eachCoordinate(x, (i) => f(nudged(x, i, h)) - f(nudged(x, i, -h)) / (2 * h)),
    diagnosis: "Mind the parentheses: (f(x + h·eᵢ) − f(x − h·eᵢ)) / (2h), the difference first.",
  },
  {
    impl: (f, x, h) => {
      const up = f(x.map((v) => v + h));
      const down = f(x.map((v) => v - h));
      return x.map(() => (up - down) / (2 * h));
    },
    diagnosis:
      "You nudge every coordinate at once: move one coordinate at a time, x + h·eᵢ, where eᵢ is 1 at i and 0 elsewhere.",
  },
  {
    impl: (f, x, h) =>
      eachCoordinate(x, (i) => {
        x[i] += h;
        const up = f(x);
        x[i] -= 2 * h;
        return (up - f(x)) / (2 * h);
      }),
    diagnosis:
      "Your function changes x (x[i] ends at x[i] − h): put x[i] back after the nudge, or nudge a copy (Float64Array.from(x)).",
  },
  {
    impl: (f, x, h) => {
      const g = new Float64Array(x.length);
      g[0] = (f(nudged(x, 0, h)) - f(nudged(x, 0, -h))) / (2 * h);
      return g;
    },
    diagnosis: "Only the first coordinate has a slope: loop over every coordinate i.",
  },
];

/** A smooth function of three coordinates whose every third derivative is non-zero. */
const cubic3 = (p: Float64Array) => p[0] ** 3 + p[0] * p[1] ** 2 - 2 * p[2] ** 2 + Math.sin(p[1] * p[2]);

/**
 * Checks a student's central difference, `(f, x, h) => slopes`, against
 * {@linkcode numericalGradient}: on x²/20 + y² at the course's start with the
 * notebook's h, on Rosenbrock, on a cubic in three coordinates at a seeded
 * random point, and on x² with a large h. It also checks that `x` is left as
 * it was. Forward and backward differences, dividing by h, nudging every
 * coordinate at once and a changed x are named.
 *
 * @param implementation The student's function, as `{ myCentralDifference }`.
 * @param options The notebook's h; see {@linkcode CentralDifferenceCheckOptions}.
 * @returns A displayable verdict.
 *
 * @example
 * ```ts
 * import { checkCentralDifference } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const forward = (f: (x: Float64Array) => number, x: Float64Array, h: number) =>
 *   x.map((_, i) => (f(x.map((v, j) => (j === i ? v + h : v))) - f(x)) / h);
 * const check = checkCentralDifference({ myGradient: forward }, { h: 1e-3 });
 * assert.equal(check.status, "failed");
 * assert.match(check.details[0], /forward difference/);
 * ```
 */
export function checkCentralDifference(
  implementation: Record<string, CentralDifferenceFunction>,
  options: CentralDifferenceCheckOptions = {},
): ExerciseCheck {
  const o = withDefaults("check the central difference", options, { h: 1e-4 });
  const h = positive("check the central difference", "h", o.h);
  const point = randomNumbers(3, 3, -2, 2).map((v) => Number(v.toFixed(3)));
  return checkImplementation(implementation, {
    reference: "numericalGradient() in lib/landscape/gradient.ts",
    cases: [
      gradientCase(`x²/20 + y² at (−7, 2), h = ${h}`, course.f, course.start, h),
      gradientCase("Rosenbrock at (−1.5, 2), h = 0.001", rosenbrock.f, [-1.5, 2], 1e-3),
      gradientCase(`a cubic in 3 coordinates at (${point.join(", ")}), h = 0.01`, cubic3, point, 1e-2),
      gradientCase("x² at 5, h = 0.5", (p) => p[0] ** 2, [5], 0.5),
    ],
    mistakes: centralMistakes,
    tolerance: () => [1e-7, 1e-7],
    fallback: "slope i = (f(x + h·eᵢ) − f(x − h·eᵢ)) / (2h), one coordinate at a time, x left as it was.",
  });
}

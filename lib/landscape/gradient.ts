/**
 * The numerical gradient: slopes measured by nudging one coordinate at a time.
 *
 * @module
 */
import { finiteVector, formatValue, movingStep, positive } from "../validate.ts";

/**
 * The gradient of `f` at `x` by central differences, as in the book's
 * `numerical_gradient`:
 *
 * $$\frac{\partial f}{\partial x_i} \approx \frac{f(x + h e_i) - f(x - h e_i)}{2h}$$
 *
 * where `eᵢ` is the unit vector along coordinate `i` and `h` the step. The
 * error falls like h² until rounding in f takes over (about h = 1e-5 in
 * float64), which is why the book picks h = 1e-4.
 *
 * @param f The function, taking a point as a Float64Array and returning a number. It must not keep or change its argument.
 * @param x The point; left as it was.
 * @param h The step, a positive number that moves every coordinate of `x`
 * (x ± h ≠ x in float64; a smaller one would make every slope 0). @default {1e-4}
 * @returns A new Float64Array with one slope per coordinate.
 *
 * @example The slope of x²/20 + y² at (−7, 2) is (x/10, 2y) = (−0.7, 4)
 * ```ts
 * import { numericalGradient } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const f = (p: Float64Array) => p[0] ** 2 / 20 + p[1] ** 2;
 * const g = numericalGradient(f, new Float64Array([-7, 2]));
 * assert.deepEqual(Array.from(g, (v) => Number(v.toFixed(8))), [-0.7, 4]);
 * ```
 */
export function numericalGradient(
  f: (x: Float64Array) => number,
  x: Float64Array,
  h = 1e-4,
): Float64Array {
  const action = "compute numericalGradient";
  if (typeof f !== "function") {
    throw new TypeError(`Cannot ${action} as 'f' must be a function: current value is ${formatValue(f)}`);
  }
  finiteVector(action, "x", x);
  positive(action, "h", h);
  movingStep(action, "h", h, x, "x");
  const probe = Float64Array.from(x);
  const grad = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    probe[i] = x[i] + h;
    const fPlus = f(probe);
    probe[i] = x[i] - h;
    const fMinus = f(probe);
    probe[i] = x[i];
    if (typeof fPlus !== "number" || typeof fMinus !== "number") {
      throw new TypeError(
        `Cannot ${action} as 'f' must return a number: current value near coordinate ${i} is ${
          formatValue(typeof fPlus !== "number" ? fPlus : fMinus)
        }`,
      );
    }
    grad[i] = (fPlus - fMinus) / (2 * h);
  }
  return grad;
}

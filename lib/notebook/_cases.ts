// What the implement-it checks share: seeded random inputs, and the cases of a one-step optimizer exercise (AdaGrad's
// and Adam's), whose gradients are given or are the course's at the current point.
import { seededRandom } from "../random.ts";
import { course } from "../landscape/test_functions.ts";

/** `n` seeded random numbers in [lo, hi). */
export const randomNumbers = (seed: number, n: number, lo: number, hi: number): number[] => {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => lo + (hi - lo) * random());
};

/** One case of a one-step optimizer exercise. */
export interface StepCase {
  label: string;
  /** The start point. */
  W: readonly number[];
  /** Where each entry of the state starts (AdaGrad's h; Adam's m and v start at 0). */
  h0?: number;
  /** The gradient of each step; `"course"` for the course's gradient at the current point. */
  grads: readonly (readonly number[])[] | { course: number };
  lr: number;
  eps: number;
}

/** The gradient of step `k` of case `c` at `W`. */
export const gradsOf = (c: StepCase, W: Float64Array, k: number) =>
  Array.isArray(c.grads) ? Float64Array.from(c.grads[k]) : course.gradient(W);
/** The number of steps of case `c`. */
export const stepsOf = (c: StepCase) =>
  Array.isArray(c.grads) ? c.grads.length : (c.grads as { course: number }).course;

/**
 * The prediction checks of notebook 8 (the numerical gradient): each
 * recomputes its right answer with lib/ from the notebook's knobs, so no
 * notebook cell holds it.
 *
 * @module
 */
import { course } from "../../landscape/mod.ts";
import { between } from "../../validate.ts";
import { predict } from "../predict.ts";
import type { ExerciseCheck } from "../_verdict.ts";
import { revealOf } from "./shared.ts";

/** The forward difference of the course's valley along coordinate `i` at `point`, minus the exact slope. */
function forwardError(point: readonly number[], i: number, h: number): { error: number; slope: number } {
  const x = Float64Array.from(point);
  const nudged = Float64Array.from(point);
  nudged[i] += h;
  const forward = (course.f(nudged) - course.f(x)) / h;
  const slope = course.gradient(x)[i];
  return { error: forward - slope, slope: Math.max(Math.abs(forward), Math.abs(slope)) };
}

/** The prediction checks of notebook 8, one per exercise (exercise 1 is `checkCentralDifference`). */
export const exercises08 = {
  /**
   * Exercise 2: the forward difference's error along x and along y on x²/20 + y² at (−7, 2).
   *
   * @param answer The student's variable, `{ myForwardErrors }`, two numbers.
   * @param context The knob `h`, and `reveal` (the teacher's switch).
   * @returns The verdict; within 10% each counts.
   */
  forwardErrors(answer: Record<string, unknown>, context: { h: number; reveal?: boolean }): ExerciseCheck {
    const action = "check exercise 2 of notebook 8";
    const h = between(action, "h", context?.h, 1e-9, 1);
    const reveal = revealOf(action, context);
    const errors = [0, 1].map((i) => Math.abs(forwardError(course.start, i, h).error));
    return predict(answer, {
      expected: errors,
      relTolerance: 0.1,
      hint: "expand f(x + h) by Taylor: which term of the expansion does (f(x + h) − f(x))/h keep beside f'(x), " +
        "and what is f'' along each coordinate of this valley?",
      explanation:
        `The error is about (h/2)·f'': h/2 · 1/10 = ${(h / 20).toExponential(2)} along x and h/2 · 2 = ${
          h.toExponential(2)
        } along y (measured: ${errors.map((e) => e.toExponential(2)).join(" and ")}). It falls like h, not h²: the ` +
        "central difference cancels the f'' term, which is why it is the one to use.",
      reveal,
    });
  },

  /**
   * Exercise 3: the forward difference's relative error along y at (−7, 2) and at (−0.07, 0.02).
   *
   * @param answer The student's variable, `{ myForwardRelative }`, two numbers.
   * @param context The knob `h`, and `reveal`.
   * @returns The verdict; within 10% each counts.
   */
  forwardRelative(answer: Record<string, unknown>, context: { h: number; reveal?: boolean }): ExerciseCheck {
    const action = "check exercise 3 of notebook 8";
    const h = between(action, "h", context?.h, 1e-9, 1);
    const reveal = revealOf(action, context);
    const r = [[-7, 2], [-0.07, 0.02]].map((p) => {
      const { error, slope } = forwardError(p, 1, h);
      return Math.abs(error) / slope;
    });
    return predict(answer, {
      expected: r,
      relTolerance: 0.1,
      hint: "between the two points, what happens to the forward difference's error along y, and what happens to " +
        "the size of the slope it is compared with?",
      explanation: `Measured: ${r.map((v) => v.toExponential(2)).join(" and ")}. The forward difference's error ` +
        "along y is (h/2)·f'' = h at every point, since f'' = 2 everywhere; the slope 2y is 4 at the first point and " +
        "0.04 at the second, so r = h/(2y + h) grows a hundredfold as the point nears the minimum. The method did " +
        "not get worse: the gradient got smaller. So judge a gradient at points where it is not small: near a " +
        "minimum an error that stays put becomes a large fraction of the gradient, and at the minimum itself r is " +
        "0/0 and means nothing.",
      reveal,
    });
  },
};
// Frozen, so a cell cannot swap a check for one that always passes.
Object.freeze(exercises08);

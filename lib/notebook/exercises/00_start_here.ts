/**
 * The prediction check of notebook 0, {@linkcode exercises00}: it computes the right answer here, from the knobs it is
 * given, so the notebook's check cell shows neither the answer nor the formula that gives it.
 *
 * @module
 */
import { course } from "../../landscape/test_functions.ts";
import { SGD } from "../../optim/sgd.ts";
import { minimize } from "../../run/minimize.ts";
import { positive } from "../../validate.ts";
import { predict } from "../predict.ts";
import type { ExerciseCheck } from "../_verdict.ts";
import { revealOf } from "./shared.ts";

/** What the check of notebook 0's exercise needs from the notebook. */
export interface Exercises00Context {
  /** The parameters cell's learning rate `lr`. */
  lr: number;
  /** The teacher's switch `showAnswers`: show the answer and its explanation whatever was written. @default {false} */
  reveal?: boolean;
}

const round = (v: number) => Number(v.toFixed(4));

/** The prediction checks of notebook 0: each takes the student's variable in braces and what it needs from the notebook. */
export interface Exercises00 {
  /** Exercise 1: the factor y is multiplied by at every step, and y after 3 steps. */
  zigzag(answer: Record<string, unknown>, context: Exercises00Context): ExerciseCheck;
}

/** The prediction check of notebook 0 (start here), judged against a run with the notebook's knobs. */
export const exercises00: Exercises00 = Object.freeze({
  /**
   * Exercise 1: the factor gradient descent multiplies y by at every step, and y after 3 steps from y = 2.
   *
   * @param answer The student's variable, `{ myZigzag }`: `[factor, y after 3 steps]`.
   * @param context The parameters cell's `lr`, and `reveal`.
   * @returns The verdict.
   */
  zigzag(answer: Record<string, unknown>, context: Exercises00Context): ExerciseCheck {
    const action = "check exercise 1 of notebook 0";
    const lr = positive(action, "lr", context?.lr);
    const reveal = revealOf(action, context);
    const ys = minimize(course, new SGD({ lr }), { steps: 3 }).points.map((p) => p[1]);
    const factor = ys[1] / ys[0];
    return predict(answer, {
      expected: [factor, ys[3]],
      tolerance: 1e-3,
      hint:
        "write one step of W ← W − η∇f for the y coordinate alone (which part of ∇f moves y?). What is the new y, as a multiple of the old one?",
      explanation: `A step takes y to y − η·2y = (1 − 2η)·y, so the factor is 1 − 2η = ${
        round(factor)
      } and after 3 steps y = 2·(1 − 2η)³ = ${round(ys[3])}. ${
        factor < 0
          ? "A negative factor flips y's sign at every step: the zig-zag across the valley."
          : factor === 0
          ? "A factor of 0 puts y on the valley floor in one step, and it stays there."
          : "A positive factor keeps y on one side: no zig-zag, y just shrinks."
      }${Math.abs(factor) > 1 ? " Its size is above 1, so y grows: the run diverges." : ""}`,
      reveal,
    });
  },
});

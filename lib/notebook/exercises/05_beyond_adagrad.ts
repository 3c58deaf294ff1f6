/**
 * The prediction checks of notebook 5 (beyond AdaGrad: RMSProp and Adam).
 * Each recomputes its right answer from the notebook's knobs, so the answer
 * never sits in a cell a student can read before answering.
 *
 * @module
 */
import { course, rosenbrock } from "../../landscape/test_functions.ts";
import { AdaGrad } from "../../optim/adagrad.ts";
import { RMSProp } from "../../optim/rmsprop.ts";
import { minimize } from "../../run/minimize.ts";
import { positive } from "../../validate.ts";
import { type ExerciseCheck, predict } from "../predict.ts";
import { revealOf } from "./shared.ts";

/** Context of {@linkcode exercises05.firstRmsSteps}: notebook 5's RMSProp rate. */
export interface FirstRmsStepsContext {
  /** RMSProp's learning rate on Rosenbrock (the notebook's `lrRMSProp`). */
  lrRMSProp: number;
  /** Show the answer and its explanation whatever was written (the notebook's `showAnswers`). @default {false} */
  reveal?: boolean;
}

/** Context of {@linkcode exercises05.firstStepX}: the rate of notebook 5's conventions table. */
export interface FirstStepXContext {
  /** AdaGrad's learning rate in the conventions table (the notebook's `lrConventions`). */
  lrConventions: number;
  /** Show the answer and its explanation whatever was written (the notebook's `showAnswers`). @default {false} */
  reveal?: boolean;
}

/** The length along x of an optimizer's first step from a test function's start. */
function firstStepAlongX(run: { points: ArrayLike<number>[] }): number {
  return Math.abs(run.points[1][0] - run.points[0][0]);
}

/** The prediction checks of notebook 5, one method per exercise (see {@linkcode exercises05}). */
export interface Exercises05 {
  /**
   * Exercise 2: the length along x of RMSProp's first step from Rosenbrock's
   * start with ρ = 0.9 and with ρ = 0.999, as `[with 0.9, with 0.999]`, within 0.1%.
   *
   * @param answer The student's variable, `{ myFirstRmsSteps }`.
   * @param context The notebook's `lrRMSProp` and `reveal`.
   * @returns The verdict.
   */
  firstRmsSteps(answer: Record<string, unknown>, context: FirstRmsStepsContext): ExerciseCheck;

  /**
   * Exercise 3: the length along x of AdaGrad's first step from (−7, 2) with h
   * starting at 1 (ε inside the root, η = `lrConventions`), within 0.1%.
   *
   * @param answer The student's variable, `{ myFirstStepX }`.
   * @param context The notebook's `lrConventions` and `reveal`.
   * @returns The verdict.
   */
  firstStepX(answer: Record<string, unknown>, context: FirstStepXContext): ExerciseCheck;
}

/**
 * The prediction checks of notebook 5, one method per exercise.
 *
 * @example
 * ```ts
 * import { exercises05 } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(exercises05.firstStepX({ myFirstStepX: undefined }, { lrConventions: 1.5 }).status, "unanswered");
 * assert.equal(exercises05.firstStepX({ myFirstStepX: 1.5 }, { lrConventions: 1.5 }).status, "failed");
 * ```
 */
export const exercises05: Exercises05 = Object.freeze({
  firstRmsSteps(answer: Record<string, unknown>, context: FirstRmsStepsContext): ExerciseCheck {
    const action = "check exercise 2 of notebook 5";
    const lr = positive(action, "lrRMSProp", context?.lrRMSProp);
    const reveal = revealOf(action, context);
    const [fast, slow] = [0.9, 0.999].map((decayRate) =>
      firstStepAlongX(minimize(rosenbrock, new RMSProp({ lr, decayRate }), { steps: 1 }))
    );
    const formula = (rho: number) => (lr / Math.sqrt(1 - rho)).toPrecision(4);
    return predict(answer, {
      expected: [fast, slow],
      relTolerance: 1e-3,
      hint:
        "RMSProp's h starts at 0, and its first update keeps only the share 1 − ρ of g². Put that h under the root: does the first step still depend on g? And what does a longer memory (ρ closer to 1) do to it?",
      explanation:
        `After one step h = (1 − ρ)·g², so g/√h = ±1/√(1 − ρ) whatever g is: the first step is η/√(1 − ρ), ${lr}/√0.1 ≈ ${
          formula(0.9)
        } with ρ = 0.9 and ${lr}/√0.001 ≈ ${formula(0.999)} with ρ = 0.999 (measured ${fast.toPrecision(4)} and ${
          slow.toPrecision(4)
        }). The weights of RMSProp's average add up to 1 − ρ after one step, not 1: the longer its memory, the smaller its first h and the longer its first steps. Adam's bias correction divides exactly that out; RMSProp has none.`,
      reveal,
    });
  },

  firstStepX(answer: Record<string, unknown>, context: FirstStepXContext): ExerciseCheck {
    const action = "check exercise 3 of notebook 5";
    const lr = positive(action, "lrConventions", context?.lrConventions);
    const reveal = revealOf(action, context);
    const optimizer = new AdaGrad({ lr, epsInsideSqrt: true, initialAccumulator: 1 });
    const step = firstStepAlongX(minimize(course, optimizer, { steps: 1 }));
    const g = Math.abs(course.gradient(Float64Array.from(course.start))[0]);
    return predict(answer, {
      expected: step,
      relTolerance: 1e-3,
      hint:
        "from h = 0, AdaGrad's first step is η along every axis, because it divides g by √(g²) = |g|. What does a starting h₀ add under that root, and does it matter more where g is small or where g is large? You need the valley's gradient along x at the start.",
      explanation: `Along x, g = −7/10 = −${g}, so h = 1 + ${(g * g).toPrecision(2)} and the step is η·${g}/√${
        (1 + g * g).toPrecision(3)
      } = ${(lr * g / Math.sqrt(1 + g * g)).toPrecision(4)} (measured ${
        step.toPrecision(4)
      }), instead of η = ${lr} with h starting at 0. A starting accumulator shortens the first steps most where the gradient is small.`,
      reveal,
    });
  },
});

/**
 * The prediction checks of notebook 6 (comparing optimizers). Each reruns
 * the optimizer it asks about on the valley with the notebook's `tol`, so the
 * answer never sits in a cell a student can read before answering; the
 * notebook's own arrival table comes in only for the explanation.
 *
 * @module
 */
import { course } from "../../landscape/test_functions.ts";
import { makeOptimizer } from "../../optim/registry.ts";
import { minimize, stepsToReach } from "../../run/minimize.ts";
import { between, formatValue, positive } from "../../validate.ts";
import { type ExerciseCheck, predict } from "../predict.ts";
import { revealOf } from "./shared.ts";

/** One row of notebook 6's arrival table: an optimizer and its steps to within `tol` (undefined: not within `budget`). */
export interface Arrival {
  /** The optimizer's name, such as "SGD". */
  optimizer: string;
  /** Its steps to within `tol` of the minimum, or undefined if it did not arrive. */
  steps: number | undefined;
}

/** Context of notebook 6's checks: its knobs and its arrival table. */
export interface ComparingContext {
  /** "Arrived": within this distance of the minimum (the notebook's `tol`). */
  tol: number;
  /** The notebook's rates per optimizer (its `rates`), for the explanation. */
  rates: Readonly<Record<string, number>>;
  /** The notebook's arrival table (its `arrivals`), for the explanation. */
  arrivals: readonly Arrival[];
  /** α of Momentum in the notebook (its `momentum`); used by {@linkcode exercises06.halfMomentumSteps}. @default {0.9} */
  momentum?: number;
  /** The steps the table allowed (the notebook's `budget`); used by {@linkcode exercises06.halfMomentumSteps}. @default {300} */
  budget?: number;
  /** Show the answer and its explanation whatever was written (the notebook's `showAnswers`). @default {false} */
  reveal?: boolean;
}

/** Steps an optimizer needs to come within `tol` of the valley's minimum, as long as it takes. */
function arrival(action: string, name: "SGD" | "Momentum", lr: number, tol: number, momentum?: number): number {
  const settings: Record<string, number> = momentum === undefined ? {} : { momentum };
  const steps = stepsToReach(course, minimize(course, makeOptimizer(name, lr, settings), { steps: 100000 }), tol);
  if (steps === undefined) {
    throw new RangeError(
      `Cannot ${action} as ${name} did not come within 'tol' in 100000 steps: current value is ${tol}`,
    );
  }
  return steps;
}

/** The validated parts of the context both checks share. */
function shared(action: string, context: ComparingContext, optimizer: string) {
  const tol = positive(action, "tol", context?.tol);
  const reveal = revealOf(action, context);
  const rate = positive(action, `rates.${optimizer}`, context.rates?.[optimizer]);
  const row = Array.isArray(context.arrivals) ? context.arrivals.find((a) => a?.optimizer === optimizer) : undefined;
  if (!row) {
    throw new TypeError(
      `Cannot ${action} as 'arrivals' must hold the table's row for ${optimizer}: current value is ${
        formatValue(context.arrivals)
      }`,
    );
  }
  return { tol, reveal, rate, tableSteps: row.steps };
}

/** The prediction checks of notebook 6, one method per exercise (see {@linkcode exercises06}). */
export interface Exercises06 {
  /**
   * Exercise 1: the steps plain SGD with η = 0.5 needs to come within `tol` of
   * the valley's minimum from (−7, 2); one step more or less counts.
   *
   * @param answer The student's variable, `{ mySgdSteps }`.
   * @param context The notebook's `tol`, `rates`, `arrivals` and `reveal`.
   * @returns The verdict.
   */
  sgdSteps(answer: Record<string, unknown>, context: ComparingContext): ExerciseCheck;

  /**
   * Exercise 2: the steps Momentum with η = 0.1 and α = 0.5 needs to come
   * within `tol` of the valley's minimum from (−7, 2); within 5% counts.
   *
   * @param answer The student's variable, `{ myHalfMomentumSteps }`.
   * @param context The notebook's `tol`, `rates`, `arrivals`, `momentum`, `budget` and `reveal`.
   * @returns The verdict.
   */
  halfMomentumSteps(answer: Record<string, unknown>, context: ComparingContext): ExerciseCheck;
}

/**
 * The prediction checks of notebook 6, one method per exercise.
 *
 * @example
 * ```ts
 * import { exercises06 } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const context = { tol: 1e-3, rates: { SGD: 0.95 }, arrivals: [{ optimizer: "SGD", steps: 91 }] };
 * assert.equal(exercises06.sgdSteps({ mySgdSteps: undefined }, context).status, "unanswered");
 * assert.equal(exercises06.sgdSteps({ mySgdSteps: 91 }, context).status, "failed");
 * ```
 */
export const exercises06: Exercises06 = Object.freeze({
  sgdSteps(answer: Record<string, unknown>, context: ComparingContext): ExerciseCheck {
    const action = "check exercise 1 of notebook 6";
    const { tol, reveal, rate, tableSteps } = shared(action, context, "SGD");
    const arrived = arrival(action, "SGD", 0.5, tol);
    return predict(answer, {
      expected: arrived,
      tolerance: 1,
      hint:
        "the valley's two directions have their own curvatures, so with one rate each coordinate shrinks by its own factor per step. What does η = 0.5 make of y's factor? Then only x sets the count: how many times must its factor multiply 7 to bring it below tol?",
      explanation:
        `With η = 0.5 the factor along y is 1 − 2·0.5 = 0: y is 0 after the first step. x shrinks by 1 − 0.05 = 0.95 per step: 7·0.95ᵗ ≤ ${tol} ⇔ t ≥ ln(${
          7 / tol
        })/ln(1/0.95) ≈ ${
          (Math.log(7 / tol) / Math.log(1 / 0.95)).toFixed(1)
        }; the run arrives at step ${arrived}. Settling y at once costs x its pace: compare SGD's ${
          tableSteps ?? "—"
        } steps with rates.SGD = ${rate} in the table.`,
      reveal,
    });
  },

  halfMomentumSteps(answer: Record<string, unknown>, context: ComparingContext): ExerciseCheck {
    const action = "check exercise 2 of notebook 6";
    const { tol, reveal, rate, tableSteps } = shared(action, context, "Momentum");
    const momentum = between(action, "momentum", context.momentum ?? 0.9, 0, 0.999);
    const budget = positive(action, "budget", context.budget ?? 300);
    const arrived = arrival(action, "Momentum", 0.1, tol, 0.5);
    const rough = Math.log(7 / tol) / -Math.log(1 - 0.1 * 0.1 / (1 - 0.5));
    return predict(answer, {
      expected: arrived,
      relTolerance: 0.05,
      hint:
        "y is gone long before x: with α = 0.5, y swings about 0 with a period of about 16 steps while its size shrinks by √α ≈ 0.71 per step. Along x the gradient keeps its sign: which rate does momentum then act like, and by what factor does that rate shrink x per step, given x's curvature? The count follows as in exercise 1.",
      explanation:
        `Along x the gradient keeps its sign, so momentum acts like gradient descent with the rate η/(1 − α) = 0.1/0.5 = 0.2: x shrinks by about 1 − 0.2/10 = 0.98 per step, and 7·0.98ᵗ ≤ ${tol} gives t ≈ ${
          rough.toFixed(0)
        }; the run arrives at step ${arrived}. With α = ${momentum} (the table: ${
          tableSteps ?? `not within ${budget}`
        } steps with rates.Momentum = ${rate}) the rate along x is η/(1 − α) = ${
          (rate / (1 - momentum)).toFixed(2)
        }, so x travels much faster, at the price of swinging past the minimum. A small α brakes both the swing and the pace.`,
      reveal,
    });
  },
});

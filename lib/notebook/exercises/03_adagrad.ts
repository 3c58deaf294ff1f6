/**
 * The prediction checks of notebook 3 (AdaGrad): each recomputes its right
 * answer with lib/ from the notebook's knobs, so no notebook cell holds it.
 *
 * @module
 */
import { AdaGrad } from "../../optim/mod.ts";
import { course, rotatedValley } from "../../landscape/mod.ts";
import { minimize } from "../../run/mod.ts";
import { formatValue, integer, positive } from "../../validate.ts";
import { predict } from "../predict.ts";
import type { ExerciseCheck } from "../_verdict.ts";
import { revealOf } from "./shared.ts";

/** Throws unless `value` is a point of two finite numbers. */
function point2(action: string, name: string, value: unknown): number[] {
  if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => typeof v === "number" && Number.isFinite(v))) {
    throw new TypeError(
      `Cannot ${action} as '${name}' must be two finite numbers [x, y]: current value is ${formatValue(value)}`,
    );
  }
  return value;
}

/** The prediction checks of notebook 3, one per exercise (exercise 2, the AdaGrad step, is `checkAdaGradStep`). */
export const exercises03 = {
  /**
   * Exercise 1: where AdaGrad lands after its first step from `farStart`.
   *
   * @param answer The student's variable, `{ myFarFirstStep }`, a point [x₁, y₁].
   * @param context The knobs `lrBook` and `farStart`, and `reveal` (the teacher's switch).
   * @returns The verdict; within 10⁻³ per coordinate counts.
   */
  farFirstStep(
    answer: Record<string, unknown>,
    context: { lrBook: number; farStart: number[]; reveal?: boolean },
  ): ExerciseCheck {
    const action = "check exercise 1 of notebook 3";
    const lrBook = positive(action, "lrBook", context?.lrBook);
    const farStart = point2(action, "farStart", context?.farStart);
    const reveal = revealOf(action, context);
    const far = minimize(course, new AdaGrad({ lr: lrBook }), { steps: 1, x0: farStart });
    return predict(answer, {
      expected: far.points[1],
      tolerance: 1e-3,
      hint: "on the first step h = g⊙g. How far does each coordinate move then, whatever the size of its gradient, " +
        "and in which direction?",
      explanation: `On the first step g/√h = ±1, so each coordinate moves by η = ${lrBook} against its gradient, ` +
        `whatever the gradient's size (${far.grads[0].map((g) => g.toFixed(2)).join(" and ")} here): from (${
          farStart.join(", ")
        }) to (${
          far.points[1].map((v) => v.toFixed(4)).join(", ")
        }). A coordinate closer to 0 than η overshoots past ` +
        "the minimum.",
      reveal,
    });
  },

  /**
   * Exercise 3: the ratio rate of x ÷ rate of y at the end of AdaGrad's run on the turned valley, from its start and
   * from the start with x and y swapped.
   *
   * @param answer The student's variable, `{ myTurnedRatios }`, two numbers.
   * @param context The knobs `lrBook` and `stepsBook`, and `reveal`.
   * @returns The verdict; within 0.1 each counts.
   */
  turnedRatios(
    answer: Record<string, unknown>,
    context: { lrBook: number; stepsBook: number; reveal?: boolean },
  ): ExerciseCheck {
    const action = "check exercise 3 of notebook 3";
    const lrBook = positive(action, "lrBook", context?.lrBook);
    const stepsBook = integer(action, "stepsBook", context?.stepsBook, 1);
    const reveal = revealOf(action, context);
    const [x0, y0] = rotatedValley.start;
    const ratios = [[x0, y0], [y0, x0]].map((start) => {
      const run = minimize(rotatedValley, new AdaGrad({ lr: lrBook }), { steps: stepsBook, x0: start });
      const [rateX, rateY] = run.effectiveRate!.at(-1)!;
      return rateX / rateY;
    });
    const g = rotatedValley.gradient(Float64Array.from(rotatedValley.start));
    return predict(answer, {
      expected: ratios,
      tolerance: 0.1,
      hint: "h starts as g⊙g of the first gradient: at the turned start, which of g_x and g_y is larger? And the " +
        "turned valley is symmetric in x and y: what does swapping the start do to the whole run?",
      explanation: `Measured: ${
        ratios.map((r) => r.toFixed(2)).join(" and ")
      }. At the start the gradient is (${
        Array.from(g, (v) => v.toFixed(2)).join(", ")
      }): both coordinates carry the steep direction's gradient 2v = 4, one with u's −0.7 added and one with it ` +
        "taken away, so the first step already gives x, whose gradient is larger, the smaller rate, " +
        `${(Math.abs(g[1]) / Math.abs(g[0])).toFixed(2)} times y's, and the rest of the run changes it little. The ` +
        "rates no longer say which direction is flat: they follow which coordinate happened to carry more gradient. " +
        "Swap the start: the valley is symmetric in x and y, so AdaGrad runs the same path mirrored, its two rates " +
        `trade places, and the ratio becomes its inverse, ${ratios[1].toFixed(2)} = 1/${ratios[0].toFixed(2)}.`,
      reveal,
    });
  },

  /**
   * Exercise 4: on the noisy run, the factor by which S₁ = Σηₜ grows and the amount by which S₂ = Σηₜ² grows from
   * step ⌊T/4⌋ to step T, ηₜ being AdaGrad's rate of x.
   *
   * @param answer The student's variable, `{ myNoisySums }`, two numbers.
   * @param context The knobs `lrNoisy`, `noise`, `noiseSteps` (T) and `seed` of the noisy run, and `reveal`.
   * @returns The verdict; within 15% each counts.
   */
  noisySums(
    answer: Record<string, unknown>,
    context: { lrNoisy: number; noise: number; noiseSteps: number; seed: number; reveal?: boolean },
  ): ExerciseCheck {
    const action = "check exercise 4 of notebook 3";
    const lrNoisy = positive(action, "lrNoisy", context?.lrNoisy);
    const noise = positive(action, "noise", context?.noise);
    const noiseSteps = integer(action, "noiseSteps", context?.noiseSteps, 4);
    const seed = integer(action, "seed", context?.seed, 0);
    const reveal = revealOf(action, context);
    const run = minimize(course, new AdaGrad({ lr: lrNoisy }), { steps: noiseSteps, noise, seed });
    const rates = run.effectiveRate!.map((r) => r[0]);
    const quarter = Math.floor(noiseSteps / 4);
    const sum = (n: number, power: number) => rates.slice(0, n).reduce((a, r) => a + r ** power, 0);
    const factor = sum(noiseSteps, 1) / sum(quarter, 1);
    const increase = sum(noiseSteps, 2) - sum(quarter, 2);
    return predict(answer, {
      expected: [factor, increase],
      relTolerance: 0.15,
      hint: "replace each sum by an integral of the reference line's η/(σ√t), from T/4 to T. Which of the two " +
        "integrals depends on T, and which only on the ratio of its ends?",
      explanation: `Measured: S₁ grew ${factor.toFixed(2)}-fold and S₂ by ${increase.toPrecision(3)}. With ηₜ ≈ ` +
        "η/(σ√t), S₁(t) ≈ 2(η/σ)√t: it doubles whenever the run gets 4 times longer, and never stops growing, so " +
        "Σηₜ = ∞ holds and AdaGrad can travel any distance. S₂ grows by about (η/σ)²·ln 4 = " +
        `${((lrNoisy / noise) ** 2 * Math.log(4)).toPrecision(3)} with every fourfold lengthening, the same amount ` +
        "each time: it grows like (η/σ)²·ln t, slowly but without bound, so Σηₜ² < ∞ fails, just. AdaGrad's own " +
        "decay is notebook 2's 1/√t schedule, p = 1/2, right at the border: any p above 1/2 would meet both " +
        "conditions. Notebook 2's 1/√t run showed what that border means: it got below a constant rate's noise " +
        "floor, but its floor only followed its rate down, slowly.",
      reveal,
    });
  },
};
// Frozen, so a cell cannot swap a check for one that always passes.
Object.freeze(exercises03);

/**
 * The prediction checks of notebook 2, {@linkcode exercises02}: each computes its right answer here, from the knobs
 * it is given, so the notebook's check cells show neither the answers nor the formulas that give them. (Its
 * implement-it exercise, step decay, is checked by `checkStepDecay`.)
 *
 * @module
 */
import { course } from "../../landscape/test_functions.ts";
import { exponentialDecay, inverseTimeDecay } from "../../optim/schedules.ts";
import { SGD } from "../../optim/sgd.ts";
import { minimize } from "../../run/minimize.ts";
import { between, formatValue, integer, positive } from "../../validate.ts";
import { predict } from "../predict.ts";
import type { ExerciseCheck } from "../_verdict.ts";
import { type RevealContext, revealOf } from "./shared.ts";

/** What exercise 1 needs: the exponential schedule's knobs. */
export interface Exercises02ExponentialContext extends RevealContext {
  /** The starting rate `lr0`. */
  lr0: number;
  /** Exponential decay's factor per step, `gamma`. */
  gamma: number;
}

/** What exercise 3 needs: the 1/t schedule's knobs and the run's length. */
export interface Exercises02InverseTimeContext extends RevealContext {
  /** The starting rate `lr0`. */
  lr0: number;
  /** The 1/t decay's `k` (the check doubles it). */
  k: number;
  /** The run's `steps`. */
  steps: number;
}

/** What exercise 4 needs: the noisy runs' knobs. */
export interface Exercises02FloorContext extends RevealContext {
  /** The constant rates whose floors the notebook measures, `floorRates` (at least 2). */
  floorRates: readonly number[];
  /** The noise's standard deviation σ, `noise`. */
  noise: number;
  /** Updates per noisy run, `noiseSteps` (a run lasts longer if its flat direction needs it). */
  noiseSteps: number;
  /** The noise's `seed`. */
  seed: number;
}

/** What exercise 5 needs: the decaying noisy runs' knobs. */
export interface Exercises02PowerContext extends RevealContext {
  /** Their starting rate, `decayLr0`. */
  decayLr0: number;
  /** Their k, `decayK`. */
  decayK: number;
  /** Their length, `noiseSteps`. */
  noiseSteps: number;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
/** Exercise 4's second rate: the largest `floorRates` allows, where the steep direction's factor is −0.8. */
const nearLimit = 0.9;
/** The valley's curvatures along x and y. */
const curvatures = [1 / 10, 2];

/** The prediction checks of notebook 2: each takes the student's variable in braces and what it needs from the notebook. */
export interface Exercises02 {
  /** Exercise 1: the first step at which exponential decay drops below η₀/1000. */
  thousandthStep(answer: Record<string, unknown>, context: Exercises02ExponentialContext): ExerciseCheck;
  /** Exercise 3: Σηₜ and the x left with 1/t decay of twice the k. */
  twiceKTravel(answer: Record<string, unknown>, context: Exercises02InverseTimeContext): ExerciseCheck;
  /** Exercise 4: what halving a constant rate does to the noise floor, at `floorRates[1]` and at 0.9. */
  halfFloors(answer: Record<string, unknown>, context: Exercises02FloorContext): ExerciseCheck;
  /** Exercise 5: the ends of the powers meeting both Robbins–Monro conditions, and the conditions met at each. */
  powerEnds(answer: Record<string, unknown>, context: Exercises02PowerContext): ExerciseCheck;
}

/** The prediction checks of notebook 2 (learning-rate decay), each judged against runs with the notebook's knobs. */
export const exercises02: Exercises02 = Object.freeze({
  /**
   * Exercise 1: the first step t at which exponential decay's rate drops below a thousandth of η₀.
   *
   * @param answer The student's variable, `{ myThousandthStep }`: a whole number t.
   * @param context The parameters cell's `lr0` and `gamma`, and `reveal`.
   * @returns The verdict.
   */
  thousandthStep(answer: Record<string, unknown>, context: Exercises02ExponentialContext): ExerciseCheck {
    const action = "check exercise 1 of notebook 2";
    const lr0 = positive(action, "lr0", context?.lr0);
    const gamma = between(action, "gamma", context.gamma, 0.01, 0.9999);
    const reveal = revealOf(action, context);
    const expo = exponentialDecay(lr0, { gamma });
    let t = 0;
    while (expo(t) >= lr0 / 1000) t++;
    return predict(answer, {
      expected: t,
      hint:
        "every step multiplies the rate by the same γ, so the rate falls geometrically, and η₀ itself does not matter. How many factors γ make a thousandth? (t = 0 is the first update, at η₀.)",
      explanation: `γᵗ < 0.001 ⇔ t > ln 0.001 / ln γ = ${
        (Math.log(0.001) / Math.log(gamma)).toFixed(2)
      }, so t = ${t}: η_${t - 1} = ${expo(t - 1).toPrecision(4)}, η_${t} = ${expo(t).toPrecision(4)} (η₀/1000 = ${
        lr0 / 1000
      }). It does not depend on η₀, and it is 3 times the steps to a tenth (give or take the rounding): each tenfold fall takes as long as the last.`,
      reveal,
    });
  },

  /**
   * Exercise 3: with 1/t decay of twice the `k`, the sum of the run's rates and the fraction of x it has left.
   *
   * @param answer The student's variable, `{ myTwiceKTravel }`: `[Σηₜ, xT/x0]`.
   * @param context The parameters cell's `lr0`, `k` and `steps`, and `reveal`.
   * @returns The verdict.
   */
  twiceKTravel(answer: Record<string, unknown>, context: Exercises02InverseTimeContext): ExerciseCheck {
    const action = "check exercise 3 of notebook 2";
    const lr0 = positive(action, "lr0", context?.lr0);
    const k = positive(action, "k", context.k);
    const steps = integer(action, "steps", context.steps, 1);
    const reveal = revealOf(action, context);
    // From (−7, 0): x moves exactly as from (−7, 2), since its factor 1 − ηₜ/10 does not involve y, and a y that
    // blows up cannot stop the run.
    const twiceK = minimize(course, new SGD({ lr: inverseTimeDecay(lr0, { k: 2 * k }) }), { steps, x0: [-7, 0] });
    const total = sum(twiceK.rate);
    const once = sum(Array.from({ length: steps }, (_, t) => lr0 / (1 + k * t)));
    return predict(answer, {
      expected: [total, twiceK.points.at(-1)![0] / -7],
      tolerance: 0.005,
      relTolerance: 0.03,
      hint:
        "add up the rates of the schedule with 2k over the run's steps (a line of code will do). Along x a step takes away a fraction of x that depends on that step's rate: what is left after all of them?",
      explanation: `With 2k = ${2 * k} the rates add up to ${total.toFixed(3)}, against ${
        once.toFixed(3)
      } with k = ${k}. x keeps the product of the factors 1 − ηₜ/10, close to e^(−Σηₜ/10) = ${
        Math.exp(-total / 10).toPrecision(3)
      } when the rates are small next to 10. A faster decay covers less ground: that is the price of taming the steep direction sooner.`,
      reveal,
    });
  },

  /**
   * Exercise 4: the factor by which halving a constant rate changes the noise floor, at `floorRates[1]` and at η = 0.9
   * (the largest rate `floorRates` allows).
   *
   * @param answer The student's variable, `{ myHalfFloors }`: `[ratio at floorRates[1], ratio at 0.9]`.
   * @param context The advanced cell's `floorRates`, `noiseSteps` and `seed`, the parameters cell's `noise`, and
   *   `reveal`.
   * @returns The verdict.
   */
  halfFloors(answer: Record<string, unknown>, context: Exercises02FloorContext): ExerciseCheck {
    const action = "check exercise 4 of notebook 2";
    const floorRates = context?.floorRates;
    if (
      !Array.isArray(floorRates) || floorRates.length < 2 ||
      !floorRates.every((lr) => typeof lr === "number" && lr > 0 && lr < 1)
    ) {
      throw new RangeError(
        `Cannot ${action} as 'floorRates' must be a list of at least 2 rates in (0, 1): current value is ${
          formatValue(floorRates)
        }`,
      );
    }
    const noise = positive(action, "noise", context.noise);
    const noiseSteps = integer(action, "noiseSteps", context.noiseSteps, 100);
    const seed = integer(action, "seed", context.seed, 0);
    const reveal = revealOf(action, context);
    // Each run long enough for the flat direction to settle (about 40 of its relaxation times, 1/(ηλ_x)), and
    // averaged over its second half.
    const settledFloor = (lr: number) => {
      const length = Math.max(noiseSteps, Math.ceil(40 / (lr * curvatures[0])));
      return mean(minimize(course, new SGD({ lr }), { steps: length, noise, seed }).loss.slice(Math.floor(length / 2)));
    };
    const rates = [floorRates[1], nearLimit];
    const measured = rates.map((lr) => settledFloor(lr / 2) / settledFloor(lr));
    const predictedFloor = (lr: number) => sum(curvatures.map((lambda) => lr * noise ** 2 / (2 * (2 - lr * lambda))));
    const predicted = rates.map((lr) => predictedFloor(lr / 2) / predictedFloor(lr));
    return predict(answer, {
      expected: measured,
      tolerance: 0.08,
      hint:
        "the floor is where each step's pull towards the minimum (its factor 1 − ηλ) balances the noise the step adds, and both change with η. Is the steep direction's pull still strong when ηλ is close to 2?",
      explanation: `Measured: halving η = ${rates[0]} makes the floor ${
        measured[0].toFixed(2)
      } times as high, halving η = ${rates[1]} makes it ${
        measured[1].toFixed(2)
      } times as high. The prediction Σ ησ²/(2(2 − ηλ)) gives ${predicted[0].toFixed(2)} and ${
        predicted[1].toFixed(2)
      }: nearly proportional to η while ηλ is small next to 2, less than half when it is not (the steep direction, λ = 2, pulls weakly when ηλ is near 2, so its floor is high, and halving η helps it most); a finite run's average wanders a little around it.`,
      reveal,
    });
  },

  /**
   * Exercise 5: the powers p for which η₀/(1 + kt)ᵖ meets both of Robbins and Monro's conditions: the range's two
   * ends, and how many of the two conditions each end meets.
   *
   * @param answer The student's variable, `{ myPowerEnds }`: `[lowest p, highest p, conditions met at the lowest,
   *   conditions met at the highest]`.
   * @param context The advanced cell's `decayLr0`, `decayK` and `noiseSteps` (for the running sums the explanation
   *   shows), and `reveal`.
   * @returns The verdict.
   */
  powerEnds(answer: Record<string, unknown>, context: Exercises02PowerContext): ExerciseCheck {
    const action = "check exercise 5 of notebook 2";
    const decayLr0 = positive(action, "decayLr0", context?.decayLr0);
    const decayK = positive(action, "decayK", context.decayK);
    const noiseSteps = integer(action, "noiseSteps", context.noiseSteps, 10);
    const reveal = revealOf(action, context);
    // How a sum grows over the second half of the run: the limits themselves cannot be run, only hinted at.
    const growth = (values: number[]) => {
      let total = 0;
      const sums = values.map((v) => (total += v));
      return sums.at(-1)! / sums[Math.floor(values.length / 2)] - 1;
    };
    const describe = (power: number) => {
      const schedule = inverseTimeDecay(decayLr0, { k: decayK, power });
      const rates = Array.from({ length: noiseSteps }, (_, t) => schedule(t));
      return `p = ${power}: Σηₜ grows ${(100 * growth(rates)).toFixed(1)}% and Σηₜ² ${
        (100 * growth(rates.map((v) => v * v))).toFixed(2)
      }%`;
    };
    // Σ 1/tᵖ = ∞ exactly when p ≤ 1; Σ 1/t²ᵖ < ∞ exactly when 2p > 1. At p = 1/2 only the first holds, at p = 1 both.
    return predict(answer, {
      expected: [0.5, 1, 1, 2],
      tolerance: 1e-9,
      hint:
        "compare each sum with the harmonic series Σ 1/t, which grows without bound (like ln t): Σ 1/tᵖ with p above 1 falls faster than it, below 1 slower. Which p make the rates' sum behave like which side, and which p the squares' sum? Check the two ends themselves one at a time.",
      explanation:
        `Σηₜ = ∞ needs p ≤ 1, and Σηₜ² < ∞ needs 2p > 1: both hold for 1/2 < p ≤ 1. At p = 1/2 only the first holds (its squares are the harmonic series, whose sum is infinite), so 1/2 is not in the range; at p = 1 both hold (Σ 1/t² = π²/6), so 1 is. Over the second half of runs of ${noiseSteps} steps: ${
          [0.25, 0.5, 0.75, 1].map(describe).join("; ")
        }. A finite run only hints at a limit; the powers decide.`,
      reveal,
    });
  },
});

/**
 * The prediction checks of notebook 1, {@linkcode exercises01}: each computes its right answer here, from the knobs
 * it is given, so the notebook's check cells show neither the answers nor the formulas that give them.
 *
 * @module
 */
import { course, parabola } from "../../landscape/test_functions.ts";
import { SGD } from "../../optim/sgd.ts";
import { minimize } from "../../run/minimize.ts";
import { between } from "../../validate.ts";
import { predict } from "../predict.ts";
import type { ExerciseCheck } from "../_verdict.ts";
import { quadraticValley, type RevealContext, revealOf } from "./shared.ts";

/** What exercise 2 needs: the diverging rate. */
export interface Exercises01LargeContext extends RevealContext {
  /** The parameters cell's `lrLarge` (above 1: the valley's y direction diverges). */
  lrLarge: number;
}

/** What exercise 3 needs: the crawling rate. */
export interface Exercises01SmallContext extends RevealContext {
  /** The parameters cell's `lrSmall`. */
  lrSmall: number;
}

/** Where exercise 2's run starts: almost on the valley floor, so its y starts tiny. */
const nearFloor = [-7, 0.001];
const round = (v: number) => Number(v.toFixed(4));

/** The valley x²/100 + y² of exercise 4: curvatures 1/50 and 2, κ = 100. */
const steeper = quadraticValley(100, 1);

/** The prediction checks of notebook 1: each takes the student's variable in braces and what it needs from the notebook. */
export interface Exercises01 {
  /** Exercise 1: where η = 1 sends x on the parabola, for three steps. */
  bounce(answer: Record<string, unknown>, context?: RevealContext): ExerciseCheck;
  /** Exercise 2: the first step at which |y| exceeds 100, from (−7, 0.001) with η = `lrLarge`. */
  stepsPast100(answer: Record<string, unknown>, context: Exercises01LargeContext): ExerciseCheck;
  /** Exercise 3: the steps η = `lrSmall` needs to bring x within 0.7 of the minimum. */
  stepsToArrive(answer: Record<string, unknown>, context: Exercises01SmallContext): ExerciseCheck;
  /** Exercise 4: the best single rate's factor on a valley with κ = 100, and its steps to shrink 1000-fold. */
  kappa100(answer: Record<string, unknown>, context?: RevealContext): ExerciseCheck;
}

/** The prediction checks of notebook 1 (the learning rate), each judged against runs with the notebook's knobs. */
export const exercises01: Exercises01 = Object.freeze({
  /**
   * Exercise 1: where η = 1 sends x on the parabola x² from x₀ = 5, for three steps.
   *
   * @param answer The student's variable, `{ myBounce }`: `[x₁, x₂, x₃]`.
   * @param context `reveal`.
   * @returns The verdict.
   */
  bounce(answer: Record<string, unknown>, context: RevealContext = {}): ExerciseCheck {
    const reveal = revealOf("check exercise 1 of notebook 1", context);
    return predict(answer, {
      expected: minimize(parabola, new SGD({ lr: 1 }), { steps: 3 }).points.slice(1).map((p) => p[0]),
      tolerance: 1e-9,
      hint:
        "a step moves x against the slope f′(x), by η times the slope. At η = 1, how long is the first step from x = 5, next to the distance to the minimum? Where does it land, and what happens from there?",
      explanation:
        "The factor is 1 − 2·1 = −1: x flips to the other side at the same height, forever. On the valley, η = 1 does the same to y (between 2 and −2): the very edge between zig-zag and divergence.",
      reveal,
    });
  },

  /**
   * Exercise 2: with η = `lrLarge`, from (−7, 0.001), the first step at which |y| exceeds 100.
   *
   * @param answer The student's variable, `{ myStepsPast100 }`: a whole number of steps.
   * @param context The parameters cell's `lrLarge`, and `reveal`.
   * @returns The verdict.
   */
  stepsPast100(answer: Record<string, unknown>, context: Exercises01LargeContext): ExerciseCheck {
    const action = "check exercise 2 of notebook 1";
    const lrLarge = between(action, "lrLarge", context?.lrLarge, 1.001, 1.5);
    const reveal = revealOf(action, context);
    const expected = minimize(course, new SGD({ lr: lrLarge }), { steps: 10000, x0: nearFloor }).points.findIndex((p) =>
      Math.abs(p[1]) > 100
    );
    const factor = Math.abs(1 - 2 * lrLarge);
    return predict(answer, {
      expected,
      hint:
        "a tiny y does not stay tiny: every step multiplies it by the same factor, and at this rate its size is above 1. Which factor? How many of them take 0.001 past 100?",
      explanation: `|y| grows by |1 − 2η| = ${round(factor)} per step: 0.001·${
        round(factor)
      }ᵗ > 100 once t > ln 10⁵ / ln ${round(factor)} ≈ ${
        (Math.log(1e5) / Math.log(factor)).toFixed(2)
      }, so at step ${expected}, the first whole t above it, as the run shows. However close to the floor a run starts, a rate above 1 throws it out; close to η = 1 it takes longer than a short run shows.`,
      reveal,
    });
  },

  /**
   * Exercise 3: how many steps η = `lrSmall` needs to bring x from −7 to within 0.7 of the minimum.
   *
   * @param answer The student's variable, `{ myStepsToArrive }`: a whole number of steps.
   * @param context The parameters cell's `lrSmall`, and `reveal`.
   * @returns The verdict.
   */
  stepsToArrive(answer: Record<string, unknown>, context: Exercises01SmallContext): ExerciseCheck {
    const action = "check exercise 3 of notebook 1";
    const lrSmall = between(action, "lrSmall", context?.lrSmall, 0.001, 1);
    const reveal = revealOf(action, context);
    const slow = minimize(course, new SGD({ lr: lrSmall }), { steps: 20000 });
    return predict(answer, {
      expected: slow.points.findIndex((p) => Math.abs(p[0]) < 0.7),
      tolerance: 1,
      hint:
        "along x a step takes away the same fraction of x every time (which fraction, at this rate?), so x falls geometrically. How many such steps leave a tenth of it?",
      explanation: `x shrinks by 1 − η/10 = ${
        1 - lrSmall / 10
      } per step, so it needs (1 − η/10)ᵗ < 0.1, t > ln 0.1 / ln(1 − η/10) ≈ ${
        (Math.log(0.1) / Math.log(1 - lrSmall / 10)).toFixed(1)
      }; the run arrives at the first whole step above it.`,
      reveal,
    });
  },

  /**
   * Exercise 4: on x²/100 + y² (κ = 100) with the best single rate, the factor per step and the steps to a 1000-fold
   * smaller distance to the minimum.
   *
   * @param answer The student's variable, `{ myKappa100 }`: `[factor per step, steps]`.
   * @param context `reveal`.
   * @returns The verdict.
   */
  kappa100(answer: Record<string, unknown>, context: RevealContext = {}): ExerciseCheck {
    const reveal = revealOf("check exercise 4 of notebook 1", context);
    const distances = (lr: number, n: number) =>
      minimize(steeper, new SGD({ lr }), { steps: n }).points.map(([x, y]) => Math.hypot(x, y));
    const factorOf = (lr: number) => {
      const d = distances(lr, 100);
      return (d[100] / d[90]) ** (1 / 10); // over the last 10 of 100 steps (a diverged run's factor is above 1)
    };
    // The best rate by a scan of 0.5 to 1 in steps of 0.001, as the notebook's figure of ρ(η) does for κ = 20.
    const scanned = Array.from({ length: 501 }, (_, i) => 0.5 + i / 1000).map((lr) => ({ lr, factor: factorOf(lr) }));
    const best = scanned.reduce((a, b) => (b.factor < a.factor ? b : a));
    const d = distances(best.lr, 5000);
    return predict(answer, {
      expected: [best.factor, d.findIndex((v) => v <= d[0] / 1000)],
      relTolerance: 0.015,
      hint:
        "the best single rate makes the flat and the steep direction shrink by the same factor. Which one, for κ = 100? Then how many such factors make 1/1000?",
      explanation: `η* = 2/(1/50 + 2) ≈ ${(2 / 2.02).toFixed(4)} (the scan finds ${
        best.lr.toFixed(3)
      }) and ρ = (κ − 1)/(κ + 1) = 99/101 ≈ ${
        (99 / 101).toFixed(4)
      }: the error shrinks by only 2% per step. ρᵗ < 1/1000 needs t > ln 1000 / ln(101/99) ≈ ${
        (Math.log(1000) / Math.log(101 / 99)).toFixed(1)
      }: ${(Math.log(21 / 19) / Math.log(101 / 99)).toFixed(1)} times the ${
        (Math.log(1000) / Math.log(21 / 19)).toFixed(0)
      } steps the course's valley (κ = 20) needs for the same 1000-fold, on a valley 5 times worse conditioned. For large κ, ρ ≈ 1 − 2/κ, so the steps grow in proportion to κ.`,
      reveal,
    });
  },
});

/**
 * The prediction checks of notebook 4 (momentum): each recomputes its right
 * answer with lib/ from the notebook's knobs, so no notebook cell holds it.
 *
 * @module
 */
import { Momentum, SGD } from "../../optim/mod.ts";
import { course, type TestFunction } from "../../landscape/mod.ts";
import { minimize, stepsToReach } from "../../run/mod.ts";
import { between, unitInterval } from "../../validate.ts";
import { predict } from "../predict.ts";
import type { ExerciseCheck } from "../_verdict.ts";
import { quadraticValley, revealOf } from "./shared.ts";

/** The largest η for which Momentum(α) still converges on `fn`: bisection over runs of 4000 steps. */
function largestRate(fn: TestFunction, alpha: number): number {
  const converges = (eta: number) => {
    const run = minimize(fn, new Momentum({ lr: eta, momentum: alpha }), { steps: 4000 });
    const [x, y] = run.points.at(-1)!;
    return !run.diverged && Math.hypot(x, y) < Math.hypot(run.points[0][0], run.points[0][1]);
  };
  let [low, high] = [0.001, 4]; // converges at low, not at high
  for (let i = 0; i < 24; i++) {
    const mid = (low + high) / 2;
    if (converges(mid)) low = mid;
    else high = mid;
  }
  return low;
}

/** The prediction checks of notebook 4, one per exercise. */
export const exercises04 = {
  /**
   * Exercise 1: the multiple of −ηg that Momentum's velocity settles to under a constant gradient.
   *
   * @param answer The student's variable, `{ myVelocityMultiple }`, a number.
   * @param context The knobs `lr` and `momentum`, and `reveal` (the teacher's switch).
   * @returns The verdict; within 1% counts.
   */
  velocityMultiple(
    answer: Record<string, unknown>,
    context: { lr: number; momentum: number; reveal?: boolean },
  ): ExerciseCheck {
    const action = "check exercise 1 of notebook 4";
    const lr = between(action, "lr", context?.lr, 1e-9, 10);
    const momentum = unitInterval(action, "momentum", context?.momentum);
    const reveal = revealOf(action, context);
    const optimizer = new Momentum({ lr, momentum });
    const w = new Float64Array([0]);
    for (let t = 0; t < 5000; t++) optimizer.update(w, new Float64Array([1]));
    return predict(answer, {
      expected: optimizer.v[0] / -lr,
      relTolerance: 0.01,
      hint: "write v₁, v₂ and v₃ as multiples of −ηg using the unrolled sum. What series do the multiples form, and " +
        "where does it go when it never stops?",
      explanation: "v_t = −ηg(1 + α + α² + … + α^(t−1)), a geometric series whose sum tends to 1/(1 − α) = " +
        `${(1 / (1 - momentum)).toFixed(4)}. Where the gradient keeps its direction, momentum acts like plain ` +
        `gradient descent with the rate η/(1 − α) = ${(lr / (1 - momentum)).toFixed(3)}: the flat direction gets a ` +
        "larger step, while the steep direction, whose gradient flips, does not.",
      reveal,
    });
  },

  /**
   * Exercise 2: on the valley x²/100 + y² (κ = 100), the steps plain gradient descent at its best single rate and
   * the tuned heavy ball need to come within 0.001 of the minimum from (−7, 2).
   *
   * @param answer The student's variable, `{ mySteps100 }`, two numbers [SGD's steps, the heavy ball's steps].
   * @param context `reveal` (the teacher's switch); the valley, the start and the target 0.001 are the exercise's own.
   * @returns The verdict; within 15% each counts.
   */
  steps100(answer: Record<string, unknown>, context: { reveal?: boolean } = {}): ExerciseCheck {
    const action = "check exercise 2 of notebook 4";
    const tol = 1e-3; // the exercise's target: as the notebook's race, within 0.001 of the minimum
    const reveal = revealOf(action, context);
    const [low, high] = [1 / 50, 2];
    const kappa = high / low;
    const steep = quadraticValley(100, 1);
    const arrive = (optimizer: SGD | Momentum) => {
      const steps = stepsToReach(steep, minimize(steep, optimizer, { steps: 20000 }), tol);
      if (steps === undefined) throw new Error(`Cannot ${action} as a tuned run did not arrive within 20000 steps`);
      return steps;
    };
    const sgd = arrive(new SGD({ lr: 2 / (low + high) }));
    const alpha = ((Math.sqrt(kappa) - 1) / (Math.sqrt(kappa) + 1)) ** 2;
    const heavyBall = arrive(new Momentum({ lr: (2 / (Math.sqrt(low) + Math.sqrt(high))) ** 2, momentum: alpha }));
    const distance = Math.hypot(course.start[0], course.start[1]);
    const byFactor = (factor: number) => Math.log(distance / tol) / -Math.log(factor);
    const [sgdFactor, ballFactor] = [(kappa - 1) / (kappa + 1), (Math.sqrt(kappa) - 1) / (Math.sqrt(kappa) + 1)];
    return predict(answer, {
      expected: [sgd, heavyBall],
      relTolerance: 0.15,
      hint: "find κ, then each optimizer's factor per step, and count the steps that shrink the start's distance to " +
        "0.001. Then remember what the section on the tuned heavy ball found about its run against its factor.",
      explanation:
        `κ = 100. Plain gradient descent shrinks the distance by (κ − 1)/(κ + 1) = ${
          sgdFactor.toFixed(3)
        } per step (both directions by the same factor at its best rate), so ln(${distance.toFixed(2)}/${tol})/` +
        `ln(1/${sgdFactor.toFixed(3)}) ≈ ${byFactor(sgdFactor).toFixed(0)} steps: the run needs ${sgd}. The heavy ` +
        `ball's factor is (√κ − 1)/(√κ + 1) = 9/11 ≈ ${ballFactor.toFixed(3)}, which predicts ≈ ${
          byFactor(ballFactor).toFixed(0)
        } steps; the run needs ${heavyBall}, more, for the reason found on the course's valley in ` +
        "the section on the tuned heavy ball: at the tuned edges the error shrinks like t·(√α)ᵗ. Either way the heavy ball needs about " +
        `${(sgd / heavyBall).toFixed(1)} times fewer steps, and the gap grows like √κ.`,
      reveal,
    });
  },

  /**
   * Exercise 3: the largest η for which Momentum still converges on the steeper valley x²/20 + 2y² (λ_max = 4),
   * with α = `momentum` and with α = 0.9.
   *
   * @param answer The student's variable, `{ myLargestRates }`, two numbers.
   * @param context The knob `momentum`, and `reveal`.
   * @returns The verdict; within 0.01 each counts.
   */
  largestRates(answer: Record<string, unknown>, context: { momentum: number; reveal?: boolean }): ExerciseCheck {
    const action = "check exercise 3 of notebook 4";
    const momentum = unitInterval(action, "momentum", context?.momentum);
    const reveal = revealOf(action, context);
    const steeper = quadraticValley(20, 2);
    const edges = [momentum, 0.9].map((alpha) => largestRate(steeper, alpha));
    return predict(answer, {
      expected: edges,
      tolerance: 0.01,
      hint: "the steepest direction sets the edge. At the edge its error neither grows nor shrinks: how does it " +
        "alternate from step to step (think of plain gradient descent at its own edge in notebook 1)? Put that into " +
        "the recurrence of the section's Going further, and read how the edge depends on α and on λ.",
      explanation: "At the edge the steep direction's error flips sign with the same size at every step, e_t = " +
        "(−1)ᵗ. Put into e_{t+1} = (1 + α − ηλ)·e_t − α·e_{t−1}, it gives −1 = −(1 + α − ηλ) − α, so ηλ_max = " +
        `2(1 + α) and η = 2(1 + α)/λ_max = (1 + α)/2 here: ${((1 + momentum) / 2).toFixed(4)} for α = ${momentum} ` +
        `and 0.95 for α = 0.9 (measured: ${edges.map((e) => e.toFixed(4)).join(" and ")}). Plain gradient ` +
        "descent's edge was 2/λ_max = 0.5 on this valley: the velocity, whose terms cancel along the steep " +
        "direction, lets the rate grow by the factor 1 + α. That is why the tuned η* ≈ 1.34 is safe with α* ≈ 0.40 " +
        "on the course's valley, and why a larger α allows a larger η.",
      reveal,
    });
  },
};
// Frozen, so a cell cannot swap a check for one that always passes.
Object.freeze(exercises04);

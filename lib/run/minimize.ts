/**
 * The run loop: start somewhere, ask for the gradient, let the optimizer
 * step, and record everything a plot needs.
 *
 * @module
 */
import { seededNormal } from "../random.ts";
import {
  type Defaults,
  formatValue,
  integer,
  limits,
  movingStep,
  nonNegative,
  positive,
  size,
  testFunction,
  withDefaults,
} from "../validate.ts";
import { numericalGradient } from "../landscape/gradient.ts";
import type { TestFunction } from "../landscape/test_functions.ts";
import { Optimizer } from "../optim/optimizer.ts";
import { describeLearningRate, type ScheduleKind, scheduleKind } from "../optim/schedules.ts";

/** Options of {@linkcode minimize}. */
export interface MinimizeOptions {
  /** The start point, one number per coordinate. @default {fn.start} */
  x0?: readonly number[];
  /**
   * How many updates to make, at most 1,000,000 (a run records about 300
   * bytes per step; the notebooks' longest run is 100,000). @default {30}
   */
  steps?: number;
  /** The exact gradient of the test function, or central differences. @default {"analytic"} */
  gradient?: "analytic" | "numerical";
  /**
   * The step of the numerical gradient; it must move every coordinate of the
   * start (x + h ≠ x in float64), else the gradient is 0 and the run stands still. @default {1e-4}
   */
  h?: number;
  /**
   * σ of the noise added to every gradient component, as a stochastic
   * gradient (a minibatch's) differs from the true one: g + σ·N(0, 1). The
   * recorded loss is the true f. @default {0}
   */
  noise?: number;
  /** Seed of the noise: the same seed draws the same noise. @default {1} */
  seed?: number;
  /**
   * A run has diverged once a point leaves the plotting range blown up this
   * many times around its centre (or once any value is not finite).
   * @default {100}
   */
  divergenceFactor?: number;
}

const minimizeDefaults = {
  x0: undefined, // the function's own start
  steps: 30,
  gradient: "analytic",
  h: 1e-4,
  noise: 0,
  seed: 1,
  divergenceFactor: 100,
} satisfies Defaults<MinimizeOptions>;

/** Why and where a run stopped early; a {@linkcode Trajectory} and a training run record it alike. */
export interface Divergence {
  /**
   * The update after which the run was stopped (1 for the first; 0 when the
   * start itself has a loss or gradient that is not finite).
   */
  step: number;
  /** What was seen, in words. */
  reason: string;
}

/** Everything recorded along one run; plain arrays, ready for JSON and plots. */
export interface Trajectory {
  /** A legend label, such as `AdaGrad(lr=1.5)`. */
  label: string;
  /** The optimizer's class name. */
  optimizer: string;
  /** The learning rate as given, described (`"1.5"`, `"cosineDecay(…)"`). */
  lr: string;
  /** The kind of schedule the learning rate is (figures colour the run by it); absent for a fixed rate. */
  schedule?: ScheduleKind;
  /** The test function's id. */
  fn: string;
  /** Every point visited, the start included: `steps + 1` of them unless the run diverged. */
  points: number[][];
  /** The loss at each point. */
  loss: number[];
  /** The gradient at each point that an update was taken from (with the noise, if any). */
  grads: number[][];
  /** The length of each update, ‖W_{t+1} − W_t‖. */
  stepLength: number[];
  /** The base learning rate of each update (a schedule evaluated). */
  rate: number[];
  /** The per-parameter rate of each update, for optimizers that have one. */
  effectiveRate?: number[][];
  /** `false`, or where and why the run was stopped. */
  diverged: false | Divergence;
}

/**
 * Runs `optimizer` on `fn` for `steps` updates and records the path. The
 * optimizer is `reset()` first, so rerunning a cell gives the same result.
 * A run whose values stop being finite, or wander far off the plot, stops
 * early and says so in `diverged`: a too-large learning rate is a result to
 * look at, not an error.
 *
 * @param fn The test function.
 * @param optimizer The optimizer, reset before the run.
 * @param options See {@linkcode MinimizeOptions}.
 * @returns The trajectory.
 *
 * @example AdaGrad from the book's start approaches the minimum
 * ```ts
 * import { AdaGrad, course, minimize } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const run = minimize(course, new AdaGrad({ lr: 1.5 }), { steps: 30 });
 * assert.equal(run.points.length, 31);
 * assert.equal(run.diverged, false);
 * assert.ok(run.loss[30] < 0.01, `final loss ${run.loss[30]}`);
 * ```
 */
export function minimize(fn: TestFunction, optimizer: Optimizer, options: MinimizeOptions = {}): Trajectory {
  const action = "run minimize";
  testFunction(action, fn);
  if (!(optimizer instanceof Optimizer)) {
    throw new TypeError(
      `Cannot ${action} as 'optimizer' must be an optimizer such as new SGD({ lr: 0.1 }): current value is ${
        formatValue(optimizer)
      }`,
    );
  }
  const o = withDefaults(action, options, minimizeDefaults);
  const steps = size(action, "steps", o.steps, 0, limits.steps);
  const mode = o.gradient;
  if (mode !== "analytic" && mode !== "numerical") {
    throw new RangeError(
      `Cannot ${action} as 'gradient' must be "analytic" or "numerical": current value is ${formatValue(mode)}`,
    );
  }
  const h = positive(action, "h", o.h);
  const factor = positive(action, "divergenceFactor", o.divergenceFactor);
  const x0 = o.x0 === undefined ? fn.start : o.x0; // null is a mistake, not "the default"
  if (!Array.isArray(x0) || x0.length !== fn.dim || !x0.every(Number.isFinite)) {
    throw new RangeError(
      `Cannot ${action} as 'x0' must be ${fn.dim} finite number${
        fn.dim === 1 ? "" : "s"
      } for ${fn.name}: current value is ${formatValue(x0)}`,
    );
  }
  if (mode === "numerical") movingStep(action, "h", h, x0, `the start ${formatValue(x0)}`);
  const noise = nonNegative(action, "noise", o.noise);
  const normal = seededNormal(integer(action, "seed", o.seed, 0));
  const exact = mode === "analytic" ? fn.gradient : (x: Float64Array) => numericalGradient(fn.f, x, h);
  const gradientAt = noise === 0 ? exact : (x: Float64Array) => exact(x).map((gi) => gi + noise * normal()); // g + σ·ξ

  const x = Float64Array.from(x0);
  optimizer.reset();
  const run: Trajectory = {
    label: optimizer.toString(),
    optimizer: optimizer.name,
    lr: describeLearningRate(optimizer.lr),
    ...(scheduleKind(optimizer.lr) ? { schedule: scheduleKind(optimizer.lr) } : {}),
    fn: fn.id,
    points: [Array.from(x)],
    loss: [fn.f(x)],
    grads: [],
    stepLength: [],
    rate: [],
    diverged: false,
  };
  if (!Number.isFinite(run.loss[0])) {
    run.diverged = { step: 0, reason: `the loss at the start is ${formatValue(run.loss[0])}` };
  }
  for (let t = 1; t <= steps && !run.diverged; t++) {
    const g = gradientAt(x);
    if (!(g instanceof Float64Array) || g.length !== fn.dim) {
      throw new TypeError(
        `Cannot ${action} as 'fn.gradient' must return a Float64Array of ${fn.dim} numbers: current value is ${
          formatValue(g)
        }`,
      );
    }
    const bad = g.findIndex((gi) => !Number.isFinite(gi));
    if (bad !== -1) { // the optimizer refuses it: the run stops here and says so
      run.diverged = { step: t - 1, reason: `the gradient became ${formatValue(g[bad])}` };
      break;
    }
    const before = Array.from(x);
    optimizer.update(x, g);
    const loss = fn.f(x);
    run.grads.push(Array.from(g));
    run.points.push(Array.from(x));
    run.loss.push(loss);
    run.stepLength.push(distance(before, x));
    run.rate.push(optimizer.lastLr);
    const effective = optimizer.effectiveRate();
    if (effective) (run.effectiveRate ??= []).push(Array.from(effective));
    const reason = divergence(fn, x, loss, factor);
    if (reason) {
      run.diverged = { step: t, reason };
      break;
    }
  }
  return run;
}

/**
 * The Euclidean distance between two points, one coordinate at a time
 * (spreading a long array into Math.hypot overflows the call stack). For 1 or
 * 2 coordinates this is Math.hypot's own result, bit for bit.
 */
function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.hypot(d, a[i] - b[i]);
  return d;
}

function divergence(fn: TestFunction, x: Float64Array, loss: number, factor: number): string | undefined {
  if (!x.every(Number.isFinite)) return `a coordinate became ${formatValue(x.find((v) => !Number.isFinite(v)))}`;
  if (!Number.isFinite(loss)) return `the loss became ${formatValue(loss)}`;
  for (let i = 0; i < fn.dim; i++) {
    const [lo, hi] = fn.range[i];
    const centre = (lo + hi) / 2;
    const limit = factor * (hi - lo) / 2;
    if (Math.abs(x[i] - centre) > limit) {
      return `coordinate ${i} reached ${x[i].toPrecision(3)}, more than ${factor}× the plotting range away`;
    }
  }
  return undefined;
}

/**
 * The first step at which a run is within `tol` (Euclidean distance) of one
 * of the function's minima, or `undefined` if it never gets there.
 *
 * @param fn The test function the run was made on.
 * @param run The trajectory.
 * @param tol The distance that counts as arrived. @default {1e-3}
 * @returns The step count (0 if the start is already there), or `undefined`.
 *
 * @example
 * ```ts
 * import { course, minimize, SGD, stepsToReach } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const run = minimize(course, new SGD({ lr: 0.95 }), { steps: 30 });
 * assert.equal(stepsToReach(course, run, 1e-3), undefined);
 * ```
 */
export function stepsToReach(fn: TestFunction, run: Trajectory, tol = 1e-3): number | undefined {
  const action = "run stepsToReach";
  testFunction(action, fn);
  if (!Array.isArray((run as Trajectory | undefined)?.points)) {
    throw new TypeError(
      `Cannot ${action} as 'run' must be a trajectory from minimize(): current value is ${formatValue(run)}`,
    );
  }
  positive(action, "tol", tol);
  const index = run.points.findIndex((p) => fn.minima.some((m) => distance(p, m) <= tol));
  return index === -1 ? undefined : index;
}

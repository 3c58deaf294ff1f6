/**
 * What a playground shows, as one plain object ({@linkcode PlaygroundSettings}),
 * the range of every knob ({@linkcode playgroundKnobs}), and the runs the
 * settings stand for ({@linkcode playgroundRuns}). Pure: the kernel and the
 * browser page run this same file, so a path drawn in the page is the path
 * `minimize()` gives in Deno.
 *
 * @module
 */
import { formatValue } from "../validate.ts";
import type { TestFunction } from "../landscape/test_functions.ts";
import type { Optimizer } from "../optim/optimizer.ts";
import { makeOptimizer, type OptimizerName, optimizerNames, type OptimizerSettings } from "../optim/registry.ts";
import { cosineDecay, type LearningRate, stepDecay } from "../optim/schedules.ts";
import { minimize, type Trajectory } from "../run/minimize.ts";

/** How η changes over a run: not at all, halved four times, or along a cosine to η/100. */
export type PlaygroundSchedule = "constant" | "stepDecay" | "cosineDecay";

/** The schedules a playground offers, in menu order. */
export const playgroundSchedules: readonly PlaygroundSchedule[] = Object.freeze([
  "constant",
  "stepDecay",
  "cosineDecay",
]);

/** Everything that decides a playground's paths; the page holds one of these and redraws from it. */
export interface PlaygroundSettings {
  /** The test function's id (2-D, one of `testFunctions`). */
  readonly fn: string;
  /** The optimizers a student can tick (those met so far), in the course's order. */
  readonly offered: readonly OptimizerName[];
  /** The optimizers drawn, in the course's order; some of `offered`. */
  readonly optimizers: readonly OptimizerName[];
  /** Each optimizer's own η. */
  readonly lr: Readonly<Record<OptimizerName, number>>;
  /** One η for every optimizer (`sharedLr`) instead of each its own. */
  readonly shareLr: boolean;
  /** The η every optimizer uses when `shareLr` is on. */
  readonly sharedLr: number;
  /** Momentum's and Nesterov's α. */
  readonly momentum: number;
  /** RMSProp's ρ. */
  readonly decayRate: number;
  /** Adam's β₁. */
  readonly beta1: number;
  /** Adam's β₂. */
  readonly beta2: number;
  /** AdaGrad's ε inside the square root, η·g/√(h + ε), instead of outside, η·g/(√h + ε). */
  readonly epsInsideSqrt: boolean;
  /** Updates per run. */
  readonly steps: number;
  /** The schedule applied to each η. */
  readonly schedule: PlaygroundSchedule;
  /** The start point. */
  readonly x0: readonly [number, number];
}

/** The range of one numeric knob, as its controls offer it. */
export interface Knob {
  /** The label beside the control. */
  readonly label: string;
  /** The smallest value. */
  readonly min: number;
  /** The largest value. */
  readonly max: number;
  /** The slider's step (on a log slider, in powers of ten). */
  readonly step: number;
  /** Whether the slider moves along log₁₀ of the value. */
  readonly log: boolean;
}

/** The numeric knobs of a playground, each with its range: the options check and the page's controls both read this. */
export const playgroundKnobs: Readonly<
  Record<"lr" | "momentum" | "decayRate" | "beta1" | "beta2" | "steps", Knob>
> = Object.freeze({
  lr: { label: "η", min: 1e-4, max: 10, step: 0.01, log: true },
  momentum: { label: "α (Momentum, Nesterov)", min: 0, max: 0.99, step: 0.01, log: false },
  decayRate: { label: "ρ (RMSProp)", min: 0, max: 0.999, step: 0.001, log: false },
  beta1: { label: "β₁ (Adam)", min: 0, max: 0.999, step: 0.001, log: false },
  beta2: { label: "β₂ (Adam)", min: 0, max: 0.9999, step: 0.0001, log: false },
  steps: { label: "steps", min: 1, max: 500, step: 1, log: false },
});

/** The name of a numeric knob: a key of {@linkcode playgroundKnobs}. */
export type KnobName = keyof typeof playgroundKnobs;

/** Each optimizer's η when none is given: the book's figure 6-8 for SGD, Momentum, AdaGrad, Adam; notebook 6's for the others. */
export const playgroundRates: Readonly<Record<OptimizerName, number>> = Object.freeze({
  SGD: 0.95,
  Momentum: 0.1,
  Nesterov: 0.1,
  AdaGrad: 1.5,
  RMSProp: 0.1,
  Adam: 0.3,
});

/**
 * `value` moved into the knob's range; an integer knob is rounded. A value
 * that is not a finite number gives `undefined` (the page then keeps the last
 * good value).
 *
 * @param name The knob.
 * @param value What a control holds, as a number or the text typed.
 * @returns The value to use, or `undefined`.
 *
 * @example
 * ```ts
 * import { clampKnob } from "./settings.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(clampKnob("momentum", 1.5), 0.99);
 * assert.equal(clampKnob("steps", "12.4"), 12);
 * assert.equal(clampKnob("lr", "abc"), undefined);
 * ```
 */
export function clampKnob(name: KnobName, value: number | string): number | undefined {
  const v = typeof value === "number" ? value : value.trim() === "" ? NaN : Number(value);
  if (!Number.isFinite(v)) return undefined;
  const { min, max } = playgroundKnobs[name];
  const clamped = Math.min(max, Math.max(min, v));
  return name === "steps" ? Math.round(clamped) : clamped;
}

/**
 * `value` inside `fn`'s plotting range on coordinate `i`, or `undefined` if it is not a finite number.
 *
 * @param fn The test function.
 * @param i The coordinate, 0 or 1.
 * @param value A number or the text typed.
 * @returns The value to use, or `undefined`.
 */
export function clampStart(fn: TestFunction, i: number, value: number | string): number | undefined {
  const v = typeof value === "number" ? value : value.trim() === "" ? NaN : Number(value);
  if (!Number.isFinite(v)) return undefined;
  const [lo, hi] = fn.range[i];
  return Math.min(hi, Math.max(lo, v));
}

/** Which knobs each optimizer takes, by its options' names; the compiler checks that every optimizer has a row. */
const knobsOf: { readonly [N in OptimizerName]: (s: PlaygroundSettings) => OptimizerSettings } = {
  SGD: () => ({}),
  Momentum: (s) => ({ momentum: s.momentum }),
  Nesterov: (s) => ({ momentum: s.momentum }),
  AdaGrad: (s) => ({ epsInsideSqrt: s.epsInsideSqrt }),
  RMSProp: (s) => ({ decayRate: s.decayRate }),
  Adam: (s) => ({ beta1: s.beta1, beta2: s.beta2 }),
};

/**
 * The learning rate the settings give `name`: its η (or the shared one) as a
 * number, or that η inside the chosen schedule. Step decay halves η four
 * times over the run (every ⌈steps/4⌉ steps); cosine decay goes from η to
 * η/100 over the run.
 *
 * @param s The settings.
 * @param name The optimizer.
 * @returns A number or a schedule.
 */
export function playgroundRate(s: PlaygroundSettings, name: OptimizerName): LearningRate {
  const lr = s.shareLr ? s.sharedLr : s.lr[name];
  switch (s.schedule) {
    case "constant":
      return lr;
    case "stepDecay":
      return stepDecay(lr, { stepSize: Math.ceil(s.steps / 4), gamma: 0.5 });
    case "cosineDecay":
      return cosineDecay(lr, { steps: s.steps });
  }
}

/**
 * The optimizer the settings give `name`, made by `makeOptimizer` with the course's own class.
 *
 * @param s The settings.
 * @param name The optimizer.
 * @returns A new optimizer.
 */
export function playgroundOptimizer(s: PlaygroundSettings, name: OptimizerName): Optimizer {
  if (!optimizerNames.includes(name)) {
    throw new RangeError(
      `Cannot make a playground optimizer as 'name' must be one of ${optimizerNames.join(", ")}: current value is ${
        formatValue(name)
      }`,
    );
  }
  return makeOptimizer(name, playgroundRate(s, name), knobsOf[name](s));
}

/**
 * One {@linkcode minimize} run per optimizer shown, from the settings' start.
 *
 * @param fn The test function the settings name.
 * @param s The settings.
 * @returns The trajectories, in the order of `s.optimizers`.
 *
 * @example The playground's AdaGrad run is minimize()'s
 * ```ts
 * import { AdaGrad, course, minimize, optimizerNames } from "../mod.ts";
 * import { playgroundRuns, type PlaygroundSettings } from "./settings.ts";
 * import assert from "node:assert/strict";
 *
 * const s: PlaygroundSettings = {
 *   fn: "course", offered: optimizerNames, optimizers: ["AdaGrad"], lr: { SGD: 0.95, Momentum: 0.1, Nesterov: 0.1, AdaGrad: 1.5, RMSProp: 0.1, Adam: 0.3 },
 *   shareLr: false, sharedLr: 0.1, momentum: 0.9, decayRate: 0.99, beta1: 0.9, beta2: 0.999, epsInsideSqrt: false,
 *   steps: 30, schedule: "constant", x0: [-7, 2],
 * };
 * const [run] = playgroundRuns(course, s);
 * assert.deepEqual(run.points, minimize(course, new AdaGrad({ lr: 1.5 }), { steps: 30 }).points);
 * ```
 */
export function playgroundRuns(fn: TestFunction, s: PlaygroundSettings): Trajectory[] {
  return s.optimizers.map((name) => minimize(fn, playgroundOptimizer(s, name), { steps: s.steps, x0: [...s.x0] }));
}

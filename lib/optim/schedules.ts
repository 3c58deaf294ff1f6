/**
 * Learning-rate schedules: pure functions of the step count `t` (0 at the
 * first update). Each returns a {@linkcode Schedule} named after itself, so a
 * legend can say which schedule drew which line.
 *
 * To add a schedule: write one function here that validates its options and
 * returns `named("<its kind>(…)", (t) => …)`, add its kind to
 * {@linkcode ScheduleKind}, and give it a colour in `lib/plot/colors.ts`.
 *
 * @module
 */
import { formatValue, integer, positive, withDefaults } from "../validate.ts";

/**
 * A learning-rate schedule: a pure function of the step count `t`, with
 * `t = 0` at the first update. Calling it twice with the same `t` gives the
 * same rate, so a schedule can be plotted before it is used.
 */
export type Schedule = (t: number) => number;

/** A learning rate: a fixed positive number, or a {@linkcode Schedule}. */
export type LearningRate = number | Schedule;

/**
 * Formats a learning rate for a legend: `0.1`, or the schedule's name.
 *
 * @param lr The learning rate.
 * @returns The text.
 *
 * @example
 * ```ts
 * import { cosineDecay } from "../mod.ts";
 * import { describeLearningRate } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(describeLearningRate(0.1), "0.1");
 * assert.equal(describeLearningRate(cosineDecay(1, { steps: 10 })), "cosineDecay(1, steps=10, endLr=0.01)");
 * ```
 */
export function describeLearningRate(lr: LearningRate): string {
  return typeof lr === "number" ? String(lr) : lr.name || "schedule";
}

/** The kinds of schedule this module makes; a schedule's `name` starts with its kind, as in `cosineDecay(1.2, …)`. */
export type ScheduleKind =
  | "constant"
  | "stepDecay"
  | "exponentialDecay"
  | "inverseTimeDecay"
  | "polynomialDecay"
  | "cosineDecay"
  | "warmup";

/**
 * The kind of schedule `lr` is, carried as data by every schedule of this module (runs keep it, and figures colour a
 * run by it); `undefined` for a fixed rate or a schedule written by hand.
 *
 * @param lr A learning rate.
 * @returns The kind, such as `"cosineDecay"`, or `undefined`.
 *
 * @example
 * ```ts
 * import { cosineDecay } from "../mod.ts";
 * import { scheduleKind } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(scheduleKind(cosineDecay(1, { steps: 10 })), "cosineDecay");
 * assert.equal(scheduleKind(0.1), undefined);
 * assert.equal(scheduleKind((t) => 1 / (t + 1)), undefined);
 * ```
 */
export function scheduleKind(lr: LearningRate): ScheduleKind | undefined {
  return typeof lr === "function" ? kinds.get(lr) : undefined;
}

const kinds = new WeakMap<Schedule, ScheduleKind>();

function named(label: string, rate: (t: number) => number): Schedule {
  const schedule = (t: number): number => {
    if (typeof t !== "number" || !(Number.isFinite(t) && t >= 0)) {
      throw new RangeError(
        `Cannot evaluate the schedule ${label} as 't' must be a finite number >= 0: current value is ${formatValue(t)}`,
      );
    }
    return rate(t);
  };
  Object.defineProperty(schedule, "name", { value: label });
  kinds.set(schedule, label.slice(0, label.indexOf("(")) as ScheduleKind);
  return schedule;
}

function asSchedule(action: string, lr: LearningRate): Schedule {
  if (typeof lr === "function") return lr;
  positive(action, "lr", lr);
  return () => lr;
}

/**
 * The same rate at every step.
 *
 * @param lr The rate η₀, a positive number.
 * @returns t ↦ η₀.
 *
 * @example
 * ```ts
 * import { constant } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(constant(0.1)(99), 0.1);
 * ```
 */
export function constant(lr: number): Schedule {
  positive("create constant", "lr", lr);
  return named(`constant(${lr})`, () => lr);
}

/** Options of {@linkcode stepDecay}. */
export interface StepDecayOptions {
  /** How many steps each plateau lasts. @default {10} */
  stepSize?: number;
  /** γ in (0, 1): the factor applied at the end of each plateau. @default {0.5} */
  gamma?: number;
}

/**
 * Step decay: the rate is cut by γ every `stepSize` steps.
 *
 * $$\eta_t = \eta_0 \, \gamma^{\lfloor t / s \rfloor}$$
 *
 * @param lr The starting rate η₀.
 * @param options See {@linkcode StepDecayOptions}.
 * @returns The schedule.
 *
 * @example
 * ```ts
 * import { stepDecay } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const s = stepDecay(1, { stepSize: 10, gamma: 0.5 });
 * assert.deepEqual([s(0), s(9), s(10), s(25)], [1, 1, 0.5, 0.25]);
 * ```
 */
export function stepDecay(lr: number, options: StepDecayOptions = {}): Schedule {
  const action = "create stepDecay";
  const o = withDefaults(action, options, { stepSize: 10, gamma: 0.5 });
  positive(action, "lr", lr);
  const stepSize = integer(action, "stepSize", o.stepSize, 1);
  const gamma = openUnit(action, "gamma", o.gamma);
  return named(`stepDecay(${lr}, stepSize=${stepSize}, gamma=${gamma})`, (t) => lr * gamma ** Math.floor(t / stepSize));
}

/** Options of {@linkcode exponentialDecay}. */
export interface ExponentialDecayOptions {
  /** γ in (0, 1): the factor applied at every step. @default {0.95} */
  gamma?: number;
}

/**
 * Exponential decay: the rate shrinks by the same factor every step.
 *
 * $$\eta_t = \eta_0 \, \gamma^{t}$$
 *
 * @param lr The starting rate η₀.
 * @param options See {@linkcode ExponentialDecayOptions}.
 * @returns The schedule.
 *
 * @example
 * ```ts
 * import { exponentialDecay } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(Number(exponentialDecay(1, { gamma: 0.9 })(2).toFixed(12)), 0.81);
 * ```
 */
export function exponentialDecay(lr: number, options: ExponentialDecayOptions = {}): Schedule {
  const action = "create exponentialDecay";
  const o = withDefaults(action, options, { gamma: 0.95 });
  positive(action, "lr", lr);
  const gamma = openUnit(action, "gamma", o.gamma);
  return named(`exponentialDecay(${lr}, gamma=${gamma})`, (t) => lr * gamma ** t);
}

/** Options of {@linkcode inverseTimeDecay}. */
export interface InverseTimeDecayOptions {
  /** k > 0: how fast the rate falls. @default {0.1} */
  k?: number;
  /** The power p in (0, 1]: 1 is 1/t decay, 0.5 is 1/√t decay. @default {1} */
  power?: number;
}

/**
 * Inverse-time decay, the schedule of the classic stochastic approximation
 * results (Robbins and Monro, 1951):
 *
 * $$\eta_t = \frac{\eta_0}{(1 + k t)^p}$$
 *
 * With p = 1 (1/t decay) the rates add up to infinity while their squares
 * add up to a finite sum, the two conditions under which noisy gradient
 * descent settles at the minimum; with p = 1/2 (1/√t) the squares' sum grows
 * too, like log t.
 *
 * @param lr The starting rate η₀.
 * @param options See {@linkcode InverseTimeDecayOptions}.
 * @returns The schedule.
 *
 * @example
 * ```ts
 * import { inverseTimeDecay } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(inverseTimeDecay(1, { k: 0.5 })(2), 0.5);
 * assert.equal(inverseTimeDecay(1, { k: 1, power: 0.5 })(3), 0.5);
 * ```
 */
export function inverseTimeDecay(lr: number, options: InverseTimeDecayOptions = {}): Schedule {
  const action = "create inverseTimeDecay";
  const o = withDefaults(action, options, { k: 0.1, power: 1 });
  positive(action, "lr", lr);
  const k = positive(action, "k", o.k);
  const power = positive(action, "power", o.power);
  if (power > 1) throw new RangeError(`Cannot ${action} as 'power' must be at most 1: current value is ${power}`);
  const label = power === 1 ? `inverseTimeDecay(${lr}, k=${k})` : `inverseTimeDecay(${lr}, k=${k}, power=${power})`;
  return named(label, (t) => lr / (1 + k * t) ** power);
}

/** Options of {@linkcode polynomialDecay}. */
export interface PolynomialDecayOptions {
  /** The step at which the rate reaches `endLr` and stays. @default {100} */
  steps?: number;
  /** The final rate, positive. @default {lr / 100} */
  endLr?: number;
  /** The exponent p; 1 is a straight line. @default {1} */
  power?: number;
}

/**
 * Polynomial decay from η₀ to η_end over `steps` steps, then flat:
 *
 * $$\eta_t = (\eta_0 - \eta_{end}) \left(1 - \frac{\min(t, T)}{T}\right)^p + \eta_{end}$$
 *
 * @param lr The starting rate η₀.
 * @param options See {@linkcode PolynomialDecayOptions}.
 * @returns The schedule.
 *
 * @example
 * ```ts
 * import { polynomialDecay } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const s = polynomialDecay(1, { steps: 10, endLr: 0.1 });
 * assert.deepEqual([s(5), s(10), s(50)].map((v) => Number(v.toFixed(12))), [0.55, 0.1, 0.1]);
 * ```
 */
export function polynomialDecay(lr: number, options: PolynomialDecayOptions = {}): Schedule {
  const action = "create polynomialDecay";
  const o = withDefaults(action, options, { steps: 100, endLr: lr / 100, power: 1 });
  positive(action, "lr", lr);
  const steps = integer(action, "steps", o.steps, 1);
  const endLr = positive(action, "endLr", o.endLr);
  const power = positive(action, "power", o.power);
  return named(
    `polynomialDecay(${lr}, steps=${steps}, endLr=${endLr}, power=${power})`,
    (t) => (lr - endLr) * (1 - Math.min(t, steps) / steps) ** power + endLr,
  );
}

/** Options of {@linkcode cosineDecay}. */
export interface CosineDecayOptions {
  /** The step at which the rate reaches `endLr` and stays. @default {100} */
  steps?: number;
  /** The final rate, positive. @default {lr / 100} */
  endLr?: number;
}

/**
 * Cosine decay (Loshchilov and Hutter, 2017, SGDR, without restarts): slow at
 * first, fastest midway, slow again at the end.
 *
 * $$\eta_t = \eta_{end} + \tfrac{1}{2}(\eta_0 - \eta_{end})\left(1 + \cos\frac{\pi \min(t, T)}{T}\right)$$
 *
 * @param lr The starting rate η₀.
 * @param options See {@linkcode CosineDecayOptions}.
 * @returns The schedule.
 *
 * @example
 * ```ts
 * import { cosineDecay } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const s = cosineDecay(1, { steps: 10, endLr: 0.1 });
 * assert.deepEqual([s(0), s(5), s(10)].map((v) => Number(v.toFixed(12))), [1, 0.55, 0.1]);
 * ```
 */
export function cosineDecay(lr: number, options: CosineDecayOptions = {}): Schedule {
  const action = "create cosineDecay";
  const o = withDefaults(action, options, { steps: 100, endLr: lr / 100 });
  positive(action, "lr", lr);
  const steps = integer(action, "steps", o.steps, 1);
  const endLr = positive(action, "endLr", o.endLr);
  return named(
    `cosineDecay(${lr}, steps=${steps}, endLr=${endLr})`,
    (t) => endLr + 0.5 * (lr - endLr) * (1 + Math.cos(Math.PI * Math.min(t, steps) / steps)),
  );
}

/** Options of {@linkcode warmup}. */
export interface WarmupOptions {
  /** How many steps the linear ramp lasts. @default {5} */
  steps?: number;
}

/**
 * Linear warm-up in front of any rate or schedule: the rate climbs in a
 * straight line to the inner schedule's first value over `steps` steps, then
 * the inner schedule runs, starting from its own t = 0.
 *
 * $$\eta_t = \begin{cases} \eta^{inner}_0 \, \frac{t + 1}{W + 1} & t < W \\ \eta^{inner}_{t - W} & t \ge W \end{cases}$$
 *
 * @param lr The rate or schedule to warm up into.
 * @param options See {@linkcode WarmupOptions}.
 * @returns The schedule.
 *
 * @example
 * ```ts
 * import { cosineDecay, warmup } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const s = warmup(cosineDecay(1, { steps: 10 }), { steps: 3 });
 * assert.deepEqual([s(0), s(1), s(2), s(3)], [0.25, 0.5, 0.75, 1]);
 * ```
 */
export function warmup(lr: LearningRate, options: WarmupOptions = {}): Schedule {
  const action = "create warmup";
  const o = withDefaults(action, options, { steps: 5 });
  const inner = asSchedule(action, lr);
  const steps = integer(action, "steps", o.steps, 1);
  return named(
    `warmup(${describeLearningRate(lr)}, steps=${steps})`,
    (t) => t < steps ? inner(0) * (t + 1) / (steps + 1) : inner(t - steps),
  );
}

function openUnit(action: string, name: string, value: unknown): number {
  if (typeof value !== "number") {
    throw new TypeError(
      `Cannot ${action} as '${name}' must be a number in (0, 1): current value is ${formatValue(value)}`,
    );
  }
  if (!(value > 0 && value < 1)) {
    throw new RangeError(
      `Cannot ${action} as '${name}' must be a number in (0, 1): current value is ${formatValue(value)}`,
    );
  }
  return value;
}

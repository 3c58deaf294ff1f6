/**
 * The course's implement-it exercises: each check runs the student's function
 * beside `lib/` on the course's start, seeded random inputs and edge cases,
 * and knows the usual mistakes by their numbers.
 *
 * - {@linkcode checkStepDecay}: step decay (notebook 2);
 * - {@linkcode checkCentralDifference}: the central difference (notebook 3);
 * - {@linkcode checkAdaGradStep}: one AdaGrad step (notebook 4);
 * - {@linkcode checkAdamStep}: one Adam step (notebook 6).
 *
 * @module
 */
import { seededRandom } from "../_random.ts";
import { type Defaults, positive, unitInterval, withDefaults } from "../_validate.ts";
import { numericalGradient } from "../landscape/gradient.ts";
import { course, rosenbrock } from "../landscape/test_functions.ts";
import { AdaGrad } from "../optim/adagrad.ts";
import { Adam } from "../optim/adam.ts";
import { stepDecay } from "../optim/schedules.ts";
import type { ExerciseCheck } from "./_verdict.ts";
import { checkImplementation, type ImplementCase, type ImplementSpec, type Observation } from "./implement.ts";

const randomNumbers = (seed: number, n: number, lo: number, hi: number) => {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => lo + (hi - lo) * random());
};

// ---------------------------------------------------------------- step decay (notebook 2)

/** A step-decay schedule written by a student: the rate at step `t` (0 at the first update). */
export type StepDecayFunction = (t: number, lr0: number, stepSize: number, factor: number) => number;

/** Options of {@linkcode checkStepDecay}: the notebook's knobs, used as the first case. */
export interface StepDecayCheckOptions {
  /** The starting rate η₀. @default {1.2} */
  lr0?: number;
  /** How many steps each plateau lasts. @default {5} */
  stepSize?: number;
  /** The factor applied at the end of each plateau. @default {0.5} */
  factor?: number;
}

const stepDecayDefaults = { lr0: 1.2, stepSize: 5, factor: 0.5 } satisfies Defaults<StepDecayCheckOptions>;

function stepDecayCase(lr0: number, stepSize: number, factor: number): ImplementCase<StepDecayFunction> {
  const ts = Array.from({ length: 3 * stepSize + 2 }, (_, t) => t);
  const record = (rate: (t: number) => number): Observation[] =>
    ts.map((t) => ({ at: `at t = ${t}`, values: { rate: [rate(t)] } }));
  return {
    label: `η₀ = ${lr0}, stepSize = ${stepSize}, factor = ${factor}`,
    observe: (f) => record((t) => f(t, lr0, stepSize, factor)),
    expected: () => record(stepDecay(lr0, { stepSize, gamma: factor })),
  };
}

const stepDecayMistakes: ImplementSpec<StepDecayFunction>["mistakes"] = [
  {
    impl: (_t, lr0) => lr0,
    diagnosis: "Your rate never changes: multiply η₀ by factor once every stepSize steps.",
    stub: true,
  },
  { impl: () => 0, diagnosis: "Your function returns 0: the stub is not written yet.", stub: true },
  {
    impl: (t, lr0, s, f) => lr0 * f ** Math.floor((t + 1) / s),
    diagnosis:
      "Your first cut comes one step early, at t = stepSize − 1: t counts from 0, so steps t = 0 … stepSize − 1 all use η₀ (⌊t/stepSize⌋, not ⌊(t + 1)/stepSize⌋).",
  },
  {
    impl: (t, lr0, s, f) => lr0 * f ** Math.floor((t - 1) / s),
    diagnosis:
      "Your cuts come one step late (and t = 0 gets more than η₀): t counts from 0, so the first cut is at t = stepSize: use ⌊t/stepSize⌋.",
  },
  {
    impl: (t, lr0, s, f) => lr0 * f ** Math.ceil(t / s),
    diagnosis: "You cut already at t = 1: the number of cuts so far is ⌊t/stepSize⌋ (Math.floor), not Math.ceil.",
  },
  {
    impl: (t, lr0, s, f) => lr0 * f ** Math.round(t / s),
    diagnosis: "You cut halfway through a plateau: use Math.floor(t / stepSize), not Math.round.",
  },
  {
    impl: (t, lr0, _s, f) => lr0 * f ** t,
    diagnosis:
      "Your rate changes at every step: η₀·factorᵗ is exponential decay. Step decay keeps the rate for stepSize steps: η₀·factor^⌊t/stepSize⌋.",
  },
  {
    impl: (t, lr0, s, f) => lr0 * f ** (t / s),
    diagnosis: "Your rate changes at every step: take the whole number of plateaus so far, ⌊t/stepSize⌋ (Math.floor).",
  },
  {
    impl: (t, lr0, s, f) => lr0 * f * Math.floor(t / s),
    diagnosis: "Multiply by factor once per plateau: factor to the power ⌊t/stepSize⌋ (factor ** …), not times it.",
  },
];

/**
 * Checks a student's step decay, `(t, lr0, stepSize, factor) => rate`,
 * against {@linkcode stepDecay}, at every t of three plateaus and one step
 * more: with the notebook's knobs, with stepSize 1, and with a third setting.
 * Off-by-one cuts, Math.ceil or Math.round, and exponential decay are named.
 *
 * @param implementation The student's function, as `{ myStepDecay }`.
 * @param options The notebook's knobs; see {@linkcode StepDecayCheckOptions}.
 * @returns A displayable verdict.
 *
 * @example
 * ```ts
 * import { checkStepDecay } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const early = (t: number, lr0: number, s: number, f: number) => lr0 * f ** Math.floor((t + 1) / s);
 * const check = checkStepDecay({ myStepDecay: early });
 * assert.equal(check.message, "myStepDecay: on η₀ = 1.2, stepSize = 5, factor = 0.5, at t = 4: your rate is 0.6, expected 1.2");
 * assert.match(check.details[0], /one step early/);
 * ```
 */
export function checkStepDecay(
  implementation: Record<string, StepDecayFunction>,
  options: StepDecayCheckOptions = {},
): ExerciseCheck {
  const o = withDefaults("check the step decay", options, stepDecayDefaults);
  return checkImplementation(implementation, {
    reference: "stepDecay() in lib/optim/schedules.ts",
    cases: [stepDecayCase(o.lr0, o.stepSize, o.factor), stepDecayCase(0.1, 1, 0.9), stepDecayCase(2, 7, 0.3)],
    mistakes: stepDecayMistakes,
    tolerance: () => [1e-12, 1e-12],
    fallback: "ηₜ = η₀ · factor^⌊t/stepSize⌋, with t = 0 at the first update.",
  });
}

// ---------------------------------------------------------------- central difference (notebook 3)

/** A student's central difference: one slope per coordinate of `x`, leaving `x` as it was. */
export type CentralDifferenceFunction = (
  f: (x: Float64Array) => number,
  x: Float64Array,
  h: number,
) => ArrayLike<number>;

/** Options of {@linkcode checkCentralDifference}. */
export interface CentralDifferenceCheckOptions {
  /** The notebook's step h, used in the first case. @default {1e-4} */
  h?: number;
}

function gradientCase(
  label: string,
  f: (x: Float64Array) => number,
  x0: readonly number[],
  h: number,
): ImplementCase<CentralDifferenceFunction> {
  return {
    label,
    observe: (impl) => {
      const x = Float64Array.from(x0);
      const g = impl(f, x, h);
      return [{ at: "after the call", values: { gradient: Array.from(g ?? []), x: Array.from(x) } }];
    },
    expected: () => [{
      at: "after the call",
      values: { gradient: Array.from(numericalGradient(f, Float64Array.from(x0), h)), x: [...x0] },
    }],
  };
}

const nudged = (x: Float64Array, i: number, by: number) => {
  const p = Float64Array.from(x);
  p[i] += by;
  return p;
};
const eachCoordinate = (x: Float64Array, slope: (i: number) => number) => Float64Array.from(x, (_, i) => slope(i));

const centralMistakes: ImplementSpec<CentralDifferenceFunction>["mistakes"] = [
  {
    impl: (_f, x) => new Float64Array(x.length),
    diagnosis: "Your function returns zeros: the stub is not written yet.",
    stub: true,
  },
  {
    impl: (_f, x) => x,
    diagnosis: "You return the point x itself: return the slopes, one per coordinate.",
    stub: true,
  },
  {
    impl: (f, x, h) => eachCoordinate(x, (i) => (f(nudged(x, i, h)) - f(x)) / h),
    diagnosis:
      "This is the forward difference (f(x + h·eᵢ) − f(x))/h, whose error is about h·f''/2: step both ways, (f(x + h·eᵢ) − f(x − h·eᵢ))/(2h).",
  },
  {
    impl: (f, x, h) => eachCoordinate(x, (i) => (f(x) - f(nudged(x, i, -h))) / h),
    diagnosis:
      "This is the backward difference (f(x) − f(x − h·eᵢ))/h: step both ways, (f(x + h·eᵢ) − f(x − h·eᵢ))/(2h).",
  },
  {
    impl: (f, x, h) => eachCoordinate(x, (i) => (f(nudged(x, i, h)) - f(nudged(x, i, -h))) / h),
    diagnosis: "Your slopes are twice too large: x + h·eᵢ and x − h·eᵢ are 2h apart, so divide by 2h.",
  },
  {
    impl: (f, x, h) => eachCoordinate(x, (i) => ((f(nudged(x, i, h)) - f(nudged(x, i, -h))) / 2) * h),
    diagnosis: "`/ 2 * h` divides by 2 and then multiplies by h: write `/ (2 * h)`.",
  },
  {
    impl: (f, x, h) => eachCoordinate(x, (i) => f(nudged(x, i, h)) - f(nudged(x, i, -h)) / (2 * h)),
    diagnosis: "Mind the parentheses: (f(x + h·eᵢ) − f(x − h·eᵢ)) / (2h), the difference first.",
  },
  {
    impl: (f, x, h) => {
      const up = f(x.map((v) => v + h));
      const down = f(x.map((v) => v - h));
      return x.map(() => (up - down) / (2 * h));
    },
    diagnosis:
      "You nudge every coordinate at once: move one coordinate at a time, x + h·eᵢ, where eᵢ is 1 at i and 0 elsewhere.",
  },
  {
    impl: (f, x, h) =>
      eachCoordinate(x, (i) => {
        x[i] += h;
        const up = f(x);
        x[i] -= 2 * h;
        return (up - f(x)) / (2 * h);
      }),
    diagnosis:
      "Your function changes x (x[i] ends at x[i] − h): put x[i] back after the nudge, or nudge a copy (Float64Array.from(x)).",
  },
  {
    impl: (f, x, h) => {
      const g = new Float64Array(x.length);
      g[0] = (f(nudged(x, 0, h)) - f(nudged(x, 0, -h))) / (2 * h);
      return g;
    },
    diagnosis: "Only the first coordinate has a slope: loop over every coordinate i.",
  },
];

/** A smooth function of three coordinates whose every third derivative is non-zero. */
const cubic3 = (p: Float64Array) => p[0] ** 3 + p[0] * p[1] ** 2 - 2 * p[2] ** 2 + Math.sin(p[1] * p[2]);

/**
 * Checks a student's central difference, `(f, x, h) => slopes`, against
 * {@linkcode numericalGradient}: on x²/20 + y² at the course's start with the
 * notebook's h, on Rosenbrock, on a cubic in three coordinates at a seeded
 * random point, and on x² with a large h. It also checks that `x` is left as
 * it was. Forward and backward differences, dividing by h, nudging every
 * coordinate at once and a changed x are named.
 *
 * @param implementation The student's function, as `{ myCentralDifference }`.
 * @param options The notebook's h; see {@linkcode CentralDifferenceCheckOptions}.
 * @returns A displayable verdict.
 *
 * @example
 * ```ts
 * import { checkCentralDifference } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const forward = (f: (x: Float64Array) => number, x: Float64Array, h: number) =>
 *   x.map((_, i) => (f(x.map((v, j) => (j === i ? v + h : v))) - f(x)) / h);
 * const check = checkCentralDifference({ myGradient: forward }, { h: 1e-3 });
 * assert.equal(check.status, "failed");
 * assert.match(check.details[0], /forward difference/);
 * ```
 */
export function checkCentralDifference(
  implementation: Record<string, CentralDifferenceFunction>,
  options: CentralDifferenceCheckOptions = {},
): ExerciseCheck {
  const o = withDefaults("check the central difference", options, { h: 1e-4 });
  const h = positive("check the central difference", "h", o.h);
  const point = randomNumbers(3, 3, -2, 2).map((v) => Number(v.toFixed(3)));
  return checkImplementation(implementation, {
    reference: "numericalGradient() in lib/landscape/gradient.ts",
    cases: [
      gradientCase(`x²/20 + y² at (−7, 2), h = ${h}`, course.f, course.start, h),
      gradientCase("Rosenbrock at (−1.5, 2), h = 0.001", rosenbrock.f, [-1.5, 2], 1e-3),
      gradientCase(`a cubic in 3 coordinates at (${point.join(", ")}), h = 0.01`, cubic3, point, 1e-2),
      gradientCase("x² at 5, h = 0.5", (p) => p[0] ** 2, [5], 0.5),
    ],
    mistakes: centralMistakes,
    tolerance: () => [1e-7, 1e-7],
    fallback: "slope i = (f(x + h·eᵢ) − f(x − h·eᵢ)) / (2h), one coordinate at a time, x left as it was.",
  });
}

// ---------------------------------------------------------------- AdaGrad (notebook 4)

/** A student's AdaGrad step: changes `W` and `h` in place, returns nothing. */
export type AdaGradStepFunction = (W: Float64Array, h: Float64Array, g: Float64Array, lr: number, eps: number) => void;

/** Options of {@linkcode checkAdaGradStep}. */
export interface AdaGradStepCheckOptions {
  /** η of the run from the course's start (the notebook's knob). @default {1.5} */
  lr?: number;
}

interface StepCase {
  label: string;
  /** The start point. */
  W: readonly number[];
  /** Where each entry of the state starts (AdaGrad's h; Adam's m and v start at 0). */
  h0?: number;
  /** The gradient of each step; `"course"` for the course's gradient at the current point. */
  grads: readonly (readonly number[])[] | { course: number };
  lr: number;
  eps: number;
}

const gradsOf = (c: StepCase, W: Float64Array, k: number) =>
  Array.isArray(c.grads) ? Float64Array.from(c.grads[k]) : course.gradient(W);
const stepsOf = (c: StepCase) => Array.isArray(c.grads) ? c.grads.length : (c.grads as { course: number }).course;

function adaGradCase(c: StepCase): ImplementCase<AdaGradStepFunction> {
  return {
    label: c.label,
    observe: (impl) => {
      const W = Float64Array.from(c.W);
      const h = new Float64Array(W.length).fill(c.h0 ?? 0);
      return Array.from({ length: stepsOf(c) }, (_, k) => {
        impl(W, h, gradsOf(c, W, k), c.lr, c.eps);
        return { at: `after step ${k + 1}`, values: { h: Array.from(h), W: Array.from(W) } };
      });
    },
    expected: () => {
      const W = Float64Array.from(c.W);
      const opt = new AdaGrad({ lr: c.lr, eps: c.eps, initialAccumulator: c.h0 ?? 0 });
      return Array.from({ length: stepsOf(c) }, (_, k) => {
        opt.update(W, gradsOf(c, W, k));
        return { at: `after step ${k + 1}`, values: { h: Array.from(opt.h), W: Array.from(W) } };
      });
    },
  };
}

/** One AdaGrad step written with a changed line, for the mistakes below. */
const adaGradVariant = (
  line: (W: Float64Array, h: Float64Array, g: Float64Array, i: number, lr: number, eps: number) => void,
): AdaGradStepFunction =>
(W, h, g, lr, eps) => {
  for (let i = 0; i < W.length; i++) line(W, h, g, i, lr, eps);
};

const adaGradMistakes: ImplementSpec<AdaGradStepFunction>["mistakes"] = [
  {
    impl: () => {},
    diagnosis:
      "W and h did not change: write the new values into W[i] and h[i] (in place; a new array would leave the caller's unchanged).",
    stub: true,
  },
  {
    impl: adaGradVariant((W, _h, g, i, lr, eps) => (W[i] -= lr * g[i] / eps)),
    diagnosis:
      "Your h stays 0, so every step divides by ε alone: h ← h + g⊙g is missing, the very line the blog's printed code lacks.",
  },
  {
    impl: adaGradVariant((W, h, g, i, lr, eps) => (W[i] -= lr * g[i] / Math.sqrt(h[i] + eps))),
    diagnosis:
      "Your h stays 0, so every step divides by √ε alone: h ← h + g⊙g is missing, the very line the blog's printed code lacks.",
  },
  {
    impl: adaGradVariant((W, h, g, i, lr, eps) => {
      h[i] = g[i] * g[i];
      W[i] -= lr * g[i] / (Math.sqrt(h[i]) + eps);
    }),
    diagnosis:
      "Is h accumulated across steps? h ← h + g⊙g adds this step's squares to all the earlier ones (h[i] +=, not h[i] =).",
  },
  {
    impl: adaGradVariant((W, h, g, i, lr, eps) => {
      h[i] += g[i];
      W[i] -= lr * g[i] / (Math.sqrt(Math.abs(h[i])) + eps);
    }),
    diagnosis: "h adds the squared gradient, g·g, not g itself.",
  },
  {
    impl: adaGradVariant((W, h, g, i, lr, eps) => {
      W[i] -= lr * g[i] / (Math.sqrt(h[i]) + eps);
      h[i] += g[i] * g[i];
    }),
    diagnosis:
      "W moved with the old h: update h first, then W. (On the first step the old h is 0 and the step is η·g/ε, enormous.)",
  },
  {
    impl: adaGradVariant((W, h, g, i, lr, eps) => {
      h[i] += g[i] * g[i];
      W[i] -= lr * g[i] / Math.sqrt(h[i] + eps);
    }),
    diagnosis:
      "You divide by √(h + ε), the blog's and Keras's convention; the book and lib/ add ε outside the root: √h + ε. (It shows only for tiny gradients.)",
  },
  {
    impl: adaGradVariant((W, h, g, i, lr) => {
      h[i] += g[i] * g[i];
      W[i] -= lr * g[i] / Math.sqrt(h[i]);
    }),
    diagnosis: "W became NaN where g and h are both 0 (0/0): add ε to the denominator, √h + ε.",
  },
  {
    impl: adaGradVariant((W, h, g, i, lr, eps) => {
      h[i] += g[i] * g[i];
      W[i] -= lr * g[i] / (h[i] + eps);
    }),
    diagnosis: "Divide by the square root of h, √h + ε (Math.sqrt), not by h.",
  },
  {
    impl: adaGradVariant((W, h, g, i, lr, eps) => {
      h[i] += g[i] * g[i];
      W[i] += lr * g[i] / (Math.sqrt(h[i]) + eps);
    }),
    diagnosis: "W moved uphill: subtract the step, W ← W − η·g/(√h + ε).",
  },
  {
    impl: adaGradVariant((W, h, g, i, _lr, eps) => {
      h[i] += g[i] * g[i];
      W[i] -= g[i] / (Math.sqrt(h[i]) + eps);
    }),
    diagnosis: "Your steps are not scaled by η: W ← W − η·g/(√h + ε).",
  },
];

/**
 * Checks a student's AdaGrad step, `(W, h, g, lr, eps) => void` changing W
 * and h in place, against {@linkcode AdaGrad}: five steps from the course's
 * start with the notebook's η, four steps on four seeded random parameters,
 * tiny gradients (where ε's place shows), a zero gradient (where ε keeps the
 * division finite), and h starting at 0.1. Reports the first difference in h
 * or W and names the usual mistakes: h not accumulated, h updated after W,
 * ε inside the root or missing, no square root, the blog's missing line.
 *
 * @param implementation The student's function, as `{ myAdaGradStep }`.
 * @param options The notebook's η; see {@linkcode AdaGradStepCheckOptions}.
 * @returns A displayable verdict.
 *
 * @example h not accumulated
 * ```ts
 * import { checkAdaGradStep } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * function myAdaGradStep(W: Float64Array, h: Float64Array, g: Float64Array, lr: number, eps: number) {
 *   for (let i = 0; i < W.length; i++) {
 *     h[i] = g[i] * g[i];
 *     W[i] -= lr * g[i] / (Math.sqrt(h[i]) + eps);
 *   }
 * }
 * const check = checkAdaGradStep({ myAdaGradStep });
 * assert.equal(
 *   check.message,
 *   "myAdaGradStep: on the course's start (−7, 2) with η = 1.5, after step 2: your h is (0.3025, 1), expected (0.7925, 17)",
 * );
 * assert.match(check.details[0], /^Is h accumulated across steps\?/);
 * ```
 */
export function checkAdaGradStep(
  implementation: Record<string, AdaGradStepFunction>,
  options: AdaGradStepCheckOptions = {},
): ExerciseCheck {
  const o = withDefaults("check the AdaGrad step", options, { lr: 1.5 });
  const lr = positive("check the AdaGrad step", "lr", o.lr);
  const random = randomNumbers(4, 4 * 5, -3, 3);
  const cases: StepCase[] = [
    { label: `the course's start (−7, 2) with η = ${lr}`, W: course.start, grads: { course: 5 }, lr, eps: 1e-7 },
    {
      label: "4 random parameters and gradients, η = 0.3",
      W: random.slice(0, 4),
      grads: [4, 8, 12, 16].map((k) => random.slice(k, k + 4)),
      lr: 0.3,
      eps: 1e-7,
    },
    { label: "tiny gradients (1e-4), η = 0.1", W: [1, -1], grads: [[1e-4, -1e-4], [2e-4, 1e-4]], lr: 0.1, eps: 1e-7 },
    { label: "a zero gradient, η = 0.5", W: [0.5, 2], grads: [[0, 1], [0.5, 0]], lr: 0.5, eps: 1e-7 },
    {
      label: "h starting at 0.1 (as in TF.js), η = 0.5",
      W: [2, 3],
      h0: 0.1,
      grads: [[1, -2], [0.5, 0.5]],
      lr: 0.5,
      eps: 1e-7,
    },
  ];
  return checkImplementation(implementation, {
    reference: "AdaGrad in lib/optim/adagrad.ts",
    cases: cases.map(adaGradCase),
    mistakes: adaGradMistakes,
    tolerance: () => [1e-10, 1e-9],
    fallback: "for each i: h[i] += g[i]·g[i], then W[i] −= η·g[i]/(√h[i] + ε).",
  });
}

// ---------------------------------------------------------------- Adam (notebook 6)

/** Adam's settings, as the student's step receives them. */
export interface AdamSettings {
  /** The learning rate η. */
  lr: number;
  /** β₁, the decay of m. */
  beta1: number;
  /** β₂, the decay of v. */
  beta2: number;
  /** ε in the denominator. */
  eps: number;
}

/** A student's Adam step: changes `W`, `m` and `v` in place; `t` counts updates from 1. */
export type AdamStepFunction = (
  W: Float64Array,
  m: Float64Array,
  v: Float64Array,
  g: Float64Array,
  t: number,
  settings: AdamSettings,
) => void;

/** Options of {@linkcode checkAdamStep}: the notebook's knobs, used in the run from the course's start. */
export interface AdamStepCheckOptions {
  /** η. @default {0.3} */
  lr?: number;
  /** β₁. @default {0.9} */
  beta1?: number;
  /** β₂. @default {0.999} */
  beta2?: number;
}

function adamCase(c: StepCase & { beta1: number; beta2: number }): ImplementCase<AdamStepFunction> {
  const settings = { lr: c.lr, beta1: c.beta1, beta2: c.beta2, eps: c.eps };
  return {
    label: c.label,
    observe: (impl) => {
      const W = Float64Array.from(c.W);
      const m = new Float64Array(W.length);
      const v = new Float64Array(W.length);
      return Array.from({ length: stepsOf(c) }, (_, k) => {
        impl(W, m, v, gradsOf(c, W, k), k + 1, { ...settings });
        return { at: `after step ${k + 1}`, values: { m: Array.from(m), v: Array.from(v), W: Array.from(W) } };
      });
    },
    expected: () => {
      const W = Float64Array.from(c.W);
      const opt = new Adam(settings);
      return Array.from({ length: stepsOf(c) }, (_, k) => {
        opt.update(W, gradsOf(c, W, k));
        return { at: `after step ${k + 1}`, values: { m: Array.from(opt.m), v: Array.from(opt.v), W: Array.from(W) } };
      });
    },
  };
}

interface AdamParts {
  m: (m: number, g: number, b1: number) => number;
  v: (v: number, g: number, b2: number) => number;
  /** The bias corrections' powers of t. */
  tm: (t: number) => number;
  tv: (t: number) => number;
  /** The step from m̂ and v̂. */
  step: (mHat: number, vHat: number, lr: number, eps: number) => number;
  /** Whether W moves before m and v are updated. */
  wFirst: boolean;
}

const adamParts: AdamParts = {
  m: (m, g, b1) => b1 * m + (1 - b1) * g,
  v: (v, g, b2) => b2 * v + (1 - b2) * g * g,
  tm: (t) => t,
  tv: (t) => t,
  step: (mHat, vHat, lr, eps) => lr * mHat / (Math.sqrt(vHat) + eps),
  wFirst: false,
};

/** Adam in the paper's form with some parts changed, for the mistakes below. */
const adamVariant = (changed: Partial<AdamParts>, bias = { m: true, v: true }): AdamStepFunction => {
  const p = { ...adamParts, ...changed };
  return (W, m, v, g, t, { lr, beta1, beta2, eps }) => {
    for (let i = 0; i < W.length; i++) {
      const move = () => {
        const mHat = bias.m ? m[i] / (1 - beta1 ** p.tm(t)) : m[i];
        const vHat = bias.v ? v[i] / (1 - beta2 ** p.tv(t)) : v[i];
        W[i] -= p.step(mHat, vHat, lr, eps);
      };
      if (p.wFirst) move();
      m[i] = p.m(m[i], g[i], beta1);
      v[i] = p.v(v[i], g[i], beta2);
      if (!p.wFirst) move();
    }
  };
};

const adamMistakes: ImplementSpec<AdamStepFunction>["mistakes"] = [
  {
    impl: () => {},
    diagnosis: "W, m and v did not change: write the new values into W[i], m[i] and v[i] (in place).",
    stub: true,
  },
  {
    impl: adamVariant({ m: (m, g, b1) => b1 * m + g }),
    diagnosis:
      "Your m is too large: is it m ← β₁m + (1 − β₁)g? Without (1 − β₁) it grows to 1/(1 − β₁) times the gradient.",
  },
  {
    impl: adamVariant({ v: (v, g, b2) => b2 * v + g * g }),
    diagnosis: "Your v is too large: is it v ← β₂v + (1 − β₂)g⊙g? Without (1 − β₂) it grows to 1/(1 − β₂) times g².",
  },
  {
    impl: adamVariant({ v: (v, g, b2) => b2 * v + (1 - b2) * g }),
    diagnosis: "v averages the squared gradient, g·g, not g.",
  },
  {
    impl: adamVariant({}, { m: false, v: false }),
    diagnosis:
      "Your first steps are off because m and v start at 0: divide m by 1 − β₁ᵗ and v by 1 − β₂ᵗ (the bias correction, the ηₜ of the notebook).",
  },
  {
    impl: adamVariant({}, { m: true, v: false }),
    diagnosis: "You correct m but not v: divide v by 1 − β₂ᵗ too (in ηₜ that is the √(1 − β₂ᵗ)).",
  },
  {
    impl: adamVariant({ tm: (t) => t + 1, tv: (t) => t + 1 }),
    diagnosis:
      "Your bias correction uses t + 1: t already counts updates from 1 (the first call gets t = 1), so use βᵗ.",
  },
  {
    impl: adamVariant({ tm: (t) => t - 1, tv: (t) => t - 1 }),
    diagnosis:
      "Your bias correction uses t − 1, and 1 − β⁰ = 0 divides by zero on the first step: the first call gets t = 1, so use βᵗ.",
  },
  {
    impl: adamVariant({ step: (mHat, vHat, lr, eps) => lr * mHat / Math.sqrt(vHat + eps) }),
    diagnosis: "You divide by √(v̂ + ε): ε goes outside the root, √v̂ + ε (it shows only for tiny gradients).",
  },
  {
    impl: adamVariant({ step: (mHat, vHat, lr, eps) => lr * mHat / (vHat + eps) }),
    diagnosis: "Divide by the square root of v, √v̂ + ε (Math.sqrt), not by v.",
  },
  {
    impl: adamVariant({ wFirst: true }),
    diagnosis:
      "W moved with the old m and v: update m and v first, then W (on the first step the old m is 0 and W stays).",
  },
  {
    impl: adamVariant({ step: (mHat, vHat, lr, eps) => -lr * mHat / (Math.sqrt(vHat) + eps) }),
    diagnosis: "W moved uphill: subtract the step, W ← W − ηₜ·m/(√v + ε).",
  },
];

/**
 * Checks a student's Adam step, `(W, m, v, g, t, { lr, beta1, beta2, eps })`
 * changing W, m and v in place with `t` counted from 1, against
 * {@linkcode Adam}: five steps from the course's start with the notebook's
 * knobs, four steps on three seeded random parameters with other βs, tiny
 * gradients (where ε's place shows) and a zero gradient. Both the book's form
 * (ηₜ folded into the rate) and the paper's (m̂ and v̂) pass: they differ only
 * in how ε is scaled. The usual mistakes are named: a forgotten (1 − β),
 * no bias correction or t off by one, ε inside the root, W before m and v.
 *
 * @param implementation The student's function, as `{ myAdamStep }`.
 * @param options The notebook's knobs; see {@linkcode AdamStepCheckOptions}.
 * @returns A displayable verdict.
 *
 * @example
 * ```ts
 * import { type AdamSettings, checkAdamStep } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * function myAdamStep(W: Float64Array, m: Float64Array, v: Float64Array, g: Float64Array, t: number, s: AdamSettings) {
 *   for (let i = 0; i < W.length; i++) {
 *     m[i] = s.beta1 * m[i] + (1 - s.beta1) * g[i];
 *     v[i] = s.beta2 * v[i] + (1 - s.beta2) * g[i] * g[i];
 *     const mHat = m[i] / (1 - s.beta1 ** t);
 *     const vHat = v[i] / (1 - s.beta2 ** t);
 *     W[i] -= s.lr * mHat / (Math.sqrt(vHat) + s.eps);
 *   }
 * }
 * assert.equal(checkAdamStep({ myAdamStep }).status, "passed");
 * ```
 */
export function checkAdamStep(
  implementation: Record<string, AdamStepFunction>,
  options: AdamStepCheckOptions = {},
): ExerciseCheck {
  const action = "check the Adam step";
  const o = withDefaults(action, options, { lr: 0.3, beta1: 0.9, beta2: 0.999 });
  const lr = positive(action, "lr", o.lr);
  const beta1 = unitInterval(action, "beta1", o.beta1);
  const beta2 = unitInterval(action, "beta2", o.beta2);
  const random = randomNumbers(6, 3 * 5, -3, 3);
  const cases = [
    {
      label: `the course's start (−7, 2) with η = ${lr}, β₁ = ${beta1}, β₂ = ${beta2}`,
      W: course.start,
      grads: { course: 5 },
      lr,
      beta1,
      beta2,
      eps: 1e-7,
    },
    {
      label: "3 random parameters and gradients, η = 0.1, β₁ = 0.8, β₂ = 0.95",
      W: random.slice(0, 3),
      grads: [3, 6, 9, 12].map((k) => random.slice(k, k + 3)),
      lr: 0.1,
      beta1: 0.8,
      beta2: 0.95,
      eps: 1e-7,
    },
    {
      label: "tiny gradients (1e-3), η = 0.1",
      W: [0, 0],
      grads: [[1e-3, -1e-3], [1e-3, 2e-3]],
      lr: 0.1,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-7,
    },
    {
      label: "a zero gradient, η = 0.1",
      W: [1, 1],
      grads: [[0, 1], [0, 0.5]],
      lr: 0.1,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-7,
    },
  ];
  return checkImplementation(implementation, {
    reference: "Adam in lib/optim/adam.ts",
    cases: cases.map(adamCase),
    mistakes: adamMistakes,
    // The book's form and the paper's differ in ε's scale only: W may differ by 0.3% on tiny gradients (ε inside the root makes 5%), and m and v
    // with it where the gradient depends on W.
    tolerance: () => [1e-9, 5e-3],
    fallback:
      "m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g⊙g, then W ← W − η·m̂/(√v̂ + ε) with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ).",
  });
}

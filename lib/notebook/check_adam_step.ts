/**
 * The implement-it exercise of notebook 5: one Adam step, checked by {@linkcode checkAdamStep}.
 *
 * Like every implement-it check, it runs the student's function beside `lib/` on the course's start, seeded random
 * inputs and edge cases, and knows the usual mistakes by their numbers.
 *
 * @module
 */
import { positive, unitInterval, withDefaults } from "../validate.ts";
import { course } from "../landscape/test_functions.ts";
import { Adam } from "../optim/adam.ts";
import { gradsOf, randomNumbers, type StepCase, stepsOf } from "./_cases.ts";
import type { ExerciseCheck } from "./_verdict.ts";
import { checkImplementation, type ImplementCase, type ImplementSpec } from "./implement.ts";

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

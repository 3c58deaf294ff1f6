/**
 * The implement-it exercise of notebook 3: one AdaGrad step, checked by {@linkcode checkAdaGradStep}.
 *
 * Like every implement-it check, it runs the student's function beside `lib/` on the course's start, seeded random
 * inputs and edge cases, and knows the usual mistakes by their numbers.
 *
 * @module
 */
import { positive, withDefaults } from "../validate.ts";
import { course } from "../landscape/test_functions.ts";
import { AdaGrad } from "../optim/adagrad.ts";
import { gradsOf, randomNumbers, type StepCase, stepsOf } from "./_cases.ts";
import type { ExerciseCheck } from "./_verdict.ts";
import { checkImplementation, type ImplementCase, type ImplementSpec } from "./implement.ts";

/** A student's AdaGrad step: changes `W` and `h` in place, returns nothing. */
export type AdaGradStepFunction = (W: Float64Array, h: Float64Array, g: Float64Array, lr: number, eps: number) => void;

/** Options of {@linkcode checkAdaGradStep}. */
export interface AdaGradStepCheckOptions {
  /** η of the run from the course's start (the notebook's knob). @default {1.5} */
  lr?: number;
}

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

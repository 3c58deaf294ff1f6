/**
 * The implement-it exercise of notebook 2: step decay, checked by {@linkcode checkStepDecay}.
 *
 * Like every implement-it check, it runs the student's function beside `lib/` on the course's start, seeded random
 * inputs and edge cases, and knows the usual mistakes by their numbers.
 *
 * @module
 */
import { type Defaults, withDefaults } from "../validate.ts";
import { stepDecay } from "../optim/schedules.ts";
import type { ExerciseCheck } from "./_verdict.ts";
import { checkImplementation, type ImplementCase, type ImplementSpec, type Observation } from "./implement.ts";

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

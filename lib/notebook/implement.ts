/**
 * Implement it: a student writes a function in a cell, and
 * {@linkcode checkImplementation} runs it on several cases beside `lib/`,
 * then explains the first difference it finds, naming the mistake when the
 * student's numbers are exactly those of a known wrong version.
 *
 * The four exercises of the course (`checkStepDecay`, `checkCentralDifference`,
 * `checkAdaGradStep`, `checkAdamStep`) are specs for this one engine.
 *
 * @module
 */
import { formatValue } from "../validate.ts";
import { type ExerciseCheck, formatApart, remember, verdict as render } from "./_verdict.ts";

/** What a case records at one moment: named lists of numbers, compared in the order given. */
export interface Observation {
  /** When, in words: `"after step 2"`, `"at t = 4"`. */
  at: string;
  /** What was seen, by name: `{ h: [0.49, 16], W: [-5.5, 0.5] }`. */
  values: Readonly<Record<string, readonly number[]>>;
}

/** One input on which a student's function is run beside the reference. */
export interface ImplementCase<F> {
  /** The input, in words: `"from the course's start (−7, 2) with η = 1.5"`. */
  label: string;
  /** Runs a function of the student's signature on this input and records what it did. */
  observe: (impl: F) => Observation[];
  /** The same record, made with `lib/`. */
  expected: () => Observation[];
}

/** A plausible wrong version, and what to tell a student whose numbers are exactly its numbers. */
export interface Mistake<F> {
  /** The wrong version, with the student's signature. */
  impl: F;
  /** What it gets wrong, as a question or a pointer. */
  diagnosis: string;
  /** Whether this is what a stub does (nothing, zeros, its input back): the summary counts it as not answered. */
  stub?: boolean;
}

/** Everything {@linkcode checkImplementation} needs to judge one exercise. */
export interface ImplementSpec<F> {
  /** Where the reference lives, for the message: `"lib/optim/adagrad.ts"`. */
  reference: string;
  /** The inputs: random (seeded), edge cases, the course's start. */
  cases: readonly ImplementCase<F>[];
  /** Known wrong versions, tried in order when a difference is found. */
  mistakes: readonly Mistake<F>[];
  /** The largest difference that still counts as equal, by observation name: `[absolute, relative]`. */
  tolerance: (name: string) => readonly [number, number];
  /** The hint when no known mistake explains the difference. */
  fallback: string;
}

/**
 * Runs a student's function on every case of `spec` beside the reference.
 * All cases agree: passed. Otherwise the first difference is reported ("from
 * (−7, 2), after step 2: your h is (0.3025, 1), expected (0.7925, 17)"),
 * followed by the diagnosis of the first known mistake that reproduces all of
 * the student's numbers on every case, or by the spec's fallback hint.
 *
 * @param implementation The student's function, as `{ myFunction }`.
 * @param spec The exercise; see {@linkcode ImplementSpec}.
 * @returns A displayable verdict with its `status`.
 *
 * @example A one-line exercise: double a number
 * ```ts
 * import { checkImplementation, type ImplementSpec } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * type Double = (x: number) => number;
 * const spec: ImplementSpec<Double> = {
 *   reference: "2·x",
 *   cases: [1, -3, 0.5].map((x) => ({
 *     label: `x = ${x}`,
 *     observe: (f: Double) => [{ at: "after the call", values: { result: [f(x)] } }],
 *     expected: () => [{ at: "after the call", values: { result: [2 * x] } }],
 *   })),
 *   mistakes: [{ impl: (x) => x * x, diagnosis: "you square x: double it" }],
 *   tolerance: () => [1e-12, 0],
 *   fallback: "return 2 * x",
 * };
 * assert.equal(checkImplementation({ myDouble: (x: number) => x + x }, spec).status, "passed");
 * const wrong = checkImplementation({ myDouble: (x: number) => x * x }, spec);
 * assert.equal(wrong.message, "myDouble: on x = 1, after the call: your result is 1, expected 2");
 * assert.deepEqual(wrong.details, ["you square x: double it"]);
 * ```
 */
export function checkImplementation<F>(implementation: Record<string, F>, spec: ImplementSpec<F>): ExerciseCheck {
  if (implementation === null || typeof implementation !== "object" || Object.keys(implementation).length !== 1) {
    throw new TypeError(
      `Cannot check the implementation as it must be one function in braces, such as { myFunction }: current value is ${
        formatValue(implementation)
      }`,
    );
  }
  const [[name, impl]] = Object.entries(implementation);
  const verdict = (...args: Parameters<typeof render>) => remember(name, render(...args));
  if (typeof impl !== "function") {
    return verdict("failed", `${name} must be a function: current value is ${formatValue(impl)}`);
  }
  for (const c of spec.cases) {
    const expected = c.expected();
    let seen: Observation[];
    try {
      seen = c.observe(impl);
    } catch (error) {
      const what = error instanceof Error ? `${error.name}: ${error.message}` : formatValue(error);
      return verdict("failed", `${name}: on ${c.label}, your function threw ${what}`, [`Hint: ${spec.fallback}`]);
    }
    for (const [i, want] of expected.entries()) {
      const got = seen[i];
      const key = Object.keys(want.values).find((k) => !agrees(got?.values[k], want.values[k], spec.tolerance(k)));
      if (key === undefined) continue;
      const mine = got?.values[key] ?? [];
      const [a, b] = formatApart(mine, want.values[key]);
      const shown = mine.length === want.values[key].length ? a : `${a} (${mine.length} numbers)`;
      const message = `${name}: on ${c.label}, ${want.at}: your ${key} is ${shown}, expected ${b}`;
      // A mistake explains the difference if it reproduces everything the student's function did, on every case.
      const known = spec.mistakes.find((m) => spec.cases.every((other) => sameRecord(other, impl, m.impl, spec)));
      const check = render("failed", message, [known ? known.diagnosis : `Hint: ${spec.fallback}`]);
      return known?.stub ? (remember(name, { ...check, status: "unanswered" }), check) : remember(name, check);
    }
  }
  return verdict("passed", `${name} agrees with ${spec.reference} on ${spec.cases.length} cases`, [
    `Cases: ${spec.cases.map((c) => c.label).join("; ")}.`,
  ]);
}

/** Whether two functions leave the same record on a case (false if either throws). */
function sameRecord<F>(c: ImplementCase<F>, f: F, g: F, spec: ImplementSpec<F>): boolean {
  try {
    const [a, b] = [c.observe(f), c.observe(g)];
    return a.length === b.length &&
      a.every((obs, j) =>
        Object.keys(obs.values).every((k) => agrees(obs.values[k], b[j].values[k], spec.tolerance(k), true))
      );
  } catch {
    return false;
  }
}

/** Whether two lists agree within `[abs, rel]`; with `sameFailures`, NaN and ±Infinity match themselves. */
function agrees(
  got: readonly number[] | undefined,
  want: readonly number[] | undefined,
  [abs, rel]: readonly [number, number],
  sameFailures = false,
): boolean {
  if (!got || !want || got.length !== want.length) return false;
  return got.every((g, i) => {
    const w = want[i];
    if (typeof g !== "number") return false;
    if (sameFailures && !Number.isFinite(g)) return Object.is(g, w);
    return Math.abs(g - w) <= Math.max(abs, rel * Math.abs(w));
  });
}

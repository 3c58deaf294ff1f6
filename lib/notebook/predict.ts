/**
 * Predict, then check: a student writes a prediction into a variable, and
 * {@linkcode predict} judges it against what the notebook computed.
 *
 * @module
 */
import { type Defaults, formatValue, withDefaults } from "../validate.ts";
import { type ExerciseCheck, formatNumbers, isGraded, remember, verdict as render } from "./_verdict.ts";

export type { ExerciseCheck, ExerciseStatus } from "./_verdict.ts";

/** A right answer: a number, several numbers, yes or no, or one word out of a few. */
export type Answer = number | readonly number[] | boolean | string;

/** Options of {@linkcode predict}. */
export interface PredictOptions {
  /** The right answer, computed by the notebook from its own runs (so it follows the knobs). */
  expected: Answer;
  /** How far a number may be from `expected` and still count. @default {0} */
  tolerance?: number;
  /** The same, as a fraction of |expected|; a number counts if it is within either. @default {0} */
  relTolerance?: number;
  /** For a word answer: the words that are well-formed answers (compared without case). @default {undefined} */
  choices?: readonly string[];
  /** What to think about, shown under a wrong answer. @default {""} */
  hint?: string;
  /** Why the answer is what it is, shown only after a right answer or with `reveal`. @default {""} */
  explanation?: string;
  /**
   * Show the answer and the explanation whatever was written (the notebook's `showAnswers`); ignored in a graded
   * notebook (after `gradeExercises()`), where the switch would hand the answers to the student being graded.
   * @default {false}
   */
  reveal?: boolean;
}

const predictDefaults = {
  tolerance: 0,
  relTolerance: 0,
  choices: undefined,
  hint: "",
  explanation: "",
  reveal: false,
} satisfies Defaults<Omit<PredictOptions, "expected">>;

/**
 * Judges a student's prediction. The prediction comes in as a one-entry
 * object, `{ myPrediction }`, so the check can name the variable. While it is
 * `undefined` the check says "not answered yet" (neutral, not a failure); a
 * wrong answer gets the hint, never the answer; a right one gets the
 * explanation. With `reveal`, the answer and the explanation are shown
 * whatever was written.
 *
 * @param prediction The student's variable, as `{ name: value }`.
 * @param options The right answer and what to say; see {@linkcode PredictOptions}.
 * @returns A displayable verdict with its `status`.
 *
 * @example
 * ```ts
 * import { predict } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const options = { expected: 1151, tolerance: 1, hint: "Solve (1 − η/10)ᵗ < 0.1 for t." };
 * assert.equal(predict({ mySteps: undefined }, options).status, "unanswered");
 * assert.equal(predict({ mySteps: 900 }, options).status, "failed");
 * assert.equal(predict({ mySteps: 1150 }, options).status, "passed");
 * assert.equal(
 *   predict({ mySteps: 900 }, options).bundle["text/plain"],
 *   "✘ Self-check failed: mySteps = 900 is not it\n  Hint: Solve (1 − η/10)ᵗ < 0.1 for t.",
 * );
 * ```
 */
export function predict(prediction: Record<string, unknown>, options: PredictOptions): ExerciseCheck {
  const action = "check the prediction";
  if (prediction === null || typeof prediction !== "object" || Object.keys(prediction).length !== 1) {
    throw new TypeError(
      `Cannot ${action} as 'prediction' must be one variable in braces, such as { myPrediction }: current value is ${
        formatValue(prediction)
      }`,
    );
  }
  if (options === null || typeof options !== "object" || !("expected" in options)) {
    throw new TypeError(
      `Cannot ${action} as the options must give 'expected': current value is ${formatValue(options)}`,
    );
  }
  const { expected, ...rest } = options;
  const o = withDefaults(action, rest, predictDefaults);
  const [[name, answer]] = Object.entries(prediction);
  const verdict = (...args: Parameters<typeof render>) => remember(name, render(...args));
  const describe = describeExpected(action, expected, o.choices);
  const shown = `${name} = ${show(answer)}`;
  const answerLine = `The answer: ${showAnswer(expected)}.`;
  const explain = o.explanation ? [o.explanation] : [];
  const hint = o.hint ? [`Hint: ${o.hint}`] : [];
  const reveal = o.reveal && !isGraded(); // a graded notebook shows no answer: see gradeExercises()
  const revealed = reveal ? [answerLine, ...explain] : [];
  if (answer === undefined) {
    return verdict("unanswered", `write your prediction in ${name} (${describe}), then run this cell again`, revealed);
  }
  const problem = malformed(answer, expected, o.choices);
  if (problem) return verdict("failed", `${name} ${problem}: current value is ${formatValue(answer)}`, revealed);
  if (matches(answer as Answer, expected, o.tolerance, o.relTolerance)) {
    const close = typeof expected === "number" && answer !== expected ? ` (computed: ${showAnswer(expected)})` : "";
    return verdict("passed", `${shown}${close}`, explain);
  }
  return verdict("failed", `${shown} is not it`, reveal ? [...hint, ...revealed] : hint);
}

function show(value: unknown): string {
  if (typeof value === "number") return formatNumbers([value]);
  if (Array.isArray(value) && value.every((v) => typeof v === "number")) return `[${value.join(", ")}]`;
  return formatValue(value);
}

function showAnswer(expected: Answer): string {
  if (typeof expected === "number") return formatNumbers([expected]);
  if (typeof expected === "string") return JSON.stringify(expected);
  if (typeof expected === "boolean") return String(expected);
  return `[${expected.map((v) => formatNumbers([v])).join(", ")}]`;
}

function describeExpected(action: string, expected: unknown, choices: readonly string[] | undefined): string {
  if (typeof expected === "number") {
    if (!Number.isFinite(expected)) {
      throw new RangeError(`Cannot ${action} as 'expected' must be finite: current value is ${formatValue(expected)}`);
    }
    return "a number";
  }
  if (typeof expected === "boolean") return "true or false";
  if (typeof expected === "string") {
    if (!choices || !choices.some((c) => same(c, expected))) {
      throw new RangeError(
        `Cannot ${action} as 'choices' must list the expected word ${JSON.stringify(expected)}: current value is ${
          formatValue(choices)
        }`,
      );
    }
    return `one of ${choices.map((c) => JSON.stringify(c)).join(", ")}`;
  }
  if (Array.isArray(expected) && expected.length > 0 && expected.every(Number.isFinite)) {
    return `a list of ${expected.length} numbers in brackets`;
  }
  throw new TypeError(
    `Cannot ${action} as 'expected' must be a number, a list of numbers, true or false, or a word: current value is ${
      formatValue(expected)
    }`,
  );
}

function malformed(answer: unknown, expected: Answer, choices: readonly string[] | undefined): string | undefined {
  if (typeof expected === "number") {
    return typeof answer === "number" && !Number.isNaN(answer) ? undefined : "must be a number";
  }
  if (typeof expected === "boolean") return typeof answer === "boolean" ? undefined : "must be true or false";
  if (typeof expected === "string") {
    const ok = typeof answer === "string" && choices!.some((c) => same(c, answer));
    return ok ? undefined : `must be one of ${choices!.map((c) => JSON.stringify(c)).join(", ")}`;
  }
  const ok = Array.isArray(answer) && answer.length === expected.length && answer.every((v) => typeof v === "number");
  return ok ? undefined : `must be a list of ${expected.length} numbers`;
}

function matches(answer: Answer, expected: Answer, tolerance: number, relTolerance: number): boolean {
  const close = (a: number, e: number) => Math.abs(a - e) <= Math.max(tolerance, relTolerance * Math.abs(e));
  if (typeof expected === "number") return close(answer as number, expected);
  if (typeof expected === "string") return same(answer as string, expected);
  if (typeof expected === "boolean") return answer === expected;
  return expected.every((e, i) => close((answer as readonly number[])[i], e));
}

function same(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

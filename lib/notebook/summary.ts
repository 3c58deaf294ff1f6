/**
 * One line at the end of a notebook: which exercises are answered, and which
 * passed, as their checks said when they last ran in this kernel.
 *
 * @module
 */
import { escapeHtml } from "../_html.ts";
import { formatValue } from "../validate.ts";
import { displayBundle, type Shown } from "./_shown.ts";
import { type ExerciseStatus, lastVerdict } from "./_verdict.ts";

/** The result of {@linkcode exerciseSummary}: shows itself, and counts. */
export interface ExerciseSummary extends Shown {
  /** How many of the exercises passed. */
  passed: number;
  /** How many were answered (passed or not). */
  answered: number;
  /** How many exercises there are. */
  total: number;
}

const words: Record<ExerciseStatus | "not run", string> = {
  passed: "✔ passed",
  failed: "✘ not yet right",
  unanswered: "○ not answered",
  "not run": "○ check not run",
};

/**
 * A one-line summary of a notebook's exercises, named by the student's
 * variables and functions, from what their checks ({@linkcode predict},
 * {@linkcode checkImplementation} and the checks built on it) said when they
 * last ran in this kernel. A check cell not run yet counts as not answered.
 *
 * @param names The exercises' variable and function names, in order.
 * @returns A displayable line with the counts.
 *
 * @example
 * ```ts
 * import { exerciseSummary, predict } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * predict({ myA: 2 }, { expected: 2 });
 * predict({ myB: 3 }, { expected: 2 });
 * const summary = exerciseSummary(["myA", "myB", "myC"]);
 * assert.deepEqual([summary.passed, summary.answered, summary.total], [1, 2, 3]);
 * assert.equal(
 *   summary.bundle["text/plain"],
 *   "Exercises: 1 of 3 passed, 2 answered · myA ✔ passed · myB ✘ not yet right · myC ○ check not run",
 * );
 * ```
 */
export function exerciseSummary(names: readonly string[]): ExerciseSummary {
  if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === "string")) {
    throw new TypeError(
      `Cannot summarize the exercises as 'names' must be a non-empty list of names: current value is ${
        formatValue(names)
      }`,
    );
  }
  const statuses = names.map((n) => lastVerdict(n) ?? "not run");
  const passed = statuses.filter((s) => s === "passed").length;
  const answered = statuses.filter((s) => s === "passed" || s === "failed").length;
  const line = `Exercises: ${passed} of ${names.length} passed, ${answered} answered · ${
    names.map((n, i) => `${n} ${words[statuses[i]]}`).join(" · ")
  }`;
  const color = passed === names.length ? "#1a7f37" : "#6e7781";
  const html =
    `<div class="lrc-exercises" style="border-left: 4px solid ${color}; padding: 4px 10px; color: ${color};">${
      escapeHtml(line)
    }</div>`;
  return Object.assign(displayBundle({ "text/html": html, "text/plain": line }), {
    passed,
    answered,
    total: names.length,
  });
}

// What an exercise's check shows: one headline with the verdict, then lines of detail (a hint, an explanation).
// Shared by predict() and the implement-it checks, so every exercise reads alike.
import { escapeHtml } from "../_html.ts";
import { displayBundle, type Shown } from "./_shown.ts";

/** Where an exercise stands: not tried yet, right, or not yet right. */
export type ExerciseStatus = "unanswered" | "passed" | "failed";

/** The result of an exercise's check: shows itself, and says where the exercise stands. */
export interface ExerciseCheck extends Shown {
  /** Where the exercise stands. */
  status: ExerciseStatus;
  /** Whether the answer or the code was right. */
  passed: boolean;
  /** The headline, without the verdict: what was seen. */
  message: string;
  /** The lines under the headline: a hint, an explanation, the answer when shown. */
  details: string[];
}

const looks = {
  passed: { label: "✔ Self-check passed", color: "#1a7f37" },
  failed: { label: "✘ Self-check failed", color: "#cf222e" },
  unanswered: { label: "○ Not answered yet", color: "#6e7781" },
} as const;

/** A displayable verdict; its text starts with the label of `status`, which the course's tests look for. */
export function verdict(status: ExerciseStatus, message: string, details: string[] = []): ExerciseCheck {
  const { label, color } = looks[status];
  const plain = [`${label}: ${message}`, ...details.map((d) => `  ${d}`)].join("\n");
  const html = `<div class="lrc-exercise" style="border-left: 4px solid ${color}; padding: 4px 10px;">` +
    `<span style="color: ${color};"><b>${label}:</b> ${escapeHtml(message)}</span>` +
    details.map((d) => `<br><span style="color: #333;">${escapeHtml(d)}</span>`).join("") + "</div>";
  return Object.assign(displayBundle({ "text/html": html, "text/plain": plain }), {
    status,
    passed: status === "passed",
    message,
    details,
  });
}

// What each exercise's check said last in this kernel, by the student's variable or function name: the summary
// cell at the end of a notebook reads it. A rerun of a check replaces its entry.
const lastVerdicts = new Map<string, ExerciseStatus>();

// Graded mode (gradeExercises()): a verdict other than "passed" is thrown instead of returned.
let graded = false;

/** Turns graded mode on or off; see gradeExercises(). */
export function setGraded(on: boolean): void {
  graded = on;
}

/** Whether graded mode is on: then a check reveals no answer, whatever its `reveal` says (see gradeExercises()). */
export function isGraded(): boolean {
  return graded;
}

/**
 * Records the verdict of the exercise `name` and returns it; in graded mode a verdict other than "passed" is thrown
 * as an Error whose message is the verdict's text, so that the grader's test cell fails with what a student reads.
 */
export function remember(name: string, check: ExerciseCheck): ExerciseCheck {
  lastVerdicts.set(name, check.status);
  if (graded && check.status !== "passed") {
    const error = new Error(check.bundle["text/plain"] as string);
    // The stack would only show lib/'s frames: the message is the whole story.
    error.stack = `${error.name}: ${error.message}`;
    throw error;
  }
  return check;
}

/** The verdict of the exercise `name` last checked in this kernel, if any. */
export function lastVerdict(name: string): ExerciseStatus | undefined {
  return lastVerdicts.get(name);
}

/** A number as a student would write it: up to `digits` significant digits, no trailing zeros. */
export function formatNumber(value: number, digits = 6): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return "0";
  const abs = Math.abs(value);
  if (abs >= 1e6 || abs < 1e-4) return value.toExponential(Math.max(0, digits - 1)).replace(/\.?0+e/, "e");
  return String(Number(value.toPrecision(digits)));
}

/** Numbers as `(a, b)`, or `a` alone. */
export function formatNumbers(values: readonly number[], digits = 6): string {
  const parts = values.map((v) => formatNumber(v, digits));
  return parts.length === 1 ? parts[0] : `(${parts.join(", ")})`;
}

/**
 * Two lists of numbers with just enough digits that they read differently where they differ: two values 1e-8
 * apart do not both print as 0.7.
 */
export function formatApart(a: readonly number[], b: readonly number[]): [string, string] {
  for (let digits = 6; digits <= 17; digits++) {
    const pair: [string, string] = [formatNumbers(a, digits), formatNumbers(b, digits)];
    if (pair[0] !== pair[1]) return pair;
  }
  return [formatNumbers(a, 17), formatNumbers(b, 17)];
}

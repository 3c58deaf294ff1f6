/**
 * A self-check for an exercise: tells a student whether it came out as
 * expected, and what was seen.
 *
 * @module
 */
import { escapeHtml } from "../_html.ts";
import { formatValue, text } from "../_validate.ts";
import { displayBundle, type Shown } from "./_shown.ts";

/** The result of {@linkcode selfCheck}: shows itself, and says whether it passed. */
export interface SelfCheck extends Shown {
  /** Whether the check passed. */
  passed: boolean;
}

/**
 * A self-check for an exercise: a green "passed" or a red "not yet" line with
 * what was seen. Its text starts with `✔ Self-check passed:` or
 * `✘ Self-check failed:`, which the course's tests look for.
 *
 * @param description What should be true, in words.
 * @param passed Whether it is.
 * @param seen What was measured, to help when it is not.
 * @returns A displayable result.
 *
 * @example
 * ```ts
 * import { selfCheck } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const check = selfCheck("2 + 2 is 4", 2 + 2 === 4, "2 + 2 = 4");
 * assert.equal(check.bundle["text/plain"], "✔ Self-check passed: 2 + 2 is 4 (2 + 2 = 4)");
 * ```
 */
export function selfCheck(description: string, passed: boolean, seen = ""): SelfCheck {
  text("run selfCheck", "description", description);
  text("run selfCheck", "seen", seen);
  if (typeof passed !== "boolean") {
    throw new TypeError(
      `Cannot run selfCheck as 'passed' must be true or false: current value is ${formatValue(passed)}`,
    );
  }
  const verdict = passed ? "✔ Self-check passed" : "✘ Self-check failed";
  const detail = seen ? ` (${seen})` : "";
  const color = passed ? "#1a7f37" : "#cf222e";
  const html =
    `<div class="lrc-self-check" style="border-left: 4px solid ${color}; padding: 4px 10px; color: ${color};">` +
    `<b>${verdict}:</b> ${escapeHtml(description)}${
      seen ? ` <span style="color: #555;">(${escapeHtml(seen)})</span>` : ""
    }` +
    `${
      passed
        ? ""
        : '<br><span style="color: #555;">Look at the figure again, or reset the parameters cell to its defaults.</span>'
    }</div>`;
  return Object.assign(displayBundle({ "text/html": html, "text/plain": `${verdict}: ${description}${detail}` }), {
    passed,
  });
}

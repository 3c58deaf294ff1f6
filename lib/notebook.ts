/**
 * Small outputs for notebook cells: a table, and a self-check that tells a
 * student whether an exercise came out as expected.
 *
 * @module
 */
import { show } from "./_validate.ts";
import { escapeHtml, type MimeBundle } from "./display.ts";

/** An output that shows itself in Jupyter (through `Symbol.for("Jupyter.display")`). */
export interface Shown {
  /** What Jupyter shows: the representations by MIME type. */
  bundle: MimeBundle;
}

function displayBundle(bundle: MimeBundle): Shown {
  const shown = { bundle };
  Object.defineProperty(shown, Symbol.for("Jupyter.display"), { value: () => bundle, enumerable: false });
  return shown;
}

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
 * import { selfCheck } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const check = selfCheck("2 + 2 is 4", 2 + 2 === 4, "2 + 2 = 4");
 * assert.equal(check.bundle["text/plain"], "✔ Self-check passed: 2 + 2 is 4 (2 + 2 = 4)");
 * ```
 */
export function selfCheck(description: string, passed: boolean, seen = ""): SelfCheck {
  if (typeof passed !== "boolean") {
    throw new TypeError(`Cannot run selfCheck as 'passed' must be true or false: current value is ${show(passed)}`);
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

/** A cell value in a {@linkcode table}. */
export type Cell = string | number | boolean | undefined | null;

/** Options of {@linkcode table}. */
export interface TableOptions {
  /** A caption above the table. */
  caption?: string;
  /** Significant digits for numbers that are not whole. @default {4} */
  digits?: number;
}

/**
 * A table of rows (objects with the same keys), shown as HTML in the notebook
 * and as aligned text elsewhere. Text is escaped; `undefined` shows as "—".
 *
 * @param rows The rows.
 * @param options See {@linkcode TableOptions}.
 * @returns A displayable table.
 *
 * @example
 * ```ts
 * import { table } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const t = table([{ optimizer: "SGD", steps: undefined }, { optimizer: "AdaGrad", steps: 58 }]);
 * assert.equal(t.bundle["text/plain"], "optimizer  steps\nSGD        —\nAdaGrad    58");
 * ```
 */
export function table(rows: readonly Record<string, Cell>[], options: TableOptions = {}): Shown {
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new RangeError(
      `Cannot make table as 'rows' must be a non-empty array of objects: current value is ${show(rows)}`,
    );
  }
  const digits = options.digits ?? 4;
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const format = (v: Cell) =>
    v === undefined || v === null
      ? "—"
      : typeof v === "number" && !Number.isInteger(v)
      ? String(Number(v.toPrecision(digits)))
      : String(v);
  const cells = rows.map((r) => columns.map((c) => format(r[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join("  ").trimEnd();
  const plain = [options.caption ?? "", line(columns), ...cells.map(line)].filter((l) => l !== "").join("\n");
  const html =
    `<table class="lrc-table">${options.caption ? `<caption>${escapeHtml(options.caption)}</caption>` : ""}` +
    `<thead><tr>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr></thead><tbody>` +
    cells.map((row) => `<tr>${row.map((v) => `<td>${escapeHtml(v)}</td>`).join("")}</tr>`).join("") +
    "</tbody></table>";
  return displayBundle({ "text/html": html, "text/plain": plain });
}

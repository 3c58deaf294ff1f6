/**
 * A table of rows for a notebook cell: HTML in the notebook, aligned text
 * elsewhere.
 *
 * @module
 */
import { escapeHtml } from "../_html.ts";
import { type Defaults, formatValue, integer, withDefaults } from "../validate.ts";
import { displayBundle, type Shown } from "./_shown.ts";

/** A cell value in a {@linkcode table}. */
export type Cell = string | number | boolean | undefined | null;

/** Options of {@linkcode table}. */
export interface TableOptions {
  /** A caption above the table. */
  caption?: string;
  /** Significant digits for numbers that are not whole. @default {4} */
  digits?: number;
}

const tableDefaults = { caption: undefined, digits: 4 } satisfies Defaults<TableOptions>;

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
 * import { table } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const t = table([{ optimizer: "SGD", steps: undefined }, { optimizer: "AdaGrad", steps: 58 }]);
 * assert.equal(t.bundle["text/plain"], "optimizer  steps\nSGD        —\nAdaGrad    58");
 * ```
 */
export function table(rows: readonly Record<string, Cell>[], options: TableOptions = {}): Shown {
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new RangeError(
      `Cannot make table as 'rows' must be a non-empty array of objects: current value is ${formatValue(rows)}`,
    );
  }
  const o = withDefaults("make table", options, tableDefaults);
  const digits = integer("make table", "digits", o.digits, 1);
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const format = (v: Cell) =>
    v === undefined || v === null
      ? "—"
      : typeof v === "number" && !Number.isInteger(v)
      ? String(Number(v.toPrecision(digits)))
      : String(v);
  const cells = rows.map((r) => columns.map((c) => format(r[c])));
  const widths = columns.map((c, i) => cells.reduce((w, row) => Math.max(w, row[i].length), c.length)); // no spread: rows can be many
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join("  ").trimEnd();
  const plain = [o.caption ?? "", line(columns), ...cells.map(line)].filter((l) => l !== "").join("\n");
  const html = `<table class="lrc-table">${o.caption ? `<caption>${escapeHtml(o.caption)}</caption>` : ""}` +
    `<thead><tr>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr></thead><tbody>` +
    cells.map((row) => `<tr>${row.map((v) => `<td>${escapeHtml(v)}</td>`).join("")}</tr>`).join("") +
    "</tbody></table>";
  return displayBundle({ "text/html": html, "text/plain": plain });
}

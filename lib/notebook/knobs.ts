/**
 * The knobs of a notebook's parameters cell, checked against their ranges in
 * one place: a value outside its range stops the notebook with a message that
 * names the knob, before any cell below uses it.
 *
 * @module
 */
import { formatValue } from "../validate.ts";
import type { Shown } from "./_shown.ts";
import { formatNumber } from "./_verdict.ts";
import { table } from "./table.ts";

/** A number's range: `[min, max]` (both included), or `[min, max, "integer"]` for a whole number. */
export type NumberRange = readonly [min: number, max: number] | readonly [min: number, max: number, kind: "integer"];

/**
 * The range of one knob: a {@linkcode NumberRange} (for a number, or for every
 * entry of a list or a table of numbers), one range per coordinate of a point
 * (`[[-10, 10], [-5, 5]]`), or `"boolean"` for a switch.
 */
export type KnobRange = NumberRange | readonly NumberRange[] | "boolean";

/** A knob's value: a number, a switch, a list of numbers, or numbers by name. */
export type KnobValue = number | boolean | readonly number[] | Readonly<Record<string, number>>;

/**
 * Checks every knob of a parameters cell against its range and shows them
 * all, with their ranges, as a table. A knob outside its range throws a
 * RangeError naming the knob as the student wrote it, so the cell stops before
 * any cell below runs with it. Ranges may depend on other knobs
 * (`warmupSteps: [1, steps - 1, "integer"]`): they are plain expressions.
 *
 * A notebook shows its main knobs (at most six) in its parameters cell and the
 * rest in an advanced parameters cell below it, which passes
 * `{ cell: "advanced parameters" }` so an error names the cell to look in.
 *
 * @param knobs The knobs, as `{ lr, steps }`.
 * @param ranges One range per knob; see {@linkcode KnobRange}.
 * @param options `cell`: the name of the cell the knobs are in, for errors and the table's caption.
 * @returns A table of the knobs, their values and their ranges.
 *
 * @example
 * ```ts
 * import { checkKnobs } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const lr = 0.95;
 * const steps = 30;
 * checkKnobs({ lr, steps }, { lr: [0.01, 1.2], steps: [1, 200, "integer"] });
 * assert.throws(
 *   () => checkKnobs({ lr: 5 }, { lr: [0.01, 1.2] }),
 *   /the knob 'lr' in the parameters cell must be a number from 0.01 to 1.2: current value is 5/,
 * );
 * ```
 */
export function checkKnobs(
  knobs: Readonly<Record<string, KnobValue>>,
  ranges: Readonly<Record<string, KnobRange>>,
  options: { cell?: "parameters" | "advanced parameters" } = {},
): Shown {
  const action = "check the knobs";
  const cell = options?.cell ?? "parameters";
  if (cell !== "parameters" && cell !== "advanced parameters") {
    throw new TypeError(
      `Cannot ${action} as 'cell' must be "parameters" or "advanced parameters": current value is ${formatValue(cell)}`,
    );
  }
  for (const [name, arg] of [["knobs", knobs], ["ranges", ranges]] as const) {
    if (arg === null || typeof arg !== "object" || Array.isArray(arg)) {
      throw new TypeError(`Cannot ${action} as '${name}' must be an object: current value is ${formatValue(arg)}`);
    }
  }
  for (const name of Object.keys(ranges)) {
    if (!Object.hasOwn(knobs, name)) {
      throw new TypeError(
        `Cannot ${action} as the range '${name}' belongs to no knob: the knobs are ${Object.keys(knobs).join(", ")}`,
      );
    }
  }
  const rows = Object.entries(knobs).map(([name, value]) => {
    if (!Object.hasOwn(ranges, name)) {
      throw new TypeError(`Cannot ${action} as the knob '${name}' has no range: give it one in the second argument`);
    }
    const range = ranges[name];
    checkOne(name, value, range, cell);
    return { knob: name, value: describeValue(value), range: describeRange(range) };
  });
  const caption = `The knobs${
    cell === "parameters" ? "" : " of the advanced parameters cell"
  } and their ranges: change a value here, then rerun the cells below`;
  return table(rows, { caption });
}

function fail(name: string, cell: string, rule: string, value: unknown, shown = formatValue(value)): never {
  throw new RangeError(
    `Cannot run the notebook as the knob '${name}' in the ${cell} cell must be ${rule}: current value is ${shown}`,
  );
}

function isNumberRange(range: unknown): range is NumberRange {
  return Array.isArray(range) && typeof range[0] === "number";
}

function inRange(value: unknown, [min, max, kind]: NumberRange): value is number {
  return typeof value === "number" && value >= min && value <= max && (kind !== "integer" || Number.isInteger(value));
}

function rangeWords([min, max, kind]: NumberRange): string {
  return `${kind === "integer" ? "a whole number" : "a number"} from ${formatNumber(min)} to ${formatNumber(max)}`;
}

function checkOne(name: string, value: unknown, range: KnobRange, cell: string): void {
  if (range === "boolean") {
    if (typeof value !== "boolean") fail(name, cell, "true or false", value);
    return;
  }
  if (isNumberRange(range)) {
    if (typeof value === "number" || typeof value === "boolean") {
      if (!inRange(value, range)) fail(name, cell, rangeWords(range), value);
    } else if (Array.isArray(value)) {
      const rule = `a list of numbers, each ${rangeWords(range).replace(/^an? /, "")}`;
      if (value.length === 0) fail(name, cell, rule, value);
      value.forEach((v) => inRange(v, range) || fail(name, cell, rule, value));
    } else if (value !== null && typeof value === "object") {
      for (const [key, v] of Object.entries(value)) {
        if (!inRange(v, range)) {
          fail(
            name,
            cell,
            `numbers ${rangeWords(range).replace(/^an? (whole )?number /, "")}`,
            v,
            `${formatValue(v)} for ${key}`,
          );
        }
      }
    } else {
      fail(name, cell, rangeWords(range), value);
    }
    return;
  }
  const rule = `${range.length} numbers, ${
    range.map((r, i) => `${ordinal(i)} ${rangeWords(r).replace(/^a number /, "")}`).join(", ")
  }`;
  if (!Array.isArray(value) || value.length !== range.length) fail(name, cell, rule, value);
  (value as unknown[]).forEach((v, i) => inRange(v, range[i]) || fail(name, cell, rule, value));
}

function ordinal(i: number): string {
  return ["the first", "the second", "the third"][i] ?? `number ${i + 1}`;
}

function describeValue(value: KnobValue): string {
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => formatNumber(v)).join(", ")}]`;
  return Object.entries(value).map(([k, v]) => `${k}: ${formatNumber(v)}`).join(", ");
}

function describeRange(range: KnobRange): string {
  if (range === "boolean") return "true or false";
  const one = ([min, max, kind]: NumberRange) =>
    `${formatNumber(min)} … ${formatNumber(max)}${kind === "integer" ? ", whole" : ""}`;
  if (isNumberRange(range)) return one(range);
  return range.map(one).join("; ");
}

/**
 * Small outputs for notebook cells: a table, and a self-check that tells a
 * student whether an exercise came out as expected.
 *
 * @example
 * ```ts
 * import { selfCheck, table } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(table([{ η: 0.1, steps: 30 }]).bundle["text/plain"], "η    steps\n0.1  30");
 * assert.equal(selfCheck("η is small", 0.1 < 1).passed, true);
 * ```
 *
 * @module
 */
export type { Shown } from "./_shown.ts";
export * from "./table.ts";
export * from "./self_check.ts";
export * from "./predict.ts";
export * from "./knobs.ts";
export * from "./implement.ts";
export * from "./exercises.ts";
export * from "./summary.ts";

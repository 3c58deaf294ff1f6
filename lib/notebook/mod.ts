/**
 * Helpers for notebook cells: a table; {@linkcode checkKnobs}, which checks
 * the parameters cell's knobs against their ranges; and the exercises'
 * checks, which judge what the student wrote: {@linkcode predict} for a
 * prediction, the implement-it checks ({@linkcode checkStepDecay},
 * {@linkcode checkCentralDifference}, {@linkcode checkAdaGradStep},
 * {@linkcode checkAdamStep}) for code, and {@linkcode exerciseSummary} for a
 * notebook's closing line; {@linkcode gradeExercises} makes the checks grade
 * (a check that does not pass throws), for nbgrader.
 *
 * @example
 * ```ts
 * import { checkKnobs, predict, table } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(table([{ η: 0.1, steps: 30 }]).bundle["text/plain"], "η    steps\n0.1  30");
 * const lr = 0.1;
 * checkKnobs({ lr }, { lr: [0.01, 1.2] });
 * assert.equal(predict({ myRate: 0.1 }, { expected: lr }).status, "passed");
 * ```
 *
 * @module
 */
export type { Shown } from "./_shown.ts";
export * from "./table.ts";
export * from "./predict.ts";
export * from "./knobs.ts";
export * from "./implement.ts";
export * from "./check_step_decay.ts";
export * from "./check_central_difference.ts";
export * from "./check_adagrad_step.ts";
export * from "./check_adam_step.ts";
export * from "./summary.ts";
export * from "./grade_exercises.ts";

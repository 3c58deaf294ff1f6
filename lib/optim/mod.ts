/**
 * The optimizers of the book (SGD, Momentum, Nesterov, AdaGrad, RMSProp,
 * Adam), one per file on the {@linkcode Optimizer} base class; the table of
 * them all ({@linkcode optimizerTable}); and learning-rate schedules.
 *
 * Each optimizer is the book's loop and nothing else: what a student reads
 * is what runs, in the notebooks and in `train()`. To add an optimizer, see
 * {@linkcode Optimizer}; to add a schedule, see `schedules.ts`.
 *
 * @example AdaGrad's first step moves each coordinate by about η
 * ```ts
 * import { AdaGrad } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const p = Float64Array.of(-7, 2);
 * new AdaGrad({ lr: 1.5 }).update(p, Float64Array.of(-0.7, 4));
 * assert.deepEqual(Array.from(p, (v) => Number(v.toFixed(6))), [-5.5, 0.5]);
 * ```
 *
 * @module
 */
export * from "./optimizer.ts";
export * from "./sgd.ts";
export * from "./momentum.ts";
export * from "./nesterov.ts";
export * from "./adagrad.ts";
export * from "./rmsprop.ts";
export * from "./adam.ts";
export * from "./registry.ts";
export * from "./schedules.ts";

/**
 * The run loop: an optimizer on a test function, step by step, with every
 * point, loss, gradient, step length and rate recorded in a
 * {@linkcode Trajectory} that the figures draw.
 *
 * @example SGD with η = 1.2 leaves the course's valley, and the run says where
 * ```ts
 * import { course, minimize, SGD } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const run = minimize(course, new SGD({ lr: 1.2 }), { steps: 100 });
 * assert.equal(run.diverged && run.diverged.step, 17);
 * ```
 *
 * @module
 */
export * from "./minimize.ts";

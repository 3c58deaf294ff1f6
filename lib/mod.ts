/**
 * Learning rates and AdaGrad, in code a student can read: the optimizers of
 * Saito's *Deep Learning from Scratch* (SGD, Momentum, Nesterov, AdaGrad,
 * RMSProp, Adam), the numerical gradient, learning-rate schedules, test
 * functions, a run loop that records the path, and Plotly figures that show
 * it inline in a Deno Jupyter notebook.
 *
 * @example AdaGrad on the course's function, x²/20 + y², from (−7, 2)
 * ```ts
 * import { AdaGrad, course, minimize } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const run = minimize(course, new AdaGrad({ lr: 1.5 }), { steps: 30 });
 * const [x, y] = run.points.at(-1)!;
 * assert.ok(Math.hypot(x, y) < 0.2);
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
export * from "./optimizers.ts";
export * from "./gradient.ts";
export * from "./schedules.ts";
export * from "./test_functions.ts";
export * from "./minimize.ts";
export * from "./display.ts";
export * from "./figures.ts";
export * from "./curves.ts";
export * from "./animation.ts";
export * from "./notebook.ts";
export * from "./network.ts";

/**
 * Learning rates and AdaGrad, in code a student can read: the optimizers of
 * Saito's *Deep Learning from Scratch* (SGD, Momentum, Nesterov, AdaGrad,
 * RMSProp, Adam), the numerical gradient, learning-rate schedules, test
 * functions, a run loop that records the path, and Plotly figures that show
 * it inline in a Deno Jupyter notebook.
 *
 * One folder per concept, each with its own `mod.ts`:
 *
 * - `optim/`: the optimizers, their table, and the schedules;
 * - `landscape/`: the test functions and the numerical gradient;
 * - `run/`: the run loop, {@linkcode minimize};
 * - `nn/`: the digits, the two-layer network, and its training loop;
 * - `plot/`: the figure builders, their defaults, and display in Jupyter;
 * - `notebook/`: {@linkcode table}, {@linkcode checkKnobs} for the parameters
 *   cell, and the exercises' checks ({@linkcode predict} and the implement-it
 *   checks such as {@linkcode checkAdaGradStep}).
 *
 * @example AdaGrad on the course's function, x²/20 + y², from (−7, 2)
 * ```ts
 * import { AdaGrad, course, minimize } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const run = minimize(course, new AdaGrad({ lr: 1.5 }), { steps: 30 });
 * const distance = Math.hypot(...run.points.at(-1)!);
 * assert.ok(distance < 0.2, `distance to the minimum after 30 steps: ${distance}`);
 * ```
 *
 * @module
 */
export * from "./optim/mod.ts";
export * from "./landscape/mod.ts";
export * from "./run/mod.ts";
export * from "./nn/mod.ts";
export * from "./plot/mod.ts";
export * from "./notebook/mod.ts";
export * from "./playground/mod.ts";

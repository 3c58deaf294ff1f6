/**
 * The playground: `playground(fn, options)` as the last line of a cell draws
 * `fn`'s contours with one path per optimizer beside standard HTML controls,
 * and every change is recomputed in the page by the course's own optimizers
 * and `minimize()`, bundled for the browser; no kernel needed after the cell ran.
 *
 * - `settings.ts`: what decides the paths, the knobs' ranges, the runs (pure);
 * - `figure.ts`: the landscape, the paths and the readout (pure);
 * - `controls.ts`: the HTML of one playground;
 * - `playground.ts`: {@linkcode playground} and its output;
 * - `bundle.ts`: the browser bundle of `_page.ts`, the page side;
 * - `page.ts`: a self-contained HTML page with a playground (`deno task playground`).
 *
 * @example Two optimizers on the course's function; the kernel's runs are minimize()'s
 * ```ts
 * import { AdaGrad, course, minimize, playground } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const pg = playground(course, { optimizers: ["SGD", "AdaGrad"], steps: 40 });
 * assert.deepEqual(pg.runs[1].points, minimize(course, new AdaGrad({ lr: 1.5 }), { steps: 40 }).points);
 * ```
 *
 * @module
 */
export * from "./settings.ts";
export * from "./playground.ts";
export * from "./page.ts";

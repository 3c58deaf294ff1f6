/**
 * Landscapes to minimize: the test functions, each with its gradient, minima
 * and plotting range, and the numerical gradient that checks them.
 *
 * To add a test function, write one record in `test_functions.ts` and list it
 * in `testFunctions`.
 *
 * @example The numerical gradient agrees with the course function's own
 * ```ts
 * import { course, numericalGradient } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const x = Float64Array.from(course.start);
 * const round = (g: Float64Array) => Array.from(g, (v) => Number(v.toFixed(8)));
 * assert.deepEqual(round(numericalGradient(course.f, x)), round(course.gradient(x)));
 * ```
 *
 * @module
 */
export * from "./test_functions.ts";
export * from "./gradient.ts";

/**
 * Figures: builders that turn runs into plain Plotly figures (`{ data, layout }`),
 * the defaults they start from, and how a figure shows itself in Jupyter.
 *
 * - `paths.ts`: a landscape with paths on it (`pathPlot`, `panelsPlot`);
 * - `curves.ts`: values over the steps (`lossCurve`, `stepLengthCurve`, `effectiveRateCurve`,
 *   `scheduleCurve`, `trainingCurve`, `linePlot`);
 * - `animation.ts`: figures that move (`animationPlot`, `lrSlider`);
 * - `defaults.ts`: {@linkcode figureDefaults}; `display.ts`: {@linkcode loadPlotly} and {@linkcode show}.
 *
 * To add a figure kind, write a builder in the file of its kind (data first,
 * one options object with a `Defaults` table, `displayable({ data, layout })`
 * at the end), reusing the pieces in `_parts.ts`.
 *
 * @example A figure is a plain object until it is shown
 * ```ts
 * import { AdaGrad, course, lossCurve, minimize } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const fig = lossCurve(minimize(course, new AdaGrad({ lr: 1.5 }), { steps: 30 }));
 * assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(fig))), ["data", "layout"]);
 * assert.equal(fig.data[0].name, "AdaGrad(lr=1.5)");
 * ```
 *
 * @module
 */
export * from "./defaults.ts";
export * from "./colors.ts";
export * from "./display.ts";
export * from "./paths.ts";
export * from "./curves.ts";
export * from "./animation.ts";
// The pieces of a figure, for the playground's figure (lib/playground/figure.ts) and new figure kinds.
export { baseLayout, contourTrace, exitTrace, minimumTrace, pathTrace, runName, startTrace } from "./_parts.ts";

/**
 * The defaults every figure builder starts from, in one frozen object: a cell
 * cannot change them for every later figure by accident. One figure changes
 * through its own options (`pathPlot(course, runs, { grid: 50 })`).
 *
 * @module
 */
import type { OptimizerName } from "../optim/registry.ts";
import type { ScheduleKind } from "../optim/schedules.ts";
import { deepFreeze } from "../validate.ts";
import { optimizerColors, palette, referenceColor, scheduleColors } from "./colors.ts";

/** The shape of {@linkcode figureDefaults}. */
export interface FigureDefaults {
  /** Grid points per axis of a contour (100 × 100 keeps a figure near 60 KB). */
  readonly grid: number;
  /** Grid points per axis in each panel of `panelsPlot`. */
  readonly smallGrid: number;
  /** Number of contour levels. */
  readonly levels: number;
  /** Significant digits kept of each grid value. */
  readonly digits: number;
  /** Height in pixels of a contour plot. */
  readonly height: number;
  /** Height in pixels of a curve over the steps. */
  readonly curveHeight: number;
  /** Height in pixels of an animation. */
  readonly animationHeight: number;
  /** Height in pixels of a learning-rate slider. */
  readonly sliderHeight: number;
  /** One color per optimizer, the same in every figure (from colors.ts). */
  readonly optimizerColors: Readonly<Record<OptimizerName, string>>;
  /**
   * One color per kind of schedule, the same in every figure: a run whose
   * learning rate is a schedule takes its schedule's color, so a figure of
   * schedules and a figure of the runs they drive agree.
   */
  readonly scheduleColors: Readonly<Record<ScheduleKind, string>>;
  /** The color of a reference line across a figure, such as a stability limit (from colors.ts). */
  readonly referenceColor: string;
  /** Colors for further runs of an optimizer already drawn (other learning rates). */
  readonly palette: readonly string[];
  /**
   * The most points one line of a figure sends: longer paths and curves keep
   * the points where they turn (a few hundred suffice on screen), which keeps
   * a figure of 2000-step runs within about 150 KB.
   */
  readonly maxLinePoints: number;
  /** The fill of the contour: light at the minimum, darker uphill. */
  readonly colorscale: readonly (readonly [number, string])[];
  /** Text: a font every Debian machine has, then a common fallback. */
  readonly font: { readonly family: string; readonly size: number };
}

/**
 * The figure defaults. Frozen: assigning to any field throws in a module (and
 * in a notebook cell), so per-figure options are the one way to change a
 * figure.
 *
 * @example
 * ```ts
 * import { figureDefaults } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(figureDefaults.grid, 100);
 * assert.equal(figureDefaults.optimizerColors.AdaGrad, "#2ca02c");
 * assert.throws(() => {
 *   (figureDefaults as { grid: number }).grid = 5;
 * }, TypeError);
 * ```
 */
export const figureDefaults: FigureDefaults = deepFreeze({
  grid: 100,
  smallGrid: 60,
  levels: 16,
  digits: 4,
  height: 480,
  curveHeight: 400,
  animationHeight: 520,
  sliderHeight: 540,
  optimizerColors,
  scheduleColors,
  referenceColor,
  palette,
  maxLinePoints: 300,
  colorscale: [[0, "#ffffff"], [0.5, "#deebf7"], [1, "#9ecae1"]],
  font: { family: "DejaVu Sans, Arial, sans-serif", size: 13 },
});

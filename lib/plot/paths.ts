/**
 * Figure builders: a test function's landscape with optimizer paths on it.
 * Each builder takes data first and one options object, and returns a plain
 * Plotly figure that shows itself in Jupyter. Defaults live in
 * {@linkcode figureDefaults}.
 *
 * @module
 */
import { boolean, type Defaults, integer, limits, ranges, size, testFunction, withDefaults } from "../validate.ts";
import type { Range, TestFunction } from "../landscape/test_functions.ts";
import type { Trajectory } from "../run/minimize.ts";
import {
  baseLayout,
  contourTrace,
  defaultTitle,
  escapeForPlotly,
  exitTrace,
  framedName,
  heightOf,
  linspace,
  minimumTrace,
  pathTrace,
  round,
  startTrace,
  titleOf,
  trajectories,
} from "./_parts.ts";
import { colorsFor } from "./colors.ts";
import { figureDefaults } from "./defaults.ts";
import { displayable, type Figure, type Trace } from "./display.ts";

/** Options shared by the builders. */
export interface FigureOptions {
  /** The title; defaults to one built from the function and the runs. */
  title?: string;
  /** Height in pixels, 50 to 5000. @default {480} */
  height?: number;
}

/** Options of {@linkcode pathPlot}. */
export interface PathPlotOptions extends FigureOptions {
  /** The plotting range, one [min, max] per coordinate. @default {fn.range} */
  range?: readonly Range[];
  /**
   * Grid points per axis, a whole number from 2 to 500 (the grid has grid²
   * values; a figure is about 1,000 pixels wide). @default {100}
   */
  grid?: number;
  /** Number of contour levels, a whole number from 1 to 100. @default {16} */
  levels?: number;
  /** Same scale on x and y, so a round bowl looks round. @default {true} */
  equalAxes?: boolean;
}

const pathPlotDefaults = {
  title: undefined, // built from the function and the runs
  height: figureDefaults.height,
  range: undefined, // the function's own
  grid: figureDefaults.grid,
  levels: figureDefaults.levels,
  equalAxes: true,
} satisfies Defaults<PathPlotOptions>;

/**
 * The landscape of `fn` with one or more optimizer paths on it: contours for
 * a 2-D function (the minimum marked ×, the start ○), the curve itself for a
 * 1-D one (each step a point on the curve). The axes stay on the function's
 * range, so a diverged run leaves the frame instead of shrinking the
 * landscape to a dot; its legend entry says where it diverged.
 *
 * @param fn The test function.
 * @param runs One or more trajectories from {@linkcode minimize} on `fn`.
 * @param options See {@linkcode PathPlotOptions}.
 * @returns The figure.
 *
 * @example
 * ```ts
 * import { AdaGrad, course, minimize, pathPlot } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const fig = pathPlot(course, minimize(course, new AdaGrad({ lr: 1.5 })));
 * assert.deepEqual(fig.data.map((t) => t.type), ["contour", "scatter", "scatter", "scatter"]);
 * ```
 */
export function pathPlot(
  fn: TestFunction,
  runs: Trajectory | readonly Trajectory[],
  options: PathPlotOptions = {},
): Figure {
  const action = "draw pathPlot";
  testFunction(action, fn);
  const o = withDefaults(action, options, pathPlotDefaults);
  const list = trajectories(action, runs, fn);
  const range = ranges(action, "range", o.range === undefined ? fn.range : o.range, fn.dim);
  const height = heightOf(action, o.height);
  const grid = size(action, "grid", o.grid, 2, limits.grid);
  const count = size(action, "levels", o.levels, 1, limits.levels);
  const equalAxes = boolean(action, "equalAxes", o.equalAxes);
  const layout = baseLayout(titleOf(action, o.title, () => defaultTitle(fn, list)), height);
  const colors = colorsFor(list);
  if (fn.dim === 1) return displayable(curvePathPlot(fn, list, colors, range, layout));
  return displayable({
    data: [
      contourTrace(fn, range, grid, count),
      ...minimumTrace(fn),
      ...startTrace(list),
      ...list.flatMap((run, i) => exitTrace(run, range, colors[i])),
      ...list.map((run, i) => pathTrace(run, colors[i], { name: framedName(run, range) })),
    ],
    layout: {
      ...layout,
      // With equal axes the plot area shrinks to the range's shape ("domain") rather than widening the range.
      xaxis: { title: { text: "x" }, range: [...range[0]], zeroline: false, constrain: "domain" },
      yaxis: {
        title: { text: "y" },
        range: [...range[1]],
        zeroline: false,
        ...(equalAxes ? { scaleanchor: "x", scaleratio: 1, constrain: "domain" } : {}),
      },
    },
  });
}

function curvePathPlot(
  fn: TestFunction,
  runs: Trajectory[],
  colors: string[],
  range: readonly Range[],
  layout: Record<string, unknown>,
): Figure {
  const xs = linspace(range[0], 200);
  const ys = xs.map((x) => round(fn.f(Float64Array.of(x))));
  const top = ys.reduce((high, y) => Math.max(high, y), -Infinity);
  return {
    data: [
      {
        type: "scatter",
        mode: "lines",
        name: `f(x) = ${fn.name}`,
        x: xs,
        y: ys,
        line: { color: "#444444", width: 2 },
        hovertemplate: "x = %{x:.3g}<br>f = %{y:.4g}<extra></extra>",
      },
      ...runs.map((run, i) =>
        pathTrace(run, colors[i], {
          hovertemplate: `${
            escapeForPlotly(run.label)
          }<br>step %{customdata[0]}: x = %{x:.4g}<br>f = %{y:.4g}<extra></extra>`,
        }, { y: "loss" })
      ),
    ],
    layout: {
      ...layout,
      xaxis: { title: { text: "x" }, range: [...range[0]] },
      yaxis: { title: { text: "f(x)" }, range: [-0.05 * top, 1.05 * top] },
    },
  };
}

/** Options of {@linkcode panelsPlot}. */
export interface PanelsPlotOptions extends FigureOptions {
  /** Panels per row, a whole number >= 1. @default {2} */
  columns?: number;
  /**
   * Grid points per axis in each panel, from 2 to 500/√panels (each panel
   * carries its own copy of the contour). @default {60 for up to 4 panels,
   * fewer beyond, so that the panels share the grid points of four}
   */
  grid?: number;
  /** Number of contour levels. @default {16} */
  levels?: number;
}

const panelsPlotDefaults = {
  title: undefined, // "<n> optimizers on <fn>"
  height: undefined, // 360 px per row, plus the title
  columns: 2,
  grid: undefined, // figureDefaults.smallGrid for up to 4 panels, fewer beyond
  levels: figureDefaults.levels,
} satisfies Defaults<PanelsPlotOptions>;

/**
 * One panel per run, in a grid with shared axes: the book's 2 × 2 figure of
 * SGD, Momentum, AdaGrad and Adam is `panelsPlot(course, [four runs])`.
 *
 * @param fn The test function (2-D).
 * @param runs The trajectories, one panel each.
 * @param options See {@linkcode PanelsPlotOptions}.
 * @returns The figure.
 *
 * @example
 * ```ts
 * import { Adam, course, minimize, panelsPlot, SGD } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const runs = [minimize(course, new SGD({ lr: 0.95 })), minimize(course, new Adam({ lr: 0.3 }))];
 * const fig = panelsPlot(course, runs);
 * assert.deepEqual(fig.layout.grid, { rows: 1, columns: 2, pattern: "independent" });
 * ```
 */
export function panelsPlot(fn: TestFunction, runs: readonly Trajectory[], options: PanelsPlotOptions = {}): Figure {
  const action = "draw panelsPlot";
  testFunction(action, fn);
  const o = withDefaults(action, options, panelsPlotDefaults);
  const list = trajectories(action, runs, fn);
  if (fn.dim !== 2) throw new RangeError(`Cannot ${action} as ${fn.name} has ${fn.dim} coordinate(s), not 2`);
  const columns = Math.min(integer(action, "columns", o.columns, 1), list.length);
  const rows = Math.ceil(list.length / columns);
  const shared = Math.floor(figureDefaults.smallGrid * Math.sqrt(4 / Math.max(4, list.length)));
  const gridLimit = {
    max: Math.floor(limits.grid.max / Math.sqrt(list.length)),
    why: `${limits.grid.why}; each of the ${list.length} panels carries its own copy`,
  };
  const grid = size(action, "grid", o.grid === undefined ? Math.min(shared, gridLimit.max) : o.grid, 2, gridLimit);
  const count = size(action, "levels", o.levels, 1, limits.levels);
  const title = titleOf(action, o.title, () => `${list.length} optimizers on ${fn.name}`);
  const colors = colorsFor(list);
  // Each panel's title, wrapped to the panel's width; rows move apart to make room for the longest.
  const titles = list.map((run) => wrap(framedName(run, fn.range), columns >= 3 ? 32 : 50));
  const titleLines = titles.reduce((most, t) => Math.max(most, t.length), 1);
  const height = o.height === undefined ? (360 + 16 * (titleLines - 1)) * rows + 60 : heightOf(action, o.height);
  const data: Trace[] = [];
  const layout: Record<string, unknown> = {
    ...baseLayout(title, height),
    // Titles that wrap need room between the rows and under the figure's title.
    grid: { rows, columns, pattern: "independent", ...(titleLines > 1 ? { ygap: 0.1 + 0.06 * titleLines } : {}) },
    ...(titleLines > 1 ? { margin: { l: 60, r: 20, t: 70 + 16 * titleLines, b: 50 } } : {}),
    showlegend: false,
    annotations: [] as unknown[],
  };
  // One contour, drawn in every panel: the same z for all, only the axes differ.
  const contour = contourTrace(fn, fn.range, grid, count);
  list.forEach((run, i) => {
    const n = i === 0 ? "" : String(i + 1);
    const axes = { xaxis: `x${n}`, yaxis: `y${n}` };
    data.push(
      { ...contour, ...axes },
      ...minimumTrace(fn, axes),
      ...exitTrace(run, fn.range, colors[i], axes),
      pathTrace(run, colors[i], axes),
    );
    layout[`xaxis${n}`] = { range: [...fn.range[0]], zeroline: false, ...(i === 0 ? {} : { matches: "x" }) };
    layout[`yaxis${n}`] = { range: [...fn.range[1]], zeroline: false, ...(i === 0 ? {} : { matches: "y" }) };
    (layout.annotations as unknown[]).push({
      text: titles[i].map(escapeForPlotly).join("<br>"),
      xref: `x${n} domain`,
      yref: `y${n} domain`,
      x: 0.5,
      y: 1.0,
      yanchor: "bottom",
      showarrow: false,
      font: { size: 13, color: colors[i] },
    });
  });
  return displayable({ data, layout });
}

/** Breaks `text` into lines of at most about `width` characters, at ", " and "(" where it can. */
function wrap(text: string, width: number): string[] {
  const pieces = text.split(/(?<=, )|(?=\()/);
  const lines: string[] = [];
  for (const piece of pieces) {
    if (lines.length > 0 && lines[lines.length - 1].length + piece.length <= width) lines[lines.length - 1] += piece;
    else lines.push(piece);
  }
  return lines.map((line) => line.trim());
}

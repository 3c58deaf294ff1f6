// Pieces the figure builders share: the rule for the runs a builder is given,
// grids, contour levels, traces, colors and layout. Private to lib/ (the
// builders in paths.ts, curves.ts and animation.ts are the public face).
import { between, formatValue, text } from "../validate.ts";
import type { Range, TestFunction } from "../landscape/test_functions.ts";
import type { Divergence, Trajectory } from "../run/minimize.ts";
import { figureDefaults } from "./defaults.ts";
import { thinIndices } from "./_thin.ts";
import type { Trace } from "./display.ts";

/** Rounds to `digits` significant digits: the grid's precision is the plot's, not float64's. */
export function round(value: number, digits = figureDefaults.digits): number {
  return Number.isFinite(value) && value !== 0 ? Number(value.toPrecision(digits)) : value;
}

export function linspace([lo, hi]: Range, n: number): number[] {
  return Array.from({ length: n }, (_, i) => round(lo + (hi - lo) * i / (n - 1), 6));
}

/**
 * `fn` on an n × n grid over `range`: axes, and z as shown (f, or
 * log₁₀(1 + f − min f) where the function's `contourScale` is "log").
 * A value of f that is not finite stays so, and shows as a hole in the contour.
 */
function contourGrid(
  fn: TestFunction,
  range: readonly Range[],
  n: number,
): { x: number[]; y: number[]; z: number[][]; label: string } {
  if (fn.dim !== 2) throw new RangeError(`Cannot draw contours of ${fn.name} as it has ${fn.dim} coordinate(s), not 2`);
  const x = linspace(range[0], n);
  const y = linspace(range[1], n);
  const p = new Float64Array(2);
  const raw = y.map((yv) =>
    x.map((xv) => {
      p[0] = xv;
      p[1] = yv;
      return fn.f(p);
    })
  );
  if (fn.contourScale === "linear") return { x, y, z: raw.map((row) => row.map((v) => round(v))), label: "f" };
  // The lowest finite value (a loop, not Math.min(...spread): the grid has grid² values).
  const min = raw.reduce((low, row) => row.reduce((m, v) => Number.isFinite(v) ? Math.min(m, v) : m, low), Infinity);
  return { x, y, z: raw.map((row) => row.map((v) => round(Math.log10(1 + v - min)))), label: "log₁₀(1 + f)" };
}

/**
 * Contour levels that read well: for a linear scale, from the lowest value up
 * to the 60th percentile of the grid (a bowl then shows nested rings around
 * its minimum, as in the book's figure, instead of crowded lines at the rim);
 * a function without a minimum (a saddle) or a log scale spans the whole grid.
 */
function levels(fn: TestFunction, z: number[][], count: number): { start: number; end: number; size: number } {
  // Where f is not finite (a pole, an overflow) the contour has a hole (JSON null); the levels span the rest.
  const values = z.flat().filter(Number.isFinite).sort((a, b) => a - b);
  if (values.length === 0) {
    throw new RangeError(
      `Cannot draw contours of ${fn.name} as 'fn.f' must be finite somewhere on the grid: current value is ${
        formatValue(z[0][0])
      } everywhere`,
    );
  }
  const start = values[0];
  const top = fn.contourScale === "linear" && fn.minima.length > 0
    ? values[Math.floor(values.length * 0.6)]
    : values[values.length - 1];
  const size = (top - start) / count;
  return { start: round(start + size / 2), end: round(top), size: round(size) };
}

export function contourTrace(fn: TestFunction, range: readonly Range[], n: number, count: number): Trace {
  const { x, y, z, label } = contourGrid(fn, range, n);
  return {
    type: "contour",
    name: fn.name,
    x,
    y,
    z,
    contours: { coloring: "heatmap", showlines: true, ...levels(fn, z, count) },
    line: { color: "rgba(60, 60, 60, 0.35)", width: 1 },
    colorscale: colorscale(),
    showscale: false,
    hovertemplate: `x = %{x:.3g}<br>y = %{y:.3g}<br>${label} = %{z:.4g}<extra></extra>`,
    showlegend: false,
  };
}

/** The contour fill, as a fresh array a figure may own. */
function colorscale(): [number, string][] {
  return figureDefaults.colorscale.map(([at, color]) => [at, color]);
}

/**
 * The steps of a line to draw: all of them, or for a line longer than
 * `figureDefaults.maxLinePoints` the ones where it turns ({@linkcode thinIndices}).
 */
function stepsToDraw(xs: readonly number[], ys: readonly number[]): number[] {
  return thinIndices(xs, ys, figureDefaults.maxLinePoints);
}

/** A run's legend entry (a trajectory's or a training run's), which says if and where it diverged. */
export function runName(run: { label: string; diverged: false | Divergence }): string {
  return run.diverged ? `${run.label}, diverged at step ${run.diverged.step}` : run.label;
}

/**
 * Thins every line trace of `data` longer than `figureDefaults.maxLinePoints`
 * to the points where it turns, measured as drawn (on a log axis, in log
 * units), and draws it as a plain line. Shorter traces are returned as they are.
 */
export function thinLines(data: Trace[], logX = false, logY = false): Trace[] {
  const drawn = (values: readonly number[], log: boolean) =>
    log ? values.map((v) => v > 0 ? Math.log10(v) : NaN) : values;
  return data.map((trace) => {
    const { x, y, customdata } = trace as { x?: unknown; y?: unknown; customdata?: unknown };
    if (!Array.isArray(x) || !Array.isArray(y) || x.length <= figureDefaults.maxLinePoints) return trace;
    const keep = stepsToDraw(drawn(x, logX), drawn(y, logY));
    const pick = (values: unknown[]) => keep.map((i) => values[i]);
    return {
      ...trace,
      mode: "lines",
      x: pick(x),
      y: pick(y),
      ...(Array.isArray(customdata) ? { customdata: pick(customdata) } : {}),
    };
  });
}

/** Options of {@linkcode pathTrace}. */
export interface PathTraceOptions {
  /** What the trace's y shows: the second coordinate (a contour plot) or the loss (a curve of a 1-D function). */
  y?: "coordinate" | "loss";
  /** Keep every step even on a long run (an animation slices the trace by step). @default {false} */
  everyStep?: boolean;
}

/**
 * A run's path as a line with a marker per step; a long run is thinned to the
 * steps where it turns and drawn as a line, and its hover text still gives
 * each kept point's true step.
 */
export function pathTrace(run: Trajectory, color: string, extra: Trace = {}, options: PathTraceOptions = {}): Trace {
  const xs = run.points.map((p) => p[0]);
  const ys = options.y === "loss" ? run.loss : run.points.map((p) => p[1]);
  const steps = options.everyStep ? xs.map((_, t) => t) : stepsToDraw(xs, ys);
  const thinned = steps.length < xs.length;
  return {
    type: "scatter",
    mode: thinned ? "lines" : "lines+markers",
    name: runName(run),
    x: steps.map((t) => round(xs[t], 6)),
    y: steps.map((t) => round(ys[t], 6)),
    customdata: steps.map((t) => [t, round(run.loss[t], 4)]),
    hovertemplate: `${
      escapeForPlotly(run.label)
    }<br>step %{customdata[0]}: (%{x:.4g}, %{y:.4g})<br>f = %{customdata[1]}<extra></extra>`,
    line: { color, width: 2 },
    marker: { color, size: 5 },
    ...extra,
  };
}

/** Where a path first leaves the plotting range, and the point farthest out. */
export interface FrameExit {
  /** The first step that lands outside the range. */
  step: number;
  /** Where the segment into that step crosses the frame's edge. */
  edge: [number, number];
  /** The point of the run farthest outside the range (measured in range widths). */
  farthest: number[];
}

/** Where `run` first leaves `range` (a 2-D range), or `undefined` if it stays inside. Non-finite points are skipped. */
export function frameExit(run: Trajectory, range: readonly Range[]): FrameExit | undefined {
  const [[x0, x1], [y0, y1]] = range;
  const outside = (p: number[]) =>
    Math.max((x0 - p[0]) / (x1 - x0), (p[0] - x1) / (x1 - x0), (y0 - p[1]) / (y1 - y0), (p[1] - y1) / (y1 - y0));
  const step = run.points.findIndex((p) => p.every(Number.isFinite) && outside(p) > 0);
  if (step <= 0) return undefined;
  const [a, b] = [run.points[step - 1], run.points[step]];
  // The fraction s of the segment a → b at which it first meets an edge.
  let s = 1;
  [[x0, x1], [y0, y1]].forEach(([lo, hi], i) => {
    const d = b[i] - a[i];
    if (b[i] > hi) s = Math.min(s, (hi - a[i]) / d);
    if (b[i] < lo) s = Math.min(s, (lo - a[i]) / d);
  });
  const finite = run.points.filter((p) => p.every(Number.isFinite));
  const farthest = finite.reduce((far, p) => outside(p) > outside(far) ? p : far);
  return { step, edge: [a[0] + s * (b[0] - a[0]), a[1] + s * (b[1] - a[1])], farthest };
}

/** A legend or panel title: the run's name, and where it leaves the frame if it does without diverging. */
export function framedName(run: Trajectory, range: readonly Range[]): string {
  const exit = run.diverged || run.points[0].length !== 2 ? undefined : frameExit(run, range);
  if (!exit) return runName(run);
  const far = exit.farthest.map((v) => round(v, 3)).join(", ");
  return `${runName(run)}, leaves the frame at step ${exit.step} (reaches ${far})`;
}

/** A marker where a path leaves the frame, so a clipped path still shows where it went. */
export function exitTrace(run: Trajectory, range: readonly Range[], color: string, extra: Trace = {}): Trace[] {
  const exit = frameExit(run, range);
  if (!exit) return [];
  const far = exit.farthest.map((v) => round(v, 3)).join(", ");
  return [{
    type: "scatter",
    mode: "markers",
    name: `${escapeForPlotly(run.label)} leaves the frame`,
    showlegend: false,
    x: [round(exit.edge[0], 6)],
    y: [round(exit.edge[1], 6)],
    marker: { symbol: "star", size: 16, color, line: { color: "#000000", width: 1 } },
    cliponaxis: false, // on the frame's edge: drawn whole, not cut in half
    hovertemplate: `${
      escapeForPlotly(run.label)
    }<br>leaves the frame at step ${exit.step}<br>reaches (${far})<extra></extra>`,
    ...extra,
  }];
}

// Plotly reads trace names and templates as a small HTML subset; a label with
// "<" should show as text. (Plotly never runs scripts from these strings.)
export function escapeForPlotly(text: string): string {
  return text.replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

export function minimumTrace(fn: TestFunction, extra: Trace = {}): Trace[] {
  if (fn.minima.length === 0) return [];
  return [{
    type: "scatter",
    mode: "markers",
    name: fn.minima.length === 1 ? "minimum" : "minima",
    x: fn.minima.map((m) => m[0]),
    y: fn.minima.map((m) => m[1]),
    marker: { symbol: "x", size: 12, color: "#000000", line: { width: 1 } },
    hovertemplate: "minimum (%{x:.4g}, %{y:.4g})<extra></extra>",
    ...extra,
  }];
}

export function startTrace(runs: readonly Pick<Trajectory, "points">[], extra: Trace = {}): Trace[] {
  const starts = new Map(runs.map((r) => [r.points[0].join(","), r.points[0]]));
  return [{
    type: "scatter",
    mode: "markers",
    name: "start",
    x: [...starts.values()].map((p) => p[0]),
    y: [...starts.values()].map((p) => p[1]),
    marker: { symbol: "circle-open", size: 14, color: "#000000", line: { width: 2 } },
    hovertemplate: "start (%{x:.4g}, %{y:.4g})<extra></extra>",
    ...extra,
  }];
}

/**
 * The one rule for what a builder is given: one item or a list, never empty,
 * each item what the builder draws. Returns the items as a new list.
 */
export function nonEmptyList<T>(
  action: string,
  name: string,
  value: T | readonly T[],
  isItem: (item: unknown) => boolean,
  what: string,
): T[] {
  const list: T[] = Array.isArray(value) ? [...value] : [value as T];
  if (list.length === 0) throw new RangeError(`Cannot ${action} as '${name}' must not be empty: current value is []`);
  for (const item of list) {
    if (!isItem(item)) {
      throw new TypeError(`Cannot ${action} as '${name}' must hold ${what}: current value is ${formatValue(item)}`);
    }
  }
  return list;
}

/** The trajectories a builder is given, by {@linkcode nonEmptyList}'s rule; with `fn`, all made on `fn`. */
export function trajectories(
  action: string,
  runs: Trajectory | readonly Trajectory[],
  fn?: TestFunction,
): Trajectory[] {
  const isTrajectory = (run: unknown) => {
    const r = run as Partial<Trajectory> | null | undefined;
    return Array.isArray(r?.points) && r.points.length > 0 && r.points.every(Array.isArray) &&
      Array.isArray(r.loss) && r.loss.length === r.points.length && typeof r.label === "string";
  };
  const list = nonEmptyList(action, "runs", runs, isTrajectory, "trajectories from minimize()");
  for (const run of list) {
    if (fn && run.fn !== fn.id) {
      throw new RangeError(
        `Cannot ${action} as a run was made on '${run.fn}', not on '${fn.id}': current value is ${run.label}`,
      );
    }
  }
  return list;
}

/** A figure's title: the one given (checked to be a string), else the builder's own. */
export function titleOf(action: string, title: unknown, fallback: () => string): string {
  return title === undefined ? fallback() : text(action, "title", title);
}

/** The height of a figure in pixels: at least 50 (Plotly's own margins), at most 5000 (a tall screen's worth, five times over). */
export function heightOf(action: string, height: unknown): number {
  return between(action, "height", height, 50, 5000);
}

/**
 * The runs a builder that draws one run is given: one trajectory, or a list
 * of exactly one (a longer list would silently drop the rest).
 */
export function oneTrajectory(action: string, run: Trajectory | readonly Trajectory[], fn?: TestFunction): Trajectory {
  if (Array.isArray(run) && run.length > 1) {
    throw new RangeError(
      `Cannot ${action} as 'run' must be one trajectory, not a list of ${run.length} (draw one figure per run): current value is ${
        formatValue(run)
      }`,
    );
  }
  return trajectories(action, run, fn)[0];
}

export function baseLayout(title: string, height: number): Record<string, unknown> {
  return {
    title: { text: escapeForPlotly(title), x: 0.5, xanchor: "center" },
    height,
    font: { ...figureDefaults.font },
    margin: { l: 60, r: 20, t: 60, b: 50 },
    // Below the x axis's title, not on it.
    legend: { orientation: "h", y: -0.3, yanchor: "top", x: 0.5, xanchor: "center" },
    plot_bgcolor: "#ffffff",
  };
}

export function defaultTitle(fn: TestFunction, runs: readonly Trajectory[]): string {
  return runs.length === 1 ? `${runs[0].label} on ${fn.name}` : `${runs.length} runs on ${fn.name}`;
}

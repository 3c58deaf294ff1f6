// Pieces the figure builders share: the rule for the runs a builder is given,
// grids, contour levels, traces, colors and layout. Private to lib/ (the
// builders in paths.ts, curves.ts and animation.ts are the public face).
import { formatValue } from "../_validate.ts";
import type { Range, TestFunction } from "../landscape/test_functions.ts";
import type { Divergence, Trajectory } from "../run/minimize.ts";
import { figureDefaults } from "./defaults.ts";
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
 * log₁₀(1 + f − min f) for the "log" scale; the scale defaults to the function's `contourScale`).
 */
export function contourGrid(
  fn: TestFunction,
  range: readonly Range[] = fn.range,
  n: number = figureDefaults.grid,
  scale: TestFunction["contourScale"] = fn.contourScale,
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
  if (scale === "linear") return { x, y, z: raw.map((row) => row.map((v) => round(v))), label: "f" };
  const min = Math.min(...raw.flat());
  return { x, y, z: raw.map((row) => row.map((v) => round(Math.log10(1 + v - min)))), label: "log₁₀(1 + f)" };
}

/**
 * Contour levels that read well: for a linear scale, from the lowest value up
 * to the 60th percentile of the grid (a bowl then shows nested rings around
 * its minimum, as in the book's figure, instead of crowded lines at the rim);
 * a function without a minimum (a saddle) or a log scale spans the whole grid.
 */
function levels(fn: TestFunction, z: number[][], count: number): { start: number; end: number; size: number } {
  const values = z.flat().sort((a, b) => a - b);
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
export function colorscale(): [number, string][] {
  return figureDefaults.colorscale.map(([at, color]) => [at, color]);
}

/** Assigns each run (a trajectory or a training run) a color: its optimizer's, or the next palette color for a repeat. */
export function colorsFor(runs: readonly { optimizer: string }[]): string[] {
  const used = new Set<string>();
  let next = 0;
  return runs.map((run) => {
    const own = (figureDefaults.optimizerColors as Readonly<Record<string, string | undefined>>)[run.optimizer];
    const color = own && !used.has(own) ? own : figureDefaults.palette[next++ % figureDefaults.palette.length];
    used.add(color);
    return color;
  });
}

/** A run's legend entry (a trajectory's or a training run's), which says if and where it diverged. */
export function runName(run: { label: string; diverged: false | Divergence }): string {
  return run.diverged ? `${run.label}, diverged at step ${run.diverged.step}` : run.label;
}

export function pathTrace(run: Trajectory, color: string, extra: Trace = {}): Trace {
  return {
    type: "scatter",
    mode: "lines+markers",
    name: runName(run),
    x: run.points.map((p) => round(p[0], 6)),
    y: run.points.map((p) => round(p[1], 6)),
    customdata: run.loss.map((loss, t) => [t, round(loss, 4)]),
    hovertemplate: `${
      escapeForPlotly(run.label)
    }<br>step %{customdata[0]}: (%{x:.4g}, %{y:.4g})<br>f = %{customdata[1]}<extra></extra>`,
    line: { color, width: 2 },
    marker: { color, size: 5 },
    ...extra,
  };
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

export function startTrace(runs: readonly Trajectory[], extra: Trace = {}): Trace[] {
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
  const isTrajectory = (run: unknown) => Array.isArray((run as Trajectory | undefined)?.points);
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

export function baseLayout(title: string, height: number): Record<string, unknown> {
  return {
    title: { text: escapeForPlotly(title), x: 0.5, xanchor: "center" },
    height,
    font: { ...figureDefaults.font },
    margin: { l: 60, r: 20, t: 60, b: 50 },
    legend: { orientation: "h", y: -0.18, x: 0.5, xanchor: "center" },
    plot_bgcolor: "#ffffff",
  };
}

export function defaultTitle(fn: TestFunction, runs: readonly Trajectory[]): string {
  return runs.length === 1 ? `${runs[0].label} on ${fn.name}` : `${runs.length} runs on ${fn.name}`;
}

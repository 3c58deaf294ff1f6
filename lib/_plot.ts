// Pieces the figure builders share: grids, contour levels, traces, colors and
// layout. Private to lib/ (the builders in figures.ts, curves.ts and
// animation.ts are the public face).
import { show as showValue } from "./_validate.ts";
import type { Trajectory } from "./minimize.ts";
import type { Range, TestFunction } from "./test_functions.ts";
import type { Trace } from "./display.ts";

/** The defaults every figure builder starts from; change one figure through its options. */
export const figureDefaults = {
  /** Grid points per axis of a contour (100 × 100 keeps a figure near 60 KB). */
  grid: 100,
  /** Grid points per axis in each panel of {@linkcode panelsPlot} and in {@linkcode surfacePlot}. */
  smallGrid: 60,
  /** Number of contour levels. */
  levels: 16,
  /** Significant digits kept of each grid value. */
  digits: 4,
  /** Height in pixels of a contour plot; curves, animations, sliders and surfaces have their own. */
  height: 480,
  curveHeight: 400,
  animationHeight: 520,
  sliderHeight: 540,
  surfaceHeight: 560,
  /** One color per optimizer, the same in every figure. */
  optimizerColors: {
    SGD: "#d62728",
    Momentum: "#1f77b4",
    Nesterov: "#9467bd",
    AdaGrad: "#2ca02c",
    RMSProp: "#ff7f0e",
    Adam: "#8c564b",
  } as Record<string, string>,
  /** Colors for further runs of an optimizer already drawn (other learning rates). */
  palette: ["#17becf", "#e377c2", "#bcbd22", "#7f7f7f", "#393b79", "#637939", "#8c6d31", "#843c39"],
  /** The fill of the contour: light at the minimum, darker uphill. */
  colorscale: [[0, "#ffffff"], [0.5, "#deebf7"], [1, "#9ecae1"]] as [number, string][],
  /** Text: a font every Debian machine has, then a common fallback. */
  font: { family: "DejaVu Sans, Arial, sans-serif", size: 13 },
};

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
    colorscale: figureDefaults.colorscale,
    showscale: false,
    hovertemplate: `x = %{x:.3g}<br>y = %{y:.3g}<br>${label} = %{z:.4g}<extra></extra>`,
    showlegend: false,
  };
}

/** Assigns each run (a trajectory or a training run) a color: its optimizer's, or the next palette color for a repeat. */
export function colorsFor(runs: readonly { optimizer: string }[]): string[] {
  const used = new Set<string>();
  let next = 0;
  return runs.map((run) => {
    const own = figureDefaults.optimizerColors[run.optimizer];
    const color = own && !used.has(own) ? own : figureDefaults.palette[next++ % figureDefaults.palette.length];
    used.add(color);
    return color;
  });
}

/** A run's legend entry, which says if and where it diverged. */
export function runName(run: Trajectory): string {
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

export function checkRuns(action: string, fn: TestFunction, runs: Trajectory | readonly Trajectory[]): Trajectory[] {
  const list = Array.isArray(runs) ? [...runs] : [runs as Trajectory];
  for (const run of list) {
    if (!run || !Array.isArray(run.points)) {
      throw new TypeError(
        `Cannot ${action} as 'runs' must hold trajectories from minimize(): current value is ${showValue(run)}`,
      );
    }
    if (run.fn !== fn.id) {
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
    font: figureDefaults.font,
    margin: { l: 60, r: 20, t: 60, b: 50 },
    legend: { orientation: "h", y: -0.18, x: 0.5, xanchor: "center" },
    plot_bgcolor: "#ffffff",
  };
}

export function defaultTitle(fn: TestFunction, runs: readonly Trajectory[]): string {
  return runs.length === 1 ? `${runs[0].label} on ${fn.name}` : `${runs.length} runs on ${fn.name}`;
}

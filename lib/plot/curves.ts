/**
 * Curves over the step count: the loss, the step length, the per-parameter
 * effective learning rate, and learning-rate schedules.
 *
 * @module
 */
import {
  boolean,
  type Defaults,
  formatValue,
  integer,
  limits,
  positive,
  size,
  text,
  withDefaults,
} from "../validate.ts";
import type { TrainingRun } from "../nn/train.ts";
import { type Schedule, scheduleKind } from "../optim/schedules.ts";
import type { Trajectory } from "../run/minimize.ts";
import {
  baseLayout,
  escapeForPlotly,
  heightOf,
  nonEmptyList,
  oneTrajectory,
  round,
  runName,
  thinLines,
  titleOf,
  trajectories,
} from "./_parts.ts";
import { colorsFor, referenceColor } from "./colors.ts";
import { figureDefaults } from "./defaults.ts";
import { displayable, type Figure, type Trace } from "./display.ts";

/** Options of the curve builders. */
export interface CurveOptions {
  /** The title. */
  title?: string;
  /** Height in pixels, 50 to 5000. @default {400} */
  height?: number;
  /** A logarithmic y axis, for quantities that shrink by orders of magnitude. @default {false} */
  logY?: boolean;
}

const curveDefaults = {
  title: undefined, // each builder has its own
  height: figureDefaults.curveHeight,
  logY: false,
} satisfies Defaults<CurveOptions>;

function curveFigure(
  action: string,
  data: Trace[],
  yTitle: string,
  defaultTitle: string,
  o: Defaults<CurveOptions>,
): Figure {
  const height = heightOf(action, o.height);
  const title = titleOf(action, o.title, () => defaultTitle);
  const logY = boolean(action, "logY", o.logY);
  return displayable({
    data: thinLines(data, false, logY),
    layout: {
      ...baseLayout(title, height),
      xaxis: { title: { text: "step t" }, rangemode: "tozero" },
      yaxis: { title: { text: yTitle }, type: logY ? "log" : "linear", exponentformat: "power" },
    },
  });
}

function line(name: string, x: number[], y: number[], color: string, extra: Trace = {}): Trace {
  return {
    type: "scatter",
    mode: "lines+markers",
    name: escapeForPlotly(name),
    x,
    y: y.map((v) => round(v, 6)),
    line: { color, width: 2 },
    marker: { color, size: 4 },
    hovertemplate: `${escapeForPlotly(name)}<br>t = %{x}: %{y:.4g}<extra></extra>`,
    ...extra,
  };
}

/** Options of {@linkcode lossCurve}. */
export interface LossCurveOptions extends CurveOptions {
  /**
   * Width of a trailing moving average over the steps, for runs with noisy
   * gradients whose loss jitters; 1 shows the loss as it is. @default {1}
   */
  window?: number;
}

/** The trailing moving average of `values` over `window` entries (fewer at the start). */
function movingAverage(values: readonly number[], window: number): number[] {
  let sum = 0;
  return values.map((v, t) => {
    sum += v - (t >= window ? values[t - window] : 0);
    return sum / Math.min(t + 1, window);
  });
}

/**
 * The loss f(W_t) at every step of one or more runs (t = 0 is the start).
 *
 * @param runs The trajectories.
 * @param options See {@linkcode LossCurveOptions}; `logY` shows convergence rates as slopes.
 * @returns The figure.
 *
 * @example
 * ```ts
 * import { course, lossCurve, minimize, SGD } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const fig = lossCurve(minimize(course, new SGD({ lr: 0.95 }), { steps: 30 }), { logY: true });
 * assert.equal((fig.data[0].y as number[]).length, 31);
 * ```
 */
export function lossCurve(runs: Trajectory | readonly Trajectory[], options: LossCurveOptions = {}): Figure {
  const action = "draw lossCurve";
  const o = withDefaults(action, options, { ...curveDefaults, window: 1 });
  const window = integer(action, "window", o.window, 1);
  const list = trajectories(action, runs);
  const colors = colorsFor(list);
  const data = list.map((run, i) =>
    line(runName(run), run.loss.map((_, t) => t), movingAverage(run.loss, window), colors[i])
  );
  const title = window > 1 ? `Loss per step (moving average of ${window} steps)` : "Loss per step";
  return curveFigure(action, data, window > 1 ? `loss f(W), mean of ${window} steps` : "loss f(W)", title, o);
}

/**
 * The length of every update, ‖W_{t+1} − W_t‖: AdaGrad's shrink as it nears
 * the minimum, SGD's zig-zag as a constant bounce.
 *
 * @param runs The trajectories.
 * @param options See {@linkcode CurveOptions}.
 * @returns The figure.
 *
 * @example
 * ```ts
 * import { AdaGrad, course, minimize, stepLengthCurve } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const fig = stepLengthCurve(minimize(course, new AdaGrad({ lr: 1.5 }), { steps: 30 }));
 * assert.deepEqual(fig.data[0].x, Array.from({ length: 30 }, (_, t) => t + 1));
 * ```
 */
export function stepLengthCurve(runs: Trajectory | readonly Trajectory[], options: CurveOptions = {}): Figure {
  const action = "draw stepLengthCurve";
  const o = withDefaults(action, options, curveDefaults);
  const list = trajectories(action, runs);
  const colors = colorsFor(list);
  const data = list.map((run, i) => line(runName(run), run.stepLength.map((_, t) => t + 1), run.stepLength, colors[i]));
  return curveFigure(action, data, "step length ‖ΔW‖", "Step length per step", o);
}

/**
 * The per-parameter effective learning rate of one run, one line per
 * coordinate: for AdaGrad η/(√h + ε), which falls fast in a steep direction
 * and slowly in a flat one.
 *
 * @param run A trajectory of an optimizer with per-parameter rates (AdaGrad, RMSProp, Adam).
 * @param options See {@linkcode CurveOptions}.
 * @returns The figure.
 *
 * @example
 * ```ts
 * import { AdaGrad, course, effectiveRateCurve, minimize } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const fig = effectiveRateCurve(minimize(course, new AdaGrad({ lr: 1.5 })));
 * assert.deepEqual(fig.data.map((t) => t.name), ["rate of x", "rate of y"]);
 * ```
 */
export function effectiveRateCurve(run: Trajectory, options: CurveOptions = {}): Figure {
  const action = "draw effectiveRateCurve";
  const o = withDefaults(action, options, curveDefaults);
  const only = oneTrajectory(action, run);
  if (!only.effectiveRate) {
    throw new RangeError(
      `Cannot ${action} as ${only.optimizer} has one rate for all parameters, not one each: current value is ${only.label}`,
    );
  }
  const names = only.effectiveRate[0].length <= 3 ? ["x", "y", "z"] : undefined;
  // All in the run's own color (its optimizer's, as in the other figures); the coordinates differ by their dash.
  const [color] = colorsFor([only]);
  const dashes = ["solid", "dash", "dot", "dashdot"];
  const data = only.effectiveRate[0].map((_, i) =>
    line(
      `rate of ${names ? names[i] : `w${i}`}`,
      only.effectiveRate!.map((_, t) => t + 1),
      only.effectiveRate!.map((r) => r[i]),
      color,
      { line: { color, width: 2, dash: dashes[i % dashes.length] } },
    )
  );
  return curveFigure(action, data, "effective learning rate", `Per-parameter learning rate of ${only.label}`, o);
}

/** Options of {@linkcode scheduleCurve}. */
export interface ScheduleCurveOptions extends CurveOptions {
  /** How many steps to plot, t = 0 … steps − 1: a whole number from 1 to 1,000,000. @default {100} */
  steps?: number;
  /**
   * A rate to draw as a dashed horizontal line across the figure, with its legend entry: the stability limit
   * 2/λ above which a direction of curvature λ diverges, say (`{ lr: 1, label: "η = 1: above it, y diverges" }`).
   * @default {undefined}
   */
  limit?: { lr: number; label: string };
}

/**
 * One or more schedules over t = 0 … steps − 1, named after themselves.
 * Every value must be a finite number >= 0 (a rate that decays until it
 * underflows to 0 still plots; an optimizer needs it above 0).
 *
 * @param schedules The schedules.
 * @param options See {@linkcode ScheduleCurveOptions}.
 * @returns The figure.
 *
 * @example
 * ```ts
 * import { cosineDecay, scheduleCurve, stepDecay } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const fig = scheduleCurve([stepDecay(1), cosineDecay(1)], { steps: 50 });
 * assert.equal(fig.data.length, 2);
 *
 * const limited = scheduleCurve(cosineDecay(1.2, { steps: 50 }), { steps: 50, limit: { lr: 1, label: "η = 1" } });
 * assert.deepEqual([limited.data[1].name, limited.data[1].x, limited.data[1].y], ["η = 1", [0, 49], [1, 1]]);
 * ```
 */
export function scheduleCurve(schedules: Schedule | readonly Schedule[], options: ScheduleCurveOptions = {}): Figure {
  const action = "draw scheduleCurve";
  const o = withDefaults(action, options, { ...curveDefaults, steps: 100, limit: undefined });
  const steps = size(action, "steps", o.steps, 1, limits.steps);
  const limit = o.limit === undefined ? undefined : limitLine(action, o.limit, steps);
  const list = nonEmptyList(action, "schedules", schedules, (s) => typeof s === "function", "schedules (t) => rate");
  const t = Array.from({ length: steps }, (_, i) => i);
  const rates = list.map((s) =>
    t.map((ti) => {
      const rate = s(ti);
      if (typeof rate !== "number" || !(Number.isFinite(rate) && rate >= 0)) {
        throw new RangeError(
          `Cannot ${action} as the schedule ${
            s.name || "(anonymous)"
          } in 'schedules' must return a finite number >= 0, but at step t = ${ti} it did not: current value is ${
            formatValue(rate)
          }`,
        );
      }
      return rate;
    })
  );
  // Each schedule in its kind's color, as the runs it drives are drawn (a schedule has no optimizer).
  const colors = colorsFor(list.map((s) => ({ optimizer: "", schedule: scheduleKind(s) })));
  const data = list.map((s, i) =>
    line(s.name || `schedule ${i + 1}`, t, rates[i], colors[i], { mode: steps > 60 ? "lines" : "lines+markers" })
  );
  return curveFigure(action, limit ? [...data, limit] : data, "learning rate ηₜ", "Learning-rate schedules", o);
}

/** The dashed line of `scheduleCurve`'s `limit` across t = 0 … steps − 1, after checking it. */
function limitLine(action: string, limit: unknown, steps: number): Trace {
  const given = limit as { lr?: unknown; label?: unknown } | null;
  if (given === null || typeof given !== "object" || Array.isArray(given)) {
    throw new TypeError(
      `Cannot ${action} as 'limit' must be an object { lr, label }: current value is ${formatValue(limit)}`,
    );
  }
  const lr = positive(action, "limit.lr", given.lr);
  const label = text(action, "limit.label", given.label);
  if (label.trim() === "") {
    throw new RangeError(`Cannot ${action} as 'limit.label' must not be empty: current value is ${formatValue(label)}`);
  }
  const x = steps > 1 ? [0, steps - 1] : [0, 1];
  return {
    type: "scatter",
    mode: "lines",
    name: escapeForPlotly(label),
    x,
    y: [lr, lr],
    line: { color: referenceColor, width: 1.5, dash: "dash" },
    hovertemplate: `${escapeForPlotly(label)}<extra></extra>`,
  };
}

/** One line of {@linkcode linePlot}. */
export interface Series {
  /** The legend entry. */
  name: string;
  /** The x values; one that is not finite (NaN, ±Infinity) leaves a gap in the line. */
  x: readonly number[];
  /** The y values, one per x; one that is not finite leaves a gap in the line. */
  y: readonly number[];
  /** The line's color, such as a run's from {@linkcode colorsOf}. @default {the next palette color} */
  color?: string;
  /** The line's pattern, to tell two quantities of one run apart. @default {"solid"} */
  dash?: "solid" | "dash" | "dot";
  /** Draw a line, markers only (measured points on a curve), or both. @default {"lines+markers"} */
  mode?: "lines" | "markers" | "lines+markers";
  /** An error bar at each point, ± this much (a spread over seeds, say). @default {none} */
  error?: readonly number[];
}

/** Options of {@linkcode linePlot}. */
export interface LinePlotOptions extends CurveOptions {
  /** The x axis title. @default {"x"} */
  xTitle?: string;
  /** The y axis title. @default {"y"} */
  yTitle?: string;
  /** A logarithmic x axis. @default {false} */
  logX?: boolean;
}

const linePlotDefaults = { ...curveDefaults, xTitle: "x", yTitle: "y", logX: false } satisfies Defaults<
  LinePlotOptions
>;

/**
 * Lines from plain data, for what the other builders do not cover (an error
 * against a step size, say).
 *
 * @param series The lines.
 * @param options See {@linkcode LinePlotOptions}.
 * @returns The figure.
 *
 * @example
 * ```ts
 * import { linePlot } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const fig = linePlot([{ name: "squares", x: [1, 2, 3], y: [1, 4, 9] }], { xTitle: "n", yTitle: "n²" });
 * assert.equal(fig.data[0].name, "squares");
 * ```
 */
export function linePlot(series: readonly Series[], options: LinePlotOptions = {}): Figure {
  const action = "draw linePlot";
  const o = withDefaults(action, options, linePlotDefaults);
  const isSeries = (s: unknown) => Array.isArray((s as Series | undefined)?.x) && Array.isArray((s as Series).y);
  const list = nonEmptyList(action, "series", series, isSeries, "series { name, x, y }");
  for (const s of list) {
    text(action, "name", s.name);
    if (s.error !== undefined && !Array.isArray(s.error)) {
      throw new TypeError(
        `Cannot ${action} as the series ${formatValue(s.name)} 'error' must be a list of numbers: current value is ${
          formatValue(s.error)
        }`,
      );
    }
    for (const key of ["x", "y", "error"] as const) {
      const values = s[key] ?? [];
      const bad = values.findIndex((v) => typeof v !== "number");
      if (bad !== -1) {
        throw new TypeError(
          `Cannot ${action} as the series ${
            formatValue(s.name)
          } '${key}' must hold numbers: current value at index ${bad} is ${formatValue(values[bad])}`,
        );
      }
    }
    if (s.x.length !== s.y.length) {
      throw new RangeError(
        `Cannot ${action} as each series needs as many x as y values: current value is ${formatValue(s.name)}`,
      );
    }
    if (s.error && s.error.length !== s.y.length) {
      throw new RangeError(
        `Cannot ${action} as a series' 'error' needs one value per y: current value is ${formatValue(s.name)}`,
      );
    }
  }
  const data = list.map((s, i) => {
    const color = s.color ?? figureDefaults.palette[i % figureDefaults.palette.length];
    return line(s.name, [...s.x], [...s.y], color, {
      hovertemplate: `${escapeForPlotly(s.name)}<br>%{x:.3g}: %{y:.4g}<extra></extra>`,
      line: { color, width: 2, dash: s.dash ?? "solid" },
      mode: s.mode ?? "lines+markers",
      marker: { color, size: s.mode === "markers" ? 9 : 4 },
      ...(s.error ? { error_y: { type: "data", array: s.error.map((e) => round(e, 4)), color, thickness: 1.5 } } : {}),
    });
  });
  const height = heightOf(action, o.height);
  const title = titleOf(action, o.title, () => "");
  const [xTitle, yTitle] = [text(action, "xTitle", o.xTitle), text(action, "yTitle", o.yTitle)];
  const [logX, logY] = [boolean(action, "logX", o.logX), boolean(action, "logY", o.logY)];
  return displayable({
    data: thinLines(data, logX, logY),
    layout: {
      ...baseLayout(title, height),
      xaxis: { title: { text: xTitle }, type: logX ? "log" : "linear", exponentformat: "power" },
      yaxis: { title: { text: yTitle }, type: logY ? "log" : "linear", exponentformat: "power" },
    },
  });
}

/** Options of {@linkcode trainingCurve}. */
export interface TrainingCurveOptions extends CurveOptions {
  /** Width of the moving average that smooths the noisy batch losses; 1 shows them raw. @default {10} */
  window?: number;
}

/**
 * The batch loss of one or more training runs per update, smoothed by a
 * trailing moving average (each batch is a different sample, so raw losses
 * jitter; the book smooths its figure 6-9 the same way).
 *
 * @param runs Training runs from {@linkcode train}.
 * @param options See {@linkcode TrainingCurveOptions}.
 * @returns The figure.
 *
 * @example
 * ```ts
 * import { trainingCurve } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const run = { label: "SGD(lr=0.1)", optimizer: "SGD", loss: [4, 2, 0], trainAccuracy: 1, testAccuracy: 1, diverged: false as const };
 * assert.deepEqual(trainingCurve([run], { window: 2 }).data[0].y, [4, 3, 1]);
 * ```
 */
export function trainingCurve(runs: readonly TrainingRun[], options: TrainingCurveOptions = {}): Figure {
  const action = "draw trainingCurve";
  const o = withDefaults(action, options, { ...curveDefaults, window: 10 });
  const window = integer(action, "window", o.window, 1);
  const isTrainingRun = (run: unknown) => {
    const r = run as Partial<TrainingRun> | null | undefined;
    return Array.isArray(r?.loss) && typeof r.label === "string" && typeof r.optimizer === "string";
  };
  const list = nonEmptyList(action, "runs", runs, isTrainingRun, "training runs from train()");
  const colors = colorsFor(list);
  const data = list.map((run, i) => {
    const smooth = movingAverage(run.loss, window);
    return line(runName(run), smooth.map((_, t) => t), smooth, colors[i], { mode: "lines" });
  });
  const title = window > 1 ? `Training loss (moving average of ${window} batches)` : "Training loss per batch";
  return curveFigure(action, data, "cross-entropy loss", title, o);
}

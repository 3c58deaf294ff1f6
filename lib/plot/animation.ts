/**
 * Interactive figures that need no kernel: a path drawn step by step with
 * Play/Pause and a slider, and a learning-rate slider over precomputed runs.
 * Both live inside the figure (Plotly frames and sliders), so they also work
 * in exported HTML, offline. (The Deno kernel closes every widget comm, so
 * ipywidgets-style sliders cannot work.)
 *
 * @module
 */
import { type Defaults, formatValue, integer, limits, positive, testFunction, withDefaults } from "../validate.ts";
import type { Range, TestFunction } from "../landscape/test_functions.ts";
import type { Optimizer } from "../optim/optimizer.ts";
import { minimize, type MinimizeOptions, type Trajectory } from "../run/minimize.ts";
import {
  baseLayout,
  contourTrace,
  escapeForPlotly,
  heightOf,
  minimumTrace,
  oneTrajectory,
  pathTrace,
  round,
  runName,
  startTrace,
  titleOf,
} from "./_parts.ts";
import { colorsFor } from "./colors.ts";
import { figureDefaults } from "./defaults.ts";
import { displayable, type Figure } from "./display.ts";

/** Options of {@linkcode animationPlot}. */
export interface AnimationPlotOptions {
  /** The title. */
  title?: string;
  /** Height in pixels, 50 to 5000. @default {520} */
  height?: number;
  /** Milliseconds per step when playing. @default {150} */
  frameDuration?: number;
}

const animationPlotDefaults = {
  title: undefined, // "<run> on <fn>, step by step"
  height: figureDefaults.animationHeight,
  frameDuration: 150,
} satisfies Defaults<AnimationPlotOptions>;

function axes(fn: TestFunction): Record<string, unknown> {
  const [x, y]: readonly Range[] = fn.range;
  return {
    xaxis: { title: { text: "x" }, range: [...x], zeroline: false, constrain: "domain" },
    yaxis: {
      title: { text: "y" },
      range: [...y],
      zeroline: false,
      scaleanchor: "x",
      scaleratio: 1,
      constrain: "domain",
    },
  };
}

function slider(
  labels: string[],
  prefix: string,
  step: (label: string, i: number) => Record<string, unknown>,
  active = 0,
) {
  return {
    active,
    currentvalue: { prefix, font: { size: 14 } },
    pad: { t: 40 },
    steps: labels.map((label, i) => ({ label, ...step(label, i) })),
  };
}

/**
 * A path drawn step by step over the contours of `fn`, with Play and Pause
 * buttons and a step slider (Plotly frames: frame t shows steps 0 … t).
 * Frame t repeats steps 0 … t, so the frames hold about steps²/2 points: the
 * run may have at most 300 steps (the course animates 30).
 *
 * @param fn The test function (2-D).
 * @param run One trajectory on `fn` (or a list holding exactly one).
 * @param options See {@linkcode AnimationPlotOptions}.
 * @returns The figure, with one frame per point.
 *
 * @example
 * ```ts
 * import { AdaGrad, animationPlot, course, minimize } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const fig = animationPlot(course, minimize(course, new AdaGrad({ lr: 1.5 }), { steps: 30 }));
 * assert.equal(fig.frames!.length, 31);
 * ```
 */
export function animationPlot(fn: TestFunction, run: Trajectory, options: AnimationPlotOptions = {}): Figure {
  const action = "draw animationPlot";
  testFunction(action, fn);
  const o = withDefaults(action, options, animationPlotDefaults);
  const only = oneTrajectory(action, run, fn);
  if (fn.dim !== 2) throw new RangeError(`Cannot ${action} as ${fn.name} has ${fn.dim} coordinate(s), not 2`);
  const steps = only.points.length - 1;
  if (steps > limits.animationSteps.max) {
    throw new RangeError(
      `Cannot ${action} as the run must have at most ${limits.animationSteps.max} steps (${limits.animationSteps.why}; draw a shorter run, or pathPlot for this one): current value is ${steps} steps`,
    );
  }
  const duration = positive(action, "frameDuration", o.frameDuration);
  const title = titleOf(action, o.title, () => `${runName(only)} on ${fn.name}, step by step`);
  const height = heightOf(action, o.height);
  const [color] = colorsFor([only]);
  const full = pathTrace(only, color, {}, { everyStep: true }); // frame t slices the first t + 1 steps
  const upTo = (t: number) => ({
    x: (full.x as number[]).slice(0, t + 1),
    y: (full.y as number[]).slice(0, t + 1),
    customdata: (full.customdata as unknown[]).slice(0, t + 1),
  });
  const head = (t: number) => ({ x: [(full.x as number[])[t]], y: [(full.y as number[])[t]] });
  const fixed = [
    contourTrace(fn, fn.range, figureDefaults.grid, figureDefaults.levels),
    ...minimumTrace(fn),
    ...startTrace([only]),
  ];
  const moving = [fixed.length, fixed.length + 1];
  const labels = only.points.map((_, t) => String(t));
  const play = {
    frame: { duration, redraw: false },
    transition: { duration: 0 },
    fromcurrent: true,
    mode: "immediate",
  };
  return displayable({
    data: [
      ...fixed,
      { ...full, ...upTo(0) },
      {
        type: "scatter",
        mode: "markers",
        name: "current point",
        ...head(0),
        marker: { color, size: 12, line: { color: "#000000", width: 1 } },
        hoverinfo: "skip",
        showlegend: false,
      },
    ],
    frames: labels.map((name, t) => ({ name, traces: moving, data: [upTo(t), head(t)] })),
    layout: {
      ...baseLayout(title, height),
      ...axes(fn),
      updatemenus: [{
        type: "buttons",
        direction: "left",
        x: 0,
        y: 0,
        xanchor: "left",
        yanchor: "top",
        pad: { t: 60, r: 10 },
        showactive: false,
        buttons: [
          { label: "▶ Play", method: "animate", args: [null, play] },
          {
            label: "❚❚ Pause",
            method: "animate",
            args: [[null], { frame: { duration: 0, redraw: false }, mode: "immediate" }],
          },
        ],
      }],
      sliders: [{
        ...slider(labels, "step t = ", (label) => ({
          method: "animate",
          args: [[label], { frame: { duration: 0, redraw: false }, transition: { duration: 0 }, mode: "immediate" }],
        })),
        x: 0.15,
        len: 0.85,
      }],
      legend: { orientation: "h", y: 1.02, x: 0.5, xanchor: "center", yanchor: "bottom" },
      margin: { l: 60, r: 20, t: 90, b: 120 },
    },
  });
}

const sliderColor = "#222222";

/** Options of {@linkcode lrSlider}. */
export interface LrSliderOptions extends Pick<MinimizeOptions, "x0" | "steps" | "gradient"> {
  /** The title. */
  title?: string;
  /** Height in pixels, 50 to 5000. @default {540} */
  height?: number;
  /** Which learning rate the slider starts on (an index into `lrs`). @default {0} */
  active?: number;
}

const lrSliderDefaults = {
  x0: undefined, // the function's own start
  steps: undefined, // minimize()'s default
  gradient: undefined, // minimize()'s default
  title: undefined, // "<run> on <fn>" for the rate shown
  height: figureDefaults.sliderHeight,
  active: 0,
} satisfies Defaults<LrSliderOptions>;

/**
 * Runs `make(lr)` on `fn` for every learning rate in `lrs`, and puts a slider
 * under the contours that switches between the runs: drag it to watch a path
 * go from crawling to zig-zagging to diverging.
 *
 * @param fn The test function.
 * @param make Builds a fresh optimizer for a learning rate: `(lr) => new SGD({ lr })`.
 * @param lrs The learning rates, in slider order: 1 to 100 of them (one run each).
 * @param options See {@linkcode LrSliderOptions}.
 * @returns The figure; one path trace per rate, one visible at a time.
 *
 * @example
 * ```ts
 * import { course, lrSlider, SGD } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const fig = lrSlider(course, (lr) => new SGD({ lr }), [0.1, 0.5, 0.9, 1.05]);
 * const steps = (fig.layout.sliders as { steps: { label: string }[] }[])[0].steps;
 * assert.deepEqual(steps.map((s) => s.label), ["0.1", "0.5", "0.9", "1.05"]);
 * ```
 */
export function lrSlider(
  fn: TestFunction,
  make: (lr: number) => Optimizer,
  lrs: readonly number[],
  options: LrSliderOptions = {},
): Figure {
  const action = "draw lrSlider";
  testFunction(action, fn);
  const o = withDefaults(action, options, lrSliderDefaults);
  if (typeof make !== "function") {
    throw new TypeError(
      `Cannot ${action} as 'make' must be a function (lr) => optimizer: current value is ${formatValue(make)}`,
    );
  }
  if (!Array.isArray(lrs) || lrs.length === 0) {
    throw new RangeError(
      `Cannot ${action} as 'lrs' must be a non-empty list of learning rates: current value is ${formatValue(lrs)}`,
    );
  }
  if (lrs.length > limits.sliderRates.max) {
    throw new RangeError(
      `Cannot ${action} as 'lrs' must hold at most ${limits.sliderRates.max} learning rates (${limits.sliderRates.why}): current value is ${
        formatValue(lrs)
      }`,
    );
  }
  lrs.forEach((lr, i) => positive(action, `lrs[${i}]`, lr));
  const active = integer(action, "active", o.active, 0);
  if (active >= lrs.length) {
    throw new RangeError(
      `Cannot ${action} as 'active' must be an index into lrs (0 … ${lrs.length - 1}): current value is ${active}`,
    );
  }
  if (fn.dim === 1) {
    throw new RangeError(`Cannot ${action} on ${fn.name} as it has 1 coordinate: use pathPlot for each rate instead`);
  }
  const userTitle = o.title === undefined ? undefined : titleOf(action, o.title, () => "");
  const height = heightOf(action, o.height);
  const { x0, steps, gradient } = o;
  // One run at a time: keep what the figure draws of it (a thinned path, its name, its start), not the run,
  // so a long run's record is freed before the next one is made.
  const runs = lrs.map((lr) => {
    const run = minimize(fn, make(lr), { x0, steps, gradient });
    return { path: pathTrace(run, sliderColor), name: runName(run), points: [run.points[0]] };
  });
  // One run shows at a time, all in one neutral color: the slider's label, not a color, says which rate it is
  // (other figures of a notebook color a run by its optimizer or schedule).
  const paths = runs.map((run, i) => ({ ...run.path, visible: i === active }));
  const title = (i: number) => userTitle ?? `${runs[i].name} on ${fn.name}`;
  const fixed = [
    contourTrace(fn, fn.range, figureDefaults.grid, figureDefaults.levels),
    ...minimumTrace(fn),
    ...startTrace(runs),
  ];
  const visible = (i: number) => [...fixed.map(() => true), ...runs.map((_, j) => j === i)];
  return displayable({
    data: [...fixed, ...paths],
    layout: {
      ...baseLayout(title(active), height),
      ...axes(fn),
      showlegend: false,
      sliders: [slider(lrs.map((lr) => String(round(lr, 6))), "learning rate η = ", (_, i) => ({
        method: "update",
        args: [{ visible: visible(i) }, { "title.text": escapeForPlotly(title(i)) }],
      }), active)],
      margin: { l: 60, r: 20, t: 60, b: 110 },
    },
  });
}

/**
 * A playground's pictures, from the figure builders' own pieces: the
 * landscape (drawn once) and the paths over it (redrawn at every change),
 * two Plotly figures with the same frame stacked on each other, and the
 * readout table. Pure, like `settings.ts`: the kernel draws the first frame
 * with it and the page every later one.
 *
 * @module
 */
import { escapeHtml } from "../_html.ts";
import type { TestFunction } from "../landscape/test_functions.ts";
import type { OptimizerName } from "../optim/registry.ts";
import type { Trajectory } from "../run/minimize.ts";
import { baseLayout, contourTrace, exitTrace, minimumTrace, pathTrace, runName, startTrace } from "../plot/mod.ts";
import { figureDefaults } from "../plot/defaults.ts";
import type { Figure } from "../plot/display.ts";
import type { PlaygroundSettings } from "./settings.ts";

/** What the kernel puts in each playground output for the page: the settings and the first frame. */
export interface PageState {
  /** The settings the kernel drew with. */
  settings: PlaygroundSettings;
  /** The landscape, drawn once. */
  landscape: Figure;
  /** The kernel's paths: the first frame. */
  paths: Figure;
  /** The step the readout shows first. */
  readoutStep: number;
  /** The figures' height in pixels. */
  height: number;
}

/** Runs of at most this many steps show a marker per step; longer ones a plain line (cheaper to redraw). */
export const markerSteps = 50;

/** The frame both figures share, so the paths lie exactly on the landscape: same range, margins, size. */
function frame(fn: TestFunction, title: string, height: number): Record<string, unknown> {
  const [xRange, yRange] = fn.range;
  return {
    ...baseLayout(title, height),
    showlegend: false,
    dragmode: false,
    hovermode: "closest",
    xaxis: { title: { text: "x" }, range: [...xRange], zeroline: false, constrain: "domain", fixedrange: true },
    yaxis: {
      title: { text: "y" },
      range: [...yRange],
      zeroline: false,
      scaleanchor: "x",
      scaleratio: 1,
      constrain: "domain",
      fixedrange: true,
    },
  };
}

/**
 * The landscape: `fn`'s contours on its plotting range and its minimum. It
 * does not depend on the runs, so the page draws it once.
 *
 * @param fn A 2-D test function.
 * @param height The height in pixels.
 * @returns The figure.
 */
export function landscapeFigure(fn: TestFunction, height: number): Figure {
  return {
    data: [contourTrace(fn, fn.range, figureDefaults.grid, figureDefaults.levels), ...minimumTrace(fn)],
    layout: frame(fn, `Playground on ${fn.name}: click to set the start`, height),
    config: { displayModeBar: false, responsive: true },
  };
}

/**
 * The paths, on a transparent figure with the landscape's frame and no axes
 * of its own: the start, where a path leaves the frame, and one line per run
 * in its optimizer's color.
 *
 * @param fn The test function the runs were made on.
 * @param runs The runs, one per optimizer.
 * @param height The height in pixels.
 * @param exact Every point as computed, to the last bit (the page's redraws:
 *   nothing of them is saved); otherwise as `pathPlot` draws a path, rounded
 *   to 6 digits and a long one thinned (the kernel's first frame, saved in the notebook).
 * @returns The figure.
 */
export function pathsFigure(fn: TestFunction, runs: readonly Trajectory[], height: number, exact: boolean): Figure {
  const layout = frame(fn, "", height);
  const bare = { showticklabels: false, showgrid: false, ticks: "", title: { text: "" } };
  const markers = (run: Trajectory) => run.points.length <= markerSteps + 1 ? "lines+markers" : "lines";
  return {
    data: [
      ...(runs.length ? startTrace(runs) : []),
      ...runs.flatMap((run) => exitTrace(run, fn.range, colorOf(run))),
      ...runs.map((run) =>
        exact
          ? pathTrace(run, colorOf(run), {
            x: run.points.map((p) => p[0]),
            y: run.points.map((p) => p[1]),
            mode: markers(run),
          }, { everyStep: true })
          : pathTrace(run, colorOf(run), { mode: markers(run) })
      ),
    ],
    layout: {
      ...layout,
      paper_bgcolor: "rgba(0, 0, 0, 0)",
      plot_bgcolor: "rgba(0, 0, 0, 0)",
      xaxis: { ...layout.xaxis as object, ...bare },
      yaxis: { ...layout.yaxis as object, ...bare },
    },
    config: { displayModeBar: false, responsive: true },
  };
}

/** A run's color: its optimizer's, in every playground whatever its schedule. */
export function colorOf(run: Trajectory): string {
  return figureDefaults.optimizerColors[run.optimizer as OptimizerName] ?? "#000000";
}

function num(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(4))) : String(v);
}

/**
 * The readout at step `t`: per run its point, loss, η of the update into
 * that step and each parameter's effective rate (η itself for optimizers with
 * one rate for all), and where it diverged. A run that stopped earlier shows
 * its last step. Table rows as HTML, the text escaped.
 *
 * @param runs The runs.
 * @param t The step, 0 for the start.
 * @returns `<tr>` elements.
 */
export function readoutRows(runs: readonly Trajectory[], t: number): string {
  return runs.map((run) => {
    const last = run.points.length - 1;
    const s = Math.max(0, Math.min(Math.round(t), last));
    const point = `(${run.points[s].map(num).join(", ")})`;
    const rate = s === 0 ? "—" : num(run.rate[s - 1]);
    const effective = s === 0
      ? "—"
      : run.effectiveRate
      ? run.effectiveRate[s - 1].map(num).join(", ")
      : `${num(run.rate[s - 1])} (the same for x and y)`;
    const note = run.diverged ? `diverged at step ${run.diverged.step}: ${run.diverged.reason}` : "";
    return `<tr><th scope="row"><span class="lrc-pg-swatch" style="background: ${colorOf(run)}"></span>${
      escapeHtml(run.label)
    }</th><td>${s}</td><td>${escapeHtml(point)}</td><td>${num(run.loss[s])}</td><td>${escapeHtml(rate)}</td><td>${
      escapeHtml(effective)
    }</td><td>${escapeHtml(note)}</td></tr>`;
  }).join("");
}

/**
 * One line per diverged run, as `minimize()` reports it, for the note under the figure.
 *
 * @param runs The runs.
 * @returns The text, empty when no run diverged.
 */
export function divergenceNote(runs: readonly Trajectory[]): string {
  return runs.filter((run) => run.diverged).map((run) => `${runName(run)}: ${(run.diverged || { reason: "" }).reason}.`)
    .join(" ");
}

/**
 * Every colour of the figures, in one place: one per optimizer and one per
 * kind of schedule (the same in every figure), one for reference lines, a
 * palette for further runs, and the rule that gives a figure's runs their colours. `figureDefaults` shows
 * the same values; the playground reads them too.
 *
 * @module
 */
import type { OptimizerName } from "../optim/registry.ts";
import type { ScheduleKind } from "../optim/schedules.ts";
import { nonEmptyList } from "./_parts.ts";

/** One colour per optimizer; a name of the optimizer table without a colour is a compile error. */
export const optimizerColors: Readonly<Record<OptimizerName, string>> = Object.freeze({
  SGD: "#d62728",
  Momentum: "#1f77b4",
  Nesterov: "#9467bd",
  AdaGrad: "#2ca02c",
  RMSProp: "#ff7f0e",
  Adam: "#8c564b",
});

/**
 * One colour per kind of schedule: a run whose learning rate is a schedule takes its schedule's colour, so a figure of
 * schedules and a figure of the runs they drive agree. A kind without a colour is a compile error.
 */
export const scheduleColors: Readonly<Record<ScheduleKind, string>> = Object.freeze({
  constant: "#7f7f7f",
  stepDecay: "#17becf",
  exponentialDecay: "#e377c2",
  inverseTimeDecay: "#1b7837", // dark green: the olive it had looked like warm-up's gold, and the same to a deuteranope
  polynomialDecay: "#637939",
  cosineDecay: "#393b79",
  warmup: "#c9a100",
});

/** The colour of a reference line drawn across a figure, such as a stability limit (drawn dashed, and labelled). */
export const referenceColor = "#000000";

/** Colours for further runs of an optimizer already drawn (other learning rates). */
export const palette: readonly string[] = Object.freeze([
  "#17becf",
  "#e377c2",
  "#bcbd22",
  "#7f7f7f",
  "#393b79",
  "#637939",
  "#8c6d31",
  "#843c39",
]);

/** What {@linkcode colorsFor} reads of a run: a trajectory, a training run, or a schedule's kind. */
export interface Colored {
  /** The optimizer's class name (`""` for a schedule drawn alone). */
  optimizer: string;
  /** The kind of schedule the learning rate is, as runs record it; absent for a fixed rate. */
  schedule?: ScheduleKind;
}

/**
 * Assigns each run a colour, the same in every figure where it can be: a run
 * driven by a schedule takes its schedule's colour, any other run its
 * optimizer's; a run whose colour is already taken in this figure (another
 * learning rate of the same optimizer) takes the first palette colour still free.
 *
 * @param runs The runs, as a figure draws them together.
 * @returns One CSS colour per run.
 */
export function colorsFor(runs: readonly Colored[]): string[] {
  const own = optimizerColors as Readonly<Record<string, string | undefined>>;
  const used = new Set<string>();
  return runs.map((run) => {
    const preferred = run.schedule ? scheduleColors[run.schedule] : own[run.optimizer];
    const color = preferred && !used.has(preferred)
      ? preferred
      : palette.find((c) => !used.has(c)) ?? palette[used.size % palette.length];
    used.add(color);
    return color;
  });
}

/**
 * The colors the figures give `runs` (trajectories or training runs): a run
 * driven by a schedule its schedule's, any other its optimizer's, repeats the
 * next free palette color. For drawing quantities of the same runs with
 * `linePlot` in the colors the other figures use.
 *
 * @param runs The runs, as a figure would draw them together.
 * @returns One CSS color per run.
 *
 * @example
 * ```ts
 * import { colorsOf, cosineDecay, course, figureDefaults, minimize, SGD } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const fixed = minimize(course, new SGD({ lr: 0.95 }));
 * const scheduled = minimize(course, new SGD({ lr: cosineDecay(0.95, { steps: 30 }) }));
 * assert.deepEqual(colorsOf([fixed, scheduled]), [
 *   figureDefaults.optimizerColors.SGD,
 *   figureDefaults.scheduleColors.cosineDecay,
 * ]);
 * ```
 */
export function colorsOf(runs: readonly (Colored & { label: string })[]): string[] {
  const isRun = (run: unknown) => typeof (run as { label?: unknown } | undefined)?.label === "string";
  return colorsFor(nonEmptyList("find colorsOf", "runs", runs, isRun, "trajectories or training runs"));
}

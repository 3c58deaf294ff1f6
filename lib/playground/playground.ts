/**
 * {@linkcode playground}: a test function's contours with one path per
 * optimizer and the controls to change them, live in the page.
 *
 * @module
 */
import { type Defaults, formatValue, withDefaults } from "../validate.ts";
import { type TestFunction, testFunctions } from "../landscape/test_functions.ts";
import { type OptimizerName, optimizerNames } from "../optim/registry.ts";
import type { Trajectory } from "../run/minimize.ts";
import { figureDefaults } from "../plot/defaults.ts";
import { type MimeBundle, plotlyScript, scriptJson } from "../plot/display.ts";
import { playgroundBundleOnce } from "./bundle.ts";
import { playgroundHtml } from "./controls.ts";
import { landscapeFigure, type PageState, pathsFigure } from "./figure.ts";
import {
  type KnobName,
  playgroundKnobs,
  playgroundRates,
  playgroundRuns,
  type PlaygroundSchedule,
  playgroundSchedules,
  type PlaygroundSettings,
} from "./settings.ts";

/** Options of {@linkcode playground}. */
export interface PlaygroundOptions {
  /** The optimizers drawn first (the others of `offered` can be ticked). @default {["SGD", "Momentum", "AdaGrad", "Adam"]} */
  optimizers?: readonly OptimizerName[];
  /**
   * The optimizers the playground offers at all: those the student has met by this notebook. A hyperparameter's
   * slider shows only if an optimizer that uses it is offered.
   * @default {optimizerNames}
   */
  offered?: readonly OptimizerName[];
  /**
   * η: one number for every optimizer (and "one η for all" ticked), or some
   * optimizers' own (the rest keep theirs from {@linkcode playgroundRates}).
   * Each in [1e-4, 10].
   * @default {playgroundRates}
   */
  lr?: number | Partial<Record<OptimizerName, number>>;
  /** Momentum's and Nesterov's α, in [0, 0.99]. @default {0.9} */
  momentum?: number;
  /** RMSProp's ρ, in [0, 0.999]. @default {0.99} */
  decayRate?: number;
  /** Adam's β₁, in [0, 0.999]. @default {0.9} */
  beta1?: number;
  /** Adam's β₂, in [0, 0.9999]. @default {0.999} */
  beta2?: number;
  /** AdaGrad's ε inside the square root (η·g/√(h + ε)) instead of outside (η·g/(√h + ε), the book). @default {false} */
  epsInsideSqrt?: boolean;
  /** Updates per run, in [1, 500]. @default {30} */
  steps?: number;
  /** The schedule of η: `"constant"`, `"stepDecay"` (halved 4 times over the run), `"cosineDecay"` (to η/100). @default {"constant"} */
  schedule?: PlaygroundSchedule;
  /** The start point, inside the function's plotting range. @default {fn.start} */
  x0?: readonly number[];
  /** The step the readout shows first. @default {steps} */
  readoutStep?: number;
  /** Height of the figure in pixels. @default {480} */
  height?: number;
}

const defaults = {
  optimizers: ["SGD", "Momentum", "AdaGrad", "Adam"],
  offered: optimizerNames,
  lr: undefined, // playgroundRates
  momentum: 0.9,
  decayRate: 0.99,
  beta1: 0.9,
  beta2: 0.999,
  epsInsideSqrt: false,
  steps: 30,
  schedule: "constant",
  x0: undefined, // the function's own start
  readoutStep: undefined, // the last step
  height: figureDefaults.height,
} satisfies Defaults<PlaygroundOptions>;

/** A playground: the settings and the kernel's runs; it shows itself when it ends a notebook cell. */
export interface Playground {
  /** The test function. */
  readonly fn: TestFunction;
  /** The settings the controls start at. */
  readonly settings: PlaygroundSettings;
  /** The kernel's runs, one per optimizer drawn: the first frame. */
  readonly runs: readonly Trajectory[];
  /** The step the readout shows first. */
  readonly readoutStep: number;
  /** The figure's height in pixels. */
  readonly height: number;
}

const action = "create playground";

function knob(name: KnobName, value: unknown, option: string = name): number {
  const { min, max } = playgroundKnobs[name];
  const whole = name === "steps";
  const ok = typeof value === "number" && value >= min && value <= max && (!whole || Number.isInteger(value));
  if (!ok) {
    const what = whole ? `a whole number in [${min}, ${max}]` : `a number in [${min}, ${max}]`;
    throw new (typeof value === "number" ? RangeError : TypeError)(
      `Cannot ${action} as '${option}' must be ${what}: current value is ${formatValue(value)}`,
    );
  }
  return value;
}

/**
 * A live playground on `fn`: its contours, one path per chosen optimizer from
 * `minimize()`, and beside them standard HTML controls for η (per optimizer
 * or one for all, on a log scale), α, ρ, β₁, β₂, AdaGrad's ε placement, the
 * schedule, the steps, which optimizers are drawn, and the start (typed, or
 * a click on the contour); a readout of each run's point, loss and effective
 * rates at a chosen step; and a note where a run diverges.
 *
 * As the last line of a cell it shows the kernel's runs, and from then on
 * every change is recomputed in the page by the course's own code
 * (optimizers, schedules, `minimize()`, figure pieces), bundled for the
 * browser and shipped once per kernel session: the page needs neither the
 * kernel nor the network. `text/plain` summarises the runs.
 *
 * @param fn A 2-D test function of the course, such as `course`.
 * @param options See {@linkcode PlaygroundOptions}.
 * @returns The playground.
 *
 * @example
 * ```ts
 * import { course, playground } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const pg = playground(course, { optimizers: ["SGD", "AdaGrad"], lr: { SGD: 1.2 } });
 * assert.deepEqual(pg.runs.map((r) => r.label), ["SGD(lr=1.2)", "AdaGrad(lr=1.5)"]);
 * assert.equal(pg.runs[0].diverged && pg.runs[0].diverged.step, 17);
 * assert.throws(() => playground(course, { momentum: 1 }), /'momentum' must be a number in \[0, 0.99\]: current value is 1/);
 * ```
 */
export function playground(fn: TestFunction, options: PlaygroundOptions = {}): Playground {
  const o = withDefaults(action, options, defaults);
  const flat = testFunctions.filter((f) => f.dim === 2);
  if (!flat.includes(fn)) {
    throw new TypeError(
      `Cannot ${action} as 'fn' must be one of the course's 2-D test functions (${
        flat.map((f) => f.id).join(", ")
      }): current value is ${formatValue((fn as Partial<TestFunction> | undefined)?.id ?? fn)}`,
    );
  }
  const names = (
    option: "offered" | "optimizers",
    value: readonly OptimizerName[],
    among: readonly OptimizerName[],
  ) => {
    if (
      !Array.isArray(value as unknown) || value.length === 0 || new Set(value).size !== value.length ||
      !value.every((n) => among.includes(n))
    ) {
      throw new RangeError(
        `Cannot ${action} as '${option}' must be a non-empty list of distinct names among ${among.join(", ")}${
          among === optimizerNames ? "" : " (the 'offered' ones)"
        }: current value is ${formatValue(value)}`,
      );
    }
    return optimizerNames.filter((n) => value.includes(n));
  };
  const offered = names("offered", o.offered, optimizerNames);
  const shown = names(
    "optimizers",
    options.optimizers ?? defaults.optimizers.filter((n) => offered.includes(n as OptimizerName)),
    offered,
  );
  const lr = { ...playgroundRates };
  if (typeof o.lr === "number") {
    knob("lr", o.lr);
  } else if (o.lr !== undefined) {
    if (o.lr === null || typeof o.lr !== "object" || Array.isArray(o.lr)) {
      throw new TypeError(
        `Cannot ${action} as 'lr' must be a number or an object of rates by optimizer: current value is ${
          formatValue(o.lr)
        }`,
      );
    }
    for (const [name, value] of Object.entries(o.lr)) {
      if (!optimizerNames.includes(name as OptimizerName)) {
        throw new RangeError(
          `Cannot ${action} as 'lr' must name optimizers among ${optimizerNames.join(", ")}: current value has ${
            formatValue(name)
          }`,
        );
      }
      lr[name as OptimizerName] = knob("lr", value, `lr.${name}`);
    }
  }
  if (typeof o.epsInsideSqrt !== "boolean") {
    throw new TypeError(
      `Cannot ${action} as 'epsInsideSqrt' must be true or false: current value is ${formatValue(o.epsInsideSqrt)}`,
    );
  }
  if (!playgroundSchedules.includes(o.schedule)) {
    throw new RangeError(
      `Cannot ${action} as 'schedule' must be one of ${
        playgroundSchedules.map((k) => `"${k}"`).join(", ")
      }: current value is ${formatValue(o.schedule)}`,
    );
  }
  const x0 = o.x0 ?? fn.start;
  const inside = Array.isArray(x0) && x0.length === 2 &&
    x0.every((v, i) => typeof v === "number" && v >= fn.range[i][0] && v <= fn.range[i][1]);
  if (!inside) {
    throw new RangeError(
      `Cannot ${action} as 'x0' must be 2 numbers inside the plotting range ${
        formatValue(fn.range.map((r) => [...r]))
      }: current value is ${formatValue(x0)}`,
    );
  }
  const settings: PlaygroundSettings = {
    fn: fn.id,
    offered,
    optimizers: shown,
    lr,
    shareLr: typeof o.lr === "number",
    sharedLr: typeof o.lr === "number" ? o.lr : lr[shown[0]],
    momentum: knob("momentum", o.momentum),
    decayRate: knob("decayRate", o.decayRate),
    beta1: knob("beta1", o.beta1),
    beta2: knob("beta2", o.beta2),
    epsInsideSqrt: o.epsInsideSqrt,
    steps: knob("steps", o.steps),
    schedule: o.schedule,
    x0: [x0[0], x0[1]],
  };
  const readoutStep = o.readoutStep ?? settings.steps;
  if (typeof readoutStep !== "number" || !Number.isInteger(readoutStep) || readoutStep < 0 || readoutStep > o.steps) {
    throw new RangeError(
      `Cannot ${action} as 'readoutStep' must be a whole number in [0, steps]: current value is ${
        formatValue(readoutStep)
      }`,
    );
  }
  const height = o.height;
  if (typeof height !== "number" || !(height >= 200 && height <= 2000)) {
    throw new RangeError(
      `Cannot ${action} as 'height' must be a number of pixels in [200, 2000]: current value is ${formatValue(height)}`,
    );
  }
  const pg: Playground = { fn, settings, runs: playgroundRuns(fn, settings), readoutStep, height };
  Object.defineProperty(pg, Symbol.for("Jupyter.display"), {
    value: () => playgroundOutput(pg, { includeLibraries: true }),
    enumerable: false,
  });
  return pg;
}

/** Options of {@linkcode playgroundOutput}. */
export interface PlaygroundOutputOptions {
  /**
   * Put plotly.js and the playground's bundle in the output when this kernel
   * session has not sent them yet; `false` leaves them out (a page that has them already).
   * @default {true}
   */
  includeLibraries?: boolean;
}

/**
 * The MIME bundle of a playground: `text/html` with the controls, the
 * kernel's first frame and the script that mounts it (plus plotly.js and the
 * playground's bundle, once per kernel session), and `text/plain`. There is
 * no Plotly JSON: a frontend that drew that instead would show a still figure.
 *
 * @param pg The playground.
 * @param options See {@linkcode PlaygroundOutputOptions}.
 * @returns The bundle.
 */
export function playgroundOutput(pg: Playground, options: PlaygroundOutputOptions = {}): MimeBundle {
  const { includeLibraries } = withDefaults("show playground", options, { includeLibraries: true });
  const id = `lrc-pg-${crypto.randomUUID()}`;
  const state: PageState = {
    settings: pg.settings,
    landscape: landscapeFigure(pg.fn, pg.height),
    paths: pathsFigure(pg.fn, pg.runs, pg.height, false),
    readoutStep: pg.readoutStep,
    height: pg.height,
  };
  const libraries = includeLibraries ? plotlyScript() + playgroundBundleOnce() : "";
  return {
    "text/html": [
      libraries,
      playgroundHtml(id, pg.settings, pg.runs, pg.readoutStep, pg.height, pg.fn.range),
      `<script type="text/javascript">${mountScript(id, state)}</script>`,
    ].join("\n"),
    "text/plain": describePlayground(pg),
  };
}

/** Mounts the playground once plotly.js and the bundle are on the page (they may come from an earlier output). */
function mountScript(id: string, state: PageState): string {
  return `(function () {
  var state = ${scriptJson(state)};
  var tries = 0;
  (function go() {
    var root = document.getElementById(${scriptJson(id)});
    if (root && window.Plotly && window.lrcPlayground) {
      window.lrcPlayground.mount(root, state);
    } else if (tries++ < 100) {
      setTimeout(go, 100);
    } else if (root) {
      root.querySelector(".lrc-pg-note").textContent = "The playground's scripts are not on this page: run the cell again (a restarted kernel sends them again).";
    }
  })();
})();`;
}

function describePlayground(pg: Playground): string {
  const runs = pg.runs.map((run) => {
    const end = run.diverged ? `diverged at step ${run.diverged.step}` : `loss ${run.loss.at(-1)!.toPrecision(3)}`;
    return `${run.label}: ${end}`;
  });
  return `Playground on ${pg.fn.name} from (${pg.settings.x0.join(", ")}), ${pg.settings.steps} steps: ${
    runs.join("; ")
  }. Live in a notebook page or exported HTML that runs scripts.`;
}

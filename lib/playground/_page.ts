// The playground's page side, bundled for the browser (bundle.ts): it wires
// the HTML controls of one playground output to the course's own optimizers,
// minimize() and figure pieces (settings.ts, figure.ts), and redraws the paths
// with Plotly at every change. It defines `window.lrcPlayground.mount`, which
// each playground output calls with its element and the kernel's first frame.
//
// Only pure modules are imported here: no Deno API reaches the browser.
import { type TestFunction, testFunctions } from "../landscape/test_functions.ts";
import type { OptimizerName } from "../optim/registry.ts";
import type { Trajectory } from "../run/minimize.ts";
import { divergenceNote, type PageState, pathsFigure, readoutRows } from "./figure.ts";
import { clampKnob, clampStart, type KnobName, playgroundRuns, type PlaygroundSettings } from "./settings.ts";

// The few DOM members used here, declared locally: the DOM's own type library
// clashes with Deno's in the one program `deno check lib/ tests/` builds.
interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}
interface PageNode extends EventTarget {
  dataset: Record<string, string | undefined>;
  innerHTML: string;
  textContent: string | null;
  querySelector(selector: string): PageNode | null;
  getBoundingClientRect(): Box;
  remove(): void;
}
interface Field extends PageNode {
  name: string;
  type: string;
  value: string;
  max: string;
  checked: boolean;
  disabled: boolean;
  getAttribute(name: string): string | null;
}

interface PlotlyApi {
  newPlot(el: PageNode, data: unknown[], layout: unknown, config?: unknown): Promise<unknown>;
  react(el: PageNode, data: unknown[], layout: unknown, config?: unknown): Promise<unknown>;
}

type PlotlyElement = PageNode & { on?: (event: string, handler: (e: unknown) => void) => void; data?: unknown[] };

/** What tests and curious students can read from a mounted playground element (`el.lrcPlayground`). */
export interface MountedPlayground {
  /** The settings of the paths drawn. */
  settings(): PlaygroundSettings;
  /** The runs drawn. */
  runs(): Trajectory[];
  /** How long the last redraw took, in ms (compute and draw). */
  redrawMs(): number;
  /** How many redraws there have been. */
  redraws(): number;
}

const logKnob = (name: KnobName) => name === "lr";

function mount(root: PageNode, state: PageState): void {
  if (root.dataset.mounted) return;
  root.dataset.mounted = "true";
  const plotly = (globalThis as unknown as { Plotly: PlotlyApi }).Plotly;
  const fn: TestFunction | undefined = testFunctions.find((f) => f.id === state.settings.fn);
  const note = root.querySelector(".lrc-pg-note")!;
  if (!fn) {
    note.textContent = `This playground's function '${state.settings.fn}' is not in this version of the course.`;
    return;
  }
  const landscapeEl = root.querySelector(".lrc-pg-landscape") as PlotlyElement;
  const pathsEl = root.querySelector(".lrc-pg-paths") as PlotlyElement;
  const readout = root.querySelector(".lrc-pg-readout")!;
  const field = (name: string) => root.querySelector(`[name="${name}"]`) as Field;

  let settings = state.settings;
  let runs = playgroundRuns(fn, settings); // the same paths the kernel drew; kept for the readout and hover
  let readoutStep = state.readoutStep;
  let lastMs = 0;
  let redraws = 0;
  let busy = false;
  let again = false;

  const showReadout = () => {
    readout.innerHTML = readoutRows(runs, readoutStep);
    const divergence = divergenceNote(runs);
    note.textContent = settings.optimizers.length === 0 ? "Pick at least one optimizer." : divergence;
  };

  const draw = async () => {
    const t0 = performance.now();
    try {
      runs = playgroundRuns(fn, settings);
      const fig = pathsFigure(fn, runs, state.height, true);
      await plotly.react(pathsEl, fig.data, fig.layout, fig.config);
      lastMs = performance.now() - t0;
      redraws++;
      root.dataset.redrawMs = lastMs.toFixed(2);
      showReadout();
    } catch (e) {
      // Every knob is clamped to its range, so this is a bug; say it where the student looks.
      note.textContent = `Cannot redraw: ${(e as Error).message}`;
    }
  };

  // A slider fires faster than Plotly draws: draw the latest settings, never a queue of stale ones.
  const redraw = async () => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      do {
        again = false;
        await draw();
      } while (again);
    } finally {
      busy = false;
    }
  };

  const update = (change: Partial<PlaygroundSettings>) => {
    settings = { ...settings, ...change };
    void redraw();
  };

  const setReadoutStep = (t: number) => {
    readoutStep = Math.max(0, Math.min(settings.steps, Math.round(t)));
    field("readoutStep").value = String(readoutStep);
    field("readoutStep-value").value = String(readoutStep);
    showReadout();
  };

  const syncSharing = () => {
    for (const name of settings.offered) {
      field(`lr-${name}`).disabled = settings.shareLr;
      field(`lr-${name}-value`).disabled = settings.shareLr;
    }
    field("sharedLr").disabled = !settings.shareLr;
    field("sharedLr-value").disabled = !settings.shareLr;
  };

  // A knob's slider and number box show the same value; either one moves it.
  const knobValue = (knob: KnobName, input: Field, fromSlider: boolean): number | undefined => {
    if (fromSlider) {
      const v = Number(input.value);
      return logKnob(knob) ? clampKnob(knob, Number((10 ** v).toPrecision(3))) : clampKnob(knob, v);
    }
    return clampKnob(knob, input.value);
  };

  const onKnob = (knob: KnobName, key: string, input: Field, committed: boolean) => {
    const fromSlider = input.type === "range";
    const value = knobValue(knob, input, fromSlider);
    if (value === undefined) return; // half-typed: keep the last good value
    const slider = field(key);
    const box = field(`${key}-value`);
    if (fromSlider || committed) box.value = String(value);
    if (!fromSlider) slider.value = String(logKnob(knob) ? Math.log10(value) : value);
    return value;
  };

  const onEvent = (event: Event) => {
    const input = event.target as Field;
    const name = input.getAttribute("name");
    if (!name) return;
    const committed = event.type === "change";
    const key = name.replace(/-value$/, "");
    if (key === "readoutStep") {
      const t = input.value.trim() === "" ? NaN : Number(input.value);
      if (Number.isFinite(t)) setReadoutStep(t); // clamped to [0, steps]
      return;
    }
    if (key.startsWith("show-")) {
      update({ optimizers: settings.offered.filter((n) => field(`show-${n}`).checked) });
    } else if (key.startsWith("lr-")) {
      const value = onKnob("lr", key, input, committed);
      if (value !== undefined) update({ lr: { ...settings.lr, [key.slice(3) as OptimizerName]: value } });
    } else if (key === "sharedLr") {
      const value = onKnob("lr", key, input, committed);
      if (value !== undefined) update({ sharedLr: value });
    } else if (key === "shareLr") {
      settings = { ...settings, shareLr: input.checked };
      syncSharing();
      void redraw();
    } else if (key === "momentum" || key === "decayRate" || key === "beta1" || key === "beta2") {
      const value = onKnob(key, key, input, committed);
      if (value !== undefined) update({ [key]: value });
    } else if (key === "steps") {
      const value = onKnob("steps", key, input, committed);
      if (value === undefined) return;
      const follow = readoutStep === settings.steps;
      field("readoutStep").max = String(value);
      field("readoutStep-value").max = String(value);
      update({ steps: value });
      setReadoutStep(follow ? value : readoutStep);
    } else if (key === "epsInsideSqrt") {
      update({ epsInsideSqrt: input.value === "inside" });
    } else if (key === "schedule") {
      const schedule = input.value;
      if (schedule === "constant" || schedule === "stepDecay" || schedule === "cosineDecay") update({ schedule });
    } else if (key === "x0-0" || key === "x0-1") {
      const i = key === "x0-0" ? 0 : 1;
      const v = clampStart(fn, i, input.value);
      if (v === undefined) return;
      if (committed) input.value = String(v);
      const x0: [number, number] = [...settings.x0];
      x0[i] = v;
      update({ x0 });
    }
  };

  const setStart = (x: number, y: number) => {
    const x0: [number, number] = [clampStart(fn, 0, x)!, clampStart(fn, 1, y)!];
    field("x0-0").value = String(x0[0]);
    field("x0-1").value = String(x0[1]);
    update({ x0 });
  };

  void (async () => {
    await plotly.newPlot(landscapeEl, state.landscape.data, state.landscape.layout, state.landscape.config);
    await plotly.newPlot(pathsEl, state.paths.data, state.paths.layout, state.paths.config);
    root.addEventListener("input", onEvent);
    root.addEventListener("change", onEvent);
    root.querySelector(".lrc-pg-reset")?.addEventListener("click", () => setStart(fn.start[0], fn.start[1]));
    // A click in the plot area sets the start there; the paths figure lies on top and takes the clicks.
    pathsEl.addEventListener("click", (e) => {
      const event = e as Event & { clientX: number; clientY: number };
      const area = pathsEl.querySelector(".nsewdrag")?.getBoundingClientRect();
      if (!area || area.width === 0) return;
      const fx = (event.clientX - area.left) / area.width;
      const fy = (event.clientY - area.top) / area.height;
      if (fx < 0 || fx > 1 || fy < 0 || fy > 1) return;
      const [[x0, x1], [y0, y1]] = fn.range;
      setStart(Number((x0 + fx * (x1 - x0)).toPrecision(3)), Number((y1 - fy * (y1 - y0)).toPrecision(3)));
    });
    pathsEl.on?.("plotly_hover", (e) => {
      const t = (e as { points?: { customdata?: unknown }[] }).points?.[0]?.customdata;
      if (Array.isArray(t) && typeof t[0] === "number") setReadoutStep(t[0]);
    });
    syncSharing();
    showReadout();
    root.querySelector(".lrc-pg-noscript")?.remove();
    const mounted: MountedPlayground = {
      settings: () => settings,
      runs: () => runs,
      redrawMs: () => lastMs,
      redraws: () => redraws,
    };
    (root as PageNode & { lrcPlayground?: MountedPlayground }).lrcPlayground = mounted;
    root.dataset.ready = "true";
  })();
}

(globalThis as unknown as { lrcPlayground: { mount: typeof mount } }).lrcPlayground = { mount };

/**
 * The HTML of one playground: the two stacked figures, standard form controls
 * (labelled sliders with number boxes, checkboxes, menus) holding the
 * kernel's settings, the readout and the note. The page code finds each
 * control by its `name`. Without scripts it still reads as what the kernel ran.
 *
 * @module
 */
import { escapeHtml } from "../_html.ts";
import type { Range } from "../landscape/test_functions.ts";
import type { Trajectory } from "../run/minimize.ts";
import type { OptimizerName } from "../optim/registry.ts";
import { figureDefaults } from "../plot/defaults.ts";
import { divergenceNote, readoutRows } from "./figure.ts";
import { type KnobName, playgroundKnobs, playgroundSchedules, type PlaygroundSettings } from "./settings.ts";

const style = `<style>
.lrc-playground { font: 13px/1.4 DejaVu Sans, Arial, sans-serif; color: #222; background: #fff; padding: 4px; max-width: 1100px; }
.lrc-playground fieldset { display: inline-block; vertical-align: top; border: 1px solid #ccc; margin: 4px; padding: 4px 8px; }
.lrc-playground legend { font: bold 13px DejaVu Sans, Arial, sans-serif; width: auto; border: 0; margin: 0; padding: 0 4px; }
.lrc-playground label { white-space: nowrap; font-weight: normal; margin: 0; }
.lrc-playground td { white-space: nowrap; }
.lrc-playground .lrc-pg-row { display: flex; gap: 6px; align-items: center; margin: 2px 0; }
.lrc-playground .lrc-pg-row > label:first-child { min-width: 11em; }
.lrc-playground input[type="number"] { width: 6.5em; }
.lrc-playground input[type="range"] { width: 11em; }
.lrc-playground table { border-collapse: collapse; margin-top: 4px; }
.lrc-playground table.lrc-pg-table th, .lrc-playground table.lrc-pg-table td { border: 0; border-bottom: 1px solid #ddd; padding: 2px 6px; text-align: left; font-weight: normal; }
.lrc-playground table.lrc-pg-table thead th { font-weight: bold; }
.lrc-playground .lrc-pg-swatch { display: inline-block; width: 0.9em; height: 0.9em; margin-right: 4px; vertical-align: middle; }
.lrc-playground .lrc-pg-note { color: #a00; min-height: 1.4em; margin: 2px 0; }
</style>`;

/** A labelled slider and its number box: either moves the knob. */
function sliderParts(key: string, knob: KnobName, value: number, label: string, disabled: boolean): string {
  const k = playgroundKnobs[knob];
  const position = k.log ? Math.log10(value) : value;
  const [min, max] = k.log ? [Math.log10(k.min), Math.log10(k.max)] : [k.min, k.max];
  const off = disabled ? " disabled" : "";
  const id = `${key}-${crypto.randomUUID()}`;
  return `<label for="${id}">${escapeHtml(label)}${k.log ? " (log scale)" : ""}</label>` +
    `<input type="range" id="${id}" name="${key}" min="${min}" max="${max}" step="${k.step}" value="${position}"${off}>` +
    `<input type="number" name="${key}-value" min="${k.min}" max="${k.max}" step="any" value="${value}" aria-label="${
      escapeHtml(label)
    }"${off}>`;
}

function slider(key: string, knob: KnobName, value: number, label: string, disabled: boolean): string {
  return `<div class="lrc-pg-row">${sliderParts(key, knob, value, label, disabled)}</div>`;
}

function checkbox(name: string, label: string, checked: boolean, color?: string): string {
  const swatch = color ? `<span class="lrc-pg-swatch" style="background: ${color}"></span>` : "";
  return `<label><input type="checkbox" name="${name}"${checked ? " checked" : ""}> ${swatch}${
    escapeHtml(label)
  }</label>`;
}

function select(name: string, label: string, options: [string, string][], chosen: string): string {
  const items = options.map(([value, text]) =>
    `<option value="${value}"${value === chosen ? " selected" : ""}>${escapeHtml(text)}</option>`
  );
  return `<div class="lrc-pg-row"><label>${escapeHtml(label)} <select name="${name}">${
    items.join("")
  }</select></label></div>`;
}

/**
 * The HTML of a playground output, without its scripts.
 *
 * @param id The element's id.
 * @param s The settings the controls start at.
 * @param runs The kernel's runs, for the readout and the note.
 * @param readoutStep The step the readout shows.
 * @param height The figures' height in pixels.
 * @param range The plotting range, which bounds the start.
 * @returns The HTML.
 */
export function playgroundHtml(
  id: string,
  s: PlaygroundSettings,
  runs: readonly Trajectory[],
  readoutStep: number,
  height: number,
  range: readonly Range[],
): string {
  const colors = figureDefaults.optimizerColors;
  const offers = (...names: OptimizerName[]) => names.some((n) => s.offered.includes(n));
  const lrRows = s.offered.map((name) =>
    `<div class="lrc-pg-row">${checkbox(`show-${name}`, name, s.optimizers.includes(name), colors[name])}${
      sliderParts(`lr-${name}`, "lr", s.lr[name], `η of ${name}`, s.shareLr)
    }</div>`
  ).join("");
  const steps = playgroundKnobs.steps;
  return `<div class="lrc-playground" id="${id}" role="group" aria-label="Optimizer playground">
${style}
<p class="lrc-pg-noscript">A live playground: in a notebook page that runs scripts (a trusted notebook) or in the exported HTML, the sliders below redraw the paths in the browser. Here it shows what the kernel ran.</p>
<div class="lrc-pg-plot" style="position: relative; width: 100%; height: ${height}px;">
<div class="lrc-pg-landscape" style="position: absolute; inset: 0;"></div>
<div class="lrc-pg-paths" style="position: absolute; inset: 0;"></div>
</div>
<p class="lrc-pg-note" role="status" aria-live="polite">${escapeHtml(divergenceNote(runs))}</p>
<div class="lrc-pg-controls">
<fieldset><legend>Optimizers and their learning rate η</legend>
${lrRows}
<div class="lrc-pg-row">${checkbox("shareLr", "one η for all", s.shareLr)}${
    sliderParts("sharedLr", "lr", s.sharedLr, "η of all", !s.shareLr)
  }</div>
</fieldset>
<fieldset><legend>Hyperparameters</legend>
${
    offers("Momentum", "Nesterov")
      ? slider("momentum", "momentum", s.momentum, playgroundKnobs.momentum.label, false)
      : ""
  }
${offers("RMSProp") ? slider("decayRate", "decayRate", s.decayRate, playgroundKnobs.decayRate.label, false) : ""}
${offers("Adam") ? slider("beta1", "beta1", s.beta1, playgroundKnobs.beta1.label, false) : ""}
${offers("Adam") ? slider("beta2", "beta2", s.beta2, playgroundKnobs.beta2.label, false) : ""}
${
    offers("AdaGrad")
      ? select("epsInsideSqrt", "AdaGrad's ε", [["outside", "outside: η·g/(√h + ε) (the book)"], [
        "inside",
        "inside: η·g/√(h + ε) (Keras, optax)",
      ]], s.epsInsideSqrt ? "inside" : "outside")
      : ""
  }
${
    select(
      "schedule",
      "schedule of η",
      playgroundSchedules.map((k) =>
        [
          k,
          {
            constant: "constant",
            stepDecay: "step: halve η 4 times over the run",
            cosineDecay: "cosine: η to η/100 over the run",
          }[k],
        ] as [string, string]
      ),
      s.schedule,
    )
  }
${slider("steps", "steps", s.steps, steps.label, false)}
</fieldset>
<fieldset><legend>Start (or click on the contour)</legend>
<div class="lrc-pg-row"><label>x₀ <input type="number" name="x0-0" min="${range[0][0]}" max="${
    range[0][1]
  }" step="any" value="${s.x0[0]}"></label>` +
    `<label>y₀ <input type="number" name="x0-1" min="${range[1][0]}" max="${range[1][1]}" step="any" value="${
      s.x0[1]
    }"></label>` +
    `<button type="button" class="lrc-pg-reset">back to the function's start</button></div>
</fieldset>
</div>
<div class="lrc-pg-row"><label>readout at step t (or hover a path)</label>` +
    `<input type="range" name="readoutStep" min="0" max="${s.steps}" step="1" value="${readoutStep}" aria-label="readout step">` +
    `<input type="number" name="readoutStep-value" min="0" max="${s.steps}" step="1" value="${readoutStep}" aria-label="readout step"></div>
<table class="lrc-pg-table"><thead><tr><th scope="col">run</th><th scope="col">step</th><th scope="col">point</th><th scope="col">loss</th>` +
    `<th scope="col">η of that step</th><th scope="col">effective rate (x, y)</th><th scope="col">note</th></tr></thead>` +
    `<tbody class="lrc-pg-readout">${readoutRows(runs, readoutStep)}</tbody></table>
</div>`;
}

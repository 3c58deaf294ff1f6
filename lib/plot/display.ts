/**
 * Showing a figure in Jupyter: one output with three representations, and
 * plotly.js shipped from Deno's npm cache once per kernel session.
 *
 * - `application/vnd.plotly.v1+json`: JupyterLab (with its Plotly renderer) and VS Code draw this.
 * - `text/html`: a `<div>` and a script that draws it with plotly.js, for the
 *   classic Notebook, JupyterLab without the renderer, and exported HTML pages.
 * - `text/plain`: a one-line summary, for terminals and `deno test`.
 *
 * @module
 */
import { escapeHtml } from "../_html.ts";
import { boolean, formatValue } from "../validate.ts";
import { npmFilePath, readNpmText } from "../npm.ts";

/** A Plotly trace: `{ type: "contour", x, y, z, ... }`, passed to Plotly as is. */
export type Trace = Record<string, unknown>;

/** A Plotly figure, a plain object until it is shown. */
export interface Figure {
  /** The traces. */
  data: Trace[];
  /** The layout: title, axes, sliders, buttons. */
  layout: Record<string, unknown>;
  /** Animation frames, if any. */
  frames?: { name: string; data: Trace[]; traces?: number[]; layout?: Record<string, unknown> }[];
  /** Plotly's config: responsive, mode bar. */
  config?: Record<string, unknown>;
}

/** A bundle of representations keyed by MIME type, as Jupyter's display_data carries it. */
export type MimeBundle = Record<string, unknown>;

const jupyterDisplay = Symbol.for("Jupyter.display");
const plotlySpecifier = "plotly.js-dist-min";

// Whether this kernel session has already sent plotly.js to the page. Module
// state on purpose: a kernel imports lib/ once, so this lives as long as the
// session, and a restarted kernel ships the library again.
let plotlyShipped = false;

/**
 * Makes `fig` show itself when it ends a cell or is passed to
 * `Deno.jupyter.display`, by giving it a non-enumerable
 * `[Symbol.for("Jupyter.display")]` method. The figure stays a plain object
 * (`JSON.stringify` and tests see `data` and `layout` only).
 *
 * @param fig The figure.
 * @returns The same object.
 */
export function displayable<F extends Figure>(fig: F): F {
  figure("make displayable", fig);
  Object.defineProperty(fig, jupyterDisplay, {
    value: () => {
      const bundle = figureBundle(fig, { includeLibrary: !plotlyShipped });
      plotlyShipped = true;
      return bundle;
    },
    enumerable: false,
    configurable: true,
  });
  return fig;
}

/** Options of {@linkcode figureBundle}. */
export interface FigureBundleOptions {
  /** Put plotly.js itself in the `text/html`, for a page that does not have it yet. @default {false} */
  includeLibrary?: boolean;
}

/**
 * The MIME bundle of a figure: Plotly JSON, HTML that draws it, and a text
 * summary. Pure apart from reading plotly.js when `includeLibrary` is set.
 *
 * @param fig The figure.
 * @param options See {@linkcode FigureBundleOptions}.
 * @returns The bundle.
 *
 * @example
 * ```ts
 * import { figureBundle } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const bundle = figureBundle({ data: [{ type: "scatter", y: [1, 2] }], layout: { title: { text: "t" } } });
 * assert.deepEqual(Object.keys(bundle).sort(), ["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
 * ```
 */
export function figureBundle(fig: Figure, options: FigureBundleOptions = {}): MimeBundle {
  figure("make figureBundle", fig);
  if (options.includeLibrary !== undefined) boolean("make figureBundle", "includeLibrary", options.includeLibrary);
  const id = `lrc-${crypto.randomUUID()}`;
  const spec = { data: fig.data, layout: fig.layout, frames: fig.frames, config: { ...defaultConfig, ...fig.config } };
  const height = typeof fig.layout.height === "number" ? fig.layout.height : 480;
  const html = [
    options.includeLibrary ? plotlyLibraryHtml() : "",
    // The line inside shows only where the script does not run (an untrusted notebook): the script replaces it.
    `<div id="${id}" class="lrc-figure" style="width: 100%; min-height: ${height}px;">${untrustedNote}</div>`,
    `<script type="text/javascript">${drawScript(id, spec)}</script>`,
  ].join("\n");
  return {
    "application/vnd.plotly.v1+json": spec,
    "text/html": html,
    "text/plain": describeFigure(fig),
  };
}

const defaultConfig = { responsive: true, displaylogo: false };

/** Throws unless `fig` is a figure: an object with a list of traces `data` and an object `layout`. */
function figure(action: string, fig: unknown): Figure {
  const f = fig as Partial<Figure> | null | undefined;
  const isObject = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);
  if (!isObject(f) || !Array.isArray(f!.data) || !f!.data.every(isObject) || !isObject(f!.layout)) {
    throw new TypeError(
      `Cannot ${action} as 'fig' must be a figure { data: [traces], layout: {…} }: current value is ${
        formatValue(fig)
      }`,
    );
  }
  for (const key of ["frames", "config"] as const) {
    const value = f![key];
    if (value !== undefined && (key === "frames" ? !Array.isArray(value) : !isObject(value))) {
      throw new TypeError(
        `Cannot ${action} as 'fig.${key}' must be ${key === "frames" ? "a list" : "an object"}: current value is ${
          formatValue(value)
        }`,
      );
    }
  }
  return fig as Figure;
}

/** Draws the figure once plotly.js is on the page; says so in the page if it never comes. */
const untrustedNote = '<p class="lrc-figure-note" style="color: #666; font-size: 0.9em;">' +
  "This figure is drawn by a script that has not run: if the notebook is not trusted, trust it " +
  "(<i>File → Trust Notebook</i>) or run this cell again.</p>";

function drawScript(id: string, spec: unknown): string {
  return `(function () {
  var el = document.getElementById(${scriptJson(id)});
  var fig = ${scriptJson(spec)};
  var tries = 0;
  (function draw() {
    if (window.Plotly) {
      el.textContent = "";
      window.Plotly.newPlot(el, fig);
    } else if (tries++ < 100) {
      setTimeout(draw, 100);
    } else {
      el.textContent = "plotly.js is not loaded in this page: run the notebook's first cell (it calls loadPlotly()) and then this cell again.";
    }
  })();
})();`;
}

/**
 * JSON that is safe inside a `<script>` element: `<`, `>` and `&` become
 * `\u003c`-style escapes, so no string can close the tag (`</script>`) or
 * open an HTML comment (`<!--`); U+2028 and U+2029 are escaped for old parsers.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll("<", "\\u003c")
    .replaceAll(">", "\\u003e")
    .replaceAll("&", "\\u0026")
    .replaceAll("\u2028", "\\u2028")
    .replaceAll("\u2029", "\\u2029");
}

function describeFigure(fig: Figure): string {
  const title = (fig.layout.title as { text?: string } | undefined)?.text ?? "untitled";
  const names = fig.data.map((t) => t.name).filter((n): n is string => typeof n === "string" && n !== "");
  const frames = fig.frames ? `, ${fig.frames.length} frames` : "";
  return `Figure "${title}": ${fig.data.length} traces${frames}${names.length ? ` (${names.join(", ")})` : ""}`;
}

/**
 * Where plotly.js-dist-min (pinned in deno.json) is in Deno's npm cache.
 * `deno install` in the course folder puts it there; scripts/course does that.
 */
function plotlyPath(): string {
  return npmFilePath("find plotly.js", plotlySpecifier);
}

// Read again at each use (once or twice a session), not kept: plotly.js has a few characters outside Latin-1, so V8
// holds it as two bytes a character, 9.2 MB a copy, and keeping the source and its `<script>` took 18 MB of every
// kernel for good.
let plotlyVersionText: string | undefined;

/** The plotly.js source, read from Deno's npm cache. */
function readPlotly(): string {
  return readNpmText("load plotly.js", plotlyPath());
}

/**
 * plotly.js in a `<script>` element. The
 * library runs inside a function whose `module`, `exports` and `define` are
 * undefined, so it sets `window.Plotly` even on a page with require.js (the
 * classic Notebook) or a CommonJS shim. `</script` and `<!--` in its source
 * (they occur in string literals) are written as `\x3C/script` and `\x3C!--`,
 * which mean the same in JavaScript but cannot end or confuse the HTML element.
 */
function plotlyLibraryHtml(): string {
  const source = readPlotly().replace(/<\/script/gi, "\\x3C/script").replaceAll("<!--", "\\x3C!--");
  return `<script type="text/javascript">(function (module, exports, define) {\n${source}\n}).call(window);</script>`;
}

/**
 * plotly.js as a `<script>` element, for outputs other than figures that draw
 * with Plotly (the playground). With `once` (the default), only the first
 * time a kernel session asks for it, for a figure or through
 * {@linkcode loadPlotly}, and `""` after that; without, always (a page of its own).
 *
 * @param options `once`: at most once per kernel session. @default {{ once: true }}
 * @returns The element, or `""`.
 */
export function plotlyScript(options: { once?: boolean } = {}): string {
  const once = options.once ?? true;
  if (once && plotlyShipped) return "";
  if (once) plotlyShipped = true;
  return plotlyLibraryHtml();
}

/** The plotly.js version in use, read from its banner. */
function plotlyVersion(): string {
  if (plotlyVersionText !== undefined) return plotlyVersionText;
  // A copy of the banner, not a slice: a slice keeps the whole 9.2 MB source alive, and so does the RegExp's last match.
  const banner = Array.from(readPlotly().slice(0, 200)).join("");
  return plotlyVersionText = /plotly\.js v([\d.]+)/.exec(banner)?.[1] ?? "unknown";
}

interface JupyterApi {
  display(obj: unknown, options?: { raw?: boolean }): Promise<void>;
}

function jupyter(): JupyterApi | undefined {
  return (Deno as unknown as { jupyter?: JupyterApi }).jupyter;
}

/**
 * The bundle that brings plotly.js to a page: the library in `text/html`,
 * with a line saying it is loaded, and `text/plain` for frontends without HTML.
 *
 * @returns The bundle.
 */
export function plotlyBundle(): MimeBundle {
  const version = plotlyVersion();
  return {
    "text/html":
      `${plotlyLibraryHtml()}\n<div class="lrc-plotly-loaded" style="color: #666; font-size: 0.9em;">plotly.js ${
        escapeHtml(version)
      } loaded from Deno's cache: figures draw offline.</div>`,
    "text/plain": `plotly.js ${version} loaded`,
  };
}

/**
 * Sends plotly.js to the notebook page, once per call; put
 * `await loadPlotly();` in a notebook's first cell. Figures shown before it
 * (or after a kernel restart) bring the library themselves. Outside Jupyter
 * (under `deno test`) it does nothing.
 */
export async function loadPlotly(): Promise<void> {
  const api = jupyter();
  if (!api) return;
  await api.display(plotlyBundle(), { raw: true });
  plotlyShipped = true;
}

/**
 * Shows a figure now, in the middle of a cell (a figure that ends a cell shows
 * itself). Outside Jupyter it does nothing.
 *
 * @param fig The figure.
 */
export async function show(fig: Figure): Promise<void> {
  figure("show", fig);
  const api = jupyter();
  if (api) await api.display(displayable(fig));
}

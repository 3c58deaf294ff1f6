// Ties a sentence of a notebook to a recomputation: `claim(notebook, sentence, check)` registers a test that
// fails if the sentence is no longer in the notebook (so a reworded claim gets its test reworded too) or if the
// check, run with the notebook's own parameters cell, finds the sentence false.
import assert from "node:assert/strict";
import {
  checkKnobs,
  makeOptimizer,
  minimize,
  type OptimizerName,
  type TestFunction,
  type Trajectory,
} from "../lib/mod.ts";

interface Cell {
  cell_type: string;
  source: string | string[];
}

/** The knobs of a notebook's parameters cell, evaluated as the kernel would. */
export type Params = Record<string, unknown>;

const folder = new URL("../notebooks/", import.meta.url);
const cache = new Map<string, { prose: string; params: Params }>();

const source = (cell: Cell) => Array.isArray(cell.source) ? cell.source.join("") : cell.source;
const squash = (text: string) => text.replace(/\s+/g, " ");

/** The sources of a notebook's parameters cell and, if it has one, of its advanced parameters cell. */
export function parameterCells(code: string[]): string[] {
  return code.filter((s) => s.startsWith("// Parameters") || s.startsWith("// Advanced parameters"));
}

/**
 * The notebook's markdown (notebooks/*.ipynb) with whitespace squashed, and its parameters cells (the code cell that
 * starts with `// Parameters` and the advanced one after it, if any) evaluated. The teacher's guide (`README.md`) has prose and no parameters.
 */
export function notebook(file: string): { prose: string; params: Params } {
  const known = cache.get(file);
  if (known) return known;
  const text = Deno.readTextFileSync(new URL(file, folder));
  if (!file.endsWith(".ipynb")) {
    const plain = { prose: squash(text), params: {} };
    cache.set(file, plain);
    return plain;
  }
  const cells: Cell[] = JSON.parse(text).cells;
  const prose = squash(cells.filter((c) => c.cell_type === "markdown").map(source).join("\n"));
  const code = parameterCells(cells.filter((c) => c.cell_type === "code").map(source)).join("\n");
  assert.ok(code, `${file} has a parameters cell`);
  const names = [...code.matchAll(/^const (\w+)\s*=/gm)].map((m) => m[1]);
  // The parameters cell is plain JavaScript (numbers, arrays, objects) ending with a call to checkKnobs(), so it
  // runs as a function body given the real checkKnobs: a default outside its own range fails here too.
  const params = new Function("checkKnobs", `${code}\nreturn { ${names.join(", ")} };`)(checkKnobs) as Params;
  const parsed = { prose, params };
  cache.set(file, parsed);
  return parsed;
}

/**
 * Registers a test named after the notebook and the sentence. `sentence` must occur in the notebook's markdown
 * verbatim (whitespace aside); `check` recomputes what it says from lib/ with the notebook's parameters.
 *
 * A sentence about how an optimizer behaves must hold where the course implies it generalises, not only for the one
 * configuration a notebook runs: `robust` names what its check varies besides the notebook's own knobs (seeds, the
 * turned landscape, a knob across the range its parameters cell allows), and the test's name carries it.
 */
export function claim(
  file: string,
  sentence: string,
  check: (params: Params) => void,
  options: { robust?: string } = {},
): void {
  const robust = options.robust ? ` (robust: ${options.robust})` : "";
  Deno.test(`${file.replace(/\.ipynb$/, "")} says: "${sentence}"${robust}`, () => {
    const { prose, params } = notebook(file);
    assert.ok(prose.includes(squash(sentence)), `the sentence is no longer in ${file}: update this test with it`);
    check(params);
  });
}

/** Asserts `value` lies in [lo, hi], printing all three on failure. */
export function assertBetween(value: number, lo: number, hi: number, what: string): void {
  assert.ok(value >= lo && value <= hi, `${what}: ${value} is not in [${lo}, ${hi}]`);
}

/** The mean of `values` and their standard deviation (over the values themselves, as the notebooks' bars are). */
export function meanAndSpread(values: number[]): { mean: number; sd: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, sd: Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length) };
}

/** The parameters cell of a notebook in notebooks/, evaluated. */
export const notebookParams = (file: string): Params => notebook(file).params;

/** A run's last point. */
export const last = (run: Trajectory): number[] => run.points.at(-1)!;
/** The distance between two points. */
export const distanceTo = (p: number[], q: readonly number[]): number => Math.hypot(...p.map((v, i) => v - q[i]));
/** How often consecutive values change sign. */
export const signFlips = (values: number[]): number =>
  values.slice(1).filter((v, t) => Math.sign(v) !== Math.sign(values[t])).length;
/** Each value divided by the one before it. */
export const ratios = (values: number[]): number[] => values.slice(1).map((v, t) => v / values[t]);
/** A learning rate per optimizer. */
export type Rates = Record<OptimizerName, number>;
/** Each optimizer of `rates` with its rate, run for `steps` steps on `fn`. */
export const runAll = (fn: TestFunction, rates: Partial<Rates>, steps: number): Record<OptimizerName, Trajectory> =>
  Object.fromEntries(
    Object.entries(rates).map((
      [name, lr],
    ) => [name, minimize(fn, makeOptimizer(name as OptimizerName, lr!), { steps })]),
  ) as Record<OptimizerName, Trajectory>;

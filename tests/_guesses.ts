// The guide's common wrong answers, tried against a notebook's own check: the tolerance a check cell gives predict()
// is read from the cell itself, so a guess the guide calls wrong stays wrong if the check is loosened.
import assert from "node:assert/strict";
import { type Answer, predict } from "../lib/mod.ts";

interface Cell {
  cell_type: string;
  source: string | string[];
}

const folder = new URL("../notebooks/", import.meta.url);
const text = (cell: Cell) => Array.isArray(cell.source) ? cell.source.join("") : cell.source;

/** The source of the check cell that follows the answer cell `const <name> = undefined;` of a notebook. */
export function checkCell(file: string, name: string): string {
  const cells: Cell[] = JSON.parse(Deno.readTextFileSync(new URL(file, folder))).cells;
  const at = cells.findIndex((c) => c.cell_type === "code" && text(c).startsWith(`const ${name} = undefined;`));
  assert.ok(at >= 0 && at + 1 < cells.length, `${file} has an answer cell for ${name}, and a cell after it`);
  return text(cells[at + 1]);
}

/** The `tolerance` and `relTolerance` the check cell of `name` passes to predict() (0 where it gives none). */
export function tolerances(file: string, name: string): { tolerance: number; relTolerance: number } {
  const source = checkCell(file, name);
  assert.match(source, new RegExp(`predict\\(\\{ ${name} \\}`), `the check of ${name} calls predict()`);
  const read = (key: string) => Number(source.match(new RegExp(`\\b${key}: ([0-9.e-]+)`))?.[1] ?? 0);
  return { tolerance: read("tolerance"), relTolerance: read("relTolerance") };
}

/** Asserts that the right answer passes the notebook's check of `name` and that every guess fails it. */
export function assertGuessesFail(file: string, name: string, expected: Answer, guesses: Answer[]): void {
  const options = { expected, ...tolerances(file, name) };
  assert.equal(predict({ [name]: expected }, options).status, "passed", `${name}: the right answer passes`);
  for (const guess of guesses) {
    const status = predict({ [name]: guess }, options).status;
    assert.equal(status, "failed", `${name} = ${JSON.stringify(guess)} must fail against ${JSON.stringify(expected)}`);
  }
}

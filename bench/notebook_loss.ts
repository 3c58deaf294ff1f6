// How many outputs of the stress notebook each headless runner loses, over N runs:
// plain `jupyter nbconvert --execute` (nbclient) against scripts/notebooks.py.
// Run: deno run -A bench/notebook_loss.ts [runs=10]
import { type Notebook, python, runner } from "../tests/_notebook.ts";
import { stressNotebook, tags } from "../tests/_stress_notebook.ts";

const runs = Number(Deno.args[0] ?? 10);
const { notebook, expected } = stressNotebook();
const total = expected.flat().length;
const dir = await Deno.makeTempDir({ prefix: "notebook_loss_" });
const path = `${dir}/stress.ipynb`;
await Deno.writeTextFile(path, JSON.stringify(notebook));

/** Counts outputs missing from their cell, and outputs found in a cell they do not belong to. */
function score(executed: Notebook): { lost: number; misattributed: number } {
  let lost = 0;
  let misattributed = 0;
  executed.cells.forEach((cell, i) => {
    const got = tags(cell.outputs ?? []);
    lost += expected[i].filter((tag) => !got.includes(tag)).length;
    misattributed += got.filter((tag) => !expected[i].includes(tag)).length;
  });
  return { lost, misattributed };
}

async function nbconvert(): Promise<Notebook | string> {
  const out = await new Deno.Command("jupyter", {
    args: ["nbconvert", "--to", "notebook", "--execute", "--output-dir", `${dir}/nbconvert`, path],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (out.code !== 0) return new TextDecoder().decode(out.stderr).trim().split("\n").at(-1)!;
  return JSON.parse(await Deno.readTextFile(`${dir}/nbconvert/stress.ipynb`));
}

async function ours(): Promise<Notebook | string> {
  const { code, stderr } = await runner(["run", path, "--out", `${dir}/ours`]);
  if (code !== 0) return stderr.trim().split("\n").at(-1)!;
  return JSON.parse(await Deno.readTextFile(`${dir}/ours/stress.ipynb`));
}

console.log(`stress notebook: ${expected.length} cells, ${total} outputs; ${runs} runs each (${python})`);
for (const [name, run] of [["jupyter nbconvert --execute", nbconvert], ["scripts/notebooks.py", ours]] as const) {
  let lost = 0, misattributed = 0, failed = 0, runsWithLoss = 0;
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    const result = await run();
    if (typeof result === "string") {
      failed++;
      console.log(`  ${name}, run ${i + 1} failed: ${result}`);
      continue;
    }
    const s = score(result);
    lost += s.lost;
    misattributed += s.misattributed;
    if (s.lost + s.misattributed > 0) runsWithLoss++;
  }
  const seconds = ((performance.now() - started) / 1000 / runs).toFixed(1);
  console.log(
    `${name}: lost ${lost} of ${total * runs} outputs, misattributed ${misattributed}; ` +
      `${runsWithLoss} of ${runs} runs imperfect, ${failed} failed; ${seconds} s per run`,
  );
}
await Deno.remove(dir, { recursive: true });

// How many outputs of the stress notebook each headless runner loses, over N runs: plain
// `jupyter nbconvert --to notebook --execute` against Deno's kernel as `deno jupyter --install`
// registers it (raw) and against the course's kernelspec (Deno's kernel behind the relay, also
// with a small receive buffer that provokes interleaved messages), and the project's runner
// scripts/notebooks.py (nbclient through the relay, with passes); then what the relay costs per cell.
// Run: deno run -A bench/notebook_loss.ts [runs=10]
import { codeNotebook, jupyter, type Notebook, python, runner } from "../tests/_notebook.ts";
import { stressNotebook, tags } from "../tests/_stress_notebook.ts";

const runs = Number(Deno.args[0] ?? 10);
if (!Number.isInteger(runs) || runs < 1) {
  throw new RangeError(
    `Cannot run the benchmark as 'runs' must be a positive integer: current value is ${Deno.args[0]}`,
  );
}
const { notebook, expected } = stressNotebook();
const total = expected.flat().length;
const dir = await Deno.makeTempDir({ prefix: "notebook_loss_" });
const path = `${dir}/stress.ipynb`;
await Deno.writeTextFile(path, JSON.stringify(notebook));

// The raw kernel: a kernelspec "deno" that starts `deno jupyter --kernel` itself, found first through JUPYTER_PATH.
const spec = JSON.parse(
  await new Deno.Command(jupyter, { args: ["kernelspec", "list", "--json"] }).output().then((o) =>
    new TextDecoder().decode(o.stdout)
  ),
).kernelspecs.deno.spec;
const deno = spec.argv[spec.argv.indexOf("--deno") + 1];
await Deno.mkdir(`${dir}/raw/kernels/deno`, { recursive: true });
await Deno.writeTextFile(
  `${dir}/raw/kernels/deno/kernel.json`,
  JSON.stringify({
    argv: [deno, "jupyter", "--kernel", "--conn", "{connection_file}"],
    display_name: "Deno",
    language: "typescript",
  }),
);

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

function nbconvert(env: Record<string, string>) {
  return async (): Promise<Notebook | string> => {
    const out = await new Deno.Command(jupyter, {
      args: ["nbconvert", "--to", "notebook", "--execute", "--output-dir", `${dir}/nbconvert`, path],
      env,
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (out.code !== 0) return new TextDecoder().decode(out.stderr).trim().split("\n").at(-1)!;
    return JSON.parse(await Deno.readTextFile(`${dir}/nbconvert/stress.ipynb`));
  };
}

async function ours(): Promise<Notebook | string> {
  const { code, stderr } = await runner(["run", path, "--out", `${dir}/ours`]);
  if (code !== 0) return stderr.trim().split("\n").at(-1)!;
  return JSON.parse(await Deno.readTextFile(`${dir}/ours/stress.ipynb`));
}

const contenders = [
  ["jupyter nbconvert --execute, raw Deno kernel", nbconvert({ JUPYTER_PATH: `${dir}/raw` })],
  ["jupyter nbconvert --execute, Deno (course) with the relay", nbconvert({})],
  // A 2 KB receive buffer makes Deno's kernel write large outputs in pieces, and write other messages into them.
  [
    "jupyter nbconvert --execute, Deno (course) with the relay reading through a 2 KB buffer",
    nbconvert({ LR_COURSE_RELAY_RECEIVE_BUFFER: "2048" }),
  ],
  ["scripts/notebooks.py (nbclient through the relay)", ours],
] as const;

console.log(`stress notebook: ${expected.length} cells, ${total} outputs; ${runs} runs each (${python})`);
for (const [name, run] of contenders) {
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
    `${name}: lost ${lost} of ${total * (runs - failed)} outputs, misattributed ${misattributed}; ` +
      `${runsWithLoss} of ${runs} runs imperfect, ${failed} failed; ${seconds} s per run`,
  );
}

// The relay's cost per cell: 100 one-line cells through nbconvert, raw kernel against relay, best of 3.
const tiny = `${dir}/tiny.ipynb`;
const cells = 100;
await Deno.writeTextFile(tiny, JSON.stringify(codeNotebook(Array.from({ length: cells }, (_, i) => `${i} + 1`))));
async function best(env: Record<string, string>): Promise<number> {
  let fastest = Infinity;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const out = await new Deno.Command(jupyter, {
      args: ["nbconvert", "--to", "notebook", "--execute", "--output-dir", `${dir}/tiny`, tiny],
      env,
      stdout: "null",
      stderr: "null",
    }).output();
    if (out.code !== 0) throw new Error(`nbconvert failed on ${tiny}`);
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}
const raw = await best({ JUPYTER_PATH: `${dir}/raw` });
const relayed = await best({});
console.log(
  `${cells} one-line cells through nbconvert, best of 3: raw ${(raw / 1000).toFixed(2)} s, relay ${
    (relayed / 1000).toFixed(2)
  } s; the relay adds ${((relayed - raw) / cells).toFixed(1)} ms per cell`,
);
await Deno.remove(dir, { recursive: true });

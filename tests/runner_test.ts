// The notebook runner (scripts/notebooks.py): nbclient through the course's kernelspec, Deno's kernel behind the relay.
import assert from "node:assert/strict";
import { codeNotebook, type Notebook, root, runner, text } from "./_notebook.ts";
import { stressNotebook, tags } from "./_stress_notebook.ts";

async function withNotebook(nb: Notebook, body: (dir: string, path: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "runner_test_" });
  try {
    const path = `${dir}/nb.ipynb`;
    await Deno.writeTextFile(path, JSON.stringify(nb));
    await body(dir, path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("the runner loses and misattributes no output of the stress notebook in 3 runs, and keeps a 5 MB one", async () => {
  // nbclient through the relay: tests/relay_test.ts runs plain nbconvert 15 times more on the same notebook.
  const { notebook, expected } = stressNotebook();
  await withNotebook(notebook, async (dir, path) => {
    for (let run = 1; run <= 3; run++) {
      const { code, stdout, stderr } = await runner(["run", path, "--out", `${dir}/out`]);
      assert.equal(code, 0, `run ${run} failed:\n${stdout}\n${stderr}`);
      const executed: Notebook = JSON.parse(await Deno.readTextFile(`${dir}/out/nb.ipynb`));
      executed.cells.forEach((cell, i) => assert.deepEqual(tags(cell.outputs!), expected[i], `run ${run}, cell ${i}`));
      const huge = executed.cells[7].outputs!.find((o) => o.output_type === "display_data")!;
      assert.equal(text(huge.data!["text/plain"]).length, "huge 7 ".length + 5_000_000);
    }
  });
});

Deno.test("the runner refuses a kernelspec without the relay, naming it", async () => {
  // Deno's kernel as `deno jupyter --install` registers it, under a name of its own.
  const dir = await Deno.makeTempDir({ prefix: "runner_test_" });
  try {
    await Deno.mkdir(`${dir}/kernels/raw-deno`, { recursive: true });
    const argv = [Deno.execPath(), "jupyter", "--kernel", "--conn", "{connection_file}"];
    await Deno.writeTextFile(`${dir}/kernels/raw-deno/kernel.json`, JSON.stringify({ argv, display_name: "Deno" }));
    const { code, stderr } = await runner(["run", "--kernel", "raw-deno", `${root}notebooks/00_start_here.ipynb`], {
      JUPYTER_PATH: dir,
    });
    assert.equal(code, 1);
    assert.match(
      stderr,
      /kernelspec 'raw-deno' does not start the course's relay: current value is .*deno jupyter --kernel/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the runner reports a cell's error, stops there and exits 1", async () => {
  const nb = codeNotebook(["1", 'throw new RangeError("lr must be positive")', "3"]);
  await withNotebook(nb, async (dir, path) => {
    const { code, stdout } = await runner(["run", path, "--out", `${dir}/out`]);
    assert.equal(code, 1);
    assert.match(stdout, /cell 1: RangeError: lr must be positive/);
    const executed: Notebook = JSON.parse(await Deno.readTextFile(`${dir}/out/nb.ipynb`));
    assert.equal(executed.cells[1].outputs![0].output_type, "error");
    assert.deepEqual(executed.cells[2].outputs, []);
  });
});

Deno.test("the runner runs all cells twice in one kernel with --passes 2", async () => {
  const nb = codeNotebook(["let n = 1;", "n += 1;\nn"]);
  await withNotebook(nb, async (dir, path) => {
    const { code, stdout } = await runner(["run", path, "--out", `${dir}/out`, "--passes", "2"]);
    // `let` twice in one kernel is allowed by the Deno REPL: the second pass redeclares n.
    assert.equal(code, 0, stdout);
    const executed: Notebook = JSON.parse(await Deno.readTextFile(`${dir}/out/nb.ipynb`));
    assert.equal(text(executed.cells[1].outputs![0].data!["text/plain"]), "\x1b[33m2\x1b[39m");
  });
});

Deno.test("the runner exports a self-contained HTML page", async () => {
  const nb = codeNotebook([
    '({ [Symbol.for("Jupyter.display")]: () => ({ "text/html": "<b id=\'marker\'>bold</b>" }) })',
  ]);
  await withNotebook(nb, async (dir, path) => {
    const { code } = await runner(["export", path, "--out", dir]);
    assert.equal(code, 0);
    const html = await Deno.readTextFile(`${dir}/nb.html`);
    assert.match(html, /<b id=["']marker["']>bold<\/b>/); // nbconvert 7 writes the HTML back with its own quotes
  });
});

Deno.test("loadPlotly() needs no pause: its 4.8 MB output and the cells after it arrive whole, even written in pieces", async () => {
  // loadPlotly() once kept its cell running 1 s after sending plotly.js, because Deno's kernel wrote the cell's `idle`
  // into the middle of the 4.8 MB message and the Notebook server dropped it as "Invalid Signature". The relay now
  // takes such messages apart (docs/deno-kernel-issues.md); an 8 KB receive buffer makes Deno's kernel write in pieces.
  const dir = `${root}build/test-runner`;
  await Deno.mkdir(dir, { recursive: true });
  const path = `${dir}/plotly.ipynb`;
  await Deno.writeTextFile(
    path,
    JSON.stringify(codeNotebook([
      'import * as L from "../../lib/mod.ts";\nawait L.loadPlotly();',
      'console.log("next cell");\n1 + 1',
      "L.lossCurve(L.minimize(L.course, new L.SGD({ lr: 0.1 }), { steps: 5 }))",
      '"last"',
    ])),
  );
  // Deno's kernel writes into plotly.js's message in some runs only: run until it has, 10 runs at most, each whole.
  let repaired = 0;
  let run = 0;
  while (run < 10 && !(run >= 3 && repaired >= 1)) {
    run++;
    const { code, stdout, stderr } = await runner(["run", path, "--out", `${dir}/out`, "--timeout", "60"], {
      LR_COURSE_RELAY_RECEIVE_BUFFER: "8192",
    });
    assert.equal(code, 0, `run ${run}:\n${stdout}\n${stderr}`);
    repaired += stderr.split("\n").filter((line) => line.includes("untangled")).length;
    const cells = (JSON.parse(await Deno.readTextFile(`${dir}/out/plotly.ipynb`)) as Notebook).cells;
    const plotly = cells[0].outputs!;
    assert.deepEqual(plotly.map((o) => o.output_type), ["display_data"], `run ${run}`);
    assert.match(text(plotly[0].data!["text/plain"]), /^plotly\.js [\d.]+ loaded$/);
    assert.ok(text(plotly[0].data!["text/html"]).length > 4_000_000, `run ${run}: plotly.js arrived cut`);
    assert.deepEqual(tags(cells[1].outputs!), ["stream:next cell", "result:2"], `run ${run}`);
    assert.deepEqual(tags(cells[2].outputs!), ["result:Figure"], `run ${run}`);
    assert.deepEqual(tags(cells[3].outputs!), ["result:last"], `run ${run}`);
  }
  assert.ok(repaired >= 1, `Deno's kernel wrote nothing into loadPlotly()'s output in ${run} runs: nothing was tested`);
  console.log(`messages Deno's kernel wrote into loadPlotly()'s, taken apart by the relay in ${run} runs: ${repaired}`);
});

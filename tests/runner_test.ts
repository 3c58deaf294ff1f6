// The notebook runner (scripts/notebooks.py) through the real Deno kernel.
import assert from "node:assert/strict";
import { codeNotebook, type Notebook, runner, text } from "./_notebook.ts";
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

Deno.test("the runner loses and misattributes no output of the stress notebook in 10 runs", async () => {
  const { notebook, expected } = stressNotebook();
  await withNotebook(notebook, async (dir, path) => {
    let late = 0;
    for (let run = 1; run <= 10; run++) {
      const { code, stdout, stderr } = await runner(["run", path, "--out", `${dir}/out`, "--report", `${dir}/r.json`]);
      assert.equal(code, 0, `run ${run} failed:\n${stdout}\n${stderr}`);
      const executed: Notebook = JSON.parse(await Deno.readTextFile(`${dir}/out/nb.ipynb`));
      executed.cells.forEach((cell, i) => assert.deepEqual(tags(cell.outputs!), expected[i], `run ${run}, cell ${i}`));
      const [report] = JSON.parse(await Deno.readTextFile(`${dir}/r.json`));
      assert.equal(report.stray_messages, 0, `run ${run}: messages for no known cell`);
      late += report.late_outputs;
    }
    console.log(`late outputs caught by the fence over 10 runs: ${late}`);
  });
});

Deno.test("the runner keeps every byte of a 5 MB output", async () => {
  const { notebook } = stressNotebook();
  await withNotebook(notebook, async (dir, path) => {
    const { code } = await runner(["run", path, "--out", `${dir}/out`]);
    assert.equal(code, 0);
    const executed: Notebook = JSON.parse(await Deno.readTextFile(`${dir}/out/nb.ipynb`));
    const huge = executed.cells[7].outputs!.find((o) => o.output_type === "display_data")!;
    assert.equal(text(huge.data!["text/plain"]).length, "huge 7 ".length + 5_000_000);
  });
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

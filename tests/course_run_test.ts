// The course run through the real Deno kernel by the project's runner: every notebook top to bottom twice in one
// kernel, every figure and self-check delivered.
import assert from "node:assert/strict";
import { type Notebook, type NotebookCell, root, runner, stripColors, text } from "./_notebook.ts";

const names = [...Deno.readDirSync(`${root}notebooks`)].map((e) => e.name).filter((n) => n.endsWith(".ipynb")).sort();
const read = (path: string): Notebook => JSON.parse(Deno.readTextFileSync(path));
const source = (cell: NotebookCell) => text(cell.source);
const tagged = (cell: NotebookCell, tag: string) => ((cell.metadata.tags as string[] | undefined) ?? []).includes(tag);

Deno.test("every notebook runs top to bottom twice in one kernel, every figure and self-check delivered", async () => {
  const out = `${root}build/test-course`;
  const { code, stdout, stderr } = await runner([
    "run",
    ...names.map((n) => `${root}notebooks/${n}`),
    "--out",
    out,
    "--passes",
    "2",
    "--report",
    `${out}/report.json`,
  ]);
  assert.equal(code, 0, `${stdout}\n${stderr}`);
  const report: { notebook: string; errors: unknown[]; seconds: number }[] = JSON.parse(
    await Deno.readTextFile(`${out}/report.json`),
  );
  for (const entry of report) assert.deepEqual(entry.errors, [], entry.notebook);
  let checks = 0;
  let figures = 0;
  for (const name of names) {
    const nb = read(`${out}/${name}`);
    for (const [i, cell] of nb.cells.entries()) {
      if (cell.cell_type !== "code") continue;
      const outputs = cell.outputs ?? [];
      assert.ok(!outputs.some((o) => o.output_type === "error"), `${name} cell ${i} raised`);
      if (tagged(cell, "figure")) {
        figures++;
        const bundle = outputs.find((o) => o.data?.["application/vnd.plotly.v1+json"]);
        assert.ok(bundle, `${name} cell ${i} produced no Plotly figure`);
        assert.ok(
          text(bundle.data!["text/html"]).includes("Plotly.newPlot"),
          `${name} cell ${i}: no HTML drawing code`,
        );
      }
      if (tagged(cell, "self-check")) {
        checks++;
        const said = outputs.map((o) => stripColors(text(o.data?.["text/plain"]))).join("\n");
        if (/^const my\w+ = undefined;/m.test(source(nb.cells[i - 1]))) {
          // A prediction nobody has written yet: neutral, and the answer stays hidden.
          assert.match(said, /^○ Not answered yet: write your prediction in my\w+ /, `${name} cell ${i}: ${said}`);
        } else if (/^function my\w+\(/m.test(source(nb.cells[i - 1]))) {
          // An implement-it exercise with its stub still in place: it fails, saying the stub is not written yet.
          assert.match(
            said,
            /^✘ Self-check failed: my\w+: .*\n.*(stub|did not change|never changes)/,
            `${name} cell ${i}: ${said}`,
          );
        } else {
          assert.match(said, /^✔ Self-check passed: /, `${name} cell ${i}: ${said}`);
        }
      }
    }
  }
  console.log(`${figures} figures and ${checks} self-checks, each run twice; seconds per notebook (2 passes):`);
  for (const entry of report) console.log(`  ${entry.notebook.split("/").at(-1)}: ${entry.seconds}`);
});

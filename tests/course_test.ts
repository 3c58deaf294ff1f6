// The course itself: every notebook in notebooks/, run by the project's runner
// through the real Deno kernel, then drawn in headless Chromium.
import assert from "node:assert/strict";
import { allDrawn, Browser, figureReport, type FigureState } from "./_browser.ts";
import { type Notebook, type NotebookCell, root, runner, stripColors, text } from "./_notebook.ts";

const names = [...Deno.readDirSync(`${root}notebooks`)].map((e) => e.name).filter((n) => n.endsWith(".ipynb")).sort();
const read = (path: string): Notebook => JSON.parse(Deno.readTextFileSync(path));
const source = (cell: NotebookCell) => text(cell.source);
const tagged = (cell: NotebookCell, tag: string) => ((cell.metadata.tags as string[] | undefined) ?? []).includes(tag);

Deno.test("the course has notebooks 00 to 07, named NN_topic.ipynb", () => {
  assert.deepEqual(names.map((n) => n.slice(0, 3)), ["00_", "01_", "02_", "03_", "04_", "05_", "06_", "07_"]);
  for (const name of names) assert.match(name, /^\d\d_[a-z_]+\.ipynb$/);
});

for (const name of names) {
  Deno.test(`${name} is committed clean and has the course's shape`, () => {
    const nb = read(`${root}notebooks/${name}`);
    const code = nb.cells.filter((c) => c.cell_type === "code");
    for (const cell of code) {
      assert.deepEqual(cell.outputs, [], "outputs are cleared");
      assert.equal(cell.execution_count, null);
    }
    assert.equal((nb.metadata.kernelspec as { name: string }).name, "deno");
    const imports = code.filter((c) => /from "\.\.\/lib\/mod\.ts"/.test(source(c)));
    assert.equal(imports.length, 1, "one import cell from ../lib/mod.ts");
    assert.equal(code[0], imports[0], "the import cell comes first");
    assert.match(source(code[1]), /^\/\/ Parameters: change these/, "the second code cell holds the parameters");
    const markdown = nb.cells.filter((c) => c.cell_type === "markdown").map(source).join("\n");
    assert.match(markdown, /\*\*Learning goals\*\*/);
    assert.match(markdown, /^## Summary$/m);
    assert.match(markdown, /^## Exercises$/m);
    assert.ok(code.some((c) => tagged(c, "figure")), "at least one figure");
    assert.ok(code.some((c) => tagged(c, "self-check")), "at least one self-check");
    // No later cell reassigns a knob of the parameters cell (strings and comments set aside).
    const knobs = [...source(code[1]).matchAll(/^const (\w+)/gm)].map((m) => m[1]);
    for (const cell of code.slice(2)) {
      const statements = source(cell).replace(/`[^`]*`|"[^"\n]*"|\/\/.*$/gm, '""');
      for (const knob of knobs) {
        assert.doesNotMatch(statements, new RegExp(`(^|[^.\\w])${knob}\\s*=[^=>]`), `${knob} is reassigned`);
      }
    }
  });
}

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

Deno.test("the exported HTML of every notebook draws all its figures in Chromium", async () => {
  const out = `${root}build/html`;
  const started = performance.now();
  const { code, stdout, stderr } = await runner(["export", ...names.map((n) => `${root}notebooks/${n}`), "--out", out]);
  const seconds = (performance.now() - started) / 1000;
  assert.equal(code, 0, `${stdout}\n${stderr}`);
  console.log(`export of the whole course: ${seconds.toFixed(1)} s\n${stdout.trim()}`);
  await Deno.mkdir(`${root}build/screenshots`, { recursive: true });
  const browser = await Browser.launch();
  try {
    for (const name of names) {
      const nb = read(`${root}notebooks/${name}`);
      const expected = nb.cells.filter((c) => tagged(c, "figure")).length;
      const page = `${out}/${name.replace(".ipynb", ".html")}`;
      const links = [...(await Deno.readTextFile(page)).matchAll(/<script[^>]*src="([^"]*)"/g)].map((m) => m[1]);
      assert.deepEqual(links, [], `${name} links scripts off the page`);
      await browser.open(`file://${page}`);
      await browser.waitFor(
        allDrawn(expected),
        60_000,
        `the ${expected} figures of ${name}`,
      );
      // Formulas are typeset offline by the MathJax inlined in the page: no "$" of a formula is left as text.
      const formulas = nb.cells.filter((c) => c.cell_type === "markdown" && /\$[^$]+\$/.test(source(c))).length;
      if (formulas > 0) {
        await browser.waitFor("document.querySelectorAll('mjx-container').length > 0", 30_000, `${name}'s formulas`);
        const leftover = await browser.evaluate<number>(
          "[...document.querySelectorAll('.text_cell_render')].filter((e) => /\\$[^$\\s][^$]*\\$/.test(e.textContent)).length",
        );
        assert.equal(leftover, 0, `${name}: text cells still show $…$ as source`);
      }
      const figures = await browser.evaluate<FigureState[]>(figureReport);
      for (const f of figures) assert.ok(f.points + f.lines + f.contourLines > 0, `${name}: "${f.title}" has no marks`);
      assert.deepEqual(browser.errors, [], `${name}: console errors`);
      await browser.screenshot(`${root}build/screenshots/${name.replace(".ipynb", ".png")}`);
    }
  } finally {
    await browser.close();
  }
});

// The live walk through the course, cell by cell, is in lab_test.ts (JupyterLab 4 and Notebook 7).

// The course exported by the project's runner as self-contained HTML, drawn in headless Chromium from file://: every
// figure, every formula typeset offline. The live walk through the course, cell by cell, is in lab_test.ts.
import assert from "node:assert/strict";
import { allDrawn, errors, figureReport, type FigureState, launch, newPage } from "./_browser.ts";
import { type Notebook, type NotebookCell, root, runner, text } from "./_notebook.ts";

const names = [...Deno.readDirSync(`${root}notebooks`)].map((e) => e.name).filter((n) => n.endsWith(".ipynb")).sort();
const read = (path: string): Notebook => JSON.parse(Deno.readTextFileSync(path));
const source = (cell: NotebookCell) => text(cell.source);
const tagged = (cell: NotebookCell, tag: string) => ((cell.metadata.tags as string[] | undefined) ?? []).includes(tag);

Deno.test("the exported HTML of every notebook draws all its figures in Chromium", async () => {
  const out = `${root}build/html`;
  const started = performance.now();
  const { code, stdout, stderr } = await runner(["export", ...names.map((n) => `${root}notebooks/${n}`), "--out", out]);
  const seconds = (performance.now() - started) / 1000;
  assert.equal(code, 0, `${stdout}\n${stderr}`);
  console.log(`export of the whole course: ${seconds.toFixed(1)} s\n${stdout.trim()}`);
  await Deno.mkdir(`${root}build/screenshots`, { recursive: true });
  const browser = await launch();
  try {
    const page = await newPage(browser);
    for (const name of names) {
      const nb = read(`${root}notebooks/${name}`);
      const expected = nb.cells.filter((c) => tagged(c, "figure")).length;
      const html = `${out}/${name.replace(".ipynb", ".html")}`;
      const links = [...(await Deno.readTextFile(html)).matchAll(/<script[^>]*src="([^"]*)"/g)].map((m) => m[1]);
      assert.deepEqual(links, [], `${name} links scripts off the page`);
      await page.goto(`file://${html}`);
      await page.waitForFunction(allDrawn(expected), undefined, { timeout: 60_000 });
      // Formulas are typeset offline by the MathJax inlined in the page: no "$" of a formula is left as text.
      const formulas = nb.cells.filter((c) => c.cell_type === "markdown" && /\$[^$]+\$/.test(source(c))).length;
      if (formulas > 0) {
        await page.locator("mjx-container").first().waitFor({ timeout: 30_000 });
        const leftover = await page.evaluate<number>(
          "[...document.querySelectorAll('.text_cell_render')].filter((e) => /\\$[^$\\s][^$]*\\$/.test(e.textContent)).length",
        );
        assert.equal(leftover, 0, `${name}: text cells still show $…$ as source`);
      }
      const figures = await page.evaluate<FigureState[]>(figureReport);
      for (const f of figures) assert.ok(f.points + f.lines + f.contourLines > 0, `${name}: "${f.title}" has no marks`);
      assert.deepEqual(errors(page), [], `${name}: console errors`);
      await page.screenshot({ path: `${root}build/screenshots/${name.replace(".ipynb", ".png")}`, fullPage: true });
    }
  } finally {
    await browser.close();
  }
});

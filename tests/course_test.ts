// The course as committed: every notebook in notebooks/ named, cleared and shaped as the house style asks. Running it
// is course_run_test.ts (the kernel) and course_browser_test.ts (the exported HTML in Chromium).
import assert from "node:assert/strict";
import { type Notebook, type NotebookCell, root, text } from "./_notebook.ts";

const names = [...Deno.readDirSync(`${root}notebooks`)].map((e) => e.name).filter((n) => n.endsWith(".ipynb")).sort();
const read = (path: string): Notebook => JSON.parse(Deno.readTextFileSync(path));
const source = (cell: NotebookCell) => text(cell.source);
const tagged = (cell: NotebookCell, tag: string) => ((cell.metadata.tags as string[] | undefined) ?? []).includes(tag);

Deno.test("the course has notebooks 00 to 08, named NN_topic.ipynb", () => {
  assert.deepEqual(names.map((n) => n.slice(0, 3)), ["00_", "01_", "02_", "03_", "04_", "05_", "06_", "07_", "08_"]);
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
    // At most six knobs at once: the rest wait in an advanced parameters cell right below, checked the same way.
    const main = [...source(code[1]).matchAll(/^const (\w+)/gm)].map((m) => m[1]);
    assert.ok(main.length <= 6, `the parameters cell has ${main.length} knobs (${main.join(", ")}): at most 6`);
    const advanced = source(code[2]).startsWith("// Advanced parameters") ? 1 : 0;
    if (advanced) assert.match(source(code[2]), /checkKnobs\([\s\S]*\{ cell: "advanced parameters" \}\)\s*$/);
    const knobs = [...code.slice(1, 2 + advanced).map(source).join("\n").matchAll(/^const (\w+)/gm)].map((m) => m[1]);
    // showAnswers is the teacher's switch, not a knob: it opens the exercises, in a cell of its own.
    assert.ok(!knobs.includes("showAnswers"), "showAnswers is not in a parameters cell");
    const switches = code.filter((c) => /^const showAnswers = /m.test(source(c)));
    assert.equal(switches.length, 1, "one cell sets showAnswers");
    assert.match(source(switches[0]), /^\/\/ The teacher's switch: /, "the showAnswers cell says what it is");
    const exercises = nb.cells.findIndex((c) => c.cell_type === "markdown" && /^## Exercises$/m.test(source(c)));
    assert.ok(nb.cells.indexOf(switches[0]) > exercises, "the teacher's switch opens the exercises");
    // No later cell reassigns a knob of the parameters cells (strings and comments set aside).
    for (const cell of code.slice(2 + advanced)) {
      const statements = source(cell).replace(/`[^`]*`|"[^"\n]*"|\/\/.*$/gm, '""');
      for (const knob of knobs) {
        assert.doesNotMatch(statements, new RegExp(`(^|[^.\\w])${knob}\\s*=[^=>]`), `${knob} is reassigned`);
      }
    }
  });
}

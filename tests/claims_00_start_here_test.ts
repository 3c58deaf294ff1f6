// What notebook 0 · Start here (00_start_here.ipynb) says, recomputed from lib/ with its own parameters cell; see
// tests/_claims.ts for how a claim ties a sentence to its check. The guide's sentences about this notebook are here too.
import assert from "node:assert/strict";
import { checkKnobs, course, exercises00, minimize, SGD } from "../lib/mod.ts";
import { assertBetween, claim, notebookParams, ratios, signFlips } from "./_claims.ts";

const nb0 = "00_start_here.ipynb";
claim(nb0, "($y$ flips sign at every step) while it moves along it ($x$ keeps its sign", (p) => {
  const { lr, steps } = p as { lr: number; steps: number };
  assert.equal(lr, 0.95, "the sentence is about the default η = 0.95");
  const run = minimize(course, new SGD({ lr }), { steps });
  assert.equal(signFlips(run.points.map((q) => q[1])), steps);
  assert.equal(signFlips(run.points.map((q) => q[0])), 0);
  ratios(run.points.map((q) => q[0])).forEach((r) => assertBetween(r, 0.905 - 1e-12, 0.905 + 1e-12, "x's factor"));
});

claim(
  nb0,
  "Open `lib/optim/sgd.ts` now and find its update: one line, $W \\leftarrow W - \\eta\\, g$, with that formula beside it as a comment.",
  () => {
    const text = Deno.readTextFileSync(new URL("../lib/optim/sgd.ts", import.meta.url));
    const updates = text.split("\n").filter((line) => /params\[i\] -=/.test(line));
    assert.equal(updates.length, 1, "one line does the update");
    assert.match(updates[0], /\/\/ W ← W − η·g$/, "the formula beside it as a comment");
    // "the short file": one screenful or so, and no fast path beside the loop a student reads.
    const lines = text.split("\n").length;
    assert.ok(lines <= 100, `lib/optim/sgd.ts has ${lines} lines`);
    assert.ok(!/import[^;]*(kernels|nn\/)/.test(text), "sgd.ts imports no fast path");
  },
);
claim(
  nb0,
  "that loop, with SGD, drew the figure above, and it draws every path of notebooks 1 and 2.",
  () => {
    // Notebooks 1 and 2 import no optimizer but SGD, and call minimize() for their paths.
    const optimizers = ["SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam"];
    for (const name of ["01_learning_rate.ipynb", "02_lr_decay.ipynb"]) {
      const cells = JSON.parse(Deno.readTextFileSync(new URL(`../notebooks/${name}`, import.meta.url))).cells;
      const text = cells.map((c: { source: string[] }) => c.source.join("")).join("\n");
      const imports = text.match(/import \{([^}]*)\} from "\.\.\/lib\/mod\.ts"/)![1].split(",").map((s: string) =>
        s.trim()
      );
      assert.deepEqual(imports.filter((n: string) => optimizers.includes(n)), ["SGD"], name);
      assert.ok(imports.includes("minimize"), name);
    }
  },
);
claim(
  nb0,
  "the course's optimizers and its networks (notebook 6) follow its numpy code, and the optimizers match it to 1e-9.",
  () => {
    const text = Deno.readTextFileSync(new URL("reference_test.ts", import.meta.url));
    assert.match(text, /follows the book's numpy path for 30 steps at 1e-9/, "tests/reference_test.ts checks it");
  },
);
claim(nb0, "Try `lr = 0.5` later (exercise 1 does): any value in its range works.", (p) => {
  assert.ok((p.lr as number) !== 0.5, "0.5 is not already the default");
  for (const lr of [0.01, 0.5, 1.2]) checkKnobs({ lr }, { lr: [0.01, 1.2] }); // the range's ends and 0.5 pass
  assert.throws(() => checkKnobs({ lr: 2 }, { lr: [0.01, 1.2] }), /lr/);
});

claim(
  nb0,
  "Each notebook has one **parameters cell** near the top, with the few numbers to try first (at most six).",
  () => {
    // The same rule tests/course_test.ts enforces on every notebook's shape, counted here for the sentence.
    for (const entry of Deno.readDirSync(new URL("../notebooks/", import.meta.url))) {
      if (!entry.name.endsWith(".ipynb")) continue;
      const main = JSON.parse(Deno.readTextFileSync(new URL(`../notebooks/${entry.name}`, import.meta.url))).cells
        .filter((c: { cell_type: string }) => c.cell_type === "code")
        .map((c: { source: string[] }) => c.source.join(""))
        .find((s: string) => s.startsWith("// Parameters"));
      const count = [...main.matchAll(/^const \w+/gm)].length;
      assert.ok(count <= 6, `${entry.name}: ${count} knobs in the parameters cell`);
    }
  },
);
claim(
  nb0,
  "It needs only notebook 1 (its last figure reruns notebook 3's AdaGrad with the numerical gradient",
  () => {
    const nb8 = JSON.parse(Deno.readTextFileSync(new URL("../notebooks/08_numerical_gradient.ipynb", import.meta.url)));
    const text = nb8.cells.map((c: { source: string[] }) => c.source.join("")).join("\n");
    const optimizers = ["SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam"];
    const imports = text.match(/import \{([^}]*)\} from "\.\.\/lib\/mod\.ts"/)![1].split(",").map((s: string) =>
      s.trim()
    );
    assert.deepEqual(imports.filter((name: string) => optimizers.includes(name)), ["AdaGrad"]);
    // It may say where a test function is used later ("(notebook 5)"), but builds on notebooks 1 and 3 only.
    const aside = /\((?:both in )?notebook (\d)\)/g;
    const cited = [...text.replace(aside, "").matchAll(/[Nn]otebook (\d)/g)].map((m) => m[1]);
    assert.ok(cited.every((n) => n === "1" || n === "3"), `notebook 8 refers to notebooks ${[...new Set(cited)]}`);
  },
);

// The teacher's guide on this notebook.
claim("README.md", "1. `myZigzag = [-0.9, -1.458]` with the default $\\eta = 0.95$", () => {
  const { lr } = notebookParams(nb0) as { lr: number };
  const ys = minimize(course, new SGD({ lr }), { steps: 3 }).points.map((q) => q[1]);
  assert.deepEqual([ys[1] / ys[0], ys[3]].map((v) => Number(v.toFixed(3))), [-0.9, -1.458]);
  const half = minimize(course, new SGD({ lr: 0.5 }), { steps: 3 }).points.map((q) => q[1]);
  assert.deepEqual([half[1] / half[0], half[3]], [0, 0], "with η = 0.5");
  // The notebook's check (lib/notebook/exercises/00_start_here.ts) passes the right answer and fails the guide's
  // common wrong answers, and the sign flipped.
  assert.equal(exercises00.zigzag({ myZigzag: [ys[1] / ys[0], ys[3]] }, { lr }).status, "passed");
  for (const wrong of [[0.905, 1.482], [0.05, 0.00025], [-0.9, 1.458], [0.9, 1.458]]) {
    assert.equal(exercises00.zigzag({ myZigzag: wrong }, { lr }).status, "failed", JSON.stringify(wrong));
  }
});

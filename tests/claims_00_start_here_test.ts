// What notebook 0 · Start here (00_start_here.ipynb) says, recomputed from lib/ with its own parameters cell; see
// tests/_claims.ts for how a claim ties a sentence to its check. The guide's sentences about this notebook are here too.
import assert from "node:assert/strict";
import { course, minimize, SGD } from "../lib/mod.ts";
import { assertBetween, claim, ratios, signFlips } from "./_claims.ts";

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
  "find AdaGrad's update: two lines, $h \\leftarrow h + g \\odot g$ and $W \\leftarrow W - \\eta\\, g/(\\sqrt{h} + \\varepsilon)$, each with its formula beside it as a comment",
  () => {
    const text = Deno.readTextFileSync(new URL("../lib/optim/adagrad.ts", import.meta.url));
    assert.ok(/\/\/ h ← h \+ g⊙g/.test(text), "the comment h ← h + g⊙g");
    assert.ok(/\/\/ W ← W − η·g\/\(√h \+ ε\)/.test(text), "the comment W ← W − η·g/(√h + ε)");
    // "the short file … that loop is what runs": no fast path beside it, and one screenful or so.
    const lines = text.split("\n").length;
    assert.ok(lines <= 100, `lib/optim/adagrad.ts has ${lines} lines`);
    assert.ok(!/import[^;]*(kernels|nn\/)/.test(text), "adagrad.ts imports no fast path");
  },
);

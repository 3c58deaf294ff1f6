// Whole trajectories against independent Python runs (tests/fixtures/make_reference.py):
// the book's own optimizers on its figure 6-8 problem, and the blog's AdaGrad variant.
import assert from "node:assert/strict";
import { AdaGrad, course, makeOptimizer, minimize, type OptimizerName, optimizerNames } from "../lib/mod.ts";
import { assertClose } from "./_assert.ts";

interface Run {
  lr: number;
  path: number[][];
}
const reference: { book: Record<OptimizerName, Run>; blog: Run } = JSON.parse(
  Deno.readTextFileSync(new URL("./fixtures/book_reference.json", import.meta.url)),
);

for (const [name, { lr, path }] of Object.entries(reference.book) as [OptimizerName, Run][]) {
  Deno.test(`${name}(lr=${lr}) follows the book's numpy path for 30 steps at 1e-9`, () => {
    const run = minimize(course, makeOptimizer(name, lr), { x0: [-7, 2], steps: 30 });
    assert.equal(run.points.length, path.length);
    run.points.forEach((p, t) => assertClose(p, path[t], 1e-9, `${name} step ${t}`));
  });
}

Deno.test("AdaGrad with epsInsideSqrt and the numerical gradient follows the blog's 45 steps at 1e-9", () => {
  const { lr, path } = reference.blog;
  const run = minimize(course, new AdaGrad({ lr, epsInsideSqrt: true }), {
    x0: [-7, 2],
    steps: 45,
    gradient: "numerical",
  });
  assert.equal(run.points.length, 46);
  run.points.forEach((p, t) => assertClose(p, path[t], 1e-9, `step ${t}`));
});

Deno.test("the reference covers the six optimizers the course compares", () => {
  assert.deepEqual(Object.keys(reference.book).sort(), [...optimizerNames].sort());
});

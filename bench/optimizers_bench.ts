// One update() of each optimizer at n = 1e3 … 1e7 parameters: the readable
// loops of lib/optim/, which are the only ones (train() runs them too).
// Run: deno task bench:ops   (side by side with numpy: deno task bench)
import { AdaGrad, makeOptimizer, type Optimizer, optimizerNames } from "../lib/mod.ts";
import { seededRandom } from "../lib/random.ts";

const sizes = [1e3, 1e4, 1e5, 1e6, 1e7];
// Every optimizer of the table in lib/optim/registry.ts, plus AdaGrad's other ε convention.
const makers: [string, () => Optimizer][] = [
  ...optimizerNames.map((name): [string, () => Optimizer] => [name, () => makeOptimizer(name, 1e-3)]),
  ["AdaGrad epsInsideSqrt", () => new AdaGrad({ lr: 1e-3, epsInsideSqrt: true })],
];

// Seeded, so every run updates the same numbers.
function filled(n: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  return Float64Array.from({ length: n }, () => random() - 0.5);
}

for (const n of sizes) {
  const [params, grads] = [filled(n, 1), filled(n, 2)];
  for (const [name, make] of makers) {
    const optimizer = make();
    optimizer.update(params, grads); // allocate the state outside the timed part
    Deno.bench({
      name: `${name} n=${n.toExponential(0)}`,
      group: `n=${n.toExponential(0)}`,
      baseline: name === "SGD",
      n: n >= 1e7 ? 20 : undefined,
      fn: () => optimizer.update(params, grads),
    });
  }
}

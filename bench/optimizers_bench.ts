// One update() of each optimizer at n = 1e3 … 1e7 parameters.
// Run: deno task bench   (compare with: python3 bench/book_update.py)
import { AdaGrad, Adam, Momentum, Nesterov, type Optimizer, RMSProp, SGD } from "../lib/mod.ts";

const sizes = [1e3, 1e4, 1e5, 1e6, 1e7];
const makers: [string, () => Optimizer][] = [
  ["SGD", () => new SGD({ lr: 1e-3 })],
  ["Momentum", () => new Momentum({ lr: 1e-3 })],
  ["Nesterov", () => new Nesterov({ lr: 1e-3 })],
  ["AdaGrad", () => new AdaGrad({ lr: 1e-3 })],
  ["AdaGrad epsInsideSqrt", () => new AdaGrad({ lr: 1e-3, epsInsideSqrt: true })],
  ["RMSProp", () => new RMSProp({ lr: 1e-3 })],
  ["Adam", () => new Adam({ lr: 1e-3 })],
];

// Seeded, so every run updates the same numbers (a small linear congruential generator).
function filled(n: number, seed: number): Float64Array {
  const a = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 2 ** 32 - 0.5;
  }
  return a;
}

for (const n of sizes) {
  const params = filled(n, 1);
  const grads = filled(n, 2);
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

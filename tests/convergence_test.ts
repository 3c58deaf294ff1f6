// Table-driven convergence: every optimizer on every smooth test function that
// has a minimum, from the function's own start. The learning rates were picked
// per pair (a rate that suits Rosenbrock overshoots the parabola); the step
// budgets leave about 1.5× the steps these rates need to come within 1e-3 of a
// minimum. "Reaches" is the measure, not "stays": with a constant rate, Adam
// and RMSProp keep circling the minimum at a distance set by the rate.
import assert from "node:assert/strict";
import {
  course,
  d2lBowl,
  makeOptimizer,
  minimize,
  type OptimizerName,
  optimizerNames,
  parabola,
  rosenbrock,
  rotatedValley,
  stepsToReach,
  type TestFunction,
} from "../lib/mod.ts";
// No notebook names these three (they reach the notebooks and the playground through testFunctions), so lib/mod.ts
// leaves them to their folder.
import { beale, himmelblau, roundBowl } from "../lib/landscape/mod.ts";

// [function, optimizer, lr, steps]
const table: [TestFunction, OptimizerName, number, number][] = [
  [course, "SGD", 0.9, 160],
  [course, "Momentum", 0.3, 200],
  [course, "Nesterov", 0.2, 160],
  [course, "AdaGrad", 1.5, 120],
  [course, "RMSProp", 0.001, 11300],
  [course, "Adam", 0.9, 210],
  [rotatedValley, "SGD", 0.9, 140],
  [rotatedValley, "Momentum", 0.3, 180],
  [rotatedValley, "Nesterov", 0.2, 160],
  [rotatedValley, "AdaGrad", 1.5, 280],
  [rotatedValley, "RMSProp", 0.001, 10500],
  [rotatedValley, "Adam", 0.9, 200],
  [roundBowl, "SGD", 0.5, 20],
  [roundBowl, "Momentum", 0.5, 20],
  [roundBowl, "Nesterov", 0.2, 40],
  [roundBowl, "AdaGrad", 1.5, 50],
  [roundBowl, "RMSProp", 0.001, 6700],
  [roundBowl, "Adam", 0.9, 190],
  [d2lBowl, "SGD", 0.3, 220],
  [d2lBowl, "Momentum", 0.1, 210],
  [d2lBowl, "Nesterov", 0.1, 130],
  [d2lBowl, "AdaGrad", 1.5, 70],
  [d2lBowl, "RMSProp", 0.001, 8250],
  [d2lBowl, "Adam", 0.2, 200],
  [rosenbrock, "SGD", 0.001, 26560],
  [rosenbrock, "Momentum", 0.002, 990],
  [rosenbrock, "Nesterov", 0.0003, 8750],
  [rosenbrock, "AdaGrad", 1.5, 14930],
  [rosenbrock, "RMSProp", 0.001, 13430],
  [rosenbrock, "Adam", 0.1, 1590],
  [beale, "SGD", 0.02, 1490],
  [beale, "Momentum", 0.005, 700],
  [beale, "Nesterov", 0.005, 620],
  [beale, "AdaGrad", 1.5, 920],
  [beale, "RMSProp", 0.001, 5570],
  [beale, "Adam", 0.3, 360],
  [himmelblau, "SGD", 0.02, 40],
  [himmelblau, "Momentum", 0.002, 200],
  [himmelblau, "Nesterov", 0.005, 70],
  [himmelblau, "AdaGrad", 0.9, 40],
  [himmelblau, "RMSProp", 0.2, 30],
  [himmelblau, "Adam", 0.3, 170],
  [parabola, "SGD", 0.5, 20],
  [parabola, "Momentum", 0.5, 20],
  [parabola, "Nesterov", 0.2, 40],
  [parabola, "AdaGrad", 1.5, 70],
  [parabola, "RMSProp", 0.002, 4420],
  [parabola, "Adam", 0.9, 80],
];

for (const [fn, name, lr, steps] of table) {
  Deno.test(`${name}(lr=${lr}) reaches the minimum of ${fn.name} within ${steps} steps`, () => {
    const run = minimize(fn, makeOptimizer(name, lr), { steps });
    assert.equal(run.diverged, false);
    const reached = stepsToReach(fn, run, 1e-3);
    const closest = Math.min(
      ...run.points.map((p) => Math.min(...fn.minima.map((m) => Math.hypot(...p.map((v, i) => v - m[i]))))),
    );
    assert.ok(reached !== undefined, `came no closer than ${closest.toExponential(2)} to a minimum`);
    assert.ok(run.loss.at(-1)! < run.loss[0], "the last loss is not below the first");
  });
}

Deno.test("the convergence table covers every optimizer on every function with a minimum", () => {
  const pairs = new Set(table.map(([fn, name]) => `${fn.id}/${name}`));
  for (const fn of [course, rotatedValley, roundBowl, d2lBowl, rosenbrock, beale, himmelblau, parabola]) {
    for (const name of optimizerNames) assert.ok(pairs.has(`${fn.id}/${name}`), `${fn.id}/${name} is missing`);
  }
});

// The optimizers against TensorFlow.js (tfjs-core with its CPU backend), an
// implementation independent of the book's: same problem, same start, TF.js's
// own conventions mapped onto this module's options. TF.js computes in float32,
// so paths agree to 1e-5 (Adam, 1e-4: see below), not to float64's 1e-9.
import assert from "node:assert/strict";
import { AdaGrad, Adam, course, minimize, Momentum, Nesterov, type Optimizer, RMSProp, SGD } from "../lib/mod.ts";
import { assertClose } from "./_assert.ts";

// TF.js greets Node-like runtimes with a banner on console.warn when it loads; keep the test output clean.
const warn = console.warn;
console.warn = () => {};
const tf = await import("npm:@tensorflow/tfjs-core@4.22.0");
await import("npm:@tensorflow/tfjs-backend-cpu@4.22.0");
await tf.setBackend("cpu");
console.warn = warn;

type TfOptimizer = InstanceType<typeof tf.Optimizer>;

/** Runs a TF.js optimizer on x²/20 + y² from (−7, 2), feeding it the analytic gradient. */
function tfPath(optimizer: TfOptimizer, steps: number): number[][] {
  const p = tf.variable(tf.tensor1d([-7, 2]), true, `p${crypto.randomUUID()}`);
  const path = [Array.from(p.dataSync())];
  for (let t = 0; t < steps; t++) {
    const [x, y] = p.dataSync();
    optimizer.applyGradients({ [p.name]: tf.tensor1d([x / 10, 2 * y]) });
    path.push(Array.from(p.dataSync()));
  }
  optimizer.dispose();
  p.dispose();
  return path;
}

// [name, TF.js optimizer, the same algorithm here with TF.js's conventions, tolerance]
const cases: [string, () => TfOptimizer, () => Optimizer, number][] = [
  ["SGD", () => tf.train.sgd(0.95), () => new SGD({ lr: 0.95 }), 1e-5],
  // TF.js keeps v ← αv + g and steps by −η·v: the book's v is −η times it, the same path.
  ["Momentum", () => tf.train.momentum(0.1, 0.9), () => new Momentum({ lr: 0.1, momentum: 0.9 }), 1e-5],
  // TF.js's Nesterov (useNesterov = true) keeps a ← αa + g and steps by −η·(g + α·a): with a = −v/η that is
  // W ← W + α²·v_old − (1 + α)·η·g, the book's current form.
  ["Nesterov", () => tf.train.momentum(0.1, 0.9, true), () => new Nesterov({ lr: 0.1, momentum: 0.9 }), 1e-5],
  // TF.js starts h at 0.1 and divides by √(h + ε), ε = 1e-7 in float32.
  [
    "AdaGrad",
    () => tf.train.adagrad(1.5, 0.1),
    () => new AdaGrad({ lr: 1.5, initialAccumulator: 0.1, epsInsideSqrt: true }),
    1e-5,
  ],
  // TF.js puts ε = 1e-7 inside the root for RMSProp; here it is outside. At these gradients that is below float32.
  ["RMSProp", () => tf.train.rmsprop(0.1, 0.9), () => new RMSProp({ lr: 0.1, decayRate: 0.9 }), 1e-5],
  // TF.js corrects m and v separately; the book folds the corrections into ηₜ, which amounts to TF.js with ε
  // scaled by √(1 − β₂ᵗ). That, not float32, is the 1e-5 the paths drift apart by.
  ["Adam", () => tf.train.adam(0.3, 0.9, 0.999, 1e-7), () => new Adam({ lr: 0.3 }), 1e-4],
];

for (const [name, makeTf, makeOurs, tol] of cases) {
  Deno.test(`${name} follows TensorFlow.js's path for 30 steps at ${tol.toExponential()}`, () => {
    const theirs = tfPath(makeTf(), 30);
    const ours = minimize(course, makeOurs(), { x0: [-7, 2], steps: 30 }).points;
    ours.forEach((p, t) => assertClose(p, theirs[t], tol, `${name} step ${t}`));
    // The paths are not trivially equal: they moved.
    assert.ok(Math.hypot(ours[30][0] + 7, ours[30][1] - 2) > 1);
  });
}

Deno.test("AdaGrad with the book's conventions is not TF.js's: the first step differs", () => {
  const theirs = tfPath(tf.train.adagrad(1.5, 0.1), 1);
  const book = minimize(course, new AdaGrad({ lr: 1.5 }), { steps: 1 }).points;
  assert.ok(Math.abs(book[1][0] - theirs[1][0]) > 0.1, `book ${book[1]}, TF.js ${theirs[1]}`);
});

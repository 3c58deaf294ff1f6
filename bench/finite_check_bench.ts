// What Optimizer.update()'s check for NaN and ±Infinity costs, at the size of
// lib/nn's MultiLayerNet (109,810 parameters): the check alone, an SGD update
// (which includes it), and a whole training step (batch 128).
// Run: deno task bench:ops
import { loadDigits, MultiLayerNet, SGD } from "../lib/mod.ts";
import { finiteParamsAndGrads } from "../lib/validate.ts";

const net = new MultiLayerNet();
const n = net.params.length;
const grads = new Float64Array(n);
const data = loadDigits({ train: 1000, test: 100 });
const x = data.train.images.subarray(0, 128 * 784);
const t = data.train.labels.subarray(0, 128);
net.lossAndGradient(x, t, grads);
const sgd = new SGD({ lr: 1e-9 });

Deno.bench({
  name: `finite check, n=${n}`,
  group: "update check",
  baseline: true,
  fn: () => finiteParamsAndGrads("update SGD", net.params, grads),
});
Deno.bench({ name: `SGD.update(), n=${n}`, group: "update check", fn: () => sgd.update(net.params, grads) });
Deno.bench({
  name: "MultiLayerNet training step, batch 128",
  group: "update check",
  n: 100,
  fn: () => {
    net.lossAndGradient(x, t, grads);
    sgd.update(net.params, grads);
  },
});

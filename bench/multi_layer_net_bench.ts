// One training step of the book's MultiLayerNet (784-100-100-100-100-10,
// batch 128: forward, backward, SGD update) on each backend, one thread.
// Run: deno task bench:ops   (side by side with numpy: deno task bench)
import { loadDigits, MultiLayerNet, SGD } from "../lib/mod.ts";

const data = loadDigits({ train: 1000, test: 100 });
const x = data.train.images.subarray(0, 128 * 784);
const t = data.train.labels.subarray(0, 128);

for (const backend of ["wasm", "typescript"] as const) {
  const net = new MultiLayerNet({ backend });
  const sgd = new SGD({ lr: 0.01 });
  const grads = new Float64Array(net.params.length);
  Deno.bench({
    name: `MultiLayerNet step, ${backend}`,
    group: "MultiLayerNet step",
    baseline: backend === "typescript",
    n: backend === "typescript" ? 20 : 200,
    fn: () => {
      net.lossAndGradient(x, t, grads);
      sgd.update(net.params, grads);
    },
  });
}

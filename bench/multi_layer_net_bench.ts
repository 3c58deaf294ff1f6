// One training step of the book's MultiLayerNet (784-100-100-100-100-10,
// batch 128: forward, backward, SGD update) on each backend.
// Run: deno task bench:ops   (side by side with numpy: deno task bench)
import { loadDigits, MultiLayerNet, SGD } from "../lib/mod.ts";
import { setKernelThreads } from "../lib/nn/_kernels.ts";

const data = loadDigits({ train: 1000, test: 100 });
const x = data.train.images.subarray(0, 128 * 784);
const t = data.train.labels.subarray(0, 128);

for (
  const [name, backend, threads] of [
    ["wasm, 2 threads", "wasm", 2],
    ["wasm, 1 thread", "wasm", 1],
    ["typescript", "typescript", 1],
  ] as const
) {
  const net = new MultiLayerNet({ backend });
  const sgd = new SGD({ lr: 0.01 });
  const grads = new Float64Array(net.params.length);
  Deno.bench({
    name: `MultiLayerNet step, ${name}`,
    group: "MultiLayerNet step",
    baseline: backend === "typescript",
    n: backend === "typescript" ? 20 : 200,
    fn: (b) => {
      setKernelThreads(threads, false);
      b.start();
      net.lossAndGradient(x, t, grads);
      sgd.update(net.params, grads);
      b.end();
      setKernelThreads(2);
    },
  });
}

import assert from "node:assert/strict";
import { AdaGrad, loadDigits, MultiLayerNet, numericalGradient, SGD, train } from "../lib/mod.ts";
import { assertClose } from "./_assert.ts";

const data = loadDigits({ train: 600, test: 200, seed: 5 });
const backends = ["wasm", "typescript"] as const;

for (const backend of backends) {
  Deno.test(`MultiLayerNet.lossAndGradient() agrees with the numerical gradient on real digits (${backend})`, () => {
    const net = new MultiLayerNet({ hiddenSizes: [6, 5, 4], backend, seed: 2 });
    const x = data.train.images.subarray(0, 5 * 784);
    const t = data.train.labels.subarray(0, 5);
    const grads = new Float64Array(net.params.length);
    const loss = net.lossAndGradient(x, t, grads);
    assertClose(loss, net.loss(x, t), 1e-15, "loss");
    const numeric = numericalGradient((p) => net.loss(x, t, p), net.params);
    assertClose(grads, numeric, 1e-8, "gradient");
    assert.ok(grads.filter((g) => g !== 0).length > 1000, "most of the gradient is 0");
  });
}

Deno.test("MultiLayerNet gives the same loss and gradient on both backends (the book's 784-100-100-100-100-10, batch 128)", () => {
  const [fast, plain] = backends.map((backend) => new MultiLayerNet({ backend }));
  assert.deepEqual(fast.params, plain.params, "the same initial weights");
  const x = data.train.images.subarray(0, 128 * 784);
  const t = data.train.labels.subarray(0, 128);
  const [g1, g2] = [new Float64Array(fast.params.length), new Float64Array(plain.params.length)];
  assertClose(fast.lossAndGradient(x, t, g1), plain.lossAndGradient(x, t, g2), 1e-12, "loss");
  const largest = g2.reduce((m, g) => Math.max(m, Math.abs(g)), 0);
  assertClose(g1, g2, 1e-12 * largest, "gradient, relative to its largest entry");
  assertClose(fast.accuracy(data.test.images, data.test.labels), plain.accuracy(data.test.images, data.test.labels), 0);
});

Deno.test("MultiLayerNet draws He's initial weights: standard deviation √(2/inputs) per layer, biases 0", () => {
  const net = new MultiLayerNet({ inputSize: 400, hiddenSizes: [300], outputSize: 50 });
  const std = (a: Float64Array) => Math.sqrt(a.reduce((s, v) => s + v * v, 0) / a.length);
  assertClose(std(net.params.subarray(0, 400 * 300)), Math.sqrt(2 / 400), 0.002, "W1");
  assert.ok(net.params.subarray(400 * 300, 400 * 300 + 300).every((b) => b === 0), "b1");
  const w2 = 400 * 300 + 300;
  assertClose(std(net.params.subarray(w2, w2 + 300 * 50)), Math.sqrt(2 / 300), 0.003, "W2");
  const before = Float64Array.from(net.params);
  net.params.fill(1);
  net.reset();
  assert.deepEqual(net.params, before);
});

Deno.test("train() teaches MultiLayerNet the digits, and the run is the same on both backends", () => {
  const runs = backends.map((backend) =>
    train(new MultiLayerNet({ hiddenSizes: [50, 50], backend }), new AdaGrad({ lr: 0.05 }), data, {
      steps: 60,
      batchSize: 32,
    })
  );
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  assert.ok(mean(runs[0].loss.slice(-10)) < 0.5 * mean(runs[0].loss.slice(0, 10)), "the loss did not halve");
  assert.ok(runs[0].testAccuracy > 0.7, `test accuracy ${runs[0].testAccuracy}`);
  assertClose(runs[0].loss, runs[1].loss, 1e-9, "loss per step");
  assert.equal(runs[0].testAccuracy, runs[1].testAccuracy);
});

Deno.test("MultiLayerNet computes the loss and accuracy of a set larger than one piece of 256 examples", () => {
  const net = new MultiLayerNet({ hiddenSizes: [20] });
  const x = data.train.images, t = data.train.labels; // 600 examples: 256 + 256 + 88
  let sum = 0, right = 0;
  for (let i = 0; i < 600; i++) {
    const xi = x.subarray(i * 784, (i + 1) * 784), ti = t.subarray(i, i + 1);
    sum += net.loss(xi, ti);
    right += net.accuracy(xi, ti);
  }
  assertClose(net.loss(x, t), sum / 600, 1e-12, "loss");
  assertClose(net.accuracy(x, t), right / 600, 1e-15, "accuracy");
});

Deno.test("MultiLayerNet checks its options and input", () => {
  assert.throws(
    () => new MultiLayerNet({ hiddenSizes: [100, 0] }),
    /Cannot create MultiLayerNet as 'hiddenSizes\[1\]' must be a whole number >= 1: current value is 0/,
  );
  assert.throws(
    () => new MultiLayerNet({ hiddenSizes: 100 as unknown as number[] }),
    /'hiddenSizes' must be an array of whole numbers >= 1: current value is 100/,
  );
  assert.throws(
    () => new MultiLayerNet({ weightInitStd: 0.01 } as never),
    /'weightInitStd' is not an option/,
  );
  assert.throws(
    () => new MultiLayerNet({ backend: "gpu" as "wasm" }),
    /'backend' must be "wasm" or "typescript": current value is "gpu"/,
  );
  assert.throws(() => new MultiLayerNet({ hidenSizes: [10] } as never), /hidenSizes/);
  const net = new MultiLayerNet({ hiddenSizes: [4] });
  assert.throws(
    () => net.loss(new Float64Array(5), new Uint8Array(1)),
    /'x' must be a Float64Array of whole examples of 784 inputs/,
  );
  assert.throws(() => net.loss(new Float64Array(784), new Uint8Array(2)), /'t' must be a Uint8Array of 1 labels/);
  assert.throws(
    () => net.loss(new Float64Array(784), Uint8Array.of(10)),
    /'t' must hold labels below 10: current value is t\[0\] = 10/,
  );
  assert.throws(
    () => net.lossAndGradient(new Float64Array(784), Uint8Array.of(1), new Float64Array(3)),
    /Cannot compute the gradient as 'grads' must be a Float64Array of length 3190: current value is Float64Array of length 3/,
  );
  assert.throws(
    () => net.loss(new Float64Array(784), Uint8Array.of(1), new Float64Array(2)),
    /'params' must be a Float64Array of length 3190/,
  );
  assert.throws(
    () => train(net, new SGD(), data, { batchSize: 601 }),
    /'batchSize' must be at most the training set's 600 examples/,
  );
});

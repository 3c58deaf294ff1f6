import assert from "node:assert/strict";
import { Adam, loadDigits, numericalGradient, SGD, train, trainingCurve, TwoLayerNet } from "../lib/mod.ts";
import { seededRandom } from "../lib/random.ts";
import { npmFilePath, readNpmText } from "../lib/npm.ts";
import { parseThousandths } from "../lib/nn/mod.ts";
import { assertClose } from "./_assert.ts";

const data = loadDigits({ train: 600, test: 200, seed: 3 });

Deno.test("loadDigits() picks disjoint, seeded sets of 28 × 28 digits with pixels in [0, 1]", () => {
  assert.equal(data.train.count, 600);
  assert.equal(data.train.images.length, 600 * 784);
  assert.equal(data.test.labels.length, 200);
  assert.ok(data.train.images.every((v) => v >= 0 && v <= 1));
  assert.deepEqual(new Set(data.train.labels), new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
  const again = loadDigits({ train: 600, test: 200, seed: 3 });
  assert.deepEqual(again.train.labels, data.train.labels);
  assert.notDeepEqual(loadDigits({ train: 600, test: 200, seed: 4 }).train.labels, data.train.labels);
  const key = (d: typeof data.train, i: number) => d.images.subarray(i * 784, (i + 1) * 784).join(",");
  const trainImages = new Set(Array.from({ length: data.train.count }, (_, i) => key(data.train, i)));
  const shared = Array.from({ length: data.test.count }, (_, i) => key(data.test, i)).filter((k) => trainImages.has(k));
  assert.equal(shared.length, 0, "a test image is also in the training set");
});

Deno.test("loadDigits() throws when asked for more digits than there are", () => {
  assert.throws(
    () => loadDigits({ train: 9500, test: 1000 }),
    /'train' \+ 'test' must be at most 10000: current value is 10500/,
  );
  assert.throws(() => loadDigits({ train: 0 }), /'train' must be a whole number >= 1: current value is 0/);
});

Deno.test("TwoLayerNet.lossAndGradient() agrees with the numerical gradient on real digits", () => {
  const net = new TwoLayerNet({ hiddenSize: 6, weightInitStd: 0.3, seed: 5 });
  const x = data.train.images.subarray(0, 3 * 784);
  const t = data.train.labels.subarray(0, 3);
  const grads = new Float64Array(net.params.length);
  const loss = net.lossAndGradient(x, t, grads);
  assertClose(loss, net.loss(x, t), 1e-15, "loss");
  // Every parameter a pixel of these three images touches, plus all of layer 2.
  const numeric = numericalGradient((p) => net.loss(x, t, p), net.params);
  assertClose(grads, numeric, 1e-8, "gradient");
  assert.ok(grads.some((g) => g !== 0));
});

Deno.test("TwoLayerNet starts at loss ln 10 with the book's small weights, and reset() restores them", () => {
  const net = new TwoLayerNet();
  const before = Float64Array.from(net.params);
  assertClose(net.loss(data.test.images, data.test.labels), Math.log(10), 0.01, "initial loss");
  net.params.fill(1);
  net.reset();
  assert.deepEqual(net.params, before);
});

Deno.test("train() lowers the loss and reaches a useful accuracy", () => {
  const run = train(new TwoLayerNet({ hiddenSize: 30 }), new SGD({ lr: 0.5 }), data, {
    steps: 150,
    batchSize: 50,
  });
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  assert.ok(mean(run.loss.slice(-20)) < 0.5 * mean(run.loss.slice(0, 20)), "the loss did not halve");
  assert.ok(run.testAccuracy > 0.7, `test accuracy ${run.testAccuracy}`);
  assert.equal(run.diverged, false);
  assert.equal(run.loss.length, 150);
});

Deno.test("train() gives every optimizer the same start and the same batches", () => {
  const net = new TwoLayerNet({ hiddenSize: 10 });
  const a = train(net, new Adam({ lr: 0.01 }), data, { steps: 5, batchSize: 20, seed: 9 });
  const b = train(net, new SGD({ lr: 0.1 }), data, { steps: 5, batchSize: 20, seed: 9 });
  assert.equal(a.loss[0], b.loss[0]); // same weights, same first batch
  const again = train(net, new Adam({ lr: 0.01 }), data, { steps: 5, batchSize: 20, seed: 9 });
  assert.deepEqual(again.loss, a.loss);
});

Deno.test("train() stops and says so when the loss stops being finite", () => {
  const run = train(new TwoLayerNet({ hiddenSize: 10 }), new SGD({ lr: 1e300 }), data, {
    steps: 20,
    batchSize: 20,
  });
  assert.ok(run.diverged);
  assert.equal(run.loss.length, run.diverged.step);
  assert.match(String(trainingCurve([run]).data[0].name), /diverged at step \d+/);
});

Deno.test("train() and TwoLayerNet check their input", () => {
  const net = new TwoLayerNet({ hiddenSize: 4 });
  assert.throws(
    () => train(net, new SGD(), data, { batchSize: 601 }),
    /'batchSize' must be at most the training set's 600 examples/,
  );
  assert.throws(
    () => net.loss(new Float64Array(5), new Uint8Array(1)),
    /'x' must be a Float64Array of whole examples of 784 inputs/,
  );
  assert.throws(() => net.loss(new Float64Array(784), new Uint8Array(2)), /'t' must be a Uint8Array of 1 labels/);
  assert.throws(
    () => new TwoLayerNet({ hiddenSize: 0 }),
    /'hiddenSize' must be a whole number >= 1: current value is 0/,
  );
});

Deno.test("seededRandom() repeats itself for a seed and spreads over [0, 1)", () => {
  const a = seededRandom(7);
  const b = seededRandom(7);
  const draws = Array.from({ length: 1000 }, () => a());
  assert.deepEqual(Array.from({ length: 1000 }, () => b()), draws);
  assert.ok(draws.every((v) => v >= 0 && v < 1));
  assertClose(draws.reduce((s, v) => s + v, 0) / 1000, 0.5, 0.05, "mean");
});

Deno.test("TwoLayerNet refuses a label it has no class for, naming 't'", () => {
  const net = new TwoLayerNet({ inputSize: 2, hiddenSize: 3, outputSize: 2 });
  assert.throws(
    () => net.loss(Float64Array.of(0.1, 0.2), Uint8Array.of(2)),
    /Cannot compute the loss as 't' must hold labels below 2: current value is t\[0\] = 2/,
  );
});

Deno.test("parseThousandths() reads every pixel of a digits file as the very number JSON.parse reads", () => {
  const text = readNpmText("test", npmFilePath("test", "mnist").replace(/[^/]+$/, "digits/3.json"));
  const parsed: number[] = JSON.parse(text).data;
  const thousandths = parseThousandths(text);
  assert.equal(thousandths.length, parsed.length);
  const differ = parsed.findIndex((v, i) => thousandths[i] / 1000 !== v);
  assert.equal(differ, -1, `pixel ${differ}: ${parsed[differ]} read as ${thousandths[differ]}/1000`);
});

Deno.test("parseThousandths() refuses a file in another form, saying where", () => {
  assert.deepEqual(Array.from(parseThousandths('{ "data": [0, 1, 0.5, 0.25,0.125] }')), [0, 1000, 500, 250, 125]);
  assert.throws(() => parseThousandths('{ "data": [0.1234] }'), /not in the expected form: 4 decimals at character/);
  assert.throws(() => parseThousandths('{ "data": [2] }'), /a pixel above 1 \(2\)/);
  assert.throws(() => parseThousandths('{ "data": [1e-3] }'), /unexpected "e"/);
  assert.throws(() => parseThousandths("{}"), /no array/);
});

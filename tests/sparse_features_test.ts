// Logistic regression and the sparse-feature data of the "why AdaGrad" section.
import assert from "node:assert/strict";
import { AdaGrad, LogisticRegression, numericalGradient, SGD, sparseFeatures, train } from "../lib/mod.ts";
import { assertClose } from "./_assert.ts";

Deno.test("LogisticRegression.lossAndGradient() matches the numerical gradient", () => {
  const model = new LogisticRegression({ inputSize: 4 });
  model.params.set([0.3, -1.2, 0.5, 2, -0.4]);
  const x = Float64Array.of(1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 0);
  const t = Uint8Array.of(1, 0, 1);
  const grads = new Float64Array(5);
  model.lossAndGradient(x, t, grads);
  const scratch = new Float64Array(5);
  const at = Float64Array.from(model.params);
  const numeric = numericalGradient((p) => {
    model.params.set(p);
    return model.lossAndGradient(x, t, scratch);
  }, at);
  assertClose(grads, Array.from(numeric), 1e-9, "gradient");
});

Deno.test("LogisticRegression's loss stays finite for huge scores", () => {
  const model = new LogisticRegression({ inputSize: 1 });
  model.params.set([1000, 0]);
  const loss = model.lossAndGradient(Float64Array.of(1), Uint8Array.of(0), new Float64Array(2));
  assert.equal(loss, 1000);
});

Deno.test("LogisticRegression throws on labels other than 0 and 1, naming 't'", () => {
  const model = new LogisticRegression({ inputSize: 2 });
  assert.throws(
    () => model.accuracy(Float64Array.of(1, 0), Uint8Array.of(2)),
    /Cannot compute the accuracy as 't' must hold labels below 2: current value is t\[0\] = 2/,
  );
});

Deno.test("sparseFeatures() is seeded, balanced, and its rare features are rare", () => {
  const a = sparseFeatures({ seed: 3 });
  const b = sparseFeatures({ seed: 3 });
  assert.deepEqual(a.train.labels, b.train.labels);
  const d = 20;
  const share = (j: number) => {
    let on = 0;
    for (let n = 0; n < a.train.count; n++) on += a.train.images[n * d + j];
    return on / a.train.count;
  };
  for (let j = 0; j < 10; j++) assertClose([share(j)], [0.5], 0.05, `common feature ${j}`);
  for (const j of a.rareFeatures) assertClose([share(j)], [0.02], 0.015, `rare feature ${j}`);
  const positive = a.train.labels.reduce((s, v) => s + v, 0) / a.train.count;
  assertClose([positive], [0.5], 0.05, "share of label 1");
  for (let n = 0; n < a.testRare.count; n++) {
    assert.ok(a.rareFeatures.some((j) => a.testRare.images[n * d + j] === 1), `example ${n} has no rare feature`);
  }
});

Deno.test("sparseFeatures() throws on a rarity of 1 or more, naming it", () => {
  assert.throws(
    () => sparseFeatures({ rarity: 1 }),
    /Cannot make sparseFeatures as 'rarity' must be below 1: current value is 1/,
  );
});

Deno.test("train() with evaluateEvery records the test accuracy from step 0", () => {
  const data = sparseFeatures({ train: 500, test: 200 });
  const run = train(new LogisticRegression(), new SGD({ lr: 0.5 }), data, {
    steps: 40,
    batchSize: 10,
    evaluateEvery: 10,
  });
  assert.deepEqual(run.curve!.step, [0, 10, 20, 30, 40]);
  assert.equal(run.curve!.testAccuracy.at(-1), run.testAccuracy);
  assert.equal(train(new LogisticRegression(), new SGD({ lr: 0.5 }), data, { steps: 5 }).curve, undefined);
});

Deno.test("AdaGrad gives the rare features larger rates than the common ones", () => {
  const data = sparseFeatures();
  const adagrad = new AdaGrad({ lr: 0.3 });
  train(new LogisticRegression(), adagrad, data, { steps: 500, batchSize: 20 });
  const rates = adagrad.effectiveRate()!;
  const mean = (idx: number[]) => idx.reduce((s, j) => s + rates[j], 0) / idx.length;
  const common = mean(Array.from({ length: 10 }, (_, j) => j));
  assert.ok(mean(data.rareFeatures) > 3 * common, `rare ${mean(data.rareFeatures)}, common ${common}`);
});

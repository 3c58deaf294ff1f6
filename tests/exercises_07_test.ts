// Notebook 7's prediction checks (lib/notebook/exercises/07_sparse_features.ts): the right answer at the default knobs
// passes, a common wrong answer fails with the hint and nothing of the answer, undefined is "not answered", and a bad
// context value is named. The checks train on data drawn anew, so these tests take about two seconds.
import assert from "node:assert/strict";
import {
  type ExerciseCheck,
  exercises07,
  LogisticRegression,
  makeOptimizer,
  sparseFeatures,
  train,
} from "../lib/mod.ts";

const said = (check: ExerciseCheck) => check.bundle["text/plain"] as string;
// The notebook's default knobs.
const knobs = {
  rarity: 0.02,
  seeds: [1, 2, 3, 4, 5],
  steps: 500,
  batchSize: 20,
  trainSize: 2000,
  testSize: 2000,
  common: 10,
  rare: 10,
};
const rateGrid = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30];
// SGD's row of the notebook's sweep at its best rate (the explanation quotes it).
const sweep = [{ name: "SGD", lr: 1, all: { mean: 0.826 }, rare: { mean: 0.881 } }];

Deno.test("exercises07.rarerSgd() passes [5, 0.907] (η = 3 by its index) and fails a neighbouring rate or the old one", () => {
  const context = { ...knobs, rateGrid, sweep };
  const right = exercises07.rarerSgd({ myRarerSgd: [5, 0.907] }, context);
  assert.equal(right.status, "passed", said(right));
  assert.match(said(right), /SGD does best at η = 1: 0\.826 .*does best at η = 3 \(rateGrid\[5\]\)/s);
  assert.equal(exercises07.rarerSgd({ myRarerSgd: [5, 0.87] }, context).status, "passed"); // within 0.05
  for (const wrong of [[4, 0.907], [6, 0.907], [4, 0.78], [5, 0.78]]) {
    const check = exercises07.rarerSgd({ myRarerSgd: wrong }, context);
    assert.equal(check.status, "failed", `${wrong}: ${said(check)}`);
    assert.match(said(check), /Hint: a rare feature's weight moves only/);
    assert.doesNotMatch(check.details.join("\n"), /0\.907|η = 3/);
  }
  assert.equal(exercises07.rarerSgd({ myRarerSgd: undefined }, context).status, "unanswered");
});

Deno.test("exercises07.commonerFactor() passes 4.25 within 15% and fails the √4 answer and a quarter of 14", () => {
  const data = sparseFeatures({ train: 2000, test: 2000, common: 10, rare: 10, rarity: 0.02, seed: 1 });
  const optimizer = makeOptimizer("AdaGrad", 1);
  train(new LogisticRegression({ inputSize: 20 }), optimizer, data, { steps: 500, batchSize: 20 });
  const context = { ...knobs, dataSeed: 1, data, adagrad: { lr: 1, optimizer } };
  const right = exercises07.commonerFactor({ myCommonerFactor: 4.25 }, context);
  assert.equal(right.status, "passed", said(right));
  assert.match(said(right), /The factor is 13\.8 with rarity 0\.02 and 4\.2 with 0\.08/);
  assert.match(said(right), /On the other data sets of `seeds` it is 3\.5 to 4\.0/);
  assert.equal(exercises07.commonerFactor({ myCommonerFactor: 3.9 }, context).status, "passed"); // their mean
  for (const wrong of [7, 3.5, 20]) {
    const check = exercises07.commonerFactor({ myCommonerFactor: wrong }, context);
    assert.equal(check.status, "failed", `${wrong}: ${said(check)}`);
    assert.match(said(check), /Hint: h_j adds one squared gradient/);
    assert.doesNotMatch(check.details.join("\n"), /4\.2|1[34]\./);
  }
  assert.equal(exercises07.commonerFactor({ myCommonerFactor: undefined }, context).status, "unanswered");
  assert.throws(
    () => exercises07.commonerFactor({ myCommonerFactor: 4 }, { ...context, data: undefined as never }),
    /Cannot check exercise 2 of notebook 7 as 'data' must be the notebook's data set: current value is undefined/,
  );
});

Deno.test("exercises07's checks throw on a bad context value, naming it", () => {
  const context = { ...knobs, rateGrid, sweep };
  assert.throws(
    () => exercises07.rarerSgd({ myRarerSgd: [1, 1] }, { ...context, rarity: 0 }),
    /Cannot check exercise 1 of notebook 7 as 'rarity' must be a number in \[0\.0001, 1\]: current value is 0/,
  );
  assert.throws(
    () => exercises07.rarerSgd({ myRarerSgd: [1, 1] }, { ...context, rateGrid: [] }),
    /'rateGrid' must be a list of rates: current value is \[\]/,
  );
  assert.throws(
    () => exercises07.rarerSgd({ myRarerSgd: [1, 1] }, { ...context, steps: 2.5 }),
    /'steps' must be a whole number >= 1: current value is 2\.5/,
  );
});

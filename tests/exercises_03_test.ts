// Notebook 3's prediction checks in lib/: the default knobs' right answers pass, common wrong answers fail with the
// hint, an empty answer is "not answered", and a bad context names the option.
import assert from "node:assert/strict";
import { exercises03 } from "../lib/mod.ts";

const knobs = { lrBook: 1.5, stepsBook: 30, farStart: [-70, 0.2], lrNoisy: 0.5, noise: 1, noiseSteps: 3000, seed: 1 };
const said = (check: { bundle: Record<string, unknown> }) => check.bundle["text/plain"] as string;

Deno.test("exercises03.farFirstStep() passes [-68.5, -1.3] and fails the step that stops y at 0", () => {
  const context = { lrBook: knobs.lrBook, farStart: knobs.farStart };
  assert.equal(exercises03.farFirstStep({ myFarFirstStep: [-68.5, -1.3] }, context).status, "passed");
  const wrong = exercises03.farFirstStep({ myFarFirstStep: [-68.5, 0] }, context);
  assert.equal(wrong.status, "failed");
  assert.match(said(wrong), /Hint: on the first step h = g⊙g/);
  assert.doesNotMatch(said(wrong), /-1\.3/); // the hint does not give the answer
  assert.equal(exercises03.farFirstStep({ myFarFirstStep: undefined }, context).status, "unanswered");
  assert.throws(
    () => exercises03.farFirstStep({ myFarFirstStep: [0, 0] }, { lrBook: 0, farStart: knobs.farStart }),
    /'lrBook' must be a positive finite number: current value is 0/,
  );
  assert.throws(
    () => exercises03.farFirstStep({ myFarFirstStep: [0, 0] }, { lrBook: 1, farStart: [1] }),
    /'farStart' must be two finite numbers/,
  );
});

Deno.test("exercises03.turnedRatios() passes [0.72, 1.38] and fails the plain valley's ratio", () => {
  const context = { lrBook: knobs.lrBook, stepsBook: knobs.stepsBook };
  assert.equal(exercises03.turnedRatios({ myTurnedRatios: [0.72, 1.38] }, context).status, "passed");
  const wrong = exercises03.turnedRatios({ myTurnedRatios: [3, 3] }, context);
  assert.equal(wrong.status, "failed");
  assert.match(said(wrong), /Hint: h starts as g⊙g/);
  assert.equal(exercises03.turnedRatios({ myTurnedRatios: [1, 1] }, context).status, "failed");
  assert.equal(exercises03.turnedRatios({ myTurnedRatios: undefined }, context).status, "unanswered");
  assert.throws(
    () => exercises03.turnedRatios({ myTurnedRatios: [1, 1] }, { lrBook: 1.5, stepsBook: 2.5 }),
    /'stepsBook' must be a whole number >= 1: current value is 2.5/,
  );
});

Deno.test("exercises03.noisySums() passes [2.04, 0.345] and the estimate [2, (η/σ)² ln 4], and fails [4, …]", () => {
  const { lrNoisy, noise, noiseSteps, seed } = knobs;
  const context = { lrNoisy, noise, noiseSteps, seed };
  assert.equal(exercises03.noisySums({ myNoisySums: [2.04, 0.345] }, context).status, "passed");
  const estimate = (lrNoisy / noise) ** 2 * Math.log(4);
  assert.equal(exercises03.noisySums({ myNoisySums: [2, estimate] }, context).status, "passed");
  const wrong = exercises03.noisySums({ myNoisySums: [4, estimate] }, context);
  assert.equal(wrong.status, "failed");
  assert.match(said(wrong), /Hint: replace each sum by an integral/);
  assert.equal(exercises03.noisySums({ myNoisySums: [2, 0] }, context).status, "failed");
  assert.equal(exercises03.noisySums({ myNoisySums: undefined }, context).status, "unanswered");
  assert.throws(
    () => exercises03.noisySums({ myNoisySums: [2, 0.3] }, { ...context, noise: -1 }),
    /'noise' must be a positive finite number: current value is -1/,
  );
});

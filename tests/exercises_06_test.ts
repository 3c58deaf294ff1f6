// Notebook 6's prediction checks (lib/notebook/exercises/06_comparing_optimizers.ts): the right answer at the default
// knobs passes, a common wrong answer fails with the hint and nothing of the answer, undefined is "not answered", and
// a bad context value is named.
import assert from "node:assert/strict";
import { type ExerciseCheck, exercises06 } from "../lib/mod.ts";

const said = (check: ExerciseCheck) => check.bundle["text/plain"] as string;
// The notebook's default knobs and its arrival table (the explanation quotes it).
const context = {
  tol: 1e-3,
  rates: { SGD: 0.95, Momentum: 0.1 },
  arrivals: [{ optimizer: "SGD", steps: 89 }, { optimizer: "Momentum", steps: 160 }],
  momentum: 0.9,
  budget: 300,
};

Deno.test("exercises06.sgdSteps() passes 173 (one step either way) and fails 'y is settled at once'", () => {
  for (const steps of [172, 173, 174]) {
    assert.equal(exercises06.sgdSteps({ mySgdSteps: steps }, context).status, "passed");
  }
  assert.match(
    said(exercises06.sgdSteps({ mySgdSteps: 173 }, context)),
    /compare SGD's 89 steps with rates\.SGD = 0\.95/,
  );
  const wrong = exercises06.sgdSteps({ mySgdSteps: 1 }, context);
  assert.equal(wrong.status, "failed");
  assert.match(said(wrong), /Hint: the valley's two directions/);
  assert.doesNotMatch(said(wrong), /173|0\.95 per step/);
  assert.equal(exercises06.sgdSteps({ mySgdSteps: 89 }, context).status, "failed"); // the table's η = 0.95
  assert.equal(exercises06.sgdSteps({ mySgdSteps: undefined }, context).status, "unanswered");
});

Deno.test("exercises06.halfMomentumSteps() passes 431 within 5% and fails η without the boost, or 'sooner'", () => {
  assert.equal(exercises06.halfMomentumSteps({ myHalfMomentumSteps: 431 }, context).status, "passed");
  assert.equal(exercises06.halfMomentumSteps({ myHalfMomentumSteps: 440 }, context).status, "passed");
  const wrong = exercises06.halfMomentumSteps({ myHalfMomentumSteps: 880 }, context);
  assert.equal(wrong.status, "failed");
  assert.match(said(wrong), /Hint: y settles fast/);
  assert.doesNotMatch(said(wrong), /431|0\.98|0\.2\b/);
  assert.equal(exercises06.halfMomentumSteps({ myHalfMomentumSteps: 120 }, context).status, "failed");
  assert.equal(exercises06.halfMomentumSteps({ myHalfMomentumSteps: undefined }, context).status, "unanswered");
});

Deno.test("exercises06's checks throw on a bad context value, naming it", () => {
  assert.throws(
    () => exercises06.sgdSteps({ mySgdSteps: 1 }, { ...context, tol: 0 }),
    /Cannot check exercise 1 of notebook 6 as 'tol' must be a positive finite number: current value is 0/,
  );
  assert.throws(
    () => exercises06.halfMomentumSteps({ myHalfMomentumSteps: 1 }, { ...context, arrivals: [] }),
    /'arrivals' must hold the table's row for Momentum: current value is \[\]/,
  );
  assert.throws(
    () => exercises06.halfMomentumSteps({ myHalfMomentumSteps: 1 }, { ...context, momentum: 1.5 }),
    /'momentum' must be a number in \[0, 0\.999\]: current value is 1\.5/,
  );
});

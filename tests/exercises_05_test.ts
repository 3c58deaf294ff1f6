// Notebook 5's prediction checks (lib/notebook/exercises/05_beyond_adagrad.ts): the right answer at the default knobs
// passes, a common wrong answer fails with the hint and nothing of the answer, undefined is "not answered", and a bad
// context value is named.
import assert from "node:assert/strict";
import { type ExerciseCheck, exercises05 } from "../lib/mod.ts";

const said = (check: ExerciseCheck) => check.bundle["text/plain"] as string;

Deno.test("exercises05.firstRmsSteps() passes η/√(1 − ρ) for ρ = 0.9 and 0.999 and fails AdaGrad's η", () => {
  const context = { lrRMSProp: 0.01 };
  const right = exercises05.firstRmsSteps(
    { myFirstRmsSteps: [0.01 / Math.sqrt(0.1), 0.01 / Math.sqrt(0.001)] },
    context,
  );
  assert.equal(right.status, "passed", said(right));
  assert.match(said(right), /Adam's bias correction/);
  const wrong = exercises05.firstRmsSteps({ myFirstRmsSteps: [0.01, 0.01] }, context);
  assert.equal(wrong.status, "failed");
  assert.match(said(wrong), /Hint: RMSProp's h starts at 0/);
  assert.doesNotMatch(said(wrong), /0\.0316|0\.316|√0\.1/);
  // The ρ = 0.99 of the notebook's runs, for both: within 0.1% of neither.
  assert.equal(exercises05.firstRmsSteps({ myFirstRmsSteps: [0.1, 0.1] }, context).status, "failed");
  assert.equal(exercises05.firstRmsSteps({ myFirstRmsSteps: undefined }, context).status, "unanswered");
  const shown = exercises05.firstRmsSteps({ myFirstRmsSteps: undefined }, { ...context, reveal: true });
  assert.match(said(shown), /The answer: \[0\.0316\d*, 0\.316\d*\]/);
});

Deno.test("exercises05.firstStepX() passes η·0.7/√1.49 and fails the step from h = 0", () => {
  const context = { lrConventions: 1.5 };
  assert.equal(exercises05.firstStepX({ myFirstStepX: 1.5 * 0.7 / Math.sqrt(1.49) }, context).status, "passed");
  const wrong = exercises05.firstStepX({ myFirstStepX: 1.5 }, context);
  assert.equal(wrong.status, "failed");
  assert.match(said(wrong), /Hint: from h = 0/);
  assert.doesNotMatch(said(wrong), /0\.86|1\.49/);
  assert.equal(exercises05.firstStepX({ myFirstStepX: 1.05 }, context).status, "failed"); // η|g|
  assert.equal(exercises05.firstStepX({ myFirstStepX: undefined }, context).status, "unanswered");
});

Deno.test("exercises05's checks throw on a bad context value, naming it", () => {
  assert.throws(
    () => exercises05.firstRmsSteps({ myFirstRmsSteps: [1, 2] }, { lrRMSProp: -1 }),
    /Cannot check exercise 2 of notebook 5 as 'lrRMSProp' must be a positive finite number: current value is -1/,
  );
  assert.throws(
    () => exercises05.firstStepX({ myFirstStepX: 1 }, { lrConventions: 1.5, reveal: "yes" as unknown as boolean }),
    /'reveal' must be true or false: current value is "yes"/,
  );
});

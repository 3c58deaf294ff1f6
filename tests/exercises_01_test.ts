// Notebook 1's prediction checks, lib/notebook/exercises/01_learning_rate.ts: each right answer at the default knobs
// passes, a common wrong answer fails with the hint, an empty answer is "not answered", a bad knob throws.
import assert from "node:assert/strict";
import { exercises01 } from "../lib/mod.ts";

const text = (check: { bundle: Record<string, unknown> }) => String(check.bundle["text/plain"]);
const fails = (check: { status: string; bundle: Record<string, unknown> }, hint: RegExp) => {
  assert.equal(check.status, "failed");
  assert.match(text(check), hint);
};

Deno.test("exercises01.bounce: η = 1 flips x between 5 and −5; the minimum or no flip fails", () => {
  assert.equal(exercises01.bounce({ myBounce: [-5, 5, -5] }).status, "passed");
  fails(exercises01.bounce({ myBounce: [0, 0, 0] }), /Hint: a step moves x against the slope/);
  fails(exercises01.bounce({ myBounce: [5, 5, 5] }, { reveal: false }), /Hint/);
  assert.match(text(exercises01.bounce({ myBounce: undefined })), /Not answered yet/);
  assert.throws(() => exercises01.bounce({ myBounce: 1 }, { reveal: 1 as unknown as boolean }), /'reveal'/);
});

Deno.test("exercises01.stepsPast100: from (−7, 0.001) at η = 1.2, |y| passes 100 at step 35; from y = 2's 12 fails", () => {
  assert.equal(exercises01.stepsPast100({ myStepsPast100: 35 }, { lrLarge: 1.2 }).status, "passed");
  assert.equal(exercises01.stepsPast100({ myStepsPast100: 17 }, { lrLarge: 1.5 }).status, "passed"); // 1e5 < 2¹⁷
  fails(exercises01.stepsPast100({ myStepsPast100: 12 }, { lrLarge: 1.2 }), /Hint: a tiny y does not stay tiny/);
  fails(exercises01.stepsPast100({ myStepsPast100: 34 }, { lrLarge: 1.2 }), /Hint/); // t > 34.2: the next whole step
  assert.match(text(exercises01.stepsPast100({ myStepsPast100: undefined }, { lrLarge: 1.2 })), /Not answered yet/);
  assert.throws(
    () => exercises01.stepsPast100({ myStepsPast100: 35 }, { lrLarge: 0.9 }),
    /Cannot check exercise 2 of notebook 1 as 'lrLarge' must be a number in \[1\.001, 1\.5\]: current value is 0\.9/,
  );
});

Deno.test("exercises01.stepsToArrive: η = 0.02 needs 1151 steps (±1); the steep direction's factor fails", () => {
  assert.equal(exercises01.stepsToArrive({ myStepsToArrive: 1151 }, { lrSmall: 0.02 }).status, "passed");
  assert.equal(exercises01.stepsToArrive({ myStepsToArrive: 1150 }, { lrSmall: 0.02 }).status, "passed");
  fails(exercises01.stepsToArrive({ myStepsToArrive: 57 }, { lrSmall: 0.02 }), /Hint: along x a step takes away/);
  assert.match(text(exercises01.stepsToArrive({ myStepsToArrive: undefined }, { lrSmall: 0.02 })), /Not answered/);
  assert.throws(() => exercises01.stepsToArrive({ myStepsToArrive: 1 }, { lrSmall: Number.NaN }), /'lrSmall'/);
});

Deno.test("exercises01.kappa100: [99/101, 346] passes; κ = 20's answer and η = 1/λmax's factor fail", () => {
  assert.equal(exercises01.kappa100({ myKappa100: [99 / 101, 346] }).status, "passed");
  assert.equal(exercises01.kappa100({ myKappa100: [0.98, 342] }).status, "passed");
  fails(exercises01.kappa100({ myKappa100: [0.905, 69] }), /Hint: the best single rate/);
  fails(exercises01.kappa100({ myKappa100: [0.99, 688] }), /Hint/);
  assert.match(text(exercises01.kappa100({ myKappa100: undefined })), /Not answered yet/);
});

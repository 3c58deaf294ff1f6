// Notebook 2's prediction checks, lib/notebook/exercises/02_lr_decay.ts: each right answer at the default knobs
// passes, a common wrong answer fails with the hint, an empty answer is "not answered", a bad knob throws.
import assert from "node:assert/strict";
import { exercises02 } from "../lib/mod.ts";

const text = (check: { bundle: Record<string, unknown> }) => String(check.bundle["text/plain"]);
const fails = (check: { status: string; bundle: Record<string, unknown> }, hint: RegExp) => {
  assert.equal(check.status, "failed");
  assert.match(text(check), hint);
};
const defaults = { lr0: 1.2, gamma: 0.9, k: 0.5, steps: 60 };
const noisy = { floorRates: [0.03, 0.1, 0.3, 0.6], noise: 1, noiseSteps: 10000, seed: 1 };

Deno.test("exercises02.thousandthStep: γ = 0.9 drops below η₀/1000 at t = 66; the tenth's 22 and 65 fail", () => {
  assert.equal(exercises02.thousandthStep({ myThousandthStep: 66 }, defaults).status, "passed");
  assert.equal(exercises02.thousandthStep({ myThousandthStep: 10 }, { lr0: 1, gamma: 0.5 }).status, "passed");
  fails(exercises02.thousandthStep({ myThousandthStep: 22 }, defaults), /Hint: every step multiplies the rate/);
  fails(exercises02.thousandthStep({ myThousandthStep: 65 }, defaults), /Hint/);
  assert.match(text(exercises02.thousandthStep({ myThousandthStep: undefined }, defaults)), /Not answered yet/);
  assert.throws(
    () => exercises02.thousandthStep({ myThousandthStep: 1 }, { lr0: 1.2, gamma: 1 }),
    /Cannot check exercise 1 of notebook 2 as 'gamma' must be a number in \[0\.01, 0\.9999\]: current value is 1/,
  );
});

Deno.test("exercises02.twiceKTravel: with 2k, Σηₜ = 1.2·H₆₀ and x keeps the product of its factors; k's own answer fails", () => {
  const rates = Array.from({ length: 60 }, (_, t) => 1.2 / (1 + t));
  const right = [rates.reduce((a, b) => a + b, 0), rates.reduce((x, r) => x * (1 - r / 10), 1)];
  assert.equal(exercises02.twiceKTravel({ myTwiceKTravel: right }, defaults).status, "passed");
  const once = Array.from({ length: 60 }, (_, t) => 1.2 / (1 + 0.5 * t));
  const wrong = [once.reduce((a, b) => a + b, 0), once.reduce((x, r) => x * (1 - r / 10), 1)];
  fails(exercises02.twiceKTravel({ myTwiceKTravel: wrong }, defaults), /Hint: add up the rates/);
  assert.match(text(exercises02.twiceKTravel({ myTwiceKTravel: undefined }, defaults)), /Not answered yet/);
  assert.throws(() => exercises02.twiceKTravel({ myTwiceKTravel: 1 }, { ...defaults, steps: 2.5 }), /'steps'/);
});

Deno.test("exercises02.halfFloors: about [0.44, 0.13] at the default knobs; 'half as high' twice fails", () => {
  assert.equal(exercises02.halfFloors({ myHalfFloors: [0.44, 0.125] }, noisy).status, "passed");
  assert.equal(exercises02.halfFloors({ myHalfFloors: [0.474, 0.128] }, noisy).status, "passed"); // the prediction
  fails(exercises02.halfFloors({ myHalfFloors: [0.5, 0.5] }, noisy), /Hint: the floor is where/);
  fails(exercises02.halfFloors({ myHalfFloors: [0.5, 0.25] }, noisy), /Hint/);
  assert.match(text(exercises02.halfFloors({ myHalfFloors: undefined }, noisy)), /Not answered yet/);
  assert.throws(
    () => exercises02.halfFloors({ myHalfFloors: 1 }, { ...noisy, floorRates: [0.1] }),
    /'floorRates' must be a list of at least 2 rates in \(0, 1\): current value is \[0\.1\]/,
  );
});

Deno.test("exercises02.powerEnds: [0.5, 1, 1, 2]; the ends alone, or 1/2 counted in, fail", () => {
  const context = { decayLr0: 0.3, decayK: 0.01, noiseSteps: 10000 };
  assert.equal(exercises02.powerEnds({ myPowerEnds: [0.5, 1, 1, 2] }, context).status, "passed");
  assert.equal(exercises02.powerEnds({ myPowerEnds: [0.5, 1] }, context).status, "failed");
  fails(
    exercises02.powerEnds({ myPowerEnds: [0.5, 1, 2, 2] }, context),
    /Hint: compare each sum with the harmonic series/,
  );
  fails(exercises02.powerEnds({ myPowerEnds: [0.5, 1, 2, 2] }, context), /Hint/);
  fails(exercises02.powerEnds({ myPowerEnds: [0.5, 1, 2, 1] }, context), /Hint/);
  assert.match(text(exercises02.powerEnds({ myPowerEnds: undefined }, context)), /Not answered yet/);
  assert.throws(() => exercises02.powerEnds({ myPowerEnds: 1 }, { ...context, decayK: 0 }), /'decayK'/);
});

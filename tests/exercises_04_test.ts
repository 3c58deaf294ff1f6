// Notebook 4's prediction checks in lib/: the default knobs' right answers pass, common wrong answers fail with the
// hint, an empty answer is "not answered", and a bad context names the option.
import assert from "node:assert/strict";
import { exercises04 } from "../lib/mod.ts";

const said = (check: { bundle: Record<string, unknown> }) => check.bundle["text/plain"] as string;

Deno.test("exercises04.velocityMultiple() passes 1/(1 − α) and fails α itself", () => {
  const context = { lr: 1.336, momentum: 0.403 };
  assert.equal(exercises04.velocityMultiple({ myVelocityMultiple: 1.675 }, context).status, "passed");
  const wrong = exercises04.velocityMultiple({ myVelocityMultiple: 1.403 }, context);
  assert.equal(wrong.status, "failed");
  assert.match(said(wrong), /Hint: write v₁, v₂ and v₃/);
  assert.equal(exercises04.velocityMultiple({ myVelocityMultiple: undefined }, context).status, "unanswered");
  assert.throws(
    () => exercises04.velocityMultiple({ myVelocityMultiple: 1 }, { lr: 1, momentum: 1 }),
    /'momentum' must be a number in \[0, 1\): current value is 1/,
  );
});

Deno.test("exercises04.steps100() passes [445, 62] and fails the factors' own counts, [445, 44]", () => {
  const context = {};
  assert.equal(exercises04.steps100({ mySteps100: [445, 62] }, context).status, "passed");
  const wrong = exercises04.steps100({ mySteps100: [445, 44] }, context);
  assert.equal(wrong.status, "failed");
  assert.match(said(wrong), /Hint: find κ/);
  assert.equal(exercises04.steps100({ mySteps100: [89, 26] }, context).status, "failed");
  assert.equal(exercises04.steps100({ mySteps100: undefined }, context).status, "unanswered");
  assert.throws(
    () => exercises04.steps100({ mySteps100: [1, 1] }, { reveal: "yes" as unknown as boolean }),
    /'reveal' must be true or false: current value is "yes"/,
  );
});

Deno.test("exercises04.largestRates() passes [(1 + α)/2, 0.95] and fails the course valley's edge 1 + α", () => {
  const context = { momentum: 0.403 };
  assert.equal(exercises04.largestRates({ myLargestRates: [0.7015, 0.95] }, context).status, "passed");
  const wrong = exercises04.largestRates({ myLargestRates: [1.403, 1.9] }, context);
  assert.equal(wrong.status, "failed");
  assert.match(said(wrong), /Hint: the steepest direction sets the edge/);
  assert.doesNotMatch(said(wrong), /\(−1\)ᵗ|0\.70/);
  assert.equal(exercises04.largestRates({ myLargestRates: [0.5, 0.5] }, context).status, "failed");
  assert.equal(exercises04.largestRates({ myLargestRates: undefined }, context).status, "unanswered");
  assert.throws(
    () => exercises04.largestRates({ myLargestRates: [1, 1] }, { momentum: -0.1 }),
    /'momentum' must be a number in \[0, 1\): current value is -0.1/,
  );
});

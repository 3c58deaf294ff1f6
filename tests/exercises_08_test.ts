// Notebook 8's prediction checks in lib/: the default knob's right answers pass, common wrong answers fail with the
// hint, an empty answer is "not answered", and a bad context names the option.
import assert from "node:assert/strict";
import { exercises08 } from "../lib/mod.ts";

const said = (check: { bundle: Record<string, unknown> }) => check.bundle["text/plain"] as string;

Deno.test("exercises08.forwardErrors() passes [h/20, h] and fails the central difference's tiny errors", () => {
  const context = { h: 1e-4 };
  assert.equal(exercises08.forwardErrors({ myForwardErrors: [5e-6, 1e-4] }, context).status, "passed");
  const wrong = exercises08.forwardErrors({ myForwardErrors: [1e-8, 1e-8] }, context);
  assert.equal(wrong.status, "failed");
  assert.match(said(wrong), /Hint: expand f\(x \+ h\) by Taylor/);
  assert.equal(exercises08.forwardErrors({ myForwardErrors: [1e-4, 5e-6] }, context).status, "failed");
  assert.equal(exercises08.forwardErrors({ myForwardErrors: undefined }, context).status, "unanswered");
  assert.throws(() => exercises08.forwardErrors({ myForwardErrors: [1, 1] }, { h: 2 }), /'h' must be a number in/);
});

Deno.test("exercises08.forwardRelative() passes [2.5e-5, 2.49e-3] and fails the same r at both points", () => {
  const context = { h: 1e-4 };
  assert.equal(exercises08.forwardRelative({ myForwardRelative: [2.5e-5, 2.49e-3] }, context).status, "passed");
  const wrong = exercises08.forwardRelative({ myForwardRelative: [2.5e-5, 2.5e-5] }, context);
  assert.equal(wrong.status, "failed");
  assert.match(said(wrong), /Hint: between the two points/);
  assert.equal(exercises08.forwardRelative({ myForwardRelative: [2.5e-5, 2.5e-7] }, context).status, "failed");
  assert.equal(exercises08.forwardRelative({ myForwardRelative: undefined }, context).status, "unanswered");
  assert.throws(
    () => exercises08.forwardRelative({ myForwardRelative: [1, 1] }, { h: "small" as unknown as number }),
    /'h' must be a number in/,
  );
});

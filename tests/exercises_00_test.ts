// Notebook 0's prediction check, lib/notebook/exercises/00_start_here.ts: the right answer at the default knob passes,
// the common wrong answers fail with the hint, an empty answer is "not answered", a bad knob throws.
import assert from "node:assert/strict";
import { exercises00 } from "../lib/mod.ts";

const text = (check: { bundle: Record<string, unknown> }) => String(check.bundle["text/plain"]);

Deno.test("exercises00.zigzag: [1 − 2η, 2(1 − 2η)³] passes at η = 0.95 and 0.5; x's factor and a flipped sign fail", () => {
  assert.equal(exercises00.zigzag({ myZigzag: [-0.9, -1.458] }, { lr: 0.95 }).status, "passed");
  assert.equal(exercises00.zigzag({ myZigzag: [0, 0] }, { lr: 0.5 }).status, "passed");
  for (const wrong of [[0.905, 1.482], [-0.9, 1.458], [0.9, 1.458]]) {
    const check = exercises00.zigzag({ myZigzag: wrong }, { lr: 0.95 });
    assert.equal(check.status, "failed", JSON.stringify(wrong));
    assert.match(text(check), /Hint: write one step/);
    assert.doesNotMatch(text(check), /1 − 2η|-1\.458/, "the hint gives neither the formula nor the answer");
  }
  assert.match(text(exercises00.zigzag({ myZigzag: undefined }, { lr: 0.95 })), /Not answered yet/);
  assert.match(text(exercises00.zigzag({ myZigzag: undefined }, { lr: 0.95, reveal: true })), /1 − 2η = -0\.9/);
});

Deno.test("exercises00.zigzag: a bad lr or reveal throws an error naming it", () => {
  assert.throws(
    () => exercises00.zigzag({ myZigzag: 1 }, { lr: -1 }),
    /Cannot check exercise 1 of notebook 0 as 'lr'.*-1/,
  );
  assert.throws(
    () => exercises00.zigzag({ myZigzag: 1 }, { lr: 0.5, reveal: "yes" as unknown as boolean }),
    /'reveal' must be true or false/,
  );
});

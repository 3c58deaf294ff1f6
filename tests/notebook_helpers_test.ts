import assert from "node:assert/strict";
import { linePlot, selfCheck, table } from "../lib/mod.ts";

const shown = (value: object) =>
  (value as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")]();

Deno.test("selfCheck() says passed or failed in words the course's tests can find", () => {
  const pass = selfCheck("AdaGrad reaches the minimum", true, "distance 0.12");
  const fail = selfCheck("SGD diverges", false, "it did not");
  assert.equal(pass.passed, true);
  assert.equal(shown(pass)["text/plain"], "✔ Self-check passed: AdaGrad reaches the minimum (distance 0.12)");
  assert.equal(shown(fail)["text/plain"], "✘ Self-check failed: SGD diverges (it did not)");
  assert.match(shown(fail)["text/html"], /reset the parameters cell/);
  // @ts-expect-error: a non-boolean is the mistake under test
  assert.throws(() => selfCheck("x", 1), /'passed' must be true or false: current value is 1/);
  assert.throws(
    // @ts-expect-error: a number as the description is the mistake under test
    () => selfCheck(42, true),
    new TypeError("Cannot run selfCheck as 'description' must be a string: current value is 42"),
  );
  assert.throws(
    // @ts-expect-error: an object as what was seen is the mistake under test
    () => selfCheck("x", true, { loss: 1 }),
    new TypeError("Cannot run selfCheck as 'seen' must be a string: current value is {loss}"),
  );
});

Deno.test("selfCheck() and table() escape what they are given", () => {
  assert.ok(!shown(selfCheck("<b>x</b>", true))["text/html"].includes("<b>x</b>"));
  assert.match(shown(table([{ "<th>": "<script>" }]))["text/html"], /&lt;th&gt;.*&lt;script&gt;/);
});

Deno.test("table() aligns text columns and rounds numbers", () => {
  const t = table([{ name: "SGD", steps: 12, loss: 0.000123456 }, { name: "AdaGrad", steps: null, loss: 1 / 3 }], {
    caption: "Steps",
  });
  assert.equal(
    t.bundle["text/plain"],
    "Steps\nname     steps  loss\nSGD      12     0.0001235\nAdaGrad  —      0.3333",
  );
  assert.throws(() => table([]), /'rows' must be a non-empty array/);
});

Deno.test("linePlot() draws plain series and checks their lengths", () => {
  const fig = linePlot([{ name: "error", x: [1e-8, 1e-4], y: [1e-7, 1e-9] }], { logX: true, logY: true, xTitle: "h" });
  assert.equal((fig.layout.xaxis as { type: string }).type, "log");
  assert.throws(() => linePlot([{ name: "bad", x: [1, 2], y: [1] }]), /as many x as y values: current value is "bad"/);
});

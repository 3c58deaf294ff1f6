import assert from "node:assert/strict";
import { linePlot, table } from "../lib/mod.ts";

const shown = (value: object) =>
  (value as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")]();

Deno.test("table() escapes what it is given", () => {
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

import assert from "node:assert/strict";
import { numericalGradient, testFunctions } from "../lib/mod.ts";
import { assertClose } from "./_assert.ts";

for (const fn of testFunctions) {
  Deno.test(`numericalGradient() agrees with the analytic gradient of ${fn.name}`, () => {
    // A fixed grid of points across the plotting range, not only the start.
    const grid = [0.2, 0.5, 0.8];
    const points = fn.dim === 1 ? grid.map((a) => [a]) : grid.flatMap((a) => grid.map((b) => [a, b]));
    for (const fractions of points) {
      const x = Float64Array.from(fractions.map((u, i) => fn.range[i][0] + u * (fn.range[i][1] - fn.range[i][0])));
      const exact = fn.gradient(x);
      const scale = Math.max(1, ...exact.map(Math.abs));
      assertClose(numericalGradient(fn.f, x), exact, 1e-6 * scale, `${fn.id} at ${Array.from(x)}`);
    }
  });
}

Deno.test("numericalGradient() leaves x as it was and returns a new array", () => {
  const x = new Float64Array([-7, 2]);
  const g = numericalGradient((p) => p[0] * p[1], x);
  assert.deepEqual(Array.from(x), [-7, 2]);
  assert.notEqual(g, x);
  assertClose(g, [2, -7], 1e-8);
});

Deno.test("numericalGradient() follows the central difference formula exactly", () => {
  const f = (p: Float64Array) => p[0] ** 3;
  const [g] = numericalGradient(f, new Float64Array([1]), 0.5);
  assert.equal(g, (1.5 ** 3 - 0.5 ** 3) / 1); // (f(x + h) − f(x − h)) / 2h
});

Deno.test("numericalGradient() throws on an empty point", () => {
  assert.throws(
    () => numericalGradient(() => 0, new Float64Array(0)),
    new RangeError(
      "Cannot compute numericalGradient as 'x' must not be empty: current value is Float64Array of length 0",
    ),
  );
});

Deno.test("numericalGradient() throws on h <= 0, naming h", () => {
  for (const h of [0, -1e-4, NaN]) {
    assert.throws(
      () => numericalGradient(() => 0, new Float64Array([1]), h),
      new RangeError(`Cannot compute numericalGradient as 'h' must be a positive finite number: current value is ${h}`),
    );
  }
});

Deno.test("numericalGradient() throws on a point that is not finite or not a Float64Array", () => {
  assert.throws(
    () => numericalGradient(() => 0, new Float64Array([1, NaN])),
    new RangeError("Cannot compute numericalGradient as 'x' must hold finite numbers: current value at index 1 is NaN"),
  );
  assert.throws(
    // @ts-expect-error: a plain array is the mistake under test
    () => numericalGradient(() => 0, [1, 2]),
    new TypeError("Cannot compute numericalGradient as 'x' must be a Float64Array: current value is [1, 2]"),
  );
});

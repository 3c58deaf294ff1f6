// Float comparison with an explicit absolute tolerance, on top of node:assert/strict
// (JSR, home of @std/assert, is not reachable from the machines this course runs on).
import assert from "node:assert/strict";

/** Asserts |actual − expected| ≤ tol for a number or for each entry of an array. */
export function assertClose(
  actual: number | ArrayLike<number>,
  expected: number | ArrayLike<number>,
  tol: number,
  what = "value",
): void {
  if (typeof actual === "number" || typeof expected === "number") {
    assert.ok(
      typeof actual === "number" && typeof expected === "number" && Math.abs(actual - expected) <= tol,
      `${what}: expected ${expected} ± ${tol}, got ${actual}`,
    );
    return;
  }
  assert.equal(actual.length, expected.length, `${what}: lengths differ`);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(
      Math.abs(actual[i] - expected[i]) <= tol,
      `${what}[${i}]: expected ${expected[i]} ± ${tol}, got ${actual[i]}`,
    );
  }
}

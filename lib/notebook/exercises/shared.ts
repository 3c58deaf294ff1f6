/**
 * What the notebooks' exercise checks share: the teacher's switch, and the quadratic valleys some of them run on.
 * Not exported from lib/mod.ts except {@linkcode RevealContext}, which the checks' signatures name.
 *
 * @module
 */
import { course, type TestFunction } from "../../landscape/test_functions.ts";
import { boolean } from "../../validate.ts";

/** What every check may be given: the teacher's switch. */
export interface RevealContext {
  /** The teacher's switch `showAnswers`: show the answer and its explanation whatever was written. @default {false} */
  reveal?: boolean;
}

/** The teacher's switch of a check's context, checked: `false` when not given. */
export const revealOf = (action: string, context: RevealContext | undefined): boolean =>
  boolean(action, "reveal", context?.reveal ?? false);

/** The valley x²/a + b·y² (curvatures 2/a and 2b), started where the course's valley starts. */
export function quadraticValley(a: number, b: number): TestFunction {
  return {
    ...course,
    id: `valley-${a}-${b}`,
    name: `x²/${a} + ${b === 1 ? "" : b}y²`,
    f: (p: Float64Array) => p[0] ** 2 / a + b * p[1] ** 2,
    gradient: (p: Float64Array) => Float64Array.of(2 * p[0] / a, 2 * b * p[1]),
  };
}

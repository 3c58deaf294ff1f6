// gradeExercises(), the switch of a graded notebook (lib/notebook/grade_exercises.ts): a check that does not pass
// throws its verdict, and the teacher's switch `showAnswers` (a check's `reveal`) shows no answer while it is on, so
// a student working on a released notebook cannot turn it on to read the answers.
import assert from "node:assert/strict";
import { exercises01, gradeExercises } from "../lib/mod.ts";

const said = (check: { bundle: Record<string, unknown> }) => String(check.bundle["text/plain"]);

/** The message a graded check throws. */
function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail("the check did not throw in graded mode");
}

Deno.test("gradeExercises(): a wrong or missing answer throws its verdict, and reveal shows no answer while graded", () => {
  // Not graded: reveal shows the answer (35 steps at the default lrLarge = 1.2).
  assert.match(said(exercises01.stepsPast100({ myStepsPast100: 12 }, { lrLarge: 1.2, reveal: true })), /answer: 35/);
  gradeExercises();
  try {
    const wrong = thrown(() => exercises01.stepsPast100({ myStepsPast100: 12 }, { lrLarge: 1.2, reveal: true }));
    assert.match(wrong, /^✘ Self-check failed: myStepsPast100 = 12 is not it\n {2}Hint: /);
    assert.doesNotMatch(wrong, /35|answer:/);
    const blank = thrown(() => exercises01.stepsPast100({ myStepsPast100: undefined }, { lrLarge: 1.2, reveal: true }));
    assert.match(blank, /Not answered yet/);
    assert.doesNotMatch(blank, /35|answer:/);
    assert.equal(exercises01.stepsPast100({ myStepsPast100: 35 }, { lrLarge: 1.2, reveal: true }).status, "passed");
  } finally {
    gradeExercises(false);
  }
  assert.equal(exercises01.stepsPast100({ myStepsPast100: 12 }, { lrLarge: 1.2 }).status, "failed");
});

Deno.test("gradeExercises() throws on a switch that is not true or false", () => {
  assert.throws(
    () => gradeExercises("yes" as unknown as boolean),
    /Cannot switch graded mode as 'enabled' must be true or false: current value is "yes"/,
  );
});

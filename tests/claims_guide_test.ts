// The teacher's guide's totals, added up from its own table ("Order and timing": each notebook's time in class and
// alone) and from its answers' sections (each notebook's exercises, "### N · Title (M min)").
import assert from "node:assert/strict";
import { claim } from "./_claims.ts";

const guide = "README.md";
const text = Deno.readTextFileSync(new URL("../notebooks/README.md", import.meta.url));

/** Each notebook's minutes in class and alone, from the table. */
const times = new Map(
  [...text.matchAll(/^\| (\d) \| [^|]+ \| (\d+) min \(alone: (\d+)\) \|/gm)].map((m) => [Number(m[1]), {
    inClass: Number(m[2]),
    alone: Number(m[3]),
  }]),
);
/** Each notebook's minutes of exercises, from the answers' sections. */
const exercises = new Map(
  [...text.matchAll(/^### (\d) · [^\n]* \((\d+) min\)$/gm)].map((m) => [Number(m[1]), Number(m[2])]),
);
const sum = (notebooks: number[], of: (n: number) => number) => notebooks.reduce((a, n) => a + of(n), 0);
const story = [0, 1, 2, 3, 4, 5, 6, 7];

Deno.test("the guide gives every notebook a time in class and alone, and a time for its exercises", () => {
  assert.deepEqual([...times.keys()].sort(), [...story, 8]);
  assert.deepEqual([...exercises.keys()].sort(), [...story, 8]);
  for (const [n, { inClass, alone }] of times) {
    assert.ok(alone >= inClass, `notebook ${n}: alone ${alone} < ${inClass}`);
  }
});

claim(guide, "about four and a half hours in class with the exercises (the appendix adds 20 minutes)", () => {
  const hours = sum(story, (n) => times.get(n)!.inClass) / 60;
  assert.ok(Math.abs(hours - 4.5) <= 0.2, `${hours} h`);
  assert.equal(times.get(8)!.inClass, 20);
});
claim(guide, "a student working alone needs about nine and a half hours", () => {
  const hours = sum(story, (n) => times.get(n)!.alone) / 60;
  assert.ok(Math.abs(hours - 9.5) <= 0.35, `${hours} h`);
});
claim(guide, "AdaGrad's update arrives after about 90 minutes in class.", () => {
  assert.equal(sum([0, 1, 2], (n) => times.get(n)!.inClass), 90);
});
claim(
  guide,
  "A student alone gets there after about two hours of reading and running notebooks 0 to 2, or about three and a quarter hours doing their exercises as well",
  () => {
    const withExercises = sum([0, 1, 2], (n) => times.get(n)!.alone);
    assert.ok(Math.abs(withExercises / 60 - 3.25) <= 0.15, `${withExercises} min`);
    const reading = withExercises - sum([0, 1, 2], (n) => exercises.get(n)!);
    assert.ok(Math.abs(reading / 60 - 2) <= 0.15, `${reading} min`);
  },
);

import assert from "node:assert/strict";
import {
  constant,
  cosineDecay,
  exponentialDecay,
  inverseTimeDecay,
  minimize,
  type Schedule,
  SGD,
  stepDecay,
  testFunctions,
  warmup,
} from "../lib/mod.ts";
import { polynomialDecay } from "../lib/optim/mod.ts";
import { assertClose } from "./_assert.ts";

const schedules: Schedule[] = [
  constant(0.5),
  stepDecay(0.5, { stepSize: 3, gamma: 0.1 }),
  exponentialDecay(0.5, { gamma: 0.9 }),
  inverseTimeDecay(0.5, { k: 0.3 }),
  polynomialDecay(0.5, { steps: 20, power: 2 }),
  cosineDecay(0.5, { steps: 20 }),
  warmup(cosineDecay(0.5, { steps: 20 }), { steps: 4 }),
  warmup(0.5),
];

for (const schedule of schedules) {
  Deno.test(`${schedule.name} is pure, positive and finite over 200 steps`, () => {
    const first = Array.from({ length: 200 }, (_, t) => schedule(t));
    const again = Array.from({ length: 200 }, (_, t) => schedule(t));
    assert.deepEqual(again, first);
    for (const [t, rate] of first.entries()) assert.ok(rate > 0 && Number.isFinite(rate), `t = ${t}: ${rate}`);
  });

  Deno.test(`${schedule.name} throws on a negative or non-finite t`, () => {
    for (const t of [-1, NaN, Infinity]) {
      assert.throws(
        () => schedule(t),
        (e: Error) => e instanceof RangeError && e.message.includes(`current value is ${t}`),
      );
    }
  });
}

Deno.test("stepDecay() cuts the rate by gamma every stepSize steps", () => {
  const s = stepDecay(0.8, { stepSize: 3, gamma: 0.5 });
  assert.deepEqual([0, 1, 2, 3, 5, 6, 9].map(s), [0.8, 0.8, 0.8, 0.4, 0.4, 0.2, 0.1]);
});

Deno.test("exponentialDecay() multiplies by gamma every step", () => {
  const s = exponentialDecay(2, { gamma: 0.5 });
  assert.deepEqual([0, 1, 2, 3].map(s), [2, 1, 0.5, 0.25]);
});

Deno.test("inverseTimeDecay() is lr / (1 + k t)", () => {
  const s = inverseTimeDecay(1, { k: 0.25 });
  assert.deepEqual([0, 4, 12].map(s), [1, 0.5, 0.25]);
});

Deno.test("polynomialDecay() bends with power and stops at endLr", () => {
  const s = polynomialDecay(1, { steps: 10, endLr: 0.01, power: 2 });
  assertClose(s(5), 0.99 * 0.25 + 0.01, 1e-15);
  assert.equal(s(10), 0.01);
  assert.equal(s(1000), 0.01);
  assert.equal(polynomialDecay(1, { steps: 10 })(10), 0.01); // endLr defaults to lr / 100
});

Deno.test("cosineDecay() falls from lr to endLr along half a cosine", () => {
  const s = cosineDecay(1, { steps: 4, endLr: 0.2 });
  assertClose([0, 1, 2, 3, 4, 8].map(s), [
    1,
    0.2 + 0.4 * (1 + Math.SQRT1_2),
    0.6,
    0.2 + 0.4 * (1 - Math.SQRT1_2),
    0.2,
    0.2,
  ], 1e-15);
});

Deno.test("warmup() climbs linearly, then runs the inner schedule from its t = 0", () => {
  const inner = exponentialDecay(1, { gamma: 0.5 });
  const s = warmup(inner, { steps: 4 });
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map(s), [0.2, 0.4, 0.6, 0.8, 1, 0.5, 0.25]);
});

Deno.test("schedules are named after their settings, for legends", () => {
  assert.equal(stepDecay(0.5, { stepSize: 3, gamma: 0.1 }).name, "stepDecay(0.5, stepSize=3, gamma=0.1)");
  assert.equal(warmup(0.5, { steps: 2 }).name, "warmup(0.5, steps=2)");
  assert.equal(new SGD({ lr: exponentialDecay(0.5) }).toString(), "SGD(lr=exponentialDecay(0.5, gamma=0.95))");
});

Deno.test("a decaying schedule rescues SGD from a rate that diverges when constant", () => {
  const [course] = testFunctions;
  const constantRun = minimize(course, new SGD({ lr: 1.1 }), { steps: 60 });
  const decayRun = minimize(course, new SGD({ lr: exponentialDecay(1.1, { gamma: 0.9 }) }), { steps: 60 });
  assert.ok(constantRun.loss.at(-1)! > constantRun.loss[0], "constant 1.1 should grow the loss");
  assert.ok(decayRun.loss.at(-1)! < 0.1 * decayRun.loss[0], "decay from 1.1 should bring the loss down");
});

Deno.test("schedule options are checked at the door, naming the option", () => {
  const cases: [() => unknown, string][] = [
    [() => constant(-1), "Cannot create constant as 'lr' must be a positive finite number: current value is -1"],
    [
      () => stepDecay(1, { stepSize: 0 }),
      "Cannot create stepDecay as 'stepSize' must be a whole number >= 1: current value is 0",
    ],
    [
      () => stepDecay(1, { gamma: 1 }),
      "Cannot create stepDecay as 'gamma' must be a number in (0, 1): current value is 1",
    ],
    [
      () => exponentialDecay(1, { gamma: 0 }),
      "Cannot create exponentialDecay as 'gamma' must be a number in (0, 1): current value is 0",
    ],
    [
      () => inverseTimeDecay(1, { k: -0.1 }),
      "Cannot create inverseTimeDecay as 'k' must be a positive finite number: current value is -0.1",
    ],
    [
      () => polynomialDecay(1, { endLr: 0 }),
      "Cannot create polynomialDecay as 'endLr' must be a positive finite number: current value is 0",
    ],
    [
      () => cosineDecay(1, { steps: 2.5 }),
      "Cannot create cosineDecay as 'steps' must be a whole number >= 1: current value is 2.5",
    ],
    [
      () => warmup(0, { steps: 3 }),
      "Cannot create warmup as 'lr' must be a positive finite number: current value is 0",
    ],
  ];
  for (const [make, message] of cases) assert.throws(make, new RangeError(message));
  assert.throws(
    // @ts-expect-error: an unknown option is the mistake under test
    () => cosineDecay(1, { step: 10 }),
    new TypeError("Cannot create cosineDecay as 'step' is not an option: the options are steps, endLr"),
  );
});

Deno.test("inverseTimeDecay() with power 0.5 is 1/√t decay, named with its power; a power above 1 is refused", () => {
  const s = inverseTimeDecay(2, { k: 1, power: 0.5 });
  assertClose([s(0), s(3), s(8)], [2, 1, 2 / 3], 1e-15, "η₀/√(1 + t)");
  assert.equal(s.name, "inverseTimeDecay(2, k=1, power=0.5)");
  assert.equal(inverseTimeDecay(2, { k: 1 }).name, "inverseTimeDecay(2, k=1)");
  assert.throws(
    () => inverseTimeDecay(1, { power: 2 }),
    /Cannot create inverseTimeDecay as 'power' must be at most 1: current value is 2/,
  );
});

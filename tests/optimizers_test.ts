import assert from "node:assert/strict";
import {
  AdaGrad,
  Adam,
  course,
  makeOptimizer,
  Momentum,
  Nesterov,
  type Optimizer,
  optimizerNames,
  RMSProp,
  SGD,
} from "../lib/mod.ts";
import { assertClose } from "./_assert.ts";

const start = () => new Float64Array([-7, 2]);
const gradAtStart = () => course.gradient(start()); // (x/10, 2y) = (−0.7, 4)
// ε must be > 0; next to √h ≥ 1 this one vanishes in float64, so the hand-computed steps below are exact.
const tinyEps = 1e-300;

Deno.test("SGD.update() takes the book's first step from (-7, 2) with lr 0.95", () => {
  const p = start();
  new SGD({ lr: 0.95 }).update(p, gradAtStart());
  assertClose(p, [-6.335, -1.8], 1e-12);
});

Deno.test("AdaGrad.update() takes the published first step from (-7, 2) with lr 1.5", () => {
  const p = start();
  new AdaGrad({ lr: 1.5 }).update(p, gradAtStart());
  assertClose(p, [-5.5000002143, 0.5000000375], 1e-10);
});

Deno.test("Momentum.update() matches two steps computed by hand", () => {
  const opt = new Momentum({ lr: 0.1, momentum: 0.5 });
  const p = new Float64Array([1, -2]);
  opt.update(p, new Float64Array([2, 4])); // v = (−0.2, −0.4), p = (0.8, −2.4)
  opt.update(p, new Float64Array([1, -1])); // v = (−0.1 − 0.1, −0.2 + 0.1) = (−0.2, −0.1)
  assertClose(opt.v, [-0.2, -0.1], 1e-15, "v");
  assertClose(p, [0.6, -2.5], 1e-15);
});

Deno.test("Nesterov.update() matches two steps computed by hand", () => {
  const opt = new Nesterov({ lr: 0.1, momentum: 0.5 });
  const p = new Float64Array([1]);
  opt.update(p, new Float64Array([2])); // p = 1 + 0.25·0 − 1.5·0.1·2 = 0.7; then v = −0.2
  assertClose(p, [0.7], 1e-15);
  opt.update(p, new Float64Array([1])); // p = 0.7 + 0.25·(−0.2) − 1.5·0.1·1 = 0.5; then v = −0.1 − 0.1 = −0.2
  assertClose(p, [0.5], 1e-15);
  assertClose(opt.v, [-0.2], 1e-15);
});

Deno.test("Nesterov's first step from (−7, 2) on x²/20 + y² lands at (−6.867, 1.24), as the book's 2021 code", () => {
  const opt = new Nesterov({ lr: 0.1, momentum: 0.9 });
  const p = new Float64Array([-7, 2]);
  opt.update(p, new Float64Array([-0.7, 4]));
  assertClose(p, [-6.867, 1.24], 1e-12);
});

Deno.test("AdaGrad.update() matches two steps computed by hand", () => {
  const opt = new AdaGrad({ lr: 1, eps: tinyEps });
  const p = new Float64Array([0]);
  opt.update(p, new Float64Array([3])); // h = 9, p = −3/3 = −1
  opt.update(p, new Float64Array([4])); // h = 25, p = −1 − 4/5 = −1.8
  assertClose(opt.h, [25], 1e-15, "h");
  assertClose(p, [-1.8], 1e-15);
});

for (
  const [name, make] of [
    ["AdaGrad", (eps: number) => new AdaGrad({ eps })],
    ["RMSProp", (eps: number) => new RMSProp({ eps })],
    ["Adam", (eps: number) => new Adam({ eps })],
  ] as const
) {
  Deno.test(`${name} throws on an eps that is not a positive finite number: eps 0 would divide 0 by 0`, () => {
    for (const eps of [0, -1e-7, Infinity, NaN]) {
      assert.throws(
        () => make(eps),
        new RangeError(`Cannot create ${name} as 'eps' must be a positive finite number: current value is ${eps}`),
      );
    }
    const p = new Float64Array([1, 2]);
    make(1e-7).update(p, new Float64Array([0, 1])); // a zero gradient leaves its coordinate where it was
    assert.equal(p[0], 1);
  });
}

Deno.test("AdaGrad.update() shrinks the step as h grows", () => {
  const opt = new AdaGrad({ lr: 0.5 });
  const p = new Float64Array([0]);
  let previous = Infinity;
  for (let i = 0; i < 10; i++) {
    const before = p[0];
    opt.update(p, new Float64Array([1]));
    const step = Math.abs(p[0] - before);
    assert.ok(step < previous, `step ${i} (${step}) is not shorter than the one before (${previous})`);
    previous = step;
  }
  assertClose(previous, 0.5 / Math.sqrt(10), 1e-6, "tenth step");
});

Deno.test("AdaGrad with epsInsideSqrt divides by √(h + eps)", () => {
  const p = new Float64Array([0]);
  new AdaGrad({ lr: 1, eps: 7, epsInsideSqrt: true }).update(p, new Float64Array([3])); // −3/√(9 + 7)
  assertClose(p, [-0.75], 1e-15);
});

Deno.test("AdaGrad with initialAccumulator starts h there", () => {
  const opt = new AdaGrad({ lr: 1, eps: tinyEps, initialAccumulator: 16 });
  const p = new Float64Array([0]);
  opt.update(p, new Float64Array([3])); // h = 25, p = −3/5
  assertClose(p, [-0.6], 1e-15);
  opt.reset();
  assert.equal(opt.h.length, 0);
  opt.update(p, new Float64Array([3]));
  assertClose(opt.h, [25], 1e-15, "h after reset");
});

Deno.test("AdaGrad.effectiveRate() falls fastest in the steep direction", () => {
  const opt = new AdaGrad({ lr: 1.5 });
  assert.equal(opt.effectiveRate(), undefined);
  const p = start();
  opt.update(p, course.gradient(p));
  const first = opt.effectiveRate()!;
  assertClose(first, [1.5 / (0.7 + 1e-7), 1.5 / (4 + 1e-7)], 1e-12, "first effective rate");
  assert.ok(first[1] < first[0]);
});

Deno.test("RMSProp.update() matches two steps computed by hand", () => {
  const opt = new RMSProp({ lr: 0.1, decayRate: 0.5, eps: tinyEps });
  const p = new Float64Array([0]);
  opt.update(p, new Float64Array([2])); // h = 2, p = −0.2/√2
  opt.update(p, new Float64Array([2])); // h = 1 + 2 = 3, p −= 0.2/√3
  assertClose(opt.h, [3], 1e-15, "h");
  assertClose(p, [-0.2 / Math.SQRT2 - 0.2 / Math.sqrt(3)], 1e-15);
});

Deno.test("Adam.update() matches two steps computed by hand", () => {
  const opt = new Adam({ lr: 0.1, beta1: 0.5, beta2: 0.75, eps: tinyEps });
  const p = new Float64Array([0]);
  opt.update(p, new Float64Array([2])); // m = 1, v = 1, lr_t = 0.1·√0.25/0.5 = 0.1, p = −0.1
  assertClose(p, [-0.1], 1e-15);
  opt.update(p, new Float64Array([4])); // m = 2.5, v = 4.75, lr_t = 0.1·√(1 − 0.5625)/0.75
  const lrT = 0.1 * Math.sqrt(0.4375) / 0.75;
  assertClose(opt.m, [2.5], 1e-15, "m");
  assertClose(opt.v, [4.75], 1e-15, "v");
  assertClose(p, [-0.1 - lrT * 2.5 / Math.sqrt(4.75)], 1e-15);
});

Deno.test("every optimizer has the book's default options", () => {
  assert.equal(new SGD().lr, 0.01);
  assert.deepEqual([new Momentum().lr, new Momentum().momentum], [0.01, 0.9]);
  assert.deepEqual([new Nesterov().lr, new Nesterov().momentum], [0.01, 0.9]);
  const ada = new AdaGrad();
  assert.deepEqual([ada.lr, ada.eps, ada.epsInsideSqrt, ada.initialAccumulator], [0.01, 1e-7, false, 0]);
  const rms = new RMSProp();
  assert.deepEqual([rms.lr, rms.decayRate, rms.eps], [0.01, 0.99, 1e-7]);
  const adam = new Adam();
  assert.deepEqual([adam.lr, adam.beta1, adam.beta2, adam.eps], [0.001, 0.9, 0.999, 1e-7]);
});

const makers: [string, () => Optimizer][] = [
  ["SGD", () => new SGD({ lr: 0.1 })],
  ["Momentum", () => new Momentum({ lr: 0.1 })],
  ["Nesterov", () => new Nesterov({ lr: 0.1 })],
  ["AdaGrad", () => new AdaGrad({ lr: 0.1 })],
  ["RMSProp", () => new RMSProp({ lr: 0.1 })],
  ["Adam", () => new Adam({ lr: 0.1 })],
];

for (const [name, make] of makers) {
  Deno.test(`${name}.reset() gives the same path as a new optimizer`, () => {
    const used = make();
    const p = start();
    for (let i = 0; i < 5; i++) used.update(p, course.gradient(p));
    used.reset();
    assert.equal(used.t, 0);
    const a = start();
    const b = start();
    const fresh = make();
    for (let i = 0; i < 5; i++) {
      used.update(a, course.gradient(a));
      fresh.update(b, course.gradient(b));
    }
    assert.deepEqual(Array.from(a), Array.from(b));
  });

  Deno.test(`${name}.update() takes a schedule, with t = 0 at the first update`, () => {
    const seen: number[] = [];
    const schedule = (t: number) => {
      seen.push(t);
      return 0.1 / (1 + t);
    };
    const opt = make();
    const scheduled = new (opt.constructor as new (o: { lr: (t: number) => number }) => Optimizer)({ lr: schedule });
    const p = start();
    for (let i = 0; i < 3; i++) scheduled.update(p, course.gradient(p));
    assert.deepEqual(seen, [0, 1, 2]);
    assertClose(scheduled.lastLr, 0.1 / 3, 1e-15, "lastLr");
  });

  Deno.test(`${name}.update() throws when params and grads differ in length`, () => {
    assert.throws(
      () => make().update(new Float64Array(2), new Float64Array(3)),
      new RangeError(
        `Cannot update ${name} as 'params' and 'grads' must have the same length: current values are 2 and 3`,
      ),
    );
  });

  Deno.test(`${name}.update() throws when the length changes without reset()`, () => {
    const opt = make();
    opt.update(new Float64Array(2), new Float64Array(2));
    assert.throws(
      () => opt.update(new Float64Array(3), new Float64Array(3)),
      (e: Error) => e instanceof RangeError && /changed length .* current value is 3, was 2/.test(e.message),
    );
    opt.reset();
    opt.update(new Float64Array(3), new Float64Array(3));
  });

  Deno.test(`${name}.update() throws on arrays that are not Float64Array`, () => {
    assert.throws(
      // @ts-expect-error: a plain array is the mistake under test
      () => make().update([1, 2], new Float64Array(2)),
      new TypeError(`Cannot update ${name} as 'params' must be a Float64Array: current value is [1, 2]`),
    );
    assert.throws(() => make().update(new Float64Array(0), new Float64Array(0)), RangeError);
  });

  Deno.test(`${name} throws on a learning rate that is not a positive finite number`, () => {
    const ctor = make().constructor as new (o: Record<string, unknown>) => Optimizer;
    for (const lr of [-1, 0, NaN, Infinity, -Infinity]) {
      assert.throws(
        () => new ctor({ lr }),
        new RangeError(
          `Cannot create ${name} as 'lr' must be a positive finite number: current value is ${lr}`,
        ),
      );
    }
    assert.throws(
      () => new ctor({ lr: "0.1" }),
      new TypeError(`Cannot create ${name} as 'lr' must be a positive finite number: current value is "0.1"`),
    );
    assert.throws(
      () => new ctor({ learningRate: 0.1 }),
      (e: Error) =>
        e instanceof TypeError && e.message.startsWith(`Cannot create ${name} as 'learningRate' is not an option`),
    );
  });

  Deno.test(`${name}.update() throws when a schedule returns a bad rate, naming lr and the step`, () => {
    const ctor = make().constructor as new (o: Record<string, unknown>) => Optimizer;
    const opt = new ctor({ lr: (t: number) => 0.1 - 0.05 * t });
    const p = start();
    opt.update(p, course.gradient(p));
    opt.update(p, course.gradient(p));
    assert.throws(
      () => opt.update(p, course.gradient(p)),
      new RangeError(
        `Cannot update ${name} as the schedule 'lr' must return a positive finite number, but at step t = 2 it did not: current value is 0`,
      ),
    );
  });
}

Deno.test("momentum, the decay rates and initialAccumulator outside their range are rejected, naming the option", () => {
  const cases: [() => unknown, string][] = [
    [
      () => new Momentum({ momentum: 1 }),
      "Cannot create Momentum as 'momentum' must be a number in [0, 1): current value is 1",
    ],
    [
      () => new Nesterov({ momentum: -0.1 }),
      "Cannot create Nesterov as 'momentum' must be a number in [0, 1): current value is -0.1",
    ],
    [
      () => new RMSProp({ decayRate: 1.5 }),
      "Cannot create RMSProp as 'decayRate' must be a number in [0, 1): current value is 1.5",
    ],
    [() => new Adam({ beta1: NaN }), "Cannot create Adam as 'beta1' must be a number in [0, 1): current value is NaN"],
    [() => new Adam({ beta2: 1 }), "Cannot create Adam as 'beta2' must be a number in [0, 1): current value is 1"],
    [
      () => new AdaGrad({ initialAccumulator: -0.1 }),
      "Cannot create AdaGrad as 'initialAccumulator' must be a finite number >= 0: current value is -0.1",
    ],
  ];
  for (const [make, message] of cases) assert.throws(make, new RangeError(message));
});

Deno.test("makeOptimizer() makes each optimizer by name and rejects an unknown name", () => {
  for (const name of optimizerNames) assert.equal(makeOptimizer(name, 0.1).toString(), `${name}(lr=0.1)`);
  assert.throws(
    // @ts-expect-error: a misspelled name is the mistake under test
    () => makeOptimizer("Adagrad", 0.1),
    new RangeError(
      "Cannot make an optimizer as 'name' must be one of SGD, Momentum, Nesterov, AdaGrad, RMSProp, Adam: current value is \"Adagrad\"",
    ),
  );
  assert.throws(() => makeOptimizer("SGD", -1), /'lr' must be a positive finite number: current value is -1/);
});

Deno.test("Adam without bias correction steps with η·m/(√v + ε): its first step is (1 − β₁)/√(1 − β₂) ≈ 3.16 times longer", () => {
  const plain = Float64Array.of(0);
  const corrected = Float64Array.of(0);
  new Adam({ lr: 0.1, biasCorrection: false }).update(plain, Float64Array.of(2));
  new Adam({ lr: 0.1 }).update(corrected, Float64Array.of(2));
  assertClose(plain, [-0.1 * 0.1 * 2 / (Math.sqrt(0.001 * 4) + 1e-7)], 1e-12, "uncorrected");
  assertClose([plain[0] / corrected[0]], [0.1 / Math.sqrt(0.001)], 1e-6, "ratio");
  assert.throws(() => new Adam({ biasCorrection: 1 as unknown as boolean }), /'biasCorrection' must be true or false/);
});

Deno.test("every optimizer's update() throws on NaN or ±Infinity in params or grads, naming the array and the index", () => {
  for (const name of optimizerNames) {
    for (const [where, bad] of [["params", NaN], ["grads", Infinity], ["grads", -Infinity]] as const) {
      const params = new Float64Array([1, 2, 3]);
      const grads = new Float64Array([0.1, 0.2, 0.3]);
      (where === "params" ? params : grads)[2] = bad;
      const opt = makeOptimizer(name, 0.1);
      assert.throws(() => opt.update(params, grads), {
        name: "RangeError",
        message: `Cannot update ${name} as '${where}' must hold finite numbers: current value at index 2 is ${bad}`,
      });
      assert.equal(opt.t, 0, `${name}: a refused update is not counted`);
      assert.deepEqual(Array.from(params.subarray(0, 2)), [1, 2], `${name}: a refused update changes nothing`);
    }
  }
});

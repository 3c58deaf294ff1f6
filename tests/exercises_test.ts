// Every exercise's check can fail: right answers and correct code pass; wrong answers, the notebooks' stubs and
// plausible wrong implementations fail, each with the hint or the diagnosis that fits it.
import assert from "node:assert/strict";
import {
  type AdamSettings,
  checkAdaGradStep,
  checkAdamStep,
  checkCentralDifference,
  checkKnobs,
  checkStepDecay,
  type ExerciseCheck,
  exerciseSummary,
  predict,
} from "../lib/mod.ts";
import * as lib from "../lib/mod.ts";

const said = (check: ExerciseCheck) => check.bundle["text/plain"] as string;
const assertFails = (check: ExerciseCheck, diagnosis: RegExp, what: string) => {
  assert.equal(check.status, "failed", `${what}: ${said(check)}`);
  assert.match(check.details.join("\n"), diagnosis, `${what}: ${said(check)}`);
};
const assertPasses = (check: ExerciseCheck) => assert.equal(check.status, "passed", said(check));

// ---------------------------------------------------------------- predict()

Deno.test("predict() says 'not answered yet' while the prediction is undefined, and shows nothing of the answer", () => {
  const check = predict({ myStepsToArrive: undefined }, { expected: 1151, hint: "solve it", explanation: "because" });
  assert.equal(check.status, "unanswered");
  assert.equal(check.passed, false);
  assert.equal(
    said(check),
    "○ Not answered yet: write your prediction in myStepsToArrive (a number), then run this cell again",
  );
  assert.doesNotMatch(said(check), /1151|because|solve it/);
});

Deno.test("predict() gives the hint on a wrong answer and the explanation only on a right one", () => {
  const options = { expected: 1151, tolerance: 1, hint: "solve (1 − η/10)ᵗ < 0.1", explanation: "ln 0.1 / ln 0.998" };
  const wrong = predict({ mySteps: 1000 }, options);
  assert.equal(wrong.status, "failed");
  assert.deepEqual(wrong.details, ["Hint: solve (1 − η/10)ᵗ < 0.1"]);
  assert.doesNotMatch(said(wrong), /1151|ln 0.1/);
  const right = predict({ mySteps: 1152 }, options);
  assert.equal(right.status, "passed");
  assert.equal(said(right), "✔ Self-check passed: mySteps = 1152 (computed: 1151)\n  ln 0.1 / ln 0.998");
  assert.equal(predict({ mySteps: 1153 }, options).status, "failed");
});

Deno.test("predict() with reveal shows the answer and the explanation whatever was written", () => {
  const options = { expected: [-5, 5, -5], hint: "the factor is 1 − 2η", explanation: "it bounces", reveal: true };
  const unanswered = predict({ myXs: undefined }, options);
  assert.equal(unanswered.status, "unanswered");
  assert.deepEqual(unanswered.details, ["The answer: [-5, 5, -5].", "it bounces"]);
  const wrong = predict({ myXs: [5, 5, 5] }, options);
  assert.equal(wrong.status, "failed");
  assert.deepEqual(wrong.details, ["Hint: the factor is 1 − 2η", "The answer: [-5, 5, -5].", "it bounces"]);
});

Deno.test("predict() judges lists, yes-or-no and one-word answers, and names a malformed one", () => {
  assert.equal(predict({ a: [-5, 5.0000001, -5] }, { expected: [-5, 5, -5], tolerance: 1e-3 }).status, "passed");
  assert.equal(
    predict({ a: [-5, 5] }, { expected: [-5, 5, -5] }).message,
    "a must be a list of 3 numbers: current value is [-5, 5]",
  );
  assert.equal(predict({ z: false }, { expected: false }).status, "passed");
  assert.equal(predict({ z: true }, { expected: false }).status, "failed");
  assert.equal(predict({ z: "no" }, { expected: false }).message, 'z must be true or false: current value is "no"');
  const choices = ["closer", "further"];
  assert.equal(predict({ w: " Further" }, { expected: "further", choices }).status, "passed");
  assert.equal(predict({ w: "closer" }, { expected: "further", choices }).status, "failed");
  assert.equal(
    predict({ w: "nearer" }, { expected: "further", choices }).message,
    'w must be one of "closer", "further": current value is "nearer"',
  );
  assert.equal(predict({ n: "1151" }, { expected: 1151 }).message, 'n must be a number: current value is "1151"');
  assert.equal(predict({ r: 1.1e-4 }, { expected: 1e-4, relTolerance: 0.2 }).status, "passed");
  assert.equal(predict({ r: 1.3e-4 }, { expected: 1e-4, relTolerance: 0.2 }).status, "failed");
});

Deno.test("predict() throws on a misuse by the notebook's author, naming the option", () => {
  assert.throws(() => predict({ a: 1, b: 2 }, { expected: 1 }), /one variable in braces/);
  assert.throws(() => predict({ a: "x" }, { expected: "x" }), /'choices' must list the expected word "x"/);
  assert.throws(() => predict({ a: 1 }, { expected: Number.NaN }), /'expected' must be finite: current value is NaN/);
  // @ts-expect-error: a misspelled option is the mistake under test
  assert.throws(() => predict({ a: 1 }, { expected: 1, tol: 1 }), /'tol' is not an option/);
});

// ---------------------------------------------------------------- checkKnobs()

Deno.test("checkKnobs() shows every knob with its range, and throws naming the knob outside its range", () => {
  const shown = checkKnobs(
    { lr: 0.95, steps: 30, start: [-7, 2], rates: { SGD: 0.95 }, showAnswers: false },
    {
      lr: [0.01, 1.2],
      steps: [1, 200, "integer"],
      start: [[-10, 10], [-5, 5]],
      rates: [1e-4, 3],
      showAnswers: "boolean",
    },
  );
  assert.equal(
    shown.bundle["text/plain"],
    [
      "The knobs and their ranges: change a value here, then rerun the cells below",
      "knob         value      range",
      "lr           0.95       0.01 … 1.2",
      "steps        30         1 … 200, whole",
      "start        [-7, 2]    -10 … 10; -5 … 5",
      "rates        SGD: 0.95  0.0001 … 3",
      "showAnswers  false      true or false",
    ].join("\n"),
  );
  const message = (knobs: Record<string, never>, ranges: Record<string, never>) => {
    try {
      checkKnobs(knobs, ranges);
    } catch (error) {
      return (error as Error).message;
    }
    return "no error";
  };
  const cases: [unknown, unknown, string][] = [
    [1.25, [0.01, 1.2], "must be a number from 0.01 to 1.2: current value is 1.25"],
    [30.5, [1, 200, "integer"], "must be a whole number from 1 to 200: current value is 30.5"],
    ["0.1", [0.01, 1.2], 'must be a number from 0.01 to 1.2: current value is "0.1"'],
    [
      [-7, 9],
      [[-10, 10], [-5, 5]],
      "must be 2 numbers, the first from -10 to 10, the second from -5 to 5: current value is [-7, 9]",
    ],
    [
      [-7],
      [[-10, 10], [-5, 5]],
      "must be 2 numbers, the first from -10 to 10, the second from -5 to 5: current value is [-7]",
    ],
    [{ SGD: 0.95, Adam: 5 }, [1e-4, 3], "must be numbers from 0.0001 to 3: current value is 5 for Adam"],
    [[0.1, 2], [0.01, 1.5], "must be a list of numbers, each number from 0.01 to 1.5: current value is [0.1, 2]"],
    ["yes", "boolean", 'must be true or false: current value is "yes"'],
  ];
  for (const [value, range, rule] of cases) {
    assert.equal(
      message({ knob: value } as never, { knob: range } as never),
      `Cannot run the notebook as the knob 'knob' in the parameters cell ${rule}`,
    );
  }
});

Deno.test("checkKnobs() takes a range from another knob, and needs exactly one range per knob", () => {
  const steps = 60;
  assert.throws(
    () =>
      checkKnobs({ steps, warmupSteps: 60 }, { steps: [10, 300, "integer"], warmupSteps: [1, steps - 1, "integer"] }),
    /the knob 'warmupSteps' in the parameters cell must be a whole number from 1 to 59: current value is 60/,
  );
  assert.throws(() => checkKnobs({ lr: 1 }, {}), /the knob 'lr' has no range/);
  assert.throws(() => checkKnobs({ lr: 1 }, { lr: [0, 2], steps: [1, 2] }), /the range 'steps' belongs to no knob/);
});

// ---------------------------------------------------------------- step decay (notebook 2)

type Schedule = (t: number, lr0: number, stepSize: number, factor: number) => number;
const rightStepDecay: Schedule = (t, lr0, stepSize, factor) => lr0 * factor ** Math.floor(t / stepSize);

Deno.test("checkStepDecay() passes step decay written two ways, with the notebook's knobs or others", () => {
  assertPasses(checkStepDecay({ myStepDecay: rightStepDecay }));
  assertPasses(checkStepDecay({ myStepDecay: rightStepDecay }, { lr0: 0.7, stepSize: 3, factor: 0.8 }));
  const loop: Schedule = (t, lr0, stepSize, factor) => {
    let rate = lr0;
    for (let cut = stepSize; cut <= t; cut += stepSize) rate *= factor;
    return rate;
  };
  assertPasses(checkStepDecay({ myStepDecay: loop }));
});

Deno.test("checkStepDecay() fails the stub and names each plausible mistake", () => {
  const wrong: [string, Schedule, RegExp][] = [
    ["the stub", (_t, lr0) => lr0, /never changes/],
    ["zero", () => 0, /returns 0/],
    ["(t + 1)", (t, lr0, s, f) => lr0 * f ** Math.floor((t + 1) / s), /one step early/],
    ["(t − 1)", (t, lr0, s, f) => lr0 * f ** Math.floor((t - 1) / s), /one step late/],
    ["ceil", (t, lr0, s, f) => lr0 * f ** Math.ceil(t / s), /Math.ceil/],
    ["round", (t, lr0, s, f) => lr0 * f ** Math.round(t / s), /Math.round/],
    ["exponential", (t, lr0, _s, f) => lr0 * Math.pow(f, t), /exponential decay/],
    ["no floor", (t, lr0, s, f) => lr0 * Math.pow(f, t / s), /whole number of plateaus/],
    ["times", (t, lr0, s, f) => lr0 * (f * Math.floor(t / s)), /to the power/],
    ["cut by a fixed 0.5", (t, lr0, s) => lr0 * 0.5 ** Math.floor(t / s), /ηₜ = η₀ · factor/],
  ];
  for (const [what, f, diagnosis] of wrong) {
    const check = checkStepDecay({ myStepDecay: f });
    assert.equal(check.status, "failed", what);
    assert.match(check.details[0], diagnosis, `${what}: ${said(check)}`);
  }
  // A hard-coded 0.5 agrees with the notebook's default knobs, and is caught by the other cases.
  assert.match(checkStepDecay({ myStepDecay: (t, lr0, s) => lr0 * 0.5 ** Math.floor(t / s) }).message, /factor = 0.9/);
  assert.equal(
    checkStepDecay({ myStepDecay: 0.5 as never }).message,
    "myStepDecay must be a function: current value is 0.5",
  );
});

// ---------------------------------------------------------------- central difference (notebook 8)

type Gradient = (f: (x: Float64Array) => number, x: Float64Array, h: number) => ArrayLike<number>;
const withCopy: Gradient = (f, x, h) => {
  const grad = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const up = Float64Array.from(x);
    const down = Float64Array.from(x);
    up[i] += h;
    down[i] -= h;
    grad[i] = (f(up) - f(down)) / (2 * h);
  }
  return grad;
};
const restoring: Gradient = (f, x, h) => {
  const grad: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const keep = x[i];
    x[i] = keep + h;
    const up = f(x);
    x[i] = keep - h;
    const down = f(x);
    x[i] = keep;
    grad.push((up - down) / (2 * h));
  }
  return grad;
};

Deno.test("checkCentralDifference() passes the central difference written on a copy or on x put back", () => {
  assertPasses(checkCentralDifference({ myCentralDifference: withCopy }));
  assertPasses(checkCentralDifference({ myCentralDifference: restoring }, { h: 1e-6 }));
  assertPasses(checkCentralDifference({ myCentralDifference: restoring }, { h: 1e-2 }));
});

Deno.test("checkCentralDifference() fails the stub and names each plausible mistake", () => {
  const each = (x: Float64Array, slope: (i: number, p: Float64Array) => number) =>
    Array.from(x, (_, i) => slope(i, Float64Array.from(x)));
  const wrong: [string, Gradient, RegExp][] = [
    ["the stub", (_f, x) => new Float64Array(x.length), /returns zeros/],
    ["x itself", (_f, x) => x, /return the point x itself/],
    ["forward", (f, x, h) =>
      each(x, (i, p) => {
        p[i] += h;
        return (f(p) - f(x)) / h;
      }), /forward difference/],
    ["backward", (f, x, h) =>
      each(x, (i, p) => {
        p[i] -= h;
        return (f(x) - f(p)) / h;
      }), /backward difference/],
    ["divided by h", (f, x, h) =>
      each(x, (i, p) => {
        const q = Float64Array.from(p);
        p[i] += h;
        q[i] -= h;
        return (f(p) - f(q)) / h;
      }), /twice too large/],
    ["/ 2 * h", (f, x, h) =>
      each(x, (i, p) => {
        const q = Float64Array.from(p);
        p[i] += h;
        q[i] -= h;
        return (f(p) - f(q)) / 2 * h;
      }), /`\/ \(2 \* h\)`/],
    ["every coordinate at once", (f, x, h) => {
      const d = (f(x.map((v) => v + h)) - f(x.map((v) => v - h))) / (2 * h);
      return Array.from(x, () => d);
    }, /every coordinate at once/],
    ["x not put back", (f, x, h) =>
      Array.from(x, (_, i) => {
        x[i] += h;
        const up = f(x);
        x[i] -= 2 * h;
        return (up - f(x)) / (2 * h);
      }), /changes x/],
    ["first coordinate only", (f, x, h) => {
      const g = new Float64Array(x.length);
      const [up, down] = [Float64Array.from(x), Float64Array.from(x)];
      up[0] += h;
      down[0] -= h;
      g[0] = (f(up) - f(down)) / (2 * h);
      return g;
    }, /Only the first coordinate/],
  ];
  for (const [what, g, diagnosis] of wrong) {
    const check = checkCentralDifference({ myCentralDifference: g }, { h: 1e-4 });
    assert.equal(check.status, "failed", what);
    assert.match(check.details[0], diagnosis, `${what}: ${said(check)}`);
  }
  const throws = checkCentralDifference({
    myCentralDifference: () => {
      throw new Error("not yet");
    },
  });
  assert.equal(throws.status, "failed");
  assert.match(throws.message, /your function threw Error: not yet/);
});

// ---------------------------------------------------------------- AdaGrad (notebook 3)

type Step = (W: Float64Array, h: Float64Array, g: Float64Array, lr: number, eps: number) => void;
const rightAdaGrad: Step = (W, h, g, lr, eps) => {
  for (let i = 0; i < W.length; i++) {
    h[i] += g[i] * g[i];
    W[i] -= lr * g[i] / (Math.sqrt(h[i]) + eps);
  }
};

Deno.test("checkAdaGradStep() passes AdaGrad's two lines, with any η the notebook gives", () => {
  assertPasses(checkAdaGradStep({ myAdaGradStep: rightAdaGrad }));
  assertPasses(checkAdaGradStep({ myAdaGradStep: rightAdaGrad }, { lr: 0.1 }));
  const vectorStyle: Step = (W, h, g, lr, eps) => {
    h.set(h.map((hi, i) => hi + g[i] ** 2));
    W.set(W.map((w, i) => w - lr * g[i] / (Math.sqrt(h[i]) + eps)));
  };
  assertPasses(checkAdaGradStep({ myAdaGradStep: vectorStyle }));
});

Deno.test("checkAdaGradStep() says 'is h accumulated across steps?' with the issue's numbers", () => {
  const overwrite: Step = (W, h, g, lr, eps) => {
    for (let i = 0; i < W.length; i++) {
      h[i] = g[i] ** 2;
      W[i] = W[i] - lr * g[i] / (Math.sqrt(h[i]) + eps);
    }
  };
  const check = checkAdaGradStep({ myAdaGradStep: overwrite });
  assert.equal(
    check.message,
    "myAdaGradStep: on the course's start (−7, 2) with η = 1.5, after step 2: your h is (0.3025, 1), expected (0.7925, 17)",
  );
  assert.match(check.details[0], /^Is h accumulated across steps\?/);
});

Deno.test("checkAdaGradStep() fails the stub and names each plausible mistake", () => {
  const line =
    (body: (W: Float64Array, h: Float64Array, g: Float64Array, i: number, lr: number, eps: number) => void) =>
    (W: Float64Array, h: Float64Array, g: Float64Array, lr: number, eps: number) => {
      for (let i = 0; i < W.length; i++) body(W, h, g, i, lr, eps);
    };
  const wrong: [string, Step, RegExp][] = [
    ["the stub", () => {}, /did not change/],
    ["new arrays", (W, h, g, lr, eps) => {
      h = h.map((v, i) => v + g[i] * g[i]);
      W = W.map((w, i) => w - lr * g[i] / (Math.sqrt(h[i]) + eps));
    }, /did not change/],
    [
      "the blog's printed code",
      line((W, h, g, i, lr, eps) => (W[i] -= lr * g[i] / Math.sqrt(h[i] + eps))),
      /h stays 0/,
    ],
    [
      "h += g",
      line((W, h, g, i, lr, eps) => {
        h[i] = h[i] + g[i];
        W[i] -= lr * g[i] / (Math.sqrt(Math.abs(h[i])) + eps);
      }),
      /not g itself/,
    ],
    [
      "W before h",
      line((W, h, g, i, lr, eps) => {
        W[i] -= lr * g[i] / (Math.sqrt(h[i]) + eps);
        h[i] += g[i] * g[i];
      }),
      /update h first/,
    ],
    [
      "ε inside the root",
      line((W, h, g, i, lr, eps) => {
        h[i] += g[i] * g[i];
        W[i] -= lr * g[i] / Math.sqrt(h[i] + eps);
      }),
      /√\(h \+ ε\)/,
    ],
    [
      "no ε",
      line((W, h, g, i, lr) => {
        h[i] += g[i] * g[i];
        W[i] -= lr * g[i] / Math.sqrt(h[i]);
      }),
      /NaN/,
    ],
    [
      "no root",
      line((W, h, g, i, lr, eps) => {
        h[i] += g[i] * g[i];
        W[i] -= lr * g[i] / (h[i] + eps);
      }),
      /square root/,
    ],
    [
      "uphill",
      line((W, h, g, i, lr, eps) => {
        h[i] += g[i] * g[i];
        W[i] = W[i] + lr * g[i] / (Math.sqrt(h[i]) + eps);
      }),
      /uphill/,
    ],
    [
      "no η",
      line((W, h, g, i, _lr, eps) => {
        h[i] += g[i] * g[i];
        W[i] -= g[i] / (Math.sqrt(h[i]) + eps);
      }),
      /not scaled by η/,
    ],
    ["h starts over from 0 each step", (W, h, g, lr, eps) => {
      h.fill(0);
      rightAdaGrad(W, h, g, lr, eps);
    }, /accumulated across steps/],
    [
      "a hard-coded ε",
      line((W, h, g, i, lr) => {
        h[i] += g[i] * g[i];
        W[i] -= lr * g[i] / (Math.sqrt(h[i]) + 1e-4);
      }),
      /Hint: for each i/,
    ],
  ];
  for (const [what, step, diagnosis] of wrong) assertFails(checkAdaGradStep({ myAdaGradStep: step }), diagnosis, what);
});

// ---------------------------------------------------------------- Adam (notebook 5)

type AdamStep = (
  W: Float64Array,
  m: Float64Array,
  v: Float64Array,
  g: Float64Array,
  t: number,
  s: AdamSettings,
) => void;
const adam = (change: {
  m?: (m: number, g: number, b: number) => number;
  v?: (v: number, g: number, b: number) => number;
  bias?: (b: number, t: number) => number;
  step?: (mHat: number, vHat: number, s: AdamSettings) => number;
} = {}): AdamStep =>
(W, m, v, g, t, s) => {
  for (let i = 0; i < W.length; i++) {
    m[i] = change.m ? change.m(m[i], g[i], s.beta1) : s.beta1 * m[i] + (1 - s.beta1) * g[i];
    v[i] = change.v ? change.v(v[i], g[i], s.beta2) : s.beta2 * v[i] + (1 - s.beta2) * g[i] * g[i];
    const bias = change.bias ?? ((b: number, t: number) => 1 - b ** t);
    const mHat = m[i] / bias(s.beta1, t);
    const vHat = v[i] / bias(s.beta2, t);
    W[i] -= change.step ? change.step(mHat, vHat, s) : s.lr * mHat / (Math.sqrt(vHat) + s.eps);
  }
};

Deno.test("checkAdamStep() passes Adam in the paper's form and in the book's", () => {
  assertPasses(checkAdamStep({ myAdamStep: adam() }));
  assertPasses(checkAdamStep({ myAdamStep: adam() }, { lr: 0.05, beta1: 0.5, beta2: 0.99 }));
  const book: AdamStep = (W, m, v, g, t, { lr, beta1, beta2, eps }) => {
    const lrT = lr * Math.sqrt(1 - beta2 ** t) / (1 - beta1 ** t);
    for (let i = 0; i < W.length; i++) {
      m[i] += (1 - beta1) * (g[i] - m[i]);
      v[i] += (1 - beta2) * (g[i] ** 2 - v[i]);
      W[i] -= lrT * m[i] / (Math.sqrt(v[i]) + eps);
    }
  };
  assertPasses(checkAdamStep({ myAdamStep: book }));
});

Deno.test("checkAdamStep() fails the stub and names each plausible mistake", () => {
  const wrong: [string, AdamStep, RegExp][] = [
    ["the stub", () => {}, /did not change/],
    ["m without (1 − β₁)", adam({ m: (m, g, b) => b * m + g }), /\(1 − β₁\)/],
    ["v without (1 − β₂)", adam({ v: (v, g, b) => b * v + g * g }), /\(1 − β₂\)/],
    ["v of g", adam({ v: (v, g, b) => b * v + (1 - b) * g }), /squared gradient/],
    ["no bias correction", adam({ bias: () => 1 }), /bias correction/],
    ["bias correction with t + 1", adam({ bias: (b, t) => 1 - b ** (t + 1) }), /t \+ 1/],
    ["bias correction with t − 1", adam({ bias: (b, t) => 1 - b ** (t - 1) }), /divides by zero/],
    ["ε inside the root", adam({ step: (mHat, vHat, s) => s.lr * mHat / Math.sqrt(vHat + s.eps) }), /√\(v̂ \+ ε\)/],
    ["no root", adam({ step: (mHat, vHat, s) => s.lr * mHat / (vHat + s.eps) }), /square root/],
    ["uphill", adam({ step: (mHat, vHat, s) => -s.lr * mHat / (Math.sqrt(vHat) + s.eps) }), /uphill/],
    ["W before m and v", (W, m, v, g, t, s) => {
      for (let i = 0; i < W.length; i++) {
        W[i] -= s.lr * (m[i] / (1 - s.beta1 ** t)) / (Math.sqrt(v[i] / (1 - s.beta2 ** t)) + s.eps);
        m[i] = s.beta1 * m[i] + (1 - s.beta1) * g[i];
        v[i] = s.beta2 * v[i] + (1 - s.beta2) * g[i] * g[i];
      }
    }, /update m and v first/],
    ["hard-coded βs", (W, m, v, g, t, s) => adam()(W, m, v, g, t, { ...s, beta1: 0.9, beta2: 0.999 }), /Hint: m ← β₁m/],
  ];
  for (const [what, step, diagnosis] of wrong) {
    const check = checkAdamStep({ myAdamStep: step });
    assert.equal(check.status, "failed", what);
    assert.match(check.details[0], diagnosis, `${what}: ${said(check)}`);
  }
});

// ---------------------------------------------------------------- exerciseSummary()

Deno.test("exerciseSummary() counts what each check said last, and an exercise whose check has not run", () => {
  predict({ mySummaryA: 1 }, { expected: 2 });
  assert.equal(exerciseSummary(["mySummaryA"]).passed, 0);
  predict({ mySummaryA: 2 }, { expected: 2 }); // rerun with a better answer
  checkStepDecay({ mySummaryB: (t: number, lr0: number, s: number, f: number) => lr0 * f ** Math.ceil(t / s) });
  // A stub fails its check, but the summary counts it as not answered.
  assert.equal(checkStepDecay({ mySummaryStub: (_t: number, lr0: number) => lr0 }).status, "failed");
  assert.match(exerciseSummary(["mySummaryStub"]).bundle["text/plain"] as string, /mySummaryStub ○ not answered$/);
  predict({ mySummaryC: undefined }, { expected: 2 });
  const summary = exerciseSummary(["mySummaryA", "mySummaryB", "mySummaryC", "mySummaryD"]);
  assert.deepEqual([summary.passed, summary.answered, summary.total], [1, 2, 4]);
  assert.equal(
    summary.bundle["text/plain"],
    "Exercises: 1 of 4 passed, 2 answered · mySummaryA ✔ passed · mySummaryB ✘ not yet right · mySummaryC ○ not answered · mySummaryD ○ check not run",
  );
  assert.throws(() => exerciseSummary([]), /'names' must be a non-empty list of names/);
});

// ---------------------------------------------------------------- notebooks 1 and 2: answers nobody can read off

const notebookCells = (name: string) =>
  (JSON.parse(Deno.readTextFileSync(new URL(`../notebooks/${name}`, import.meta.url))).cells as {
    cell_type: string;
    metadata: { tags?: string[] };
    source: string | string[];
  }[]).map((c) => ({ ...c, text: Array.isArray(c.source) ? c.source.join("") : c.source }));

for (const name of ["00_start_here.ipynb", "01_learning_rate.ipynb", "02_lr_decay.ipynb"]) {
  Deno.test(`${name}: each self-check keeps what it measures inside its braces, and no answer is a word`, () => {
    const checks = notebookCells(name).filter((c) => c.metadata.tags?.includes("self-check"));
    assert.ok(checks.length >= (name === "00_start_here.ipynb" ? 1 : 4), `${checks.length} self-checks`);
    for (const { text } of checks) {
      const code = text.replace(/^\s*\/\/.*$/gm, "").trim();
      // Either one call to a check (the implement-it exercises) or a block: nothing it computes becomes a global a
      // student could print before answering.
      // Or, for a prediction, one call into lib/notebook/exercises/, which computes the answer out of sight.
      const oneCall = /^(check\w+|exercises\d\d\.\w+)\(\{ my\w+ \}, [^;]*\)$/s.test(code);
      assert.ok(oneCall || (code.startsWith("{\n") && code.endsWith("\n}")), `not in braces:\n${text}`);
      if (!oneCall) {
        const inner = code.slice(2, -2);
        assert.doesNotMatch(inner, /^\S/m, "the block's statements are indented: nothing outside it");
      }
      assert.doesNotMatch(code, /choices:/, "a word answer can be flipped until it passes");
      assert.doesNotMatch(code, /expected: (true|false|"[^"]*")/, "a yes/no or word answer");
    }
  });
}

Deno.test("predict() on notebook 1's two-part answer: both numbers must be right, rounding ρ to 0.98 passes", () => {
  // κ = 100: ρ = 99/101 and the check's run needs 345 steps; the tolerance is 1.5% of each.
  const options = { expected: [0.9801, 345], relTolerance: 0.015 };
  assertPasses(predict({ myKappa100: [99 / 101, 346] }, options));
  assertPasses(predict({ myKappa100: [0.98, 342] }, options)); // ln 1000 / ln(1/0.98) ≈ 341.9
  assert.equal(predict({ myKappa100: [0.99, 688] }, options).status, "failed"); // η = 1/λmax: right-looking factor
  assert.equal(predict({ myKappa100: [0.905, 69] }, options).status, "failed"); // the course's κ = 20 again
  assert.equal(predict({ myKappa100: [0.98, 69] }, options).status, "failed");
});

Deno.test("every notebook's checks are frozen: a cell cannot swap one for a check that always passes", () => {
  const checks = Object.entries(lib).filter(([name]) => /^exercises\d\d$/.test(name));
  assert.equal(checks.length, 9, "exercises00 … exercises08");
  for (const [name, value] of checks) {
    assert.ok(Object.isFrozen(value), `${name} is not frozen`);
    const [method] = Object.keys(value);
    assert.throws(
      () => {
        "use strict";
        (value as Record<string, unknown>)[method] = () => "passed";
      },
      TypeError,
      `${name}.${method} can be replaced`,
    );
  }
});

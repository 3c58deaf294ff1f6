// What notebook 2 · Learning-rate decay (02_lr_decay.ipynb) says, recomputed from lib/ with its own parameters cell; see
// tests/_claims.ts for how a claim ties a sentence to its check. The guide's sentences about this notebook are here too.
import assert from "node:assert/strict";
import {
  constant,
  cosineDecay,
  course,
  exercises02,
  exponentialDecay,
  inverseTimeDecay,
  type LearningRate,
  minimize,
  scheduleCurve,
  SGD,
  stepDecay,
  type Trajectory,
  warmup,
} from "../lib/mod.ts";
import { assertBetween, claim, last, meanAndSpread, notebookParams, type Params } from "./_claims.ts";

const guide = "README.md";
const nb2 = "02_lr_decay.ipynb";
const nb2Runs = (p: Params) => {
  const { lr0, steps, stepSize, decayFactor, gamma, k, warmupSteps } = p as Record<string, number>;
  const schedules = {
    step: stepDecay(lr0, { stepSize, gamma: decayFactor }),
    exponential: exponentialDecay(lr0, { gamma }),
    inverse: inverseTimeDecay(lr0, { k }),
    cosine: cosineDecay(lr0, { steps }),
    warmup: warmup(cosineDecay(lr0, { steps: steps - warmupSteps }), { steps: warmupSteps }),
  };
  const runs = Object.fromEntries(
    Object.entries(schedules).map(([name, lr]) => [name, minimize(course, new SGD({ lr }), { steps })]),
  ) as Record<keyof typeof schedules, Trajectory>;
  const above1 = (name: keyof typeof schedules) =>
    Array.from({ length: steps }, (_, t) => schedules[name](t)).filter((r) => r > 1).length;
  const maxY = (name: keyof typeof schedules) => Math.max(...runs[name].points.map((q) => Math.abs(q[1])));
  return { schedules, runs, above1, maxY, steps };
};
claim(nb2, "The constant rate leaves the frame and diverges (the title gives the step).", (p) => {
  const { lr0, steps } = p as { lr0: number; steps: number };
  assert.ok(minimize(course, new SGD({ lr: lr0 }), { steps }).diverged);
});
claim(nb2, "No decayed run diverges", (p) => {
  for (const run of Object.values(nb2Runs(p).runs)) assert.equal(run.diverged, false, run.label);
});
claim(nb2, "Exponential and $1/t$ decay drop below 1 within 2 steps", (p) => {
  const { above1 } = nb2Runs(p);
  assert.ok(above1("exponential") <= 2 && above1("inverse") <= 2, `${above1("exponential")}, ${above1("inverse")}`);
});
claim(nb2, "step decay stays above it for 5 steps and swings out to $|y| \\approx 10.8$, off the plot", (p) => {
  const { above1, maxY } = nb2Runs(p);
  assert.equal(above1("step"), 5);
  assertBetween(maxY("step"), 10.7, 10.9, "step decay's largest |y|");
});
claim(nb2, "The cosine stays above 1 for its first 17 steps ($t = 0, \\dots, 16$)", (p) => {
  const { schedules } = nb2Runs(p);
  for (let t = 0; t <= 16; t++) assert.ok(schedules.cosine(t) > 1, `η_${t} = ${schedules.cosine(t)}`);
  assert.ok(schedules.cosine(17) <= 1);
});
claim(
  nb2,
  "$y$ swings out to $|y| \\approx 96$, far off the plot, and the loss climbs to about 1400 times its start",
  (p) => {
    const { runs, maxY } = nb2Runs(p);
    assertBetween(maxY("cosine"), 95, 97, "the cosine's largest |y|");
    assertBetween(Math.max(...runs.cosine.loss) / runs.cosine.loss[0], 1350, 1450, "largest loss over the start's");
  },
);
claim(nb2, "It ends closest to the minimum (see the table)", (p) => {
  const { runs } = nb2Runs(p);
  const finals = Object.values(runs).map((r) => r.loss.at(-1)!);
  assert.equal(Math.min(...finals), runs.cosine.loss.at(-1), finals.join(", "));
});
claim(nb2, "(final $x \\approx -2.0$, $-2.0$ and $-2.8$)", (p) => {
  const { runs } = nb2Runs(p);
  assert.deepEqual([runs.step, runs.exponential, runs.inverse].map((r) => last(r)[0].toFixed(1)), [
    "-2.0",
    "-2.0",
    "-2.8",
  ]);
  assert.ok(Math.abs(last(runs.cosine)[0]) < 0.2);
});
claim(
  nb2,
  "Warm-up in front of the cosine ends as close as the cosine alone (final loss $\\approx 1.1 \\cdot 10^{-3}$)",
  (p) => {
    const { runs } = nb2Runs(p);
    assertBetween(runs.warmup.loss.at(-1)!, 1.05e-3, 1.15e-3, "warm-up's final loss");
    assertBetween(runs.warmup.loss.at(-1)! / runs.cosine.loss.at(-1)!, 1, 1.05, "warm-up's over the cosine's");
  },
);
claim(nb2, "its 5 small first steps shrink $|y|$ from 2 to about 0.03", (p) => {
  const { runs, maxY } = nb2Runs(p);
  const { warmupSteps } = p as { warmupSteps: number };
  assert.equal(warmupSteps, 5);
  assertBetween(Math.abs(runs.warmup.points[5][1]), 0.025, 0.035, "|y| after the warm-up");
  assert.equal(maxY("warmup"), 2);
  // "The rates above 1 that follow still amplify it about 35-fold, to about 1"
  const later = Math.max(...runs.warmup.points.slice(5).map((q) => Math.abs(q[1])));
  assertBetween(later, 0.9, 1.1, "the largest |y| after the warm-up");
  assertBetween(later / Math.abs(runs.warmup.points[5][1]), 30, 40, "the amplification");
});
claim(nb2, "A schedule that decays quickly has a small sum and stops short.", (p) => {
  const runs = Object.values(nb2Runs(p).runs);
  const bySum = [...runs].sort((a, b) => b.rate.reduce((s, r) => s + r) - a.rate.reduce((s, r) => s + r));
  const distances = bySum.map((r) => Math.abs(last(r)[0]));
  distances.slice(1).forEach((d, i) => assert.ok(d >= distances[i], `|x| by falling Σηₜ: ${distances.join(", ")}`));
});

claim(
  nb2,
  "The dashed line is $\\eta = 1$: above it the valley's $y$ direction diverges (its factor $1 - 2\\eta$ is below $-1$, notebook 1), so every step a schedule spends above the line makes the zig-zag across the valley grow.",
  (p) => {
    const { schedules, steps } = nb2Runs(p);
    // The figure draws the line at 1, and says so in its legend.
    const limit = scheduleCurve(Object.values(schedules), {
      steps,
      limit: { lr: 1, label: "η = 1: above it the valley's y direction diverges" },
    }).data.at(-1)!;
    assert.deepEqual([limit.y, limit.name], [[1, 1], "η = 1: above it the valley's y direction diverges"]);
    assert.match(
      JSON.stringify(JSON.parse(Deno.readTextFileSync(new URL(`../notebooks/${nb2}`, import.meta.url))).cells),
      /limit: \{ lr: 1, label: \\"η = 1: above it the valley's y direction diverges\\" \}/,
    );
    for (const lr of [1.001, 1.05, 1.5]) {
      const y = minimize(course, new SGD({ lr }), { steps: 50 }).points.map((q) => Math.abs(q[1]));
      y.slice(1).forEach((v, t) => assert.ok(v > y[t], `η = ${lr}: |y| grows at step ${t}`));
    }
    assert.equal(minimize(course, new SGD({ lr: 1 }), { steps: 2000 }).diverged, false, "η = 1 bounces");
    // Each step above the line makes |y| grow, each below it makes |y| shrink, in every run of the figure.
    for (const [name, lr] of Object.entries(schedules)) {
      const run = nb2Runs(p).runs[name as keyof typeof schedules];
      run.rate.forEach((rate, t) => {
        const [y0, y1] = [run.points[t][1], run.points[t + 1][1]].map(Math.abs);
        if (y0 > 1e-12) assert.ok(rate > 1 ? y1 > y0 : y1 <= y0, `${name} at t = ${t}: η = ${rate}, |y| ${y0} → ${y1}`);
      });
      assert.equal(lr(0), run.rate[0]);
    }
  },
);
const warmupLengths = [1, 5, 20, 59];
claim(
  nb2,
  "The flat direction $x$ gives up only the ground those first small steps do not cover: the warm-up's rates add up to 36.9 where the cosine's add up to 37.0, and both runs end at $x \\approx -0.15$.",
  (p) => {
    const { runs } = nb2Runs(p);
    const sum = (r: Trajectory) => r.rate.reduce((a, b) => a + b, 0);
    assert.deepEqual([sum(runs.warmup), sum(runs.cosine)].map((v) => v.toFixed(1)), ["36.9", "37.0"]);
    assert.deepEqual([last(runs.warmup)[0], last(runs.cosine)[0]].map((x) => x.toFixed(2)), ["-0.15", "-0.15"]);
    // "while the rate is below 1, every step shrinks the steep direction": y shrinks at each such warm-up step.
    const { warmupSteps } = p as { warmupSteps: number };
    for (let t = 0; t < warmupSteps; t++) {
      const [before, after] = [runs.warmup.points[t][1], runs.warmup.points[t + 1][1]].map(Math.abs);
      if (runs.warmup.rate[t] < 1) assert.ok(after < before, `step ${t}`);
    }
    assert.ok(runs.warmup.rate.slice(0, warmupSteps - 1).every((r) => r < 1), "all but the last warm-up step below 1");
    // Across warmupSteps' range, the warm-up costs the flat direction little.
    const { lr0, steps } = p as { lr0: number; steps: number };
    const cosine = minimize(course, new SGD({ lr: cosineDecay(lr0, { steps }) }), { steps });
    for (const w of warmupLengths) {
      const run = minimize(course, new SGD({ lr: warmup(cosineDecay(lr0, { steps: steps - w }), { steps: w }) }), {
        steps,
      });
      assertBetween(sum(run) / sum(cosine), 0.98, 1, `warmupSteps = ${w}: Σηₜ over the cosine's`);
      assertBetween(last(run)[0] - last(cosine)[0], -0.01, 0.01, `warmupSteps = ${w}: final x against the cosine's`);
    }
  },
  { robust: `warmupSteps at ${warmupLengths.join(", ")}` },
);

const nb2Noise = (p: Params) => {
  const { noise, noiseSteps, floorRates, decayLr0, decayK, noiseGamma, seed } = p as {
    noise: number;
    noiseSteps: number;
    floorRates: number[];
    decayLr0: number;
    decayK: number;
    noiseGamma: number;
    seed: number;
  };
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const run = (lr: LearningRate) => minimize(course, new SGD({ lr }), { steps: noiseSteps, noise, seed });
  const floorRuns = floorRates.map(run);
  const floors = floorRuns.map((r) => mean(r.loss.slice(Math.floor(noiseSteps / 2))));
  const predicted = floorRates.map((lr) => [0.1, 2].reduce((s, l) => s + lr * noise ** 2 / (2 * (2 - lr * l)), 0));
  const [constantRun, inverse, inverseSqrt, expo] = [
    decayLr0,
    inverseTimeDecay(decayLr0, { k: decayK }),
    inverseTimeDecay(decayLr0, { k: decayK, power: 0.5 }),
    exponentialDecay(decayLr0, { gamma: noiseGamma }),
  ].map(run);
  const tail = (r: Trajectory) => mean(r.loss.slice(-Math.floor(noiseSteps / 10)));
  return {
    floorRates,
    floorRuns,
    floors,
    predicted,
    constantRun,
    inverse,
    inverseSqrt,
    expo,
    tail,
    mean,
    decayLr0,
    noiseGamma,
  };
};
claim(nb2, "Each run falls, then jitters around a level and stays there: more steps do not help.", (p) => {
  const { floorRuns, mean } = nb2Noise(p);
  for (const run of floorRuns) {
    const n = run.loss.length;
    const [second, fourth] = [mean(run.loss.slice(n / 4, n / 2)), mean(run.loss.slice((3 * n) / 4))];
    assertBetween(fourth / second, 0.7, 1.3, `${run.label}: last quarter's mean over the second's`);
    assert.ok(second < run.loss[0] / 10, `${run.label} fell`);
  }
});
claim(
  nb2,
  "a twenty times smaller $\\eta$ (0.6 to 0.03) gives a floor 35 to 50 times lower, a slope a little above 1",
  (p) => {
    const { floorRates, floors, predicted } = nb2Noise(p);
    assert.deepEqual([floorRates[0], floorRates.at(-1)], [0.03, 0.6]);
    assertBetween(floors.at(-1)! / floors[0], 35, 50, "measured floor ratio");
    assertBetween(predicted.at(-1)! / predicted[0], 30, 40, "predicted floor ratio");
  },
);
claim(nb2, "The measured floors agree with the prediction to within about 25%, closest at large $\\eta$.", (p) => {
  const { floors, predicted } = nb2Noise(p);
  const gaps = floors.map((f, i) => Math.abs(f / predicted[i] - 1));
  gaps.forEach((g, i) => assert.ok(g <= 0.25, `rate ${i}: ${g}`));
  assert.ok(Math.max(...gaps.slice(-2)) < Math.min(...gaps.slice(0, 2)), `gaps ${gaps}`);
});
claim(
  nb2,
  "$1/t$ decay ends lowest: its mean loss over the last 10% of the run is about 100 times below the constant rate's",
  (p) => {
    const { constantRun, inverse, inverseSqrt, expo, tail } = nb2Noise(p);
    assert.equal(Math.min(...[constantRun, inverse, inverseSqrt, expo].map(tail)), tail(inverse));
    assertBetween(tail(constantRun) / tail(inverse), 50, 200, "constant over 1/t");
    // On each of five more seeds, 1/t ends lowest too.
    const { noise, noiseSteps, decayLr0, decayK, noiseGamma, seed } = p as Record<string, number>;
    for (let s = seed + 1; s <= seed + 5; s++) {
      const tails = [
        decayLr0,
        inverseTimeDecay(decayLr0, { k: decayK }),
        inverseTimeDecay(decayLr0, { k: decayK, power: 0.5 }),
        exponentialDecay(decayLr0, { gamma: noiseGamma }),
      ].map((lr) => tail(minimize(course, new SGD({ lr }), { steps: noiseSteps, noise, seed: s })));
      assert.equal(tails.indexOf(Math.min(...tails)), 1, `seed ${s}: ${tails}`);
    }
  },
  { robust: "five more noise seeds" },
);
claim(nb2, "$1/\\sqrt t$ decay gets below the constant rate's floor, but about 10 times above $1/t$", (p) => {
  const { constantRun, inverse, inverseSqrt, tail } = nb2Noise(p);
  assert.ok(tail(inverseSqrt) < tail(constantRun));
  assertBetween(tail(inverseSqrt) / tail(inverse), 5, 20, "1/√t over 1/t");
});
claim(
  nb2,
  "Its $\\sum \\eta_t^2$ levels off, as Robbins and Monro ask, while its $\\sum \\eta_t$ keeps growing.",
  (p) => {
    const { inverse } = nb2Noise(p);
    const half = Math.floor(inverse.rate.length / 2);
    const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
    const squares = inverse.rate.map((r) => r * r);
    assert.ok(sum(squares.slice(half)) / sum(squares) < 0.02, "Σηₜ² grows by under 2% in the second half");
    assert.ok(sum(inverse.rate.slice(half)) / sum(inverse.rate) > 0.1, "Σηₜ grows by over 10% in the second half");
  },
);
claim(nb2, "its rates add up to at most $\\eta_0/(1 - \\gamma) = 30$, and its $\\sum \\eta_t$ flattens there", (p) => {
  const { expo, decayLr0, noiseGamma } = nb2Noise(p);
  assert.equal(Math.round(decayLr0 / (1 - noiseGamma)), 30);
  assertBetween(expo.rate.reduce((a, b) => a + b, 0), 29.9, 30, "Σηₜ");
});
claim(
  nb2,
  "without noise the run would end at $x = -0.34$. This run ends near $x = -0.5$, with a loss about 10 times that of $1/t$.",
  (p) => {
    const { expo, inverse, tail, decayLr0, noiseGamma } = nb2Noise(p);
    const { noiseSteps } = p as { noiseSteps: number };
    const free = minimize(course, new SGD({ lr: exponentialDecay(decayLr0, { gamma: noiseGamma }) }), {
      steps: noiseSteps,
    });
    assert.equal(free.points.at(-1)![0].toFixed(2), "-0.34");
    assert.equal(expo.points.at(-1)![0].toFixed(1), "-0.5");
    assertBetween(tail(expo) / tail(inverse), 8, 12, "exponential over 1/t");
  },
);
/** Notebook 2's 1/t and exponential runs from `decaySeeds` seeds, as its table below the running sums has them. */
const nb2Spreads = new Map<string, ReturnType<typeof nb2SpreadOf>>();
function nb2SpreadOf(p: Params, gamma: number, seeds: number) {
  const { noise, noiseSteps, decayLr0, decayK, seed } = p as Record<string, number>;
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const of = (lr: LearningRate) => {
    const runs = Array.from(
      { length: seeds },
      (_, i) => minimize(course, new SGD({ lr }), { steps: noiseSteps, noise, seed: seed + i }),
    );
    const xs = runs.map((run) => run.points.at(-1)![0]);
    return {
      runs,
      xs,
      x: meanAndSpread(xs),
      loss: mean(runs.map((run) => mean(run.loss.slice(-Math.floor(noiseSteps / 10))))),
    };
  };
  return {
    inverse: of(inverseTimeDecay(decayLr0, { k: decayK })),
    expo: of(exponentialDecay(decayLr0, { gamma })),
  };
}
const nb2Spread = (p: Params, gamma = p.noiseGamma as number, seeds = p.decaySeeds as number) => {
  const key = `${gamma} ${seeds}`;
  if (!nb2Spreads.has(key)) nb2Spreads.set(key, nb2SpreadOf(p, gamma, seeds));
  return nb2Spreads.get(key)!;
};
claim(
  nb2,
  "With noise it ends anywhere from $-1.91$ to $+0.32$ ($-0.44 \\pm 0.48$ over 20 seeds): some runs end nearer the minimum than the noise-free one, some much farther.",
  (p) => {
    assert.equal(p.decaySeeds, 20);
    const { expo } = nb2Spread(p);
    assert.deepEqual([Math.min(...expo.xs), Math.max(...expo.xs)].map((x) => x.toFixed(2)), ["-1.91", "0.32"]);
    assert.deepEqual([expo.x.mean, expo.x.sd].map((v) => v.toFixed(2)), ["-0.44", "0.48"]);
    assert.ok(expo.xs.some((x) => Math.abs(x) < 0.34) && expo.xs.some((x) => Math.abs(x) > 2 * 0.34));
  },
);
claim(
  nb2,
  "by step 1000 its rate is $0.3 \\cdot 0.99^{1000} \\approx 10^{-5}$, and after that $x$ hardly changes",
  (p) => {
    const { decayLr0, noiseGamma } = p as Record<string, number>;
    assert.equal(Math.round(Math.log10(decayLr0 * noiseGamma ** 1000)), -5);
    for (const run of nb2Spread(p).expo.runs) {
      const x = run.points.map((q) => q[0]);
      assertBetween(x.at(-1)! - x[1000], -0.01, 0.01, `x from step 1000 to the end, ${run.label}`);
    }
  },
  { robust: "on each of the 20 seeds" },
);
claim(
  nb2,
  "Averaged over the seeds, its loss is about 11 times that of $1/t$, whose rates keep adding up: it keeps walking back from wherever the noise pushed it, and its final $x$ is $-0.06 \\pm 0.12$.",
  (p) => {
    const { expo, inverse } = nb2Spread(p);
    assert.equal(Math.round(expo.loss / inverse.loss), 11);
    assert.deepEqual([inverse.x.mean, inverse.x.sd].map((v) => v.toFixed(2)), ["-0.06", "0.12"]);
  },
);
const freezeGammas = [0.99, 0.995, 0.999];
claim(
  nb2,
  "Under noise a run whose $\\sum_t \\eta_t$ is finite freezes wherever the noise left it",
  (p) => {
    // noiseGamma across its range: once the rates still to come add up to under 0.01, x moves by under 0.01, and
    // where that happens differs from seed to seed far more than that.
    for (const gamma of freezeGammas) {
      for (const run of nb2Spread(p, gamma, 5).expo.runs) {
        let left = run.rate.reduce((a, b) => a + b, 0); // the rates still to come, from step t on
        const frozen = run.rate.findIndex((r) => (left -= r) + r < 0.01);
        assert.ok(frozen > 0, `γ = ${gamma}: the rates never run out in ${run.rate.length} steps`);
        const x = run.points.map((q) => q[0]);
        assertBetween(x.at(-1)! - x[frozen], -0.01, 0.01, `γ = ${gamma}, ${run.label}: x after step ${frozen}`);
      }
      const { x } = nb2Spread(p, gamma, 5).expo;
      assert.ok(x.sd > 0.05, `γ = ${gamma}: final x ${x.mean} ± ${x.sd} over 5 seeds`);
    }
  },
  { robust: `noiseGamma at ${freezeGammas.join(", ")}, 5 seeds each` },
);
// The convex bound: its derivation on the notebook's own runs, and the table under it.
claim(
  nb2,
  "Why: a step changes the squared distance to the minimum by $|w_{t+1} - w^*|^2 - |w_t - w^*|^2 = -2\\eta_t\\, g_t \\cdot (w_t - w^*) + \\eta_t^2 |g_t|^2$, and convexity makes the first term at most $-2\\eta_t \\big(f(w_t) - f(w^*)\\big)$; added up over the steps, the distances leave at most $r^2$.",
  (p) => {
    // Without noise the inequality holds step by step, on every exact-gradient run of the notebook (the explosive
    // cosine too): 2Σηₜ(f(wₜ) − f*) ≤ r² + Σηₜ²|gₜ|², and so the bound with L = the largest |gₜ|.
    for (const run of [...Object.values(nb2Runs(p).runs)]) {
      let left = 0;
      let right = 7 ** 2 + 2 ** 2;
      run.rate.forEach((rate, t) => {
        const w = Float64Array.from(run.points[t]);
        const g = course.gradient(w);
        assert.ok(g[0] * w[0] + g[1] * w[1] >= run.loss[t] - 1e-12, `convexity at step ${t}`);
        left += 2 * rate * run.loss[t];
        right += rate ** 2 * (g[0] ** 2 + g[1] ** 2);
        assert.ok(left <= right * (1 + 1e-12), `${run.label} at step ${t}: ${left} > ${right}`);
      });
    }
  },
  { robust: "on each of the five schedules' runs, at every step" },
);
/** The bound's table for the notebook's four noisy runs, from `seed`. */
function boundTable(p: Params, seed = p.seed as number) {
  const { noise, noiseSteps, decayLr0, decayK, noiseGamma } = p as Record<string, number>;
  return [
    constant(decayLr0),
    inverseTimeDecay(decayLr0, { k: decayK }),
    inverseTimeDecay(decayLr0, { k: decayK, power: 0.5 }),
    exponentialDecay(decayLr0, { gamma: noiseGamma }),
  ].map((lr) => {
    const run = minimize(course, new SGD({ lr }), { steps: noiseSteps, noise, seed });
    const sum = run.rate.reduce((a, b) => a + b, 0);
    const squares = run.rate.reduce((a, b) => a + b * b, 0);
    const meanSquares = run.points.slice(0, -1).map((w) => {
      const g = course.gradient(Float64Array.from(w));
      return g[0] ** 2 + g[1] ** 2 + 2 * noise ** 2;
    });
    const L2 = Math.max(...meanSquares);
    const r2 = 7 ** 2 + 2 ** 2;
    return {
      run,
      L2,
      atStart: meanSquares.indexOf(L2) === 0,
      distance: r2 / (2 * sum),
      noiseTerm: L2 * squares / (2 * sum),
      bound: (r2 + L2 * squares) / (2 * sum),
      measured: run.rate.reduce((a, rate, t) => a + rate * run.loss[t], 0) / sum,
    };
  });
}
const boundSeeds = [1, 2, 3, 4, 5];
claim(
  nb2,
  "Every run's weighted average loss is below its bound, by a factor of about 3 (exponential) to 14 (constant)",
  (p) => {
    const [constantRow, , , expRow] = boundTable(p);
    assert.equal(Math.round(expRow.bound / expRow.measured), 3);
    assert.equal(Math.round(constantRow.bound / constantRow.measured), 14);
    for (const seed of boundSeeds) {
      const rows = boundTable(p, seed);
      const ratios = rows.map((row) => row.bound / row.measured);
      ratios.forEach((q, i) => assertBetween(q, 1.5, 25, `seed ${seed}, run ${i}: bound over measured`));
    }
  },
  { robust: `noise seeds ${boundSeeds.join(", ")}` },
);
claim(
  nb2,
  "its $L^2 \\approx 18.5$ comes from the start, where the gradient is largest, not from near the minimum, where the runs spend their time",
  (p) => {
    for (const row of boundTable(p)) {
      assert.equal(row.L2.toFixed(1), "18.5");
      assert.ok(row.atStart, row.run.label);
    }
    // Near the minimum the mean square of a noisy gradient is about 2σ² = 2, a ninth of it.
    const { noise } = p as { noise: number };
    assert.equal(noise, 1);
  },
);
claim(
  nb2,
  "The constant rate's noise term is $L^2\\eta/2 \\approx 2.8$, and it stays there however long the run. Exponential decay's distance term is $r^2/(2 \\cdot 30) \\approx 0.88$, and it stays there too: its rates add up to at most 30.",
  (p) => {
    const [constantRow, , , expRow] = boundTable(p);
    assert.equal(constantRow.noiseTerm.toFixed(1), "2.8");
    assert.equal((constantRow.L2 * 0.3 / 2).toFixed(1), "2.8");
    assert.equal(expRow.distance.toFixed(2), "0.88");
    assert.equal((53 / 60).toFixed(2), "0.88");
  },
);
claim(
  nb2,
  "$1/t$ and $1/\\sqrt t$ end with nearly the same bound (0.79 and 0.76), although $1/t$ ends lower in the tables above.",
  (p) => {
    const [, inverse, inverseSqrt] = boundTable(p);
    assert.deepEqual([inverse.bound, inverseSqrt.bound].map((b) => b.toFixed(2)), ["0.79", "0.76"]);
    const { noiseSteps } = p as { noiseSteps: number };
    const tail = (r: Trajectory) => r.loss.slice(-noiseSteps / 10).reduce((a, b) => a + b, 0) / (noiseSteps / 10);
    assert.ok(tail(inverse.run) < tail(inverseSqrt.run));
  },
);
claim(
  nb2,
  "The bound cannot see why: it knows only that the valley is a bowl, and over longer runs it favours $1/\\sqrt t$ (at a million steps its bound is 0.13, against 0.40 for $1/t$).",
  (p) => {
    const { decayLr0, decayK } = p as Record<string, number>;
    const [L2] = boundTable(p).map((row) => row.L2);
    const bound = (power: number, T: number) => {
      const lr = inverseTimeDecay(decayLr0, { k: decayK, power });
      let [sum, squares] = [0, 0];
      for (let t = 0; t < T; t++) [sum, squares] = [sum + lr(t), squares + lr(t) ** 2];
      return (53 + L2 * squares) / (2 * sum);
    };
    assert.deepEqual([bound(0.5, 1e6), bound(1, 1e6)].map((b) => b.toFixed(2)), ["0.13", "0.40"]);
    // Every tenfold longer run widens the gap: 1/√t's bound falls by more than half, 1/t's by a third or less.
    for (const T of [1e4, 1e5]) {
      assert.ok(bound(0.5, 10 * T) / bound(0.5, T) < 0.5, `1/√t from ${T}`);
      assertBetween(bound(1, 10 * T) / bound(1, T), 0.66, 1, `1/t from ${T}`);
    }
  },
);
claim(
  nb2,
  "What helps $1/t$ here is something the bound does not use: the valley curves upward in every direction, by at least 1/10.",
  (p) => {
    // Curvature along 12 directions: at least 1/10 (the Hessian's smaller eigenvalue), at most 2.
    for (let i = 0; i < 12; i++) {
      const [u, v] = [Math.cos((i * Math.PI) / 12), Math.sin((i * Math.PI) / 12)];
      const g = course.gradient(Float64Array.of(u, v)); // f is quadratic: the curvature along (u, v) is (u, v)·H(u, v)
      assertBetween(g[0] * u + g[1] * v, 0.1 - 1e-12, 2 + 1e-12, `direction ${i * 15}°`);
    }
    // Take most of that curvature away (x²/200 + y², ten times flatter along x) and 1/t loses its lead: far ahead on
    // the valley on each of five seeds, behind on average on the flatter one.
    const { noise, noiseSteps, decayLr0, decayK, seed } = p as Record<string, number>;
    const flatter = {
      ...course,
      id: "flatter",
      f: (w: Float64Array) => w[0] ** 2 / 200 + w[1] ** 2,
      gradient: (w: Float64Array) => Float64Array.of(w[0] / 100, 2 * w[1]),
    };
    const tail = (fn: typeof course, power: number, s: number) => {
      const lr = inverseTimeDecay(decayLr0, { k: decayK, power });
      const loss = minimize(fn, new SGD({ lr }), { steps: noiseSteps, noise, seed: s }).loss;
      return loss.slice(-noiseSteps / 10).reduce((a, b) => a + b, 0) / (noiseSteps / 10);
    };
    const seeds = [0, 1, 2, 3, 4].map((i) => seed + i);
    const lead = (fn: typeof course) => seeds.map((s) => tail(fn, 1, s) / tail(fn, 0.5, s)); // 1/t over 1/√t
    lead(course).forEach((q, i) => assert.ok(q < 0.25, `seed ${seeds[i]}: 1/t over 1/√t on the valley ${q}`));
    const onFlatter = lead(flatter);
    assert.ok(
      onFlatter.reduce((a, b) => a + b) / seeds.length > 1,
      `1/t over 1/√t on the flatter valley: ${onFlatter}`,
    );
  },
  { robust: "12 directions; five noise seeds, on the valley and on one ten times flatter" },
);
claim(
  nb2,
  "$1/\\sqrt t$ decay fails the second condition, but its $\\sum_t \\eta_t^2$ grows like $\\ln t$ and its $\\sum_t \\eta_t$ like $\\sqrt t$, so its bound shrinks too.",
  (p) => {
    const { decayLr0, decayK } = p as Record<string, number>;
    const lr = inverseTimeDecay(decayLr0, { k: decayK, power: 0.5 });
    const sums = (T: number) => {
      let [sum, squares] = [0, 0];
      for (let t = 0; t < T; t++) [sum, squares] = [sum + lr(t), squares + lr(t) ** 2];
      return { sum, squares, bound: (53 + 18.49 * squares) / (2 * sum) };
    };
    const [a, b] = [sums(1e5), sums(1e6)];
    // Ten times the steps: Σηₜ² grows by about ln 10 · η₀²/k, Σηₜ by about √10, and the bound falls.
    assertBetween((b.squares - a.squares) / (Math.LN10 * decayLr0 ** 2 / decayK), 0.98, 1.02, "Σηₜ² like ln t");
    assertBetween(b.sum / a.sum, 3.0, 3.3, "Σηₜ like √t (√10 ≈ 3.16)");
    assert.ok(b.bound < a.bound / 2, `bound ${a.bound} → ${b.bound}`);
  },
);
claim(
  nb2,
  "What the argument uses, on average over the noise, is the mean of $|g_t|^2$ at each step, here $|\\nabla f(w_t)|^2 + 2\\sigma^2$ (two coordinates, each with noise of variance $\\sigma^2$).",
  (p) => {
    // The noisy gradients the constant run used, read back from its steps: gₜ = (wₜ − wₜ₊₁)/η.
    const [constantRow] = boundTable(p);
    const { run } = constantRow;
    const { noise } = p as { noise: number };
    let excess = 0;
    let largest = 0;
    run.rate.forEach((rate, t) => {
      const g = course.gradient(Float64Array.from(run.points[t]));
      const used = [0, 1].map((i) => (run.points[t][i] - run.points[t + 1][i]) / rate);
      const square = used[0] ** 2 + used[1] ** 2;
      excess += square - (g[0] ** 2 + g[1] ** 2);
      largest = Math.max(largest, square);
    });
    assertBetween(excess / run.rate.length, 1.9 * noise ** 2, 2.1 * noise ** 2, "mean of |g̃|² − |∇f|²");
    // "any L is passed now and then": single noisy gradients beyond the table's L.
    assert.ok(largest > constantRow.L2, `largest |g̃|² ${largest} against L² ${constantRow.L2}`);
  },
);

// The teacher's guide on this notebook.
claim(
  guide,
  "1. `myThousandthStep = 66` (5 min): $0.9^t < 0.001 \\iff t > \\ln 0.001 / \\ln 0.9 \\approx 65.6$ ($\\eta_{65} \\approx 0.00127$, $\\eta_{66} \\approx 0.00115$, against $\\eta_0/1000 = 0.0012$); it does not depend on $\\eta_0$, and it is 3 times the 22 steps to a tenth (give or take the rounding). The schedule figure ends at $t = 59$ with the default `steps`, so its hover cannot give it. *Wrong:* 65 (rounds down, or counts $t$ from 1), 22 (a tenth).",
  () => {
    const { lr0, gamma, steps } = notebookParams(nb2) as Record<string, number>;
    const rate = exponentialDecay(lr0, { gamma });
    assert.deepEqual([rate(65), rate(66)].map((v) => v.toPrecision(3)), ["0.00127", "0.00115"]);
    assert.ok(rate(65) >= lr0 / 1000 && rate(66) < lr0 / 1000);
    assert.equal((Math.log(0.001) / Math.log(0.9)).toFixed(1), "65.6");
    assert.ok(rate(21) >= lr0 / 10 && rate(22) < lr0 / 10, "22 steps to a tenth");
    assert.equal(steps - 1, 59, "the schedule figure's last t");
    const check = (answer: number) => exercises02.thousandthStep({ myThousandthStep: answer }, { lr0, gamma }).status;
    assert.equal(check(66), "passed");
    for (const wrong of [65, 22]) assert.equal(check(wrong), "failed", `${wrong}`);
    // "it does not depend on η₀": the same step from the ends of lr0's range.
    for (const start of [0.5, 2]) {
      assert.equal(exercises02.thousandthStep({ myThousandthStep: 66 }, { lr0: start, gamma }).status, "passed");
    }
  },
);
claim(
  nb2,
  "at which step $t$ does the rate $\\eta_t$ first drop below a **thousandth** of $\\eta_0$? Work it out before you look at the figure (with the default knobs it ends before then).",
  (p) => {
    const { lr0, gamma, steps } = p as Record<string, number>;
    const rate = exponentialDecay(lr0, { gamma });
    let t = 0;
    while (rate(t) >= lr0 / 1000) t++;
    assert.ok(t > steps - 1, `step ${t} against the figure's last t = ${steps - 1}`);
  },
);
claim(
  nb2,
  "$\\mathcal N(0, I)$ means each of its coordinates is an independent standard normal number, of mean 0 and variance 1.",
  () => {
    // The noise minimize() adds: at the minimum the gradient is 0, so a step of rate 1 from there is −ξ itself.
    const xs: number[][] = [];
    for (let seed = 0; seed < 2000; seed++) {
      const run = minimize(course, new SGD({ lr: 1 }), { steps: 1, noise: 1, seed, x0: [0, 0] });
      xs.push(Array.from(last(run), (v) => -v));
    }
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    for (const i of [0, 1]) {
      assertBetween(mean(xs.map((x) => x[i])), -0.08, 0.08, `coordinate ${i}'s mean`);
      assertBetween(mean(xs.map((x) => x[i] ** 2)), 0.9, 1.1, `coordinate ${i}'s variance`);
    }
    assertBetween(mean(xs.map((x) => x[0] * x[1])), -0.08, 0.08, "the two coordinates' covariance");
  },
);
claim(
  nb2,
  "squaring the step and averaging over the noise gives $v = (1 - \\eta\\lambda)^2 v + \\eta^2\\sigma^2$ for a variance $v$ that no longer changes; solve for $v$",
  () => {
    // The fixed point of that recursion is the variance the text states, ησ²/(λ(2 − ηλ)), at several η, λ and σ.
    for (const [eta, lambda, sigma] of [[0.1, 0.1, 1], [0.6, 2, 1], [0.9, 2, 3], [0.03, 0.1, 0.1]]) {
      let v = 0;
      for (let i = 0; i < 200000; i++) v = (1 - eta * lambda) ** 2 * v + eta ** 2 * sigma ** 2;
      const stated = eta * sigma ** 2 / (lambda * (2 - eta * lambda));
      assertBetween(v / stated, 1 - 1e-6, 1 + 1e-6, `η = ${eta}, λ = ${lambda}, σ = ${sigma}`);
    }
  },
);
/** Exercise 3's check: the 1/t schedule with 2k, run from (−7, 0), its sum of rates and the fraction of x it keeps. */
function travel(p: Params, kk: number) {
  const { lr0, steps } = p as Record<string, number>;
  const run = minimize(course, new SGD({ lr: inverseTimeDecay(lr0, { k: kk }) }), { steps, x0: [-7, 0] });
  return { sum: run.rate.reduce((a, b) => a + b, 0), kept: last(run)[0] / -7, run };
}
claim(
  guide,
  "3. `myTwiceKTravel ≈ [5.62, 0.563]` (10 min; each number within 3%, or 0.005): with $2k = 1$ the rates $1.2/(1 + t)$ add up to $1.2 \\cdot (1 + \\frac12 + \\dots + \\frac1{60}) \\approx 5.62$, and $x$ keeps the product of its factors $1 - \\eta_t/10$, 0.563 of its start ($e^{-0.562} \\approx 0.570$ also counts).",
  () => {
    const p = notebookParams(nb2);
    const { k } = p as { k: number };
    assert.equal(2 * k, 1);
    const { sum, kept, run } = travel(p, 2 * k);
    let harmonic = 0;
    for (let n = 1; n <= 60; n++) harmonic += 1 / n;
    assert.deepEqual([sum, 1.2 * harmonic].map((v) => v.toFixed(2)), ["5.62", "5.62"]);
    assert.equal(kept.toFixed(3), "0.563");
    assert.equal(run.rate.reduce((x, rate) => x * (1 - rate / 10), 1).toFixed(3), "0.563");
    // The same x as the notebook's run from (−7, 2), which is not stopped at the default knobs.
    const full = minimize(course, new SGD({ lr: inverseTimeDecay(1.2, { k: 1 }) }), { steps: 60 });
    assert.equal(full.diverged, false);
    assertBetween(last(full)[0] / -7 - kept, -1e-12, 1e-12, "x from (−7, 2) against from (−7, 0)");
    assert.equal(Math.exp(-sum / 10).toFixed(3), "0.570");
    assert.ok(Math.abs(0.570 - kept) <= 0.03 * kept, "e^(−Σ/10) within the check's 3%");
  },
);
claim(
  guide,
  "With $k$ itself the rates add up to 8.9 and $x$ keeps 0.40: a faster decay covers less ground. *Wrong:* `[8.9, 0.40]` (the run with $k$, read off the table); about 4.9 for the sum (the integral $1.2 \\ln 61$, which falls short of the sum mostly in its first, largest terms); 0.44 for the fraction ($1 - \\sum_t\\eta_t/10$: the factors added instead of multiplied).",
  () => {
    const p = notebookParams(nb2);
    const { k } = p as { k: number };
    const own = travel(p, k);
    const twice = travel(p, 2 * k);
    assert.deepEqual([own.sum.toFixed(1), own.kept.toFixed(2)], ["8.9", "0.40"]);
    assert.equal((1.2 * Math.log(61)).toFixed(1), "4.9");
    // The first 5 terms hold more than half of the gap between the sum and the integral.
    const gap = (from: number, to: number) => {
      let g = 0;
      for (let t = from; t < to; t++) g += 1.2 / (1 + t) - 1.2 * Math.log((2 + t) / (1 + t));
      return g;
    };
    assert.ok(gap(0, 5) > gap(0, 60) / 2, `${gap(0, 5)} of ${gap(0, 60)}`);
    assert.equal((1 - twice.sum / 10).toFixed(2), "0.44");
    // Each of these wrong answers fails the check (3% or 0.005 on each number).
    const fails = (answer: number[]) =>
      answer.some((a, i) => {
        const e = [twice.sum, twice.kept][i];
        return Math.abs(a - e) > Math.max(0.005, 0.03 * Math.abs(e));
      });
    for (const wrong of [[8.9, 0.4], [4.9, 0.563], [5.62, 0.44]]) assert.ok(fails(wrong), `${wrong} would pass`);
    assert.ok(!fails([5.62, 0.57]), "the approximation e^(−Σ/10) passes");
  },
);
claim(
  guide,
  "At $\\eta = 0.1$ that is nearly proportional to $\\eta$, so halving $\\eta$ about halves the floor (the formula gives 0.49, the check's settled runs 0.44). At $\\eta = 0.9$ the steep direction's factor is $1 - 1.8 = -0.8$: its pull is weak, its floor $0.9/(2 \\cdot 0.2) = 2.25$ dominates, and at 0.45 its factor is 0.1; the floor falls to about an eighth (the formula and the runs both give 0.13).",
  () => {
    const { noise, noiseSteps, seed, floorRates } = notebookParams(nb2) as Record<string, number> & {
      floorRates: number[];
    };
    assert.equal(floorRates[1], 0.1);
    const floorAt = (lr: number) => {
      const length = Math.max(noiseSteps, Math.ceil(40 / (lr * 0.1)));
      const tail = minimize(course, new SGD({ lr }), { steps: length, noise, seed }).loss.slice(Math.floor(length / 2));
      return tail.reduce((a, b) => a + b, 0) / tail.length;
    };
    const predicted = (lr: number) => [0.1, 2].reduce((s, l) => s + lr * noise ** 2 / (2 * (2 - lr * l)), 0);
    const measured = [floorAt(0.05) / floorAt(0.1), floorAt(0.45) / floorAt(0.9)];
    assert.deepEqual(measured.map((v) => v.toFixed(2)), ["0.44", "0.13"]);
    assert.deepEqual([predicted(0.05) / predicted(0.1), predicted(0.45) / predicted(0.9)].map((v) => v.toFixed(2)), [
      "0.49",
      "0.13",
    ]);
    assert.equal(0.9 / (2 * 0.2), 2.25);
    assert.ok(0.9 / (2 * (2 - 0.9 * 2)) > 0.9 / (2 * (2 - 0.9 * 0.1)), "the steep direction's floor dominates");
    assertBetween(measured[1], 1 / 9, 1 / 7, "about an eighth");
    // The check passes the right answer and fails the guide's wrong ones; the right answer holds over other seeds.
    const context = { floorRates, noise, noiseSteps, seed };
    assert.equal(exercises02.halfFloors({ myHalfFloors: [0.44, 0.13] }, context).status, "passed");
    for (const wrong of [[0.5, 0.5], [0.25, 0.25], [1, 1]]) {
      assert.equal(exercises02.halfFloors({ myHalfFloors: wrong }, context).status, "failed", `${wrong}`);
    }
    for (const other of [2, 3, 4]) {
      const at = { ...context, seed: other };
      assert.equal(exercises02.halfFloors({ myHalfFloors: [0.49, 0.13] }, at).status, "passed", `seed ${other}`);
      assert.equal(exercises02.halfFloors({ myHalfFloors: [0.5, 0.5] }, at).status, "failed", `seed ${other}`);
    }
  },
  { robust: "seeds 2 to 4" },
);
claim(
  guide,
  "5. `myPowerEnds = [0.5, 1, 1, 2]` (5 min): $\\sum_t 1/t^p = \\infty$ needs $p \\le 1$ and $\\sum_t 1/t^{2p} < \\infty$ needs $2p > 1$, so $1/2 < p \\le 1$.",
  () => {
    const { decayLr0, decayK, noiseSteps } = notebookParams(nb2) as Record<string, number>;
    const context = { decayLr0, decayK, noiseSteps };
    assert.equal(exercises02.powerEnds({ myPowerEnds: [0.5, 1, 1, 2] }, context).status, "passed");
    for (const wrong of [[0.5, 1, 2, 2], [1, 1, 2, 2], [0, 1, 2, 2], [0.5, 1]]) {
      assert.equal(exercises02.powerEnds({ myPowerEnds: wrong }, context).status, "failed", `${wrong}`);
    }
    // The running sums hint at it: over a run's second half, p = 1/2's squares keep growing by about as much as
    // p = 1's rates (both like ln t), p = 1's squares hardly grow.
    const growth = (power: number, square: boolean) => {
      const rate = inverseTimeDecay(decayLr0, { k: decayK, power });
      const values = Array.from({ length: noiseSteps }, (_, t) => rate(t) ** (square ? 2 : 1));
      const half = values.slice(0, noiseSteps / 2).reduce((a, b) => a + b, 0);
      return values.reduce((a, b) => a + b, 0) / half - 1;
    };
    assert.ok(growth(0.5, true) > 0.1 && growth(1, false) > 0.1, "ln t growth at p = 1/2 (squares) and p = 1 (rates)");
    assert.ok(growth(1, true) < 0.01, `p = 1's squares grow ${growth(1, true)}`);
  },
);
claim(
  nb2,
  "The legends name each schedule as `lib/` does, by its call: there `gamma` is $\\gamma_s$ in `stepDecay(…, stepSize=5, gamma=0.5)` and $\\gamma$ in `exponentialDecay(…)`, `endLr` is $\\eta_{min}$, and a warm-up names the cosine it leads into, `warmup(cosineDecay(…), steps=5)`.",
  (p) => {
    const { lr0, steps, gamma, warmupSteps, stepSize, decayFactor } = p as Record<string, number>;
    assert.deepEqual([stepSize, decayFactor, warmupSteps], [5, 0.5, 5], "the sentence shows the default knobs");
    assert.equal(stepDecay(lr0, { stepSize, gamma: decayFactor }).name, `stepDecay(${lr0}, stepSize=5, gamma=0.5)`);
    assert.equal(exponentialDecay(lr0, { gamma }).name, `exponentialDecay(${lr0}, gamma=${gamma})`);
    assert.equal(cosineDecay(lr0, { steps }).name, `cosineDecay(${lr0}, steps=${steps}, endLr=${lr0 / 100})`);
    assert.match(
      warmup(cosineDecay(lr0, { steps: steps - warmupSteps }), { steps: warmupSteps }).name,
      /^warmup\(cosineDecay\(.*\), steps=5\)$/,
    );
  },
);

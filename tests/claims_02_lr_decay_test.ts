// What notebook 2 · Learning-rate decay (02_lr_decay.ipynb) says, recomputed from lib/ with its own parameters cell; see
// tests/_claims.ts for how a claim ties a sentence to its check. The guide's sentences about this notebook are here too.
import assert from "node:assert/strict";
import {
  Adam,
  cosineDecay,
  course,
  exponentialDecay,
  inverseTimeDecay,
  type LearningRate,
  loadDigits,
  minimize,
  MultiLayerNet,
  SGD,
  stepDecay,
  train,
  type Trajectory,
  warmup,
} from "../lib/mod.ts";
import {
  assertBetween,
  claim,
  last,
  meanAndSpread,
  notebook,
  notebookParams,
  type Params,
  type Rates,
} from "./_claims.ts";

const nb6 = "06_comparing_optimizers.ipynb";
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
claim(
  nb2,
  "Adam's first step moves every weight by about $\\eta$, however large or small its gradient, unless the gradient is tiny (below about $10^{-4}$) or zero",
  () => {
    const g = Float64Array.from({ length: 12 }, (_, i) => (i % 2 ? -1 : 1) * 10 ** (i - 6)); // 1e-6 … 1e5
    for (const lr of [0.001, 0.03]) {
      const w = new Float64Array(g.length);
      new Adam({ lr }).update(w, g);
      w.forEach((v, i) => {
        const ratio = Math.abs(v) / lr;
        if (Math.abs(g[i]) >= 1e-4) assertBetween(ratio, 0.96, 1.0001, `|g| = ${Math.abs(g[i])}`);
        else assert.ok(ratio < 0.8, `|g| = ${Math.abs(g[i])} is tiny, and its step ${ratio}·η`);
      });
    }
  },
  { robust: "gradients from 1e-6 to 1e5, η = 0.001 and 0.03" },
);
claim(
  nb2,
  "So at $\\eta = 0.03$ the first update moves about two thirds of the network's 109,810 weights by about 0.03 each, in directions one batch's gradient chose; almost all the others get a gradient of exactly 0 from that batch.",
  (p) => {
    const { warmupLr } = p as { warmupLr: number };
    const digits = loadDigits({ train: 5000, test: 1000 });
    const net = new MultiLayerNet();
    const g = new Float64Array(net.params.length);
    net.lossAndGradient(digits.train.images.slice(0, 128 * 784), digits.train.labels.slice(0, 128), g);
    const before = Float64Array.from(net.params);
    new Adam({ lr: warmupLr }).update(net.params, g);
    const moved = net.params.filter((w, i) => Math.abs(w - before[i]) > 0.9 * warmupLr).length;
    const still = g.filter((v) => v === 0).length;
    assert.equal(net.params.length, 109810);
    assertBetween(moved / net.params.length, 0.6, 0.72, "share moved by about η");
    assertBetween((net.params.length - moved - still) / net.params.length, 0, 0.05, "share neither");
  },
);
claim(
  nb2,
  "At the rate notebook 6's sweep finds best for Adam, ten times smaller, warm-up makes no visible difference.",
  (p) => {
    // notebook 6: "Adam has the lowest mean loss, at three times its default rate", and its warm-up claim there.
    const { raceRates } = notebookParams(nb6) as { raceRates: Rates };
    assert.equal(Number((p.warmupLr as number / (3 * raceRates.Adam)).toFixed(9)), 10);
    assert.ok(notebook(nb6).prose.includes("At this rate the warm-up makes no visible difference at the start"));
  },
);
claim(nb2, "Without warm-up, Adam at $\\eta = 0.03$ sends the loss up to about 10 in its first updates", (p) => {
  const { warmupLr, netWarmupSteps, netSteps } = p as Record<string, number>;
  assert.equal(warmupLr, 0.03);
  const digits = loadDigits({ train: 5000, test: 1000 });
  const net = new MultiLayerNet();
  const [cold, warm] = [warmupLr, warmup(warmupLr, { steps: netWarmupSteps })].map((lr) =>
    train(net, new Adam({ lr }), digits, { steps: netSteps, batchSize: 128 })
  );
  const peak = Math.max(...cold.loss);
  assertBetween(peak, 8, 12, "the highest batch loss without warm-up");
  assert.ok(cold.loss.indexOf(peak) < 20, `at update ${cold.loss.indexOf(peak)}`);
  assert.ok(peak > Math.log(10) * 3, "far above ln 10");
  // "with 100 steps of warm-up the loss never climbs above its start. Both end about equally well here"
  assert.equal(Math.max(...warm.loss), warm.loss[0]);
  assertBetween(Math.abs(cold.testAccuracy - warm.testAccuracy), 0, 0.02, "test accuracies' gap");
  const tail = (loss: number[]) => loss.slice(-50).reduce((a, b) => a + b, 0) / 50;
  assertBetween(tail(cold.loss) / tail(warm.loss), 0.7, 1.4, "last 50 updates' loss, without over with warm-up");
});

// The teacher's guide on this notebook.
claim(guide, "1. `myTenthStep = 22` (5 min): $0.9^t < 0.1 \\iff t > \\ln 0.1 / \\ln 0.9 \\approx 21.9$", () => {
  const { lr0, gamma } = notebookParams(nb2) as { lr0: number; gamma: number };
  const rate = exponentialDecay(lr0, { gamma });
  assert.ok(rate(21) >= lr0 / 10 && rate(22) < lr0 / 10, `${rate(21)}, ${rate(22)}`);
  assert.equal((Math.log(0.1) / Math.log(0.9)).toFixed(1), "21.9");
});
claim(
  guide,
  "with $k = 1$ the rates sum to $\\sum_t \\eta_t \\approx 5.6$ instead of 8.9, and the run ends 3.9 from the minimum instead of 2.8",
  () => {
    const { lr0, k, steps } = notebookParams(nb2) as { lr0: number; k: number; steps: number };
    const [slow, fast] = [k, 2 * k].map((kk) =>
      minimize(course, new SGD({ lr: inverseTimeDecay(lr0, { k: kk }) }), { steps })
    );
    const sum = (r: Trajectory) => r.rate.reduce((a, b) => a + b);
    assert.deepEqual([sum(fast), sum(slow)].map((v) => v.toFixed(1)), ["5.6", "8.9"]);
    assert.deepEqual([fast, slow].map((r) => Math.hypot(...last(r)).toFixed(1)), ["3.9", "2.8"]);
  },
);
claim(guide, "the check's runs are long enough to settle, and their averages land at 0.44 here", () => {
  const { noise, noiseSteps, seed, floorRates } = notebookParams(nb2) as Record<string, number> & {
    floorRates: number[];
  };
  const floorAt = (lr: number) => {
    const length = Math.max(noiseSteps, Math.ceil(40 / (lr * 0.1)));
    const tail = minimize(course, new SGD({ lr }), { steps: length, noise, seed }).loss.slice(Math.floor(length / 2));
    return tail.reduce((a, b) => a + b, 0) / tail.length;
  };
  assert.equal((floorAt(floorRates[1] / 2) / floorAt(floorRates[1])).toFixed(2), "0.44");
  // "the formula gives 0.49"
  const predicted = (lr: number) => [0.1, 2].reduce((s, l) => s + lr / (2 * (2 - lr * l)), 0);
  assert.equal((predicted(floorRates[1] / 2) / predicted(floorRates[1])).toFixed(2), "0.49");
});

// The claims of notebook 6 about its race on the MNIST digits (MultiLayerNet, several optimizers, a learning-rate
// sweep over seeds, warm-up and cosine decay), recomputed from lib/ with the notebook's own parameters cell. They
// train networks for about 40 s of CPU, so they have a file of their own outside the fast tier (deno.json,
// test:kernel); every other claim is in tests/claims_NN_<notebook>_test.ts.
import assert from "node:assert/strict";
import { Adam, cosineDecay, loadDigits, makeOptimizers, MultiLayerNet, train, warmup } from "../lib/mod.ts";
import { assertBetween, claim, notebookParams, type Params } from "./_claims.ts";

const nb6 = "06_comparing_optimizers.ipynb";

// The deep-network race of notebook 6, computed once for the claims below.
let nb6RaceCache: ReturnType<typeof nb6RaceCompute> | undefined;
const nb6Race = (p: Params) => (nb6RaceCache ??= nb6RaceCompute(p));
function nb6RaceCompute(p: Params) {
  const { raceRates, raceSteps, raceBatch, sweepRates, sweepSeeds, sweepSteps, trainSize, testSize } = p as {
    raceRates: Record<"SGD" | "Momentum" | "AdaGrad" | "Adam", number>;
    raceSteps: number;
    raceBatch: number;
    sweepRates: number[];
    sweepSeeds: number[];
    sweepSteps: number;
    trainSize: number;
    testSize: number;
  };
  const digits = loadDigits({ train: trainSize, test: testSize });
  const last20 = (loss: number[]) => loss.slice(-20).reduce((a, b) => a + b, 0) / Math.min(20, loss.length);
  const deepNet = new MultiLayerNet();
  const race = makeOptimizers(raceRates).map((o) =>
    train(deepNet, o, digits, { steps: raceSteps, batchSize: raceBatch })
  );
  const names = Object.keys(raceRates) as (keyof typeof raceRates)[];
  const sweep = Object.fromEntries(names.map((name) => [
    name,
    sweepRates.map((lr) => {
      const losses = sweepSeeds.map((seed) =>
        last20(
          train(new MultiLayerNet({ seed }), makeOptimizers({ [name]: lr })[0], digits, {
            steps: sweepSteps,
            batchSize: raceBatch,
            seed,
          }).loss,
        )
      );
      const mean = losses.reduce((a, b) => a + b, 0) / losses.length;
      return { lr, mean, sd: Math.sqrt(losses.reduce((a, b) => a + (b - mean) ** 2, 0) / losses.length), losses };
    }),
  ])) as Record<keyof typeof raceRates, { lr: number; mean: number; sd: number; losses: number[] }[]>;
  const best = (name: keyof typeof raceRates) => sweep[name].reduce((a, b) => (b.mean < a.mean ? b : a));
  const atDefault = (name: keyof typeof raceRates) => sweep[name].find((q) => q.lr === raceRates[name])!;
  const adamBest = best("Adam").lr;
  const warm = Math.round(raceSteps / 10);
  const scheduled = [adamBest, warmup(cosineDecay(adamBest, { steps: raceSteps - warm }), { steps: warm })].map((lr) =>
    train(deepNet, makeOptimizers({ Adam: lr })[0], digits, { steps: raceSteps, batchSize: raceBatch })
  );
  return { race, names, sweep, best, atDefault, scheduled, last20, raceRates, digits, deepNet };
}
claim(nb6, "As in the book's figure, plain SGD at $\\eta = 0.01$ lags far behind", (p) => {
  const { race, last20 } = nb6Race(p);
  const [sgd, ...others] = race.map((r) => last20(r.loss));
  others.forEach((v) => assert.ok(sgd > 4 * v, `SGD ${sgd}, other ${v}`));
});
claim(
  nb6,
  "SGD's best rate is ten times its default: at $\\eta = 0.1$ its loss is about four times lower than at $\\eta = 0.01$",
  (p) => {
    const { best, atDefault } = nb6Race(p);
    assert.equal(best("SGD").lr, 0.1);
    assertBetween(atDefault("SGD").mean / best("SGD").mean, 3.3, 4.7, "SGD default over best");
  },
);
claim(
  nb6,
  "its gap to the best of the others shrinks from about seven-fold (at the defaults) to about two-fold",
  (p) => {
    const { best, atDefault, names } = nb6Race(p);
    const others = names.filter((n) => n !== "SGD");
    assertBetween(atDefault("SGD").mean / Math.min(...others.map((n) => atDefault(n).mean)), 6, 8.5, "gap at defaults");
    assertBetween(best("SGD").mean / Math.min(...others.map((n) => best(n).mean)), 1.7, 2.7, "gap at best rates");
  },
);
claim(
  nb6,
  "Adam has the lowest mean loss, at three times its default rate, and AdaGrad, which led at the defaults, has a higher one (but see the bars, last point)",
  (p) => {
    const { best, atDefault, names, raceRates } = nb6Race(p);
    assert.equal(names.reduce((a, b) => (best(b).mean < best(a).mean ? b : a)), "Adam");
    assert.equal(best("Adam").lr, 3 * raceRates.Adam);
    assert.equal(names.reduce((a, b) => (atDefault(b).mean < atDefault(a).mean ? b : a)), "AdaGrad");
  },
);
claim(
  nb6,
  "AdaGrad and Adam at $\\eta = 0.1$ and above end with losses far above the start's 2.4, from every seed",
  (p) => {
    const { sweep, race } = nb6Race(p);
    assert.equal(race[0].loss[0].toFixed(1), "2.4");
    for (const name of ["AdaGrad", "Adam"] as const) {
      sweep[name].filter((q) => q.lr >= 0.1).forEach((q) =>
        q.losses.forEach((loss, s) => assert.ok(loss > 2 * 2.4, `${name} at ${q.lr}, seed ${s}: ${loss}`))
      );
    }
  },
);
claim(
  nb6,
  "Momentum at 0.3 blows up from one seed in three, far above 2.4, and ends below 2.4 from the other two: its long bar is that one seed.",
  (p) => {
    const { sweep, names } = nb6Race(p);
    const at = sweep.Momentum.find((q) => q.lr === 0.3)!;
    assert.equal(at.losses.filter((loss) => loss > 2 * 2.4).length, 1, `Momentum at 0.3: ${at.losses}`);
    assert.equal(at.losses.filter((loss) => loss < 2.4).length, at.losses.length - 1, `Momentum at 0.3: ${at.losses}`);
    const longest = Math.max(...names.flatMap((n) => sweep[n].map((q) => (Number.isFinite(q.sd) ? q.sd : 0))));
    assert.equal(at.sd, longest, "the longest bar of the figure");
  },
);
claim(
  nb6,
  "The cell trains 72 networks (4 optimizers × 6 rates × 3 seeds at the default knobs)",
  (p) => {
    const { sweepRates, sweepSeeds, raceRates } = p as {
      sweepRates: number[];
      sweepSeeds: number[];
      raceRates: object;
    };
    assert.deepEqual([Object.keys(raceRates).length, sweepRates.length, sweepSeeds.length], [4, 6, 3]);
  },
);
claim(nb6, "Try a larger rate, `warmupLr` (at the default knobs ten times Adam's best rate from the sweep)", (p) => {
  const { best } = nb6Race(p);
  const { warmupLr } = p as { warmupLr: number };
  assertBetween(warmupLr / best("Adam").lr, 10 - 1e-9, 10 + 1e-9, "warmupLr over Adam's best rate");
});
claim(
  nb6,
  "The bars are about 0.02 to 0.04: small next to SGD's gap, but as large as the gap between Adam (about 0.21) and AdaGrad (about 0.25)",
  (p) => {
    const { best, names } = nb6Race(p);
    names.forEach((n) => assertBetween(best(n).sd, 0.015, 0.045, `${n}'s spread`));
    assert.deepEqual([best("Adam").mean, best("AdaGrad").mean].map((v) => v.toFixed(2)), ["0.21", "0.25"]);
    assert.ok(best("AdaGrad").mean - best("Adam").mean < best("AdaGrad").sd + best("Adam").sd);
  },
);
claim(
  nb6,
  "SGD closes most of the gap, and Adam's mean loss is the lowest, though three seeds do not separate it from AdaGrad's",
  (p) => {
    const { best, names } = nb6Race(p);
    assert.equal(names.reduce((a, b) => (best(b).mean < best(a).mean ? b : a)), "Adam");
    assert.ok(best("AdaGrad").mean - best("Adam").mean < best("AdaGrad").sd + best("Adam").sd, "the bars overlap");
  },
);
claim(
  nb6,
  "Warm-up and cosine decay end with a lower training loss than the constant rate and a test accuracy at least as high",
  (p) => {
    const { scheduled, last20 } = nb6Race(p);
    const [constantRun, scheduledRun] = scheduled;
    assert.ok(last20(scheduledRun.loss) < last20(constantRun.loss));
    assert.ok(scheduledRun.testAccuracy >= constantRun.testAccuracy);
  },
);
claim(
  nb6,
  "At this rate the warm-up makes no visible difference at the start: neither run's batch loss ever rises above its first.",
  (p) => {
    for (const run of nb6Race(p).scheduled) assert.equal(Math.max(...run.loss), run.loss[0], run.label);
  },
);

// The warm-up on the deep network (it was notebook 2's, before Adam was introduced).
let nb6WarmupCache: ReturnType<typeof nb6WarmupCompute> | undefined;
const nb6Warmup = (p: Params) => (nb6WarmupCache ??= nb6WarmupCompute(p));
function nb6WarmupCompute(p: Params) {
  const { warmupLr, netWarmupSteps, netSteps, raceBatch } = p as Record<string, number>;
  const { digits, deepNet } = nb6Race(p);
  const [cold, warm] = [warmupLr, warmup(warmupLr, { steps: netWarmupSteps })].map((lr) =>
    train(deepNet, makeOptimizers({ Adam: lr })[0], digits, { steps: netSteps, batchSize: raceBatch })
  );
  return { cold, warm };
}
claim(nb6, "Without warm-up, Adam at $\\eta = 0.03$ sends the loss up to about 10 in its first updates", (p) => {
  const { warmupLr } = p as { warmupLr: number };
  assert.equal(warmupLr, 0.03);
  const { cold, warm } = nb6Warmup(p);
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
claim(
  nb6,
  "So at $\\eta = 0.03$ the first update moves about two thirds of the network's 109,810 weights by about 0.03 each, in directions one batch's gradient chose; almost all the others get a gradient of exactly 0 from that batch.",
  (p) => {
    const { warmupLr, raceBatch } = p as Record<string, number>;
    const { digits } = nb6Race(p);
    const net = new MultiLayerNet();
    const g = new Float64Array(net.params.length);
    net.lossAndGradient(digits.train.images.slice(0, raceBatch * 784), digits.train.labels.slice(0, raceBatch), g);
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
  nb6,
  "At the rate the sweep above finds best for Adam, ten times smaller, warm-up makes no visible difference: the table before this one.",
  (p) => {
    const { best } = nb6Race(p);
    assert.equal(Number(((p.warmupLr as number) / best("Adam").lr).toFixed(9)), 10);
    // The table before: warm-up and cosine at Adam's best rate, neither batch loss above its first (claimed above).
    for (const run of nb6Race(p).scheduled) assert.equal(Math.max(...run.loss), run.loss[0], run.label);
  },
);
claim(
  nb6,
  "Warm-up starts small. Adam's first step moves every weight by about $\\eta$ (notebook 5), so at a large $\\eta$ the deep network's loss jumps in its first updates; warm-up keeps it down, and at Adam's best rate from the sweep it makes no visible difference.",
  (p) => {
    const { cold, warm } = nb6Warmup(p);
    assert.ok(Math.max(...cold.loss.slice(0, 20)) > 3 * cold.loss[0], "the loss jumps without warm-up");
    assert.equal(Math.max(...warm.loss), warm.loss[0], "warm-up keeps it down");
    for (const run of nb6Race(p).scheduled) assert.equal(Math.max(...run.loss), run.loss[0], run.label);
  },
);
claim(
  "README.md",
  "Warm-up on the deep network: Adam's first step moves every weight by about $\\eta$, so at $\\eta = 0.03$ the loss jumps to about 10 without it; at Adam's tuned rate it makes no visible difference.",
  (_p) => {
    const p = notebookParams(nb6);
    assert.equal(p.warmupLr, 0.03);
    const { cold } = nb6Warmup(p);
    assertBetween(Math.max(...cold.loss), 8, 12, "the highest batch loss without warm-up");
    for (const run of nb6Race(p).scheduled) assert.equal(Math.max(...run.loss), run.loss[0], run.label);
  },
);

// The shape of lib/, checked: private files stay in their folder, the optimizers a student reads import nothing of
// the networks or of the fast kernels, the kernels serve the networks only, and lib/mod.ts names exactly the exports
// below (what the notebooks and the README use, plus the extension points: Optimizer, TestFunction, Schedule, Figure).
import assert from "node:assert/strict";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import * as front from "../lib/mod.ts";

const lib = fileURLToPath(new URL("../lib/", import.meta.url));

/** Every .ts file under lib/, relative to it. */
function libFiles(dir = lib): string[] {
  return [...Deno.readDirSync(dir)].flatMap((e) =>
    e.isDirectory ? libFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [relative(lib, join(dir, e.name))] : []
  );
}

/** Each relative import or re-export of lib/ (the file, what it imports, both relative to lib/); doc examples left out. */
function imports(): { from: string; to: string }[] {
  return libFiles().flatMap((file) => {
    const code = Deno.readTextFileSync(join(lib, file)).split("\n").filter((line) => !/^\s*\*/.test(line)).join("\n");
    return [...code.matchAll(/(?:import|export)[^"']*?from\s*["'](\.[^"']+)["']/g)].map((m) => ({
      from: file,
      to: relative(lib, join(lib, dirname(file), m[1])),
    }));
  });
}

Deno.test("a private file (_name.ts) of lib/ is imported only from its own folder or a folder below it", () => {
  const wrong = imports().filter(({ from, to }) => {
    const name = to.split("/").at(-1)!;
    const home = dirname(to);
    return name.startsWith("_") && !(dirname(from) === home || home === "." || dirname(from).startsWith(`${home}/`));
  });
  assert.deepEqual(wrong, []);
});

Deno.test("tests/ and bench/ import no private file (_name.ts) of lib/", () => {
  const wrong = ["tests", "bench"].flatMap((folder) =>
    [...Deno.readDirSync(new URL(`../${folder}/`, import.meta.url))].filter((e) => e.name.endsWith(".ts")).flatMap((
      e,
    ) =>
      [
        ...Deno.readTextFileSync(new URL(`../${folder}/${e.name}`, import.meta.url)).matchAll(
          /from\s*["']\.\.\/lib\/([^"']+)["']/g,
        ),
      ]
        .filter((m) => m[1].split("/").some((part) => part.startsWith("_")))
        .map((m) => `${folder}/${e.name} imports lib/${m[1]}`)
    )
  );
  assert.deepEqual(wrong, []);
});

Deno.test("lib/optim/ imports nothing from lib/nn/ or lib/kernels/: the loop a student reads is the loop that runs", () => {
  const wrong = imports().filter(({ from, to }) => from.startsWith("optim/") && /^(nn|kernels)\//.test(to));
  assert.deepEqual(wrong, []);
  const all = imports().filter(({ from }) => from.startsWith("optim/"));
  assert.ok(all.length > 10, `found only ${all.length} imports in lib/optim/: is the pattern still right?`);
});

Deno.test("lib/kernels/ is used by lib/nn/ only", () => {
  const users = imports().filter(({ from, to }) => to.startsWith("kernels/") && !from.startsWith("kernels/"));
  assert.deepEqual([...new Set(users.map(({ from }) => dirname(from)))], ["nn"]);
});

const values = [
  "AdaGrad",
  "Adam",
  "animationPlot",
  "checkAdaGradStep",
  "checkAdamStep",
  "checkCentralDifference",
  "checkKnobs",
  "checkStepDecay",
  "colorsOf",
  "constant",
  "cosineDecay",
  "course",
  "d2lBowl",
  "effectiveRateCurve",
  "exercises00",
  "exercises01",
  "exercises02",
  "exercises03",
  "exercises04",
  "exercises05",
  "exercises06",
  "exercises07",
  "exercises08",
  "exerciseSummary",
  "exponentialDecay",
  "figureDefaults",
  "gradeExercises",
  "inverseTimeDecay",
  "linePlot",
  "loadDigits",
  "loadPlotly",
  "LogisticRegression",
  "lossCurve",
  "lrSlider",
  "makeOptimizer",
  "makeOptimizers",
  "minimize",
  "Momentum",
  "MultiLayerNet",
  "Nesterov",
  "numericalGradient",
  "Optimizer",
  "optimizerNames",
  "panelsPlot",
  "parabola",
  "pathPlot",
  "playground",
  "predict",
  "RMSProp",
  "rosenbrock",
  "rotatedValley",
  "saddle",
  "scheduleCurve",
  "SGD",
  "show",
  "sparseFeatures",
  "sparseFeatureWeights",
  "stepDecay",
  "stepLengthCurve",
  "stepsToReach",
  "table",
  "testFunctions",
  "turnedSaddle",
  "train",
  "trainingCurve",
  "TwoLayerNet",
  "warmup",
];
const types = [
  "AdaGradStepCheckOptions",
  "AdaGradStepFunction",
  "AdamSettings",
  "AdamStepCheckOptions",
  "AdamStepFunction",
  "AnimationPlotOptions",
  "Answer",
  "Arrival",
  "CommonerFactorContext",
  "ComparingContext",
  "Exercises05",
  "Exercises06",
  "Exercises07",
  "FirstRmsStepsContext",
  "FirstStepXContext",
  "RarerSgdContext",
  "RevealContext",
  "SparseKnobs",
  "SweepRow",
  "Cell",
  "Colored",
  "CentralDifferenceCheckOptions",
  "CentralDifferenceFunction",
  "CosineDecayOptions",
  "CurveOptions",
  "Digits",
  "Divergence",
  "ExerciseCheck",
  "Exercises00",
  "Exercises00Context",
  "Exercises01",
  "Exercises02",
  "Exercises01LargeContext",
  "Exercises01SmallContext",
  "Exercises02ExponentialContext",
  "Exercises02FloorContext",
  "Exercises02InverseTimeContext",
  "Exercises02PowerContext",
  "ExerciseStatus",
  "ExerciseSummary",
  "ExponentialDecayOptions",
  "Figure",
  "FigureDefaults",
  "FigureOptions",
  "InverseTimeDecayOptions",
  "KnobRange",
  "KnobValue",
  "LearningRate",
  "LinePlotOptions",
  "LoadDigitsOptions",
  "LossCurveOptions",
  "LrSliderOptions",
  "MimeBundle",
  "MinimizeOptions",
  "Network",
  "NumberRange",
  "OptimizerName",
  "OptimizerSettings",
  "PanelsPlotOptions",
  "PathPlotOptions",
  "Playground",
  "PlaygroundOptions",
  "PlaygroundSchedule",
  "PlaygroundSettings",
  "PredictOptions",
  "Range",
  "Schedule",
  "ScheduleCurveOptions",
  "ScheduleKind",
  "Series",
  "Shown",
  "SparseData",
  "SparseFeaturesOptions",
  "StepDecayCheckOptions",
  "StepDecayFunction",
  "StepDecayOptions",
  "TableOptions",
  "TestFunction",
  "Trace",
  "TrainingCurveOptions",
  "TrainingRun",
  "TrainOptions",
  "Trajectory",
  "WarmupOptions",
];

Deno.test("lib/mod.ts exports exactly the values the notebooks and the README use, and the extension points", () => {
  assert.deepEqual(Object.keys(front).sort(), [...values].sort());
});

Deno.test("lib/mod.ts names every export, types included, and re-exports no folder wholesale", () => {
  const text = Deno.readTextFileSync(join(lib, "mod.ts"));
  assert.doesNotMatch(text, /export \*/);
  const named = [...text.matchAll(/export \{([^}]*)\}/g)].flatMap((m) => m[1].split(",")).map((s) => s.trim())
    .filter((s) => s !== "");
  assert.deepEqual(named.filter((s) => s.startsWith("type ")).map((s) => s.slice(5)).sort(), [...types].sort());
  assert.deepEqual(named.filter((s) => !s.startsWith("type ")).sort(), [...values].sort());
});

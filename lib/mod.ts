/**
 * Learning rates and AdaGrad, in code a student can read: the optimizers of
 * Saito's *Deep Learning from Scratch* (SGD, Momentum, Nesterov, AdaGrad,
 * RMSProp, Adam), the numerical gradient, learning-rate schedules, test
 * functions, a run loop that records the path, and Plotly figures that show
 * it inline in a Deno Jupyter notebook.
 *
 * One folder per concept, each with its own `mod.ts`; this file names what
 * the notebooks and the README use, and the extension points (the
 * {@linkcode Optimizer} base class, the {@linkcode TestFunction},
 * {@linkcode Schedule} and {@linkcode Figure} types). Everything else stays in
 * its folder.
 *
 * - `optim/`: the optimizers, their table, and the schedules;
 * - `landscape/`: the test functions and the numerical gradient;
 * - `run/`: the run loop, {@linkcode minimize};
 * - `nn/`: the digits, the networks, logistic regression on sparse features,
 *   and the training loop {@linkcode train};
 * - `kernels/`: the networks' matrix products, as plain loops and in
 *   WebAssembly SIMD (used by `nn/` only);
 * - `plot/`: the figure builders, their defaults and colours, and display in
 *   Jupyter;
 * - `notebook/`: {@linkcode table}, {@linkcode checkKnobs} for the parameters
 *   cell, and the exercises' checks ({@linkcode predict} and the implement-it
 *   checks such as {@linkcode checkAdaGradStep}; {@linkcode gradeExercises},
 *   the switch of a graded run);
 * - `playground/`: {@linkcode playground}, the live contour with controls.
 *
 * @example AdaGrad on the course's function, x²/20 + y², from (−7, 2)
 * ```ts
 * import { AdaGrad, course, minimize } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const run = minimize(course, new AdaGrad({ lr: 1.5 }), { steps: 30 });
 * const distance = Math.hypot(...run.points.at(-1)!);
 * assert.ok(distance < 0.2, `distance to the minimum after 30 steps: ${distance}`);
 * ```
 *
 * @module
 */
export {
  AdaGrad,
  Adam,
  constant,
  cosineDecay,
  type CosineDecayOptions,
  exponentialDecay,
  type ExponentialDecayOptions,
  inverseTimeDecay,
  type InverseTimeDecayOptions,
  type LearningRate,
  makeOptimizer,
  makeOptimizers,
  Momentum,
  Nesterov,
  Optimizer,
  type OptimizerName,
  optimizerNames,
  type OptimizerSettings,
  RMSProp,
  type Schedule,
  type ScheduleKind,
  SGD,
  stepDecay,
  type StepDecayOptions,
  warmup,
  type WarmupOptions,
} from "./optim/mod.ts";
export {
  course,
  d2lBowl,
  numericalGradient,
  parabola,
  type Range,
  rosenbrock,
  rotatedValley,
  saddle,
  type TestFunction,
  testFunctions,
  turnedSaddle,
} from "./landscape/mod.ts";
export { type Divergence, minimize, type MinimizeOptions, stepsToReach, type Trajectory } from "./run/mod.ts";
export {
  type Digits,
  loadDigits,
  type LoadDigitsOptions,
  LogisticRegression,
  MultiLayerNet,
  type Network,
  type SparseData,
  sparseFeatures,
  type SparseFeaturesOptions,
  sparseFeatureWeights,
  train,
  type TrainingRun,
  type TrainOptions,
  TwoLayerNet,
} from "./nn/mod.ts";
export {
  animationPlot,
  type AnimationPlotOptions,
  type Colored,
  colorsOf,
  type CurveOptions,
  effectiveRateCurve,
  type Figure,
  type FigureDefaults,
  figureDefaults,
  type FigureOptions,
  linePlot,
  type LinePlotOptions,
  loadPlotly,
  lossCurve,
  type LossCurveOptions,
  lrSlider,
  type LrSliderOptions,
  type MimeBundle,
  panelsPlot,
  type PanelsPlotOptions,
  pathPlot,
  type PathPlotOptions,
  scheduleCurve,
  type ScheduleCurveOptions,
  type Series,
  show,
  stepLengthCurve,
  type Trace,
  trainingCurve,
  type TrainingCurveOptions,
} from "./plot/mod.ts";
export {
  type AdaGradStepCheckOptions,
  type AdaGradStepFunction,
  type AdamSettings,
  type AdamStepCheckOptions,
  type AdamStepFunction,
  type Answer,
  type Cell,
  type CentralDifferenceCheckOptions,
  type CentralDifferenceFunction,
  checkAdaGradStep,
  checkAdamStep,
  checkCentralDifference,
  checkKnobs,
  checkStepDecay,
  type ExerciseCheck,
  type ExerciseStatus,
  type ExerciseSummary,
  exerciseSummary,
  gradeExercises,
  type KnobRange,
  type KnobValue,
  type NumberRange,
  predict,
  type PredictOptions,
  type Shown,
  type StepDecayCheckOptions,
  type StepDecayFunction,
  table,
  type TableOptions,
} from "./notebook/mod.ts";
export { type Exercises00, exercises00, type Exercises00Context } from "./notebook/exercises/00_start_here.ts";
export { type RevealContext } from "./notebook/exercises/shared.ts";
export {
  type Exercises01,
  exercises01,
  type Exercises01LargeContext,
  type Exercises01SmallContext,
} from "./notebook/exercises/01_learning_rate.ts";
export {
  type Exercises02,
  exercises02,
  type Exercises02ExponentialContext,
  type Exercises02FloorContext,
  type Exercises02InverseTimeContext,
  type Exercises02PowerContext,
} from "./notebook/exercises/02_lr_decay.ts";
export { exercises03 } from "./notebook/exercises/03_adagrad.ts";
export { exercises04 } from "./notebook/exercises/04_momentum.ts";
export { exercises08 } from "./notebook/exercises/08_numerical_gradient.ts";
export {
  type Exercises05,
  exercises05,
  type FirstRmsStepsContext,
  type FirstStepXContext,
} from "./notebook/exercises/05_beyond_adagrad.ts";
export {
  type Arrival,
  type ComparingContext,
  type Exercises06,
  exercises06,
} from "./notebook/exercises/06_comparing_optimizers.ts";
export {
  type CommonerFactorContext,
  type Exercises07,
  exercises07,
  type RarerSgdContext,
  type SparseKnobs,
  type SweepRow,
} from "./notebook/exercises/07_sparse_features.ts";
export {
  type Playground,
  playground,
  type PlaygroundOptions,
  type PlaygroundSchedule,
  type PlaygroundSettings,
} from "./playground/mod.ts";

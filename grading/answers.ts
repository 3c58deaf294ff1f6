/**
 * The answer key of the course's exercises: ONE place for the solutions, read by `deno task grading` (which writes
 * grading/source/) and by tests/grading_test.ts (which plays the students).
 *
 * Keyed by the exercise's variable or function name (`myZigzag`, `myAdaGradStep`), which is unique across the course,
 * so a notebook can be renumbered or renamed without touching this file. Each entry gives:
 * - `points`: what the exercise is worth (the teacher's guide, "Grading with nbgrader", explains the scale);
 * - `solution`: the answer cell as the teacher writes it, a whole cell (`const myZigzag = [-0.9, -1.458];`, a
 *   two-part answer as a list), for the notebooks' default knobs (the graded version locks the parameters cell, so
 *   the autograder runs with them); an implement-it exercise's solution is the teacher's guide's (notebooks/README.md, "Solutions of the implement-it exercises"),
 *   which tests/tweak_test.ts also runs, so it is written once;
 * - `mistake`: a wrong answer cell, a common mistake the teacher's guide names for it (the tests' "all wrong"
 *   student), of the right shape, so that the check fails it with its hint rather than for a malformed answer;
 * - `hidden`: for an implement-it exercise, check calls on inputs the student never sees (nbgrader's hidden tests):
 *   other knobs, so that a function written for the notebook's own numbers does not pass.
 *
 * @module
 */

/** The guide's solution of an implement-it exercise: its ```ts block that defines `function name(`. */
export function guideSolution(name: string): string {
  const guide = Deno.readTextFileSync(new URL("../notebooks/README.md", import.meta.url));
  const block = [...guide.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) =>
    b.startsWith(`function ${name}(`)
  );
  if (!block) {
    throw new Error(
      `Cannot find the solution of ${name} in notebooks/README.md: no \`\`\`ts block defines function ${name}(`,
    );
  }
  return block.trimEnd();
}

/** One exercise of the answer key. */
export interface AnswerKeyEntry {
  /** Points of the exercise's test cell. */
  points: number;
  /** The right answer cell, declaring the exercise's name. */
  solution: string;
  /** A wrong answer cell that the check recognises as a common mistake. */
  mistake: string;
  /** Hidden check calls (implement-it exercises), run in the graded version only. */
  hidden?: string;
}

/** The answer key, by the exercise's variable or function name. */
export const answers: Record<string, AnswerKeyEntry> = {
  // 00_start_here
  myZigzag: {
    points: 2,
    solution: "const myZigzag = [-0.9, -1.458];",
    mistake: "const myZigzag = [0.905, 1.482];",
  },
  // 01_learning_rate
  myBounce: { points: 1, solution: "const myBounce = [-5, 5, -5];", mistake: "const myBounce = [0, 0, 0];" },
  myStepsPast100: { points: 2, solution: "const myStepsPast100 = 35;", mistake: "const myStepsPast100 = 12;" },
  myStepsToArrive: { points: 2, solution: "const myStepsToArrive = 1151;", mistake: "const myStepsToArrive = 57;" },
  myKappa100: { points: 2, solution: "const myKappa100 = [0.98, 345];", mistake: "const myKappa100 = [0.905, 69];" },
  // 02_lr_decay
  myThousandthStep: { points: 2, solution: "const myThousandthStep = 66;", mistake: "const myThousandthStep = 22;" },
  myStepDecay: {
    points: 3,
    solution: guideSolution("myStepDecay"),
    mistake: `function myStepDecay(t: number, lr0: number, stepSize: number, factor: number): number {
  return lr0 * factor ** (t / stepSize);
}`,
    hidden: "checkStepDecay({ myStepDecay }, { lr0: 0.7, stepSize: 3, factor: 0.3 });",
  },
  myTwiceKTravel: {
    points: 2,
    solution: "const myTwiceKTravel = [5.62, 0.563];",
    mistake: "const myTwiceKTravel = [8.9, 0.4];",
  },
  myHalfFloors: {
    points: 2,
    solution: "const myHalfFloors = [0.44, 0.13];",
    mistake: "const myHalfFloors = [0.5, 0.5];",
  },
  myPowerEnds: {
    points: 2,
    solution: "const myPowerEnds = [0.5, 1, 1, 2];",
    mistake: "const myPowerEnds = [0.5, 1, 2, 2];",
  },
  // 03_adagrad
  myFarFirstStep: {
    points: 2,
    solution: "const myFarFirstStep = [-68.5, -1.3];",
    mistake: "const myFarFirstStep = [-59.5, -0.4];",
  },
  myAdaGradStep: {
    points: 3,
    solution: guideSolution("myAdaGradStep"),
    mistake: `function myAdaGradStep(W: Float64Array, h: Float64Array, g: Float64Array, lr: number, eps: number): void {
  for (let i = 0; i < W.length; i++) {
    h[i] = g[i] * g[i];
    W[i] -= lr * g[i] / (Math.sqrt(h[i]) + eps);
  }
}`,
    hidden: "checkAdaGradStep({ myAdaGradStep }, { lr: 0.37 });",
  },
  myTurnedRatios: {
    points: 2,
    solution: "const myTurnedRatios = [0.72, 1.38];",
    mistake: "const myTurnedRatios = [1, 1];",
  },
  myNoisySums: {
    points: 2,
    solution: "const myNoisySums = [2.04, 0.345];",
    mistake: "const myNoisySums = [4, 0.345];",
  },
  // 04_momentum
  myVelocityMultiple: {
    points: 2,
    solution: "const myVelocityMultiple = 1.675;",
    mistake: "const myVelocityMultiple = 1.403;",
  },
  mySteps100: { points: 2, solution: "const mySteps100 = [445, 62];", mistake: "const mySteps100 = [445, 44];" },
  myLargestRates: {
    points: 2,
    solution: "const myLargestRates = [0.7015, 0.95];",
    mistake: "const myLargestRates = [1.403, 1.9];",
  },
  // 05_beyond_adagrad
  myAdamStep: {
    points: 3,
    solution: guideSolution("myAdamStep"),
    mistake:
      `function myAdamStep(W: Float64Array, m: Float64Array, v: Float64Array, g: Float64Array, t: number, s: AdamSettings): void {
  for (let i = 0; i < W.length; i++) {
    m[i] = s.beta1 * m[i] + (1 - s.beta1) * g[i];
    v[i] = s.beta2 * v[i] + (1 - s.beta2) * g[i] * g[i];
    W[i] -= s.lr * m[i] / (Math.sqrt(v[i]) + s.eps);
  }
}`,
    hidden: "checkAdamStep({ myAdamStep }, { lr: 0.07, beta1: 0.8, beta2: 0.99 });",
  },
  myFirstRmsSteps: {
    points: 2,
    solution: "const myFirstRmsSteps = [0.03162, 0.3162];",
    mistake: "const myFirstRmsSteps = [0.01, 0.01];",
  },
  myFirstStepX: { points: 2, solution: "const myFirstStepX = 0.8602;", mistake: "const myFirstStepX = 1.5;" },
  // 06_comparing_optimizers
  mySgdSteps: { points: 2, solution: "const mySgdSteps = 173;", mistake: "const mySgdSteps = 1;" },
  myHalfMomentumSteps: {
    points: 2,
    solution: "const myHalfMomentumSteps = 431;",
    mistake: "const myHalfMomentumSteps = 880;",
  },
  // 07_sparse_features
  myRarerSgd: { points: 2, solution: "const myRarerSgd = [5, 0.91];", mistake: "const myRarerSgd = [4, 0.78];" },
  myCommonerFactor: {
    points: 2,
    solution: "const myCommonerFactor = 4.25;",
    mistake: "const myCommonerFactor = 7;",
  },
  // 08_numerical_gradient
  myCentralDifference: {
    points: 3,
    solution: guideSolution("myCentralDifference"),
    mistake: `function myCentralDifference(f: (x: Float64Array) => number, x: Float64Array, h: number): Float64Array {
  const grad = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const plus = Float64Array.from(x);
    plus[i] += h;
    grad[i] = (f(plus) - f(x)) / h;
  }
  return grad;
}`,
    hidden: "checkCentralDifference({ myCentralDifference }, { h: 3e-3 });",
  },
  myForwardErrors: {
    points: 2,
    solution: "const myForwardErrors = [5e-6, 1e-4];",
    mistake: "const myForwardErrors = [1e-8, 1e-8];",
  },
  myForwardRelative: {
    points: 2,
    solution: "const myForwardRelative = [2.5e-5, 2.49e-3];",
    mistake: "const myForwardRelative = [2.5e-5, 2.5e-5];",
  },
};

/**
 * Test functions: small landscapes on which the optimizers can be watched.
 * Each is a plain record with its value, its gradient, where its minima are,
 * and a range that frames it well in a plot.
 *
 * To add a test function: write one more record here and put it in
 * {@linkcode testFunctions}; the convergence tests and the gradient check
 * then cover it.
 *
 * Every record here is frozen, its ranges, minima and start included: a
 * notebook cell that assigns `course.start = …` or `course.range[0][0] = …`
 * throws instead of changing the function for every later cell. To try
 * another start or range, pass it as an option (`x0`, `range`) or make a
 * copy: `{ ...course, start: [1, 1] }`.
 *
 * @module
 */
import { deepFreeze } from "../validate.ts";

/** An axis range `[min, max]`. */
export type Range = readonly [number, number];

/** A function to minimize, with everything a plot or a test needs to know about it. */
export interface TestFunction {
  /** A short key, such as `"course"`. */
  readonly id: string;
  /** The formula, for titles: `"x²/20 + y²"`. */
  readonly name: string;
  /** One sentence on what the landscape teaches. */
  readonly description: string;
  /** The number of coordinates: 1 or 2. */
  readonly dim: number;
  /** The value at `x` (length `dim`). */
  readonly f: (x: Float64Array) => number;
  /** The exact gradient at `x`, as a new Float64Array. */
  readonly gradient: (x: Float64Array) => Float64Array;
  /** Where the global minima are; empty if there is none (a saddle). */
  readonly minima: readonly (readonly number[])[];
  /** The plotting range of each coordinate. */
  readonly range: readonly Range[];
  /** A start that shows the function's character. */
  readonly start: readonly number[];
  /** How contour levels read best: evenly in f, or evenly in log(1 + f). */
  readonly contourScale: "linear" | "log";
}

function vector(...values: number[]): Float64Array {
  return Float64Array.from(values);
}

/** The course's function, from the book's figure 6-1: a long, flat valley along x. */
export const course: TestFunction = deepFreeze({
  id: "course",
  name: "x²/20 + y²",
  description: "An elongated bowl: 20 times steeper in y than in x, so one learning rate cannot suit both.",
  dim: 2,
  f: (p) => p[0] ** 2 / 20 + p[1] ** 2,
  gradient: (p) => vector(p[0] / 10, 2 * p[1]),
  minima: [[0, 0]],
  range: [[-10, 10], [-5, 5]],
  start: [-7, 2],
  contourScale: "linear",
});

/**
 * The course's valley turned by 45°: the same curvatures, 1/10 and 2, but along the diagonals. In u = (x + y)/√2,
 * v = (y − x)/√2 it is u²/20 + v², and its start is the course's (−7, 2) in (u, v).
 */
export const rotatedValley: TestFunction = deepFreeze({
  id: "rotatedValley",
  name: "(x + y)²/40 + (y − x)²/2",
  description:
    "The course's valley turned by 45°: no single coordinate is the flat one, so per-coordinate rates cannot help.",
  dim: 2,
  f: (p) => (p[0] + p[1]) ** 2 / 40 + (p[1] - p[0]) ** 2 / 2,
  // ∂f/∂x = (x + y)/20 − (y − x), ∂f/∂y = (x + y)/20 + (y − x)
  gradient: (p) => vector((p[0] + p[1]) / 20 - (p[1] - p[0]), (p[0] + p[1]) / 20 + (p[1] - p[0])),
  minima: [[0, 0]],
  range: [[-8, 8], [-8, 8]],
  start: [-9 / Math.SQRT2, -5 / Math.SQRT2],
  contourScale: "linear",
});

/** A round bowl: every direction is alike, so plain gradient descent walks straight in. */
export const roundBowl: TestFunction = deepFreeze({
  id: "roundBowl",
  name: "x² + y²",
  description: "A round bowl: the gradient points straight at the minimum.",
  dim: 2,
  f: (p) => p[0] ** 2 + p[1] ** 2,
  gradient: (p) => vector(2 * p[0], 2 * p[1]),
  minima: [[0, 0]],
  range: [[-5, 5], [-5, 5]],
  start: [-4, 3],
  contourScale: "linear",
});

/** The bowl of Dive into Deep Learning's optimization chapter. */
export const d2lBowl: TestFunction = deepFreeze({
  id: "d2lBowl",
  name: "0.1x² + 2y²",
  description: "Dive into Deep Learning's ill-conditioned bowl: curvature 0.2 along x, 4 along y.",
  dim: 2,
  f: (p) => 0.1 * p[0] ** 2 + 2 * p[1] ** 2,
  gradient: (p) => vector(0.2 * p[0], 4 * p[1]),
  minima: [[0, 0]],
  range: [[-6, 6], [-3, 3]],
  start: [-5, -2],
  contourScale: "linear",
});

/** Rosenbrock's banana valley: easy to find, hard to follow to its end. */
export const rosenbrock: TestFunction = deepFreeze({
  id: "rosenbrock",
  name: "(1 − x)² + 100(y − x²)²",
  description: "Rosenbrock's curved valley: the floor is found at once, the minimum at (1, 1) slowly.",
  dim: 2,
  f: (p) => (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2,
  gradient: (p) => vector(-2 * (1 - p[0]) - 400 * p[0] * (p[1] - p[0] ** 2), 200 * (p[1] - p[0] ** 2)),
  minima: [[1, 1]],
  range: [[-2, 2], [-1, 3]],
  start: [-1.5, 2],
  contourScale: "log",
});

/** Beale's function: flat plateaus and steep walls. */
export const beale: TestFunction = deepFreeze({
  id: "beale",
  name: "Beale",
  description: "Beale's function: flat plateaus cut by steep ridges, minimum 0 at (3, 0.5).",
  dim: 2,
  f: (p) => {
    const [x, y] = p;
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y ** 2) ** 2 + (2.625 - x + x * y ** 3) ** 2;
  },
  gradient: (p) => {
    const [x, y] = p;
    const a = 1.5 - x + x * y;
    const b = 2.25 - x + x * y ** 2;
    const c = 2.625 - x + x * y ** 3;
    return vector(
      2 * a * (y - 1) + 2 * b * (y ** 2 - 1) + 2 * c * (y ** 3 - 1),
      2 * a * x + 4 * b * x * y + 6 * c * x * y ** 2,
    );
  },
  minima: [[3, 0.5]],
  range: [[-4.5, 4.5], [-4.5, 4.5]],
  start: [1, 1.5],
  contourScale: "log",
});

/** Himmelblau's function: four minima, and the start decides which one you reach. */
export const himmelblau: TestFunction = deepFreeze({
  id: "himmelblau",
  name: "(x² + y − 11)² + (x + y² − 7)²",
  description: "Himmelblau's function: four equal minima; where a run ends depends on where it starts.",
  dim: 2,
  f: (p) => (p[0] ** 2 + p[1] - 11) ** 2 + (p[0] + p[1] ** 2 - 7) ** 2,
  gradient: (p) => {
    const a = p[0] ** 2 + p[1] - 11;
    const b = p[0] + p[1] ** 2 - 7;
    return vector(4 * a * p[0] + 2 * b, 2 * a + 4 * b * p[1]);
  },
  minima: [[3, 2], [-2.805118, 3.131312], [-3.779310, -3.283186], [3.584428, -1.848126]],
  range: [[-5, 5], [-5, 5]],
  start: [0, 0],
  contourScale: "log",
});

/** The saddle x² − y²: a minimum along x, a maximum along y, no minimum at all. */
export const saddle: TestFunction = deepFreeze({
  id: "saddle",
  name: "x² − y²",
  description: "A saddle: downhill along y forever; a run that starts near y = 0 lingers before it escapes.",
  dim: 2,
  f: (p) => p[0] ** 2 - p[1] ** 2,
  gradient: (p) => vector(2 * p[0], -2 * p[1]),
  minima: [],
  range: [[-2, 2], [-2, 2]],
  start: [-1.5, 0.01],
  contourScale: "linear",
});

/**
 * The saddle turned by 45°: the same curvatures, 2 and −2, but along the diagonals. In u = (x + y)/√2,
 * v = (y − x)/√2 it is u² − v² = 2xy, and its start is the saddle's (−1.5, 0.01) in (u, v), so a run escapes
 * along v, across both coordinates at once.
 */
export const turnedSaddle: TestFunction = deepFreeze({
  id: "turnedSaddle",
  name: "2xy",
  description: "The saddle turned by 45°: downhill along the diagonal y = −x, which no single coordinate follows.",
  dim: 2,
  f: (p) => 2 * p[0] * p[1],
  // ∂f/∂x = 2y, ∂f/∂y = 2x
  gradient: (p) => vector(2 * p[1], 2 * p[0]),
  minima: [],
  range: [[-2, 2], [-2, 2]],
  start: [(-1.5 - 0.01) / Math.SQRT2, (-1.5 + 0.01) / Math.SQRT2],
  contourScale: "linear",
});

/** The 1-D parabola x²: gradient descent with rate η multiplies x by (1 − 2η). */
export const parabola: TestFunction = deepFreeze({
  id: "parabola",
  name: "x²",
  description: "A 1-D parabola: each step multiplies x by 1 − 2η, so η > 1 diverges and η = 1 bounces.",
  dim: 1,
  f: (p) => p[0] ** 2,
  gradient: (p) => vector(2 * p[0]),
  minima: [[0]],
  range: [[-6, 6]],
  start: [5],
  contourScale: "linear",
});

/** Every test function, in the order the course meets them. */
export const testFunctions: readonly TestFunction[] = Object.freeze([
  course,
  rotatedValley,
  roundBowl,
  d2lBowl,
  rosenbrock,
  beale,
  himmelblau,
  saddle,
  turnedSaddle,
  parabola,
]);

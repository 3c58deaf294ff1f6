// Softmax with the book's cross-entropy, shared by TwoLayerNet and MultiLayerNet: the forward half turns scores into
// probabilities and sums −log(y_t + 1e-7); the backward half writes ∂loss/∂scores.

/**
 * Turns the scores of `n` examples (`classes` per row) into probabilities in place and returns the summed
 * cross-entropy −Σ log(y_t + 1e-7) (the book's `cross_entropy_error`).
 *
 * @param scores The scores, n × classes; overwritten with the probabilities y.
 * @param t One label per example.
 * @param n The number of examples.
 * @param classes The number of classes.
 * @returns The summed loss.
 */
export function softmaxCrossEntropy(scores: Float64Array, t: Uint8Array, n: number, classes: number): number {
  let loss = 0;
  for (let r = 0; r < n; r++) {
    const s = scores.subarray(r * classes, (r + 1) * classes);
    let max = -Infinity; // subtract the max: exp never overflows
    for (let k = 0; k < classes; k++) max = Math.max(max, s[k]);
    let sum = 0;
    for (let k = 0; k < classes; k++) sum += s[k] = Math.exp(s[k] - max);
    for (let k = 0; k < classes; k++) s[k] /= sum;
    loss -= Math.log(s[t[r]] + 1e-7);
  }
  return loss;
}

/**
 * Writes ∂loss/∂scores = c·(y − t)/N for `n` examples into `delta`, where N is the whole batch's size and
 * c = y_t/(y_t + 1e-7) the exact factor of the 1e-7 inside the log (≈ 1).
 *
 * @param y The probabilities from {@linkcode softmaxCrossEntropy}, n × classes.
 * @param t One label per example.
 * @param n The number of examples here.
 * @param classes The number of classes.
 * @param batch N, the number of examples the loss is averaged over.
 * @param delta Receives the gradient, n × classes.
 */
export function softmaxCrossEntropyGradient(
  y: Float64Array,
  t: Uint8Array,
  n: number,
  classes: number,
  batch: number,
  delta: Float64Array,
): void {
  for (let r = 0; r < n; r++) {
    const yt = y[r * classes + t[r]];
    const c = yt / (yt + 1e-7);
    for (let k = 0; k < classes; k++) delta[r * classes + k] = c * (y[r * classes + k] - (k === t[r] ? 1 : 0)) / batch;
  }
}

/**
 * The index of the largest of `classes` scores in row `r`: the predicted class.
 *
 * @param scores The scores, one row per example.
 * @param r The row.
 * @param classes The number of classes.
 * @returns The class with the highest score (the first, on a tie), or -1 when a score is NaN (a diverged network).
 */
export function predictedClass(scores: Float64Array, r: number, classes: number): number {
  let max = -Infinity;
  for (let k = 0; k < classes; k++) max = Math.max(max, scores[r * classes + k]);
  for (let k = 0; k < classes; k++) if (scores[r * classes + k] === max) return k;
  return -1;
}

/**
 * What a network's layers compute, as one interface with two backends: the
 * plain loops here (the reference, one multiply-add per line) and the
 * WebAssembly SIMD kernels of `wasm.ts`. All matrices are row-major and stored
 * in Float64Arrays; each product adds into `c`.
 *
 * @module
 */

/** Matrix products and the element-wise steps of a ReLU network. */
export interface MatrixKernels {
  /** `"wasm"` or `"typescript"`. */
  readonly name: "wasm" | "typescript";
  /**
   * c[m×n] += a[m×k]·b[k×n]. `sparse` says that a has many zeros (digit
   * pixels), which the WebAssembly backend then skips row by row.
   */
  matmul(a: Float64Array, b: Float64Array, c: Float64Array, m: number, k: number, n: number, sparse?: boolean): void;
  /** c[k×n] += a[m×k]ᵀ·b[m×n] (the weight gradient xᵀ·δ). */
  matmulTransA(
    a: Float64Array,
    b: Float64Array,
    c: Float64Array,
    m: number,
    k: number,
    n: number,
    sparse?: boolean,
  ): void;
  /** c[m×k] += a[m×n]·b[k×n]ᵀ (the input gradient δ·Wᵀ). */
  matmulTransB(a: Float64Array, b: Float64Array, c: Float64Array, m: number, n: number, k: number): void;
  /** a ← ReLU(a) = max(a, 0), in place. */
  relu(a: Float64Array): void;
  /** δ ← 0 where z ≤ 0 (ReLU's backward pass), in place. */
  reluMask(delta: Float64Array, z: Float64Array): void;
  /** out[j] += Σᵢ a[i, j] for a[m×n] (the bias gradient). */
  sumRows(a: Float64Array, out: Float64Array, m: number, n: number): void;
}

/**
 * The reference backend: one multiply-add per line, zeros of `a` skipped (they add nothing).
 *
 * @example A 2×2 product
 * ```ts
 * import { typescriptKernels } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const c = new Float64Array(4);
 * typescriptKernels.matmul(Float64Array.of(1, 2, 3, 4), Float64Array.of(5, 6, 7, 8), c, 2, 2, 2);
 * assert.deepEqual(Array.from(c), [19, 22, 43, 50]);
 * ```
 */
export const typescriptKernels: MatrixKernels = Object.freeze(
  {
    name: "typescript",
    matmul(a, b, c, m, k, n) {
      for (let i = 0; i < m; i++) {
        for (let p = 0; p < k; p++) {
          const x = a[i * k + p];
          if (x === 0) continue;
          for (let j = 0; j < n; j++) c[i * n + j] += x * b[p * n + j]; // cᵢⱼ += aᵢₚ·bₚⱼ
        }
      }
    },
    matmulTransA(a, b, c, m, k, n) {
      for (let i = 0; i < m; i++) {
        for (let p = 0; p < k; p++) {
          const x = a[i * k + p];
          if (x === 0) continue;
          for (let j = 0; j < n; j++) c[p * n + j] += x * b[i * n + j]; // cₚⱼ += aᵢₚ·bᵢⱼ
        }
      }
    },
    matmulTransB(a, b, c, m, n, k) {
      for (let i = 0; i < m; i++) {
        for (let p = 0; p < k; p++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += a[i * n + j] * b[p * n + j]; // cᵢₚ += Σⱼ aᵢⱼ·bₚⱼ
          c[i * k + p] += s;
        }
      }
    },
    relu(a) {
      for (let i = 0; i < a.length; i++) if (a[i] < 0) a[i] = 0; // z = max(a, 0)
    },
    reluMask(delta, z) {
      for (let i = 0; i < delta.length; i++) if (z[i] <= 0) delta[i] = 0; // δ passes only where z > 0
    },
    sumRows(a, out, m, n) {
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j] += a[i * n + j]; // outⱼ += Σᵢ aᵢⱼ
    },
  } satisfies MatrixKernels,
);

/**
 * Speed, in a room of its own below the networks: the matrix products and the
 * element-wise steps of a ReLU network, as plain loops (the reference) and as
 * WebAssembly SIMD kernels with a memory per network. Only `lib/nn/` uses
 * them; the optimizers a student reads never do. tests/nn_kernels_test.ts
 * holds the two backends to each other.
 *
 * @example The two backends agree
 * ```ts
 * import { typescriptKernels, wasmKernels } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const { kernels, arrays: [a, b, c] } = wasmKernels({ arrays: [6, 6, 4], transposed: 6, sparseLists: 8 })!;
 * a.set([1, 0, 2, 0, 3, 4]);
 * b.set([1, 2, 3, 4, 5, 6]);
 * kernels.matmul(a, b, c, 2, 3, 2, true);
 * const expected = new Float64Array(4);
 * typescriptKernels.matmul(a, b, expected, 2, 3, 2);
 * assert.deepEqual(c, expected);
 * ```
 *
 * @module
 */
export { type MatrixKernels, typescriptKernels } from "./matrix.ts";
export { type WasmArena, wasmAvailable, wasmKernels, type WasmPlan } from "./wasm.ts";

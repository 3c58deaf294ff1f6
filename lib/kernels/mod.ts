/**
 * Speed, in a room of its own below the networks: the matrix products and the
 * element-wise steps of a ReLU network, as plain loops (the reference) and as
 * WebAssembly SIMD kernels on one workspace memory. Only `lib/nn/` uses
 * them; the optimizers a student reads never do. tests/nn_kernels_test.ts
 * holds the two backends to each other.
 *
 * @example The two backends agree
 * ```ts
 * import { typescriptKernels, wasmWorkspace } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const { kernels, arrays: [a, b, c] } = wasmWorkspace({ arrays: [6, 6, 4], transposed: 6, sparseLists: 8 })!;
 * a.set([1, 0, 2, 0, 3, 4]);
 * c.fill(0);
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
export { type WasmArena, wasmAvailable, type WasmPlan, wasmWorkspace } from "./wasm.ts";

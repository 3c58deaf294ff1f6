// The WebAssembly SIMD kernels against the plain loops (lib/kernels/): 1e-12 relative for matrix products, the same
// bits for the element-wise steps, on sizes that are odd, tiny, and not multiples of the SIMD width.
import assert from "node:assert/strict";
import { seededRandom } from "../lib/random.ts";
import { type MatrixKernels, typescriptKernels, wasmAvailable, wasmWorkspace } from "../lib/kernels/mod.ts";
import { assemble, moduleSource, wasmFolder } from "../lib/kernels/build.ts";

const random = seededRandom(12);

/** Fills `a` with entries in [−0.5, 0.5), a share `zeros` of them 0, and returns it. */
function fill(a: Float64Array, zeros = 0): Float64Array {
  for (let i = 0; i < a.length; i++) a[i] = random() < zeros ? 0 : random() - 0.5;
  return a;
}

/** The WebAssembly workspace laid out for arrays of these lengths (zeroed), with scratch for products up to `largest`. */
function arena(lengths: number[], largest = 1 << 17): { wasm: MatrixKernels; arrays: Float64Array[] } {
  const made = wasmWorkspace({ arrays: lengths, transposed: largest, sparseLists: largest });
  assert.ok(made, "WebAssembly SIMD loads in Deno");
  made.arrays.forEach((a) => a.fill(0));
  return { wasm: made.kernels, arrays: made.arrays };
}

/** Asserts |actual − expected| ≤ 1e-12 · scale[i] entry by entry, printing the worst entry on failure. */
function assertRelative(actual: Float64Array, expected: Float64Array, scale: Float64Array, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: lengths differ`);
  for (let i = 0; i < actual.length; i++) {
    const tol = 1e-12 * scale[i];
    if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
      assert.fail(`${what}[${i}]: expected ${expected[i]} ± ${tol}, got ${actual[i]}`);
    }
  }
}

Deno.test("the WebAssembly backend loads here (Deno has WebAssembly SIMD)", () => {
  assert.equal(wasmAvailable(), true);
  assert.equal(arena([1]).wasm.name, "wasm");
});

Deno.test("the committed _kernels_wasm.ts is what build.ts assembles from kernels.wat", async () => {
  const text = await Deno.readTextFile(new URL("kernels.wat", wasmFolder));
  const committed = await Deno.readTextFile(new URL("_kernels_wasm.ts", wasmFolder));
  assert.equal(committed, moduleSource(await assemble(text)), "run `deno task build:wasm` and commit the result");
});

// m × k × n: 1s, odd sizes, sizes around the 4 × 4 and 8-wide blocks, and the network's own.
const shapes = [
  [1, 1, 1],
  [1, 7, 3],
  [3, 5, 7],
  [4, 4, 4],
  [5, 9, 6],
  [7, 1, 9],
  [8, 16, 8],
  [9, 13, 17],
  [13, 30, 11],
  [128, 100, 10],
  [128, 784, 100],
];

for (const sparse of [false, true]) {
  Deno.test(
    `wasm matmul, matmulTransA and matmulTransB agree with the plain loops to 1e-12 (${
      sparse ? "sparse a, 80% zeros" : "dense"
    })`,
    () => {
      const zeros = sparse ? 0.8 : 0;
      for (const [m, k, n] of shapes) {
        const shape = `${m}×${k}×${n}`;
        const { wasm, arrays } = arena([m * k, k * n, m * n, m * n, k * n, m * n, k * n, m * k]);
        const [a, b, c, b2, c2, a3, b3, c3] = arrays;
        [fill(a, zeros), fill(b), fill(c), fill(b2), fill(c2), fill(a3, zeros), fill(b3), fill(c3)];
        // c[m×n] += a[m×k]·b[k×n]; the scale of entry (i, j) is |c₀| + Σₚ |aᵢₚ·bₚⱼ|.
        const expected = Float64Array.from(c), scale = c.map(Math.abs);
        typescriptKernels.matmul(a, b, expected, m, k, n);
        typescriptKernels.matmul(a.map(Math.abs), b.map(Math.abs), scale, m, k, n);
        wasm.matmul(a, b, c, m, k, n, sparse);
        assertRelative(c, expected, scale, `matmul ${shape}`);
        // c[k×n] += a[m×k]ᵀ·b[m×n]
        const expected2 = Float64Array.from(c2), scale2 = c2.map(Math.abs);
        typescriptKernels.matmulTransA(a, b2, expected2, m, k, n);
        typescriptKernels.matmulTransA(a.map(Math.abs), b2.map(Math.abs), scale2, m, k, n);
        wasm.matmulTransA(a, b2, c2, m, k, n, sparse);
        assertRelative(c2, expected2, scale2, `matmulTransA ${shape}`);
        // c[m×k] += a[m×n]·b[k×n]ᵀ
        const expected3 = Float64Array.from(c3), scale3 = c3.map(Math.abs);
        typescriptKernels.matmulTransB(a3, b3, expected3, m, n, k);
        typescriptKernels.matmulTransB(a3.map(Math.abs), b3.map(Math.abs), scale3, m, n, k);
        wasm.matmulTransB(a3, b3, c3, m, n, k);
        assertRelative(c3, expected3, scale3, `matmulTransB ${shape}`);
      }
    },
  );
}

Deno.test("wasm relu, reluMask and sumRows give the same bits as the plain loops, odd sizes included", () => {
  for (const [m, n] of [[1, 1], [1, 2], [3, 5], [4, 100], [7, 13], [128, 101]]) {
    const { wasm, arrays: [a, z, d, out] } = arena([m * n, m * n, m * n, n]);
    [fill(a), fill(z), fill(d)];
    a[0] = -0; // kept as it is: both backends set only a < 0 to 0
    const a1 = Float64Array.from(a);
    typescriptKernels.relu(a1);
    wasm.relu(a);
    assert.deepEqual(a, a1, `relu ${m}×${n}`);
    const d1 = Float64Array.from(d);
    typescriptKernels.reluMask(d1, z);
    wasm.reluMask(d, z);
    assert.deepEqual(d, d1, `reluMask ${m}×${n}`);
    const out1 = new Float64Array(n);
    wasm.sumRows(d, out, m, n);
    typescriptKernels.sumRows(d, out1, m, n);
    assert.deepEqual(out, out1, `sumRows ${m}×${n}`);
  }
});

Deno.test("wasm matmul falls back to the plain loops, with the same result, for arrays outside its memory", () => {
  const { wasm } = arena([4]);
  const a = Float64Array.of(1, 2, 3, 4), b = Float64Array.of(5, 6, 7, 8), c = new Float64Array(4);
  wasm.matmul(a, b, c, 2, 2, 2);
  assert.deepEqual(Array.from(c), [19, 22, 43, 50]);
});

Deno.test("wasm products larger than the scratch space planned fall back to the plain loops, with the same result", () => {
  const [m, k, n] = [9, 13, 17];
  const { wasm, arrays: [a, b, c] } = arena([m * k, m * n, k * n], 8); // room to transpose 8 numbers only
  [fill(a, 0.5), fill(b)];
  const expected = new Float64Array(k * n), scale = new Float64Array(k * n);
  typescriptKernels.matmulTransA(a, b, expected, m, k, n);
  typescriptKernels.matmulTransA(a.map(Math.abs), b.map(Math.abs), scale, m, k, n);
  wasm.matmulTransA(a, b, c, m, k, n, true);
  assertRelative(c, expected, scale, "matmulTransA beyond the plan");
});

Deno.test("the workspace grows to the largest plan it was given, and no further", () => {
  const big = wasmWorkspace({ arrays: [1_000_000], transposed: 0, sparseLists: 0 })!;
  const needed = Math.ceil((64 + 8_000_000 + 128) / 65536) * 65536;
  assert.ok(big.bytes >= needed, `${big.bytes} bytes`);
  const small = wasmWorkspace({ arrays: [1000, 3], transposed: 100, sparseLists: 100 })!;
  assert.deepEqual(small.arrays.map((a) => a.length), [1000, 3]);
  assert.equal(small.bytes, big.bytes, "a smaller plan reuses the memory");
});

// The fast backend (WebAssembly SIMD) against the readable loops: the same
// bits for the optimizers' element-wise updates, 1e-12 relative for matrix
// products, on sizes that are odd, tiny, and not multiples of the SIMD width.
import assert from "node:assert/strict";
import { AdaGrad, type Optimizer, optimizerNames, optimizerTable } from "../lib/mod.ts";
import { seededRandom } from "../lib/_random.ts";
import {
  kernelArray,
  kernelThreads,
  type MatrixKernels,
  setKernelThreads,
  typescriptKernels,
  updateKernels,
  wasmKernels,
} from "../lib/nn/_kernels.ts";
import { assemble, moduleSource, wasmFolder } from "../lib/nn/_wasm/build.ts";

const wasm = wasmKernels as MatrixKernels;
const random = seededRandom(12);

/** An array of the backend's with entries in [−0.5, 0.5), a share `zeros` of them 0. */
function filled(kernels: MatrixKernels, n: number, zeros = 0): Float64Array {
  const a = kernels.array(n);
  for (let i = 0; i < n; i++) a[i] = random() < zeros ? 0 : random() - 0.5;
  return a;
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

Deno.test("the WebAssembly backend loads here (Deno has SIMD and shared memory)", () => {
  assert.equal(wasmKernels?.name, "wasm");
  assert.ok(updateKernels);
});

Deno.test("the committed kernels_wasm.ts is what build.ts assembles from kernels.wat", async () => {
  const text = await Deno.readTextFile(new URL("kernels.wat", wasmFolder));
  const committed = await Deno.readTextFile(new URL("kernels_wasm.ts", wasmFolder));
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
        // c[m×n] += a[m×k]·b[k×n]; the scale of entry (i, j) is |c₀| + Σₚ |aᵢₚ·bₚⱼ|.
        const a = filled(wasm, m * k, zeros), b = filled(wasm, k * n), c = filled(wasm, m * n);
        const expected = Float64Array.from(c), scale = c.map(Math.abs);
        typescriptKernels.matmul(a, b, expected, m, k, n);
        typescriptKernels.matmul(a.map(Math.abs), b.map(Math.abs), scale, m, k, n);
        wasm.matmul(a, b, c, m, k, n, sparse);
        assertRelative(c, expected, scale, `matmul ${shape}`);
        // c[k×n] += a[m×k]ᵀ·b[m×n]
        const b2 = filled(wasm, m * n), c2 = filled(wasm, k * n);
        const expected2 = Float64Array.from(c2), scale2 = c2.map(Math.abs);
        typescriptKernels.matmulTransA(a, b2, expected2, m, k, n);
        typescriptKernels.matmulTransA(a.map(Math.abs), b2.map(Math.abs), scale2, m, k, n);
        wasm.matmulTransA(a, b2, c2, m, k, n, sparse);
        assertRelative(c2, expected2, scale2, `matmulTransA ${shape}`);
        // c[m×k] += a[m×n]·b[k×n]ᵀ
        const a3 = filled(wasm, m * n, zeros), b3 = filled(wasm, k * n), c3 = filled(wasm, m * k);
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
    const a = filled(wasm, m * n), z = filled(wasm, m * n);
    a[0] = -0; // kept as it is: both backends set only a < 0 to 0
    const a1 = Float64Array.from(a);
    typescriptKernels.relu(a1);
    wasm.relu(a);
    assert.deepEqual(a, a1, `relu ${m}×${n}`);
    const d = filled(wasm, m * n);
    const d1 = Float64Array.from(d);
    typescriptKernels.reluMask(d1, z);
    wasm.reluMask(d, z);
    assert.deepEqual(d, d1, `reluMask ${m}×${n}`);
    const out = wasm.array(n), out1 = new Float64Array(n);
    wasm.sumRows(d, out, m, n);
    typescriptKernels.sumRows(d, out1, m, n);
    assert.deepEqual(out, out1, `sumRows ${m}×${n}`);
  }
});

Deno.test("wasm matmul falls back to the plain loops, with the same result, for arrays outside its memory", () => {
  const a = Float64Array.of(1, 2, 3, 4), b = Float64Array.of(5, 6, 7, 8), c = new Float64Array(4);
  wasm.matmul(a, b, c, 2, 2, 2);
  assert.deepEqual(Array.from(c), [19, 22, 43, 50]);
});

Deno.test("arrays from kernelArray() keep their values when the memory grows", () => {
  const small = kernelArray(5);
  small.set([1, 2, 3, 4, 5]);
  const big = kernelArray(8_000_000); // 64 MB: more than the memory had
  big[big.length - 1] = 7;
  assert.deepEqual(Array.from(small), [1, 2, 3, 4, 5]);
  assert.equal(big[big.length - 1], 7);
  assert.ok(big.every((v, i) => v === 0 || i === big.length - 1), "a new array starts at zeros");
});

/** Counts the calls of each fast update that did the work (returned true). */
function countFastUpdates(): { calls: Record<string, number>; restore: () => void } {
  const kernels = updateKernels as unknown as Record<string, (...args: unknown[]) => boolean>;
  const calls: Record<string, number> = {};
  const originals = { ...kernels };
  for (const [name, update] of Object.entries(originals)) {
    kernels[name] = (...args) => {
      const done = update(...args);
      if (done) calls[name] = (calls[name] ?? 0) + 1;
      return done;
    };
  }
  return { calls, restore: () => Object.assign(kernels, originals) };
}

const makers: [string, () => Optimizer][] = [
  ...optimizerNames.map((name): [string, () => Optimizer] => [name, () => new optimizerTable[name].optimizer({})]),
  ["AdaGrad epsInsideSqrt", () => new AdaGrad({ epsInsideSqrt: true, initialAccumulator: 0.1 })],
];

Deno.test("every optimizer's SIMD update gives the same bits as its readable loop, odd sizes included", () => {
  const { calls, restore } = countFastUpdates();
  try {
    for (const [name, make] of makers) {
      for (const n of [1, 2, 3, 7, 64, 1001]) {
        const readable = make(), fast = make();
        const p1 = new Float64Array(n), p2 = kernelArray(n); // p1 outside the memory: the readable loop
        for (let i = 0; i < n; i++) p1[i] = p2[i] = random() - 0.5;
        for (let step = 0; step < 5; step++) {
          const g = Float64Array.from({ length: n }, () => (random() - 0.5) * 10 ** (4 * random() - 2));
          readable.update(p1, g);
          fast.update(p2, g);
        }
        assert.deepEqual(p2, p1, `${name} n=${n}: parameters`);
        for (const state of ["v", "h", "m"] as const) {
          const a = (readable as unknown as Record<string, Float64Array>)[state];
          if (a) assert.deepEqual((fast as unknown as Record<string, Float64Array>)[state], a, `${name}: ${state}`);
        }
      }
    }
  } finally {
    restore();
  }
  // Each optimizer's fast path ran on every update of `fast`, and never on `readable`.
  assert.deepEqual(calls, { sgd: 30, momentum: 30, nesterov: 30, adagrad: 60, rmsprop: 30, adam: 30 });
});

Deno.test("optimizers keep their clear errors with arrays from kernelArray()", () => {
  const opt = new AdaGrad();
  assert.throws(() => opt.update(kernelArray(3), kernelArray(4)), /'params' and 'grads' must have the same length/);
  opt.update(kernelArray(3), kernelArray(3));
  assert.throws(() => opt.update(kernelArray(5), kernelArray(5)), /'params' changed length since the first update/);
});

Deno.test("two threads give the same bits as one: large products and updates are split by rows and elements", () => {
  const [m, k, n] = [131, 301, 97]; // odd, and above the size where the work is split
  const a = filled(wasm, m * k, 0.8), b = filled(wasm, k * n), bT = filled(wasm, n * k), b2 = filled(wasm, m * n);
  const results = ([1, 2] as const).map((threads) => {
    setKernelThreads(threads, false); // two: always split, however busy the machine
    const c = [wasm.array(m * n), wasm.array(m * n), wasm.array(k * n), wasm.array(m * k)];
    wasm.matmul(a, b, c[0], m, k, n, false);
    wasm.matmul(a, b, c[1], m, k, n, true);
    wasm.matmulTransA(a, b2, c[2], m, k, n, true);
    wasm.matmulTransB(a, bT, c[3], m, k, n);
    const p = kernelArray(100_001), g = kernelArray(100_001);
    for (let i = 0; i < p.length; i++) [p[i], g[i]] = [Math.sin(i), Math.cos(i)];
    const adam = new optimizerTable.Adam.optimizer({});
    for (let step = 0; step < 3; step++) adam.update(p, g);
    return [...c, p];
  });
  setKernelThreads(2);
  assert.equal(kernelThreads(), 2, "the second thread started and did its half");
  results[0].forEach((one, i) => assert.deepEqual(results[1][i], one, `result ${i}`));
});

Deno.test("setKernelThreads() takes 1 or 2", () => {
  assert.throws(
    () => setKernelThreads(3 as 2),
    /Cannot set the kernels' threads as 'count' must be 1 or 2: current value is 3/,
  );
});

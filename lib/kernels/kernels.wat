;; The networks' matrix kernels, in WebAssembly text with 128-bit SIMD (f64x2:
;; two doubles per instruction). build.ts (`deno task build:wasm`) assembles
;; this file with wabt (npm) into _kernels_wasm.ts; tests/nn_kernels_test.ts
;; checks that the committed bytes are what this text assembles to, and that
;; every kernel agrees with the plain TypeScript loops of matrix.ts.
;;
;; Why WebAssembly: V8 does not vectorise JavaScript loops, and WebAssembly
;; SIMD runs in Deno and in browsers alike (bench/README.md has the numbers).
;; Why float64 and plain mul + add, without relaxed SIMD's fused multiply-add:
;; the networks stay in float64 end to end, and a fused multiply-add rounds
;; differently from one machine to the next.
;;
;; Pointers are byte offsets into the memory; sizes count doubles.
;; Matrices are row-major and contiguous.
(module
  (import "env" "memory" (memory 1))

  ;; c[m×n] += a[m×k] · b[k×n], dense
  ;;
  ;; Blocks of 4 rows of a by 4 columns of b: 8 f64x2 accumulators stay in
  ;; registers while k runs, and each value loaded from b serves 4 rows.
  ;; Leftover rows and columns go through narrower loops.
  (func (export "gemm") (param $m i32) (param $k i32) (param $n i32) (param $a i32) (param $b i32) (param $c i32)
    (local $i i32) (local $j i32) (local $p i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $rowA i32) (local $rowB i32)
    (local $pb i32) (local $pc i32) (local $end i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128)
    (local $b0 v128) (local $b1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $rowA (i32.shl (local.get $k) (i32.const 3)))
    (local.set $rowB (i32.shl (local.get $n) (i32.const 3)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $m)))
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rowA))))
        (local.set $a1 (i32.add (local.get $a0) (local.get $rowA)))
        (local.set $a2 (i32.add (local.get $a1) (local.get $rowA)))
        (local.set $a3 (i32.add (local.get $a2) (local.get $rowA)))
        (local.set $j (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
            (local.set $c00 (v128.const f64x2 0 0)) (local.set $c01 (v128.const f64x2 0 0))
            (local.set $c10 (v128.const f64x2 0 0)) (local.set $c11 (v128.const f64x2 0 0))
            (local.set $c20 (v128.const f64x2 0 0)) (local.set $c21 (v128.const f64x2 0 0))
            (local.set $c30 (v128.const f64x2 0 0)) (local.set $c31 (v128.const f64x2 0 0))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $p (i32.const 0))
            ;; k two at a time (the loop tests once per two), then an odd last k
            (local.set $end (i32.and (local.get $rowA) (i32.const -16)))
            (if (local.get $end)
              (then
                (loop $kLoop
                  (local.set $x0 (v128.load64_splat (i32.add (local.get $a0) (local.get $p))))
                  (local.set $x1 (v128.load64_splat (i32.add (local.get $a1) (local.get $p))))
                  (local.set $x2 (v128.load64_splat (i32.add (local.get $a2) (local.get $p))))
                  (local.set $x3 (v128.load64_splat (i32.add (local.get $a3) (local.get $p))))
                  (local.set $b0 (v128.load (local.get $pb)))
                  (local.set $b1 (v128.load offset=16 (local.get $pb)))
                  (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x0) (local.get $b0))))
                  (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $x0) (local.get $b1))))
                  (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $x1) (local.get $b0))))
                  (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $x1) (local.get $b1))))
                  (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $x2) (local.get $b0))))
                  (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $x2) (local.get $b1))))
                  (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $x3) (local.get $b0))))
                  (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $x3) (local.get $b1))))
                  (local.set $x0 (v128.load64_splat offset=8 (i32.add (local.get $a0) (local.get $p))))
                  (local.set $x1 (v128.load64_splat offset=8 (i32.add (local.get $a1) (local.get $p))))
                  (local.set $x2 (v128.load64_splat offset=8 (i32.add (local.get $a2) (local.get $p))))
                  (local.set $x3 (v128.load64_splat offset=8 (i32.add (local.get $a3) (local.get $p))))
                  (local.set $b0 (v128.load (i32.add (local.get $pb) (local.get $rowB))))
                  (local.set $b1 (v128.load offset=16 (i32.add (local.get $pb) (local.get $rowB))))
                  (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x0) (local.get $b0))))
                  (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $x0) (local.get $b1))))
                  (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $x1) (local.get $b0))))
                  (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $x1) (local.get $b1))))
                  (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $x2) (local.get $b0))))
                  (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $x2) (local.get $b1))))
                  (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $x3) (local.get $b0))))
                  (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $x3) (local.get $b1))))
                  (local.set $pb (i32.add (local.get $pb) (i32.shl (local.get $rowB) (i32.const 1))))
                  (local.set $p (i32.add (local.get $p) (i32.const 16)))
                  (br_if $kLoop (i32.lt_u (local.get $p) (local.get $end))))))
            (if (i32.lt_u (local.get $p) (local.get $rowA))
              (then
                  (local.set $x0 (v128.load64_splat (i32.add (local.get $a0) (local.get $p))))
                  (local.set $x1 (v128.load64_splat (i32.add (local.get $a1) (local.get $p))))
                  (local.set $x2 (v128.load64_splat (i32.add (local.get $a2) (local.get $p))))
                  (local.set $x3 (v128.load64_splat (i32.add (local.get $a3) (local.get $p))))
                  (local.set $b0 (v128.load (local.get $pb)))
                  (local.set $b1 (v128.load offset=16 (local.get $pb)))
                  (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x0) (local.get $b0))))
                  (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $x0) (local.get $b1))))
                  (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $x1) (local.get $b0))))
                  (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $x1) (local.get $b1))))
                  (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $x2) (local.get $b0))))
                  (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $x2) (local.get $b1))))
                  (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $x3) (local.get $b0))))
                  (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $x3) (local.get $b1))))
              ))
            ;; c[i..i+3, j..j+3] += the accumulators
            (local.set $pc (i32.add (local.get $c)
              (i32.add (i32.mul (local.get $i) (local.get $rowB)) (i32.shl (local.get $j) (i32.const 3)))))
            (v128.store (local.get $pc) (f64x2.add (v128.load (local.get $pc)) (local.get $c00)))
            (v128.store offset=16 (local.get $pc) (f64x2.add (v128.load offset=16 (local.get $pc)) (local.get $c01)))
            (local.set $pc (i32.add (local.get $pc) (local.get $rowB)))
            (v128.store (local.get $pc) (f64x2.add (v128.load (local.get $pc)) (local.get $c10)))
            (v128.store offset=16 (local.get $pc) (f64x2.add (v128.load offset=16 (local.get $pc)) (local.get $c11)))
            (local.set $pc (i32.add (local.get $pc) (local.get $rowB)))
            (v128.store (local.get $pc) (f64x2.add (v128.load (local.get $pc)) (local.get $c20)))
            (v128.store offset=16 (local.get $pc) (f64x2.add (v128.load offset=16 (local.get $pc)) (local.get $c21)))
            (local.set $pc (i32.add (local.get $pc) (local.get $rowB)))
            (v128.store (local.get $pc) (f64x2.add (v128.load (local.get $pc)) (local.get $c30)))
            (v128.store offset=16 (local.get $pc) (f64x2.add (v128.load offset=16 (local.get $pc)) (local.get $c31)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $cols)))
        ;; the last n mod 4 columns of these 4 rows, one column at a time
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $j) (local.get $n)))
            (call $dotColumn (local.get $a0) (local.get $b) (local.get $c) (local.get $k) (local.get $n) (local.get $i) (local.get $j))
            (call $dotColumn (local.get $a1) (local.get $b) (local.get $c) (local.get $k) (local.get $n) (i32.add (local.get $i) (i32.const 1)) (local.get $j))
            (call $dotColumn (local.get $a2) (local.get $b) (local.get $c) (local.get $k) (local.get $n) (i32.add (local.get $i) (i32.const 2)) (local.get $j))
            (call $dotColumn (local.get $a3) (local.get $b) (local.get $c) (local.get $k) (local.get $n) (i32.add (local.get $i) (i32.const 3)) (local.get $j))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tail)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rows)))
    ;; the last m mod 4 rows, one entry at a time
    (block $lastDone
      (loop $last
        (br_if $lastDone (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $j (i32.const 0))
        (block $colsDone1
          (loop $cols1
            (br_if $colsDone1 (i32.ge_u (local.get $j) (local.get $n)))
            (call $dotColumn (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rowA)))
              (local.get $b) (local.get $c) (local.get $k) (local.get $n) (local.get $i) (local.get $j))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $cols1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $last))))

  ;; c[i, j] += Σₚ row[p]·b[p, j], for the leftover rows and columns
  (func $dotColumn (param $row i32) (param $b i32) (param $c i32) (param $k i32) (param $n i32) (param $i i32) (param $j i32)
    (local $p i32) (local $pb i32) (local $s f64) (local $pc i32)
    (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $k)))
        (local.set $s (f64.add (local.get $s)
          (f64.mul (f64.load (i32.add (local.get $row) (i32.shl (local.get $p) (i32.const 3)))) (f64.load (local.get $pb)))))
        (local.set $pb (i32.add (local.get $pb) (i32.shl (local.get $n) (i32.const 3))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $next)))
    (local.set $pc (i32.add (local.get $c)
      (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 3))))
    (f64.store (local.get $pc) (f64.add (f64.load (local.get $pc)) (local.get $s))))

  ;; c[m×n] += a[m×k] · b[k×n] for an a that is mostly 0 (digit pixels)
  ;;
  ;; Row i of c only visits the k where a[i, k] ≠ 0, listed by rowLists at
  ;; lists + i·(k + 1)·4 bytes: with 81% of the pixels 0, a fifth of the dense
  ;; work. For four listed k at a time, c's row (in L1) gets
  ;; a[i,k₁]·b[k₁,:] + … + a[i,k₄]·b[k₄,:] while b's four rows stream by (four
  ;; at a time: 20% faster than two); then two, then one. (Tried and slower: blocks
  ;; of 4 rows visiting the k where any of the 4 is ≠ 0 skip only a third;
  ;; column blocks in registers walk b's rows once per block; a test of a == 0
  ;; inside the dense loop costs more than it saves, as the branch is
  ;; unpredictable.)
  (func (export "gemmSparse") (param $m i32) (param $k i32) (param $n i32) (param $a i32) (param $b i32) (param $c i32)
    (param $lists i32)
    (local $i i32) (local $j i32) (local $q i32) (local $end i32) (local $p i32)
    (local $row i32) (local $rowB i32) (local $even i32) (local $pc i32)
    (local $pb0 i32) (local $pb1 i32) (local $pb2 i32) (local $pb3 i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128)
    (local.set $rowB (i32.shl (local.get $n) (i32.const 3)))
    (local.set $even (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $row (i32.add (local.get $a) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 3))))
        (local.set $q (i32.add (local.get $lists)
          (i32.shl (i32.mul (local.get $i) (i32.add (local.get $k) (i32.const 1))) (i32.const 2))))
        (local.set $end (i32.add (local.get $q) (i32.shl (i32.load (local.get $q)) (i32.const 2))))
        (local.set $pc (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $rowB))))
        ;; four listed k at a time
        (block $quadsDone
          (loop $quads
            (br_if $quadsDone (i32.gt_u (i32.add (local.get $q) (i32.const 16)) (local.get $end)))
            (local.set $p (i32.load offset=4 (local.get $q)))
            (local.set $x0 (v128.load64_splat (i32.add (local.get $row) (i32.shl (local.get $p) (i32.const 3)))))
            (local.set $pb0 (i32.add (local.get $b) (i32.mul (local.get $p) (local.get $rowB))))
            (local.set $p (i32.load offset=8 (local.get $q)))
            (local.set $x1 (v128.load64_splat (i32.add (local.get $row) (i32.shl (local.get $p) (i32.const 3)))))
            (local.set $pb1 (i32.add (local.get $b) (i32.mul (local.get $p) (local.get $rowB))))
            (local.set $p (i32.load offset=12 (local.get $q)))
            (local.set $x2 (v128.load64_splat (i32.add (local.get $row) (i32.shl (local.get $p) (i32.const 3)))))
            (local.set $pb2 (i32.add (local.get $b) (i32.mul (local.get $p) (local.get $rowB))))
            (local.set $p (i32.load offset=16 (local.get $q)))
            (local.set $x3 (v128.load64_splat (i32.add (local.get $row) (i32.shl (local.get $p) (i32.const 3)))))
            (local.set $pb3 (i32.add (local.get $b) (i32.mul (local.get $p) (local.get $rowB))))
            (local.set $q (i32.add (local.get $q) (i32.const 16)))
            (local.set $j (i32.const 0))
            (block $j4Done
              (loop $j4
                (br_if $j4Done (i32.ge_u (local.get $j) (local.get $even)))
                (v128.store (i32.add (local.get $pc) (local.get $j))
                  (f64x2.add (v128.load (i32.add (local.get $pc) (local.get $j)))
                    (f64x2.add
                      (f64x2.add (f64x2.mul (local.get $x0) (v128.load (i32.add (local.get $pb0) (local.get $j))))
                                 (f64x2.mul (local.get $x1) (v128.load (i32.add (local.get $pb1) (local.get $j)))))
                      (f64x2.add (f64x2.mul (local.get $x2) (v128.load (i32.add (local.get $pb2) (local.get $j))))
                                 (f64x2.mul (local.get $x3) (v128.load (i32.add (local.get $pb3) (local.get $j))))))))
                (local.set $j (i32.add (local.get $j) (i32.const 16)))
                (br $j4)))
            (if (i32.lt_u (local.get $j) (local.get $rowB))
              (then
                (f64.store (i32.add (local.get $pc) (local.get $j))
                  (f64.add (f64.load (i32.add (local.get $pc) (local.get $j)))
                    (f64.add
                      (f64.add (f64.mul (f64x2.extract_lane 0 (local.get $x0)) (f64.load (i32.add (local.get $pb0) (local.get $j))))
                               (f64.mul (f64x2.extract_lane 0 (local.get $x1)) (f64.load (i32.add (local.get $pb1) (local.get $j)))))
                      (f64.add (f64.mul (f64x2.extract_lane 0 (local.get $x2)) (f64.load (i32.add (local.get $pb2) (local.get $j))))
                               (f64.mul (f64x2.extract_lane 0 (local.get $x3)) (f64.load (i32.add (local.get $pb3) (local.get $j))))))))))
            (br $quads)))
        ;; then two
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.gt_u (i32.add (local.get $q) (i32.const 8)) (local.get $end)))
            (local.set $p (i32.load offset=4 (local.get $q)))
            (local.set $x0 (v128.load64_splat (i32.add (local.get $row) (i32.shl (local.get $p) (i32.const 3)))))
            (local.set $pb0 (i32.add (local.get $b) (i32.mul (local.get $p) (local.get $rowB))))
            (local.set $p (i32.load offset=8 (local.get $q)))
            (local.set $x1 (v128.load64_splat (i32.add (local.get $row) (i32.shl (local.get $p) (i32.const 3)))))
            (local.set $pb1 (i32.add (local.get $b) (i32.mul (local.get $p) (local.get $rowB))))
            (local.set $q (i32.add (local.get $q) (i32.const 8)))
            (local.set $j (i32.const 0))
            (block $jDone
              (loop $jLoop
                (br_if $jDone (i32.ge_u (local.get $j) (local.get $even)))
                (v128.store (i32.add (local.get $pc) (local.get $j))
                  (f64x2.add (v128.load (i32.add (local.get $pc) (local.get $j)))
                    (f64x2.add (f64x2.mul (local.get $x0) (v128.load (i32.add (local.get $pb0) (local.get $j))))
                               (f64x2.mul (local.get $x1) (v128.load (i32.add (local.get $pb1) (local.get $j)))))))
                (local.set $j (i32.add (local.get $j) (i32.const 16)))
                (br $jLoop)))
            (if (i32.lt_u (local.get $j) (local.get $rowB))
              (then
                (f64.store (i32.add (local.get $pc) (local.get $j))
                  (f64.add (f64.load (i32.add (local.get $pc) (local.get $j)))
                    (f64.add (f64.mul (f64x2.extract_lane 0 (local.get $x0)) (f64.load (i32.add (local.get $pb0) (local.get $j))))
                             (f64.mul (f64x2.extract_lane 0 (local.get $x1)) (f64.load (i32.add (local.get $pb1) (local.get $j)))))))))
            (br $pairs)))
        ;; and a last one
        (if (i32.lt_u (local.get $q) (local.get $end))
          (then
            (local.set $p (i32.load offset=4 (local.get $q)))
            (local.set $x0 (v128.load64_splat (i32.add (local.get $row) (i32.shl (local.get $p) (i32.const 3)))))
            (local.set $pb0 (i32.add (local.get $b) (i32.mul (local.get $p) (local.get $rowB))))
            (local.set $j (i32.const 0))
            (block $j1Done
              (loop $j1
                (br_if $j1Done (i32.ge_u (local.get $j) (local.get $even)))
                (v128.store (i32.add (local.get $pc) (local.get $j))
                  (f64x2.add (v128.load (i32.add (local.get $pc) (local.get $j)))
                    (f64x2.mul (local.get $x0) (v128.load (i32.add (local.get $pb0) (local.get $j))))))
                (local.set $j (i32.add (local.get $j) (i32.const 16)))
                (br $j1)))
            (if (i32.lt_u (local.get $j) (local.get $rowB))
              (then
                (f64.store (i32.add (local.get $pc) (local.get $j))
                  (f64.add (f64.load (i32.add (local.get $pc) (local.get $j)))
                    (f64.mul (f64x2.extract_lane 0 (local.get $x0)) (f64.load (i32.add (local.get $pb0) (local.get $j))))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; For each row i of a[m×k], the k where a[i, k] ≠ 0, written at
  ;; lists + i·(k + 1)·4 bytes as [count, k₁, k₂, …] (i32), for gemmSparse.
  (func (export "rowLists") (param $m i32) (param $k i32) (param $a i32) (param $lists i32)
    (local $i i32) (local $p i32) (local $row i32) (local $lp i32) (local $q i32) (local $bits i32)
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $row (i32.add (local.get $a) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 3))))
        (local.set $lp (i32.add (local.get $lists)
          (i32.shl (i32.mul (local.get $i) (i32.add (local.get $k) (i32.const 1))) (i32.const 2))))
        (local.set $q (local.get $lp))
        (local.set $p (i32.const 0))
        ;; two entries at a time: store both indices always, keep each only where a ≠ 0 (no unpredictable branch)
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.gt_u (i32.add (local.get $p) (i32.const 2)) (local.get $k)))
            (local.set $bits (i64x2.bitmask (f64x2.ne
              (v128.load (i32.add (local.get $row) (i32.shl (local.get $p) (i32.const 3)))) (v128.const f64x2 0 0))))
            (i32.store offset=4 (local.get $q) (local.get $p))
            (local.set $q (i32.add (local.get $q) (i32.shl (i32.and (local.get $bits) (i32.const 1)) (i32.const 2))))
            (i32.store offset=4 (local.get $q) (i32.add (local.get $p) (i32.const 1)))
            (local.set $q (i32.add (local.get $q) (i32.shl (i32.and (local.get $bits) (i32.const 2)) (i32.const 1))))
            (local.set $p (i32.add (local.get $p) (i32.const 2)))
            (br $pairs)))
        (block $kDone
          (loop $kLoop
            (br_if $kDone (i32.ge_u (local.get $p) (local.get $k)))
            (i32.store offset=4 (local.get $q) (local.get $p))
            (local.set $q (i32.add (local.get $q)
              (i32.shl (f64.ne (f64.load (i32.add (local.get $row) (i32.shl (local.get $p) (i32.const 3)))) (f64.const 0))
                (i32.const 2))))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $kLoop)))
        (i32.store (local.get $lp) (i32.shr_u (i32.sub (local.get $q) (local.get $lp)) (i32.const 2)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; dst[cols×rows] = src[rows×cols]ᵀ
  ;;
  ;; 8 rows of src at a time, so that each column of them fills one 64-byte
  ;; line of dst (row by row, every write of a tall transpose missed the cache:
  ;; 4.4 ns per number against 1 here). Leftover rows one at a time.
  (func (export "transpose") (param $rows i32) (param $cols i32) (param $src i32) (param $dst i32)
    (local $i i32) (local $j i32) (local $ps i32) (local $pd i32) (local $rowS i32) (local $rowD i32)
    (local.set $rowS (i32.shl (local.get $cols) (i32.const 3)))
    (local.set $rowD (i32.shl (local.get $rows) (i32.const 3)))
    (block $blocksDone
      (loop $blocks
        (br_if $blocksDone (i32.gt_u (i32.add (local.get $i) (i32.const 8)) (local.get $rows)))
        (local.set $ps (i32.add (local.get $src) (i32.mul (local.get $i) (local.get $rowS))))
        (local.set $pd (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 3))))
        (local.set $j (i32.const 0))
        (block $jDone
          (loop $jLoop
            (br_if $jDone (i32.ge_u (local.get $j) (local.get $cols)))
            (f64.store offset=0 (local.get $pd) (f64.load (local.get $ps)))
            (f64.store offset=8 (local.get $pd) (f64.load (i32.add (local.get $ps) (local.get $rowS))))
            (f64.store offset=16 (local.get $pd) (f64.load (i32.add (local.get $ps) (i32.mul (local.get $rowS) (i32.const 2)))))
            (f64.store offset=24 (local.get $pd) (f64.load (i32.add (local.get $ps) (i32.mul (local.get $rowS) (i32.const 3)))))
            (f64.store offset=32 (local.get $pd) (f64.load (i32.add (local.get $ps) (i32.mul (local.get $rowS) (i32.const 4)))))
            (f64.store offset=40 (local.get $pd) (f64.load (i32.add (local.get $ps) (i32.mul (local.get $rowS) (i32.const 5)))))
            (f64.store offset=48 (local.get $pd) (f64.load (i32.add (local.get $ps) (i32.mul (local.get $rowS) (i32.const 6)))))
            (f64.store offset=56 (local.get $pd) (f64.load (i32.add (local.get $ps) (i32.mul (local.get $rowS) (i32.const 7)))))
            (local.set $ps (i32.add (local.get $ps) (i32.const 8)))
            (local.set $pd (i32.add (local.get $pd) (local.get $rowD)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $jLoop)))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $blocks)))
    (block $iDone
      (loop $iLoop
        (br_if $iDone (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $ps (i32.add (local.get $src) (i32.mul (local.get $i) (local.get $rowS))))
        (local.set $pd (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 3))))
        (local.set $j (i32.const 0))
        (block $jDone1
          (loop $jLoop1
            (br_if $jDone1 (i32.ge_u (local.get $j) (local.get $cols)))
            (f64.store (local.get $pd) (f64.load (local.get $ps)))
            (local.set $ps (i32.add (local.get $ps) (i32.const 8)))
            (local.set $pd (i32.add (local.get $pd) (local.get $rowD)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $jLoop1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $iLoop))))

;; The network's element-wise steps, as the readable loops do them.

  ;; a ← ReLU(a) in place: a < 0 ? 0 : a
  (func (export "relu") (param $n i32) (param $a i32)
    (local $i i32) (local $end i32) (local $v v128) (local $s f64)
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $v (v128.load (i32.add (local.get $a) (local.get $i))))
      (v128.store (i32.add (local.get $a) (local.get $i))
        (v128.bitselect (v128.const f64x2 0 0) (local.get $v) (f64x2.lt (local.get $v) (v128.const f64x2 0 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $next)))
    (if (i32.and (local.get $n) (i32.const 1)) (then
      (local.set $s (f64.load (i32.add (local.get $a) (local.get $i))))
      (if (f64.lt (local.get $s) (f64.const 0)) (then (f64.store (i32.add (local.get $a) (local.get $i)) (f64.const 0)))))))

  ;; δ ← 0 where z ≤ 0: ReLU passes the gradient only where it was active
  (func (export "reluMask") (param $n i32) (param $d i32) (param $z i32)
    (local $i i32) (local $end i32)
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (v128.store (i32.add (local.get $d) (local.get $i))
        (v128.bitselect (v128.const f64x2 0 0) (v128.load (i32.add (local.get $d) (local.get $i)))
          (f64x2.le (v128.load (i32.add (local.get $z) (local.get $i))) (v128.const f64x2 0 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $next)))
    (if (i32.and (local.get $n) (i32.const 1)) (then
      (if (f64.le (f64.load (i32.add (local.get $z) (local.get $i))) (f64.const 0))
        (then (f64.store (i32.add (local.get $d) (local.get $i)) (f64.const 0)))))))

  ;; out[j] += Σᵢ a[i, j] for a[m×n], adding the rows in order
  (func (export "sumRows") (param $m i32) (param $n i32) (param $a i32) (param $out i32)
    (local $i i32) (local $j i32) (local $p i32) (local $rowA i32) (local $acc v128) (local $s f64)
    (local.set $rowA (i32.shl (local.get $n) (i32.const 3)))
    (block $pairsDone (loop $pairs
      (br_if $pairsDone (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $rowA)))
      (local.set $acc (v128.const f64x2 0 0))
      (local.set $p (i32.add (local.get $a) (local.get $j)))
      (local.set $i (i32.const 0))
      (block $rowsDone (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $acc (f64x2.add (local.get $acc) (v128.load (local.get $p))))
        (local.set $p (i32.add (local.get $p) (local.get $rowA)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
      (v128.store (i32.add (local.get $out) (local.get $j))
        (f64x2.add (v128.load (i32.add (local.get $out) (local.get $j))) (local.get $acc)))
      (local.set $j (i32.add (local.get $j) (i32.const 16)))
      (br $pairs)))
    (if (i32.lt_u (local.get $j) (local.get $rowA)) (then
      (local.set $p (i32.add (local.get $a) (local.get $j)))
      (local.set $i (i32.const 0))
      (block $lastDone (loop $last
        (br_if $lastDone (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $s (f64.add (local.get $s) (f64.load (local.get $p))))
        (local.set $p (i32.add (local.get $p) (local.get $rowA)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $last)))
      (f64.store (i32.add (local.get $out) (local.get $j))
        (f64.add (f64.load (i32.add (local.get $out) (local.get $j))) (local.get $s))))))
)

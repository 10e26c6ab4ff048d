;; Softmax cross-entropy passes over float32 logits [n, V] in tfjs-backend-wasm's own memory
;; (imported, so no tensor is copied), four lanes at a time (wasm SIMD).
;; Built into softmax_ce_wasm.ts by packages/backend/scripts/build-wasm.mjs; see softmax_ce.ts.
;; All pointers are byte offsets into the memory; every array is float32, row-major.
(module
  (import "env" "memory" (memory 1)) ;; MEMORY (the build writes a shared variant too)

  ;; exp of four floats (Cephes expf: relative error < 2e-7). Inputs are clamped to
  ;; [-87.33, 88.37], where 2^n stays a normal float; in this module they are always <= 0.
  (func $exp4 (param $x v128) (result v128)
    (local $n v128) (local $r v128) (local $p v128)
    (local.set $x (f32x4.max (f32x4.min (local.get $x) (v128.const f32x4 88.37 88.37 88.37 88.37))
                             (v128.const f32x4 -87.33 -87.33 -87.33 -87.33)))
    ;; x = n ln2 + r, |r| <= ln2 / 2 (ln2 in two parts, so r is exact)
    (local.set $n (f32x4.nearest (f32x4.mul (local.get $x) (v128.const f32x4 1.44269504 1.44269504 1.44269504 1.44269504))))
    (local.set $r (f32x4.sub (f32x4.sub (local.get $x)
                                        (f32x4.mul (local.get $n) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375)))
                             (f32x4.mul (local.get $n) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
    ;; exp(r) = 1 + r + r^2 p(r)
    (local.set $p (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1)))
    (local.set $p (f32x4.add (f32x4.add (f32x4.mul (f32x4.mul (local.get $p) (local.get $r)) (local.get $r)) (local.get $r))
                             (v128.const f32x4 1 1 1 1)))
    ;; times 2^n, built in the exponent bits
    (f32x4.mul (local.get $p)
               (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $n)) (v128.const i32x4 127 127 127 127)) (i32.const 23))))

  ;; exp of one float, through $exp4
  (func $exp1 (param $x f32) (result f32)
    (f32x4.extract_lane 0 (call $exp4 (f32x4.splat (local.get $x)))))

  ;; For each row i of x [n, V]: max[i] = max_j x[i, j] and sum[i] = sum_j exp(x[i, j] - max[i]).
  (func (export "row_max_sumexp") (param $x i32) (param $n i32) (param $V i32) (param $maxOut i32) (param $sumOut i32)
    (local $i i32) (local $row i32) (local $end i32) (local $end4 i32) (local $p i32)
    (local $m v128) (local $mx f32) (local $acc v128) (local $acc2 v128) (local $s f32)
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $row (i32.add (local.get $x) (i32.mul (i32.mul (local.get $i) (local.get $V)) (i32.const 4))))
        (local.set $end (i32.add (local.get $row) (i32.shl (local.get $V) (i32.const 2))))
        (local.set $end4 (i32.add (local.get $row) (i32.shl (i32.and (local.get $V) (i32.const -4)) (i32.const 2))))
        ;; max
        (local.set $m (f32x4.splat (f32.const -inf)))
        (local.set $p (local.get $row))
        (block $d (loop $l
          (br_if $d (i32.ge_u (local.get $p) (local.get $end4)))
          (local.set $m (f32x4.max (local.get $m) (v128.load (local.get $p))))
          (local.set $p (i32.add (local.get $p) (i32.const 16)))
          (br $l)))
        (local.set $mx (f32.max (f32.max (f32x4.extract_lane 0 (local.get $m)) (f32x4.extract_lane 1 (local.get $m)))
                                (f32.max (f32x4.extract_lane 2 (local.get $m)) (f32x4.extract_lane 3 (local.get $m)))))
        (block $d (loop $l
          (br_if $d (i32.ge_u (local.get $p) (local.get $end)))
          (local.set $mx (f32.max (local.get $mx) (f32.load (local.get $p))))
          (local.set $p (i32.add (local.get $p) (i32.const 4)))
          (br $l)))
        (f32.store (i32.add (local.get $maxOut) (i32.shl (local.get $i) (i32.const 2))) (local.get $mx))
        ;; sum of exp(x - max), in two accumulators of four lanes
        (local.set $m (f32x4.splat (local.get $mx)))
        (local.set $acc (v128.const f32x4 0 0 0 0))
        (local.set $acc2 (v128.const f32x4 0 0 0 0))
        (local.set $p (local.get $row))
        (block $d (loop $l
          (br_if $d (i32.ge_u (i32.add (local.get $p) (i32.const 16)) (local.get $end4)))
          (local.set $acc (f32x4.add (local.get $acc) (call $exp4 (f32x4.sub (v128.load (local.get $p)) (local.get $m)))))
          (local.set $acc2 (f32x4.add (local.get $acc2) (call $exp4 (f32x4.sub (v128.load offset=16 (local.get $p)) (local.get $m)))))
          (local.set $p (i32.add (local.get $p) (i32.const 32)))
          (br $l)))
        (block $d (loop $l
          (br_if $d (i32.ge_u (local.get $p) (local.get $end4)))
          (local.set $acc (f32x4.add (local.get $acc) (call $exp4 (f32x4.sub (v128.load (local.get $p)) (local.get $m)))))
          (local.set $p (i32.add (local.get $p) (i32.const 16)))
          (br $l)))
        (local.set $acc (f32x4.add (local.get $acc) (local.get $acc2)))
        (local.set $s (f32.add (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
                               (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
        (block $d (loop $l
          (br_if $d (i32.ge_u (local.get $p) (local.get $end)))
          (local.set $s (f32.add (local.get $s) (call $exp1 (f32.sub (f32.load (local.get $p)) (local.get $mx)))))
          (local.set $p (i32.add (local.get $p) (i32.const 4)))
          (br $l)))
        (f32.store (i32.add (local.get $sumOut) (i32.shl (local.get $i) (i32.const 2))) (local.get $s))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; g[i, j] = exp(x[i, j] - lse[i]) * scale for every row of x [n, V].
  ;; With gT != 0 also gT[j, i] = g[i, j] ([V, n]) and colSum[j] += g[i, j] (colSum zeroed by the caller).
  ;; Rows go four at a time, so a 4 x 4 tile is transposed in registers and written as four vectors.
  (func (export "softmax_grad") (param $x i32) (param $n i32) (param $V i32) (param $lse i32) (param $scale f32)
                                (param $g i32) (param $gT i32) (param $colSum i32)
    (local $i i32) (local $j i32) (local $V4 i32) (local $n4 i32) (local $k i32) (local $rowBytes i32) (local $off i32) (local $tp i32)
    (local $sc v128) (local $l0 v128) (local $l1 v128) (local $l2 v128) (local $l3 v128)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local $e f32)
    (local.set $sc (f32x4.splat (local.get $scale)))
    (local.set $V4 (i32.and (local.get $V) (i32.const -4)))
    (local.set $n4 (select (i32.and (local.get $n) (i32.const -4)) (i32.const 0) (local.get $gT)))
    (local.set $rowBytes (i32.shl (local.get $V) (i32.const 2)))
    ;; blocks of four rows (only with gT)
    (block $blocks_done
      (loop $blocks
        (br_if $blocks_done (i32.ge_u (local.get $i) (local.get $n4)))
        (local.set $l0 (f32x4.splat (f32.load (i32.add (local.get $lse) (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $l1 (f32x4.splat (f32.load offset=4 (i32.add (local.get $lse) (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $l2 (f32x4.splat (f32.load offset=8 (i32.add (local.get $lse) (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $l3 (f32x4.splat (f32.load offset=12 (i32.add (local.get $lse) (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $j (i32.const 0))
        (block $d (loop $l
          (br_if $d (i32.ge_u (local.get $j) (local.get $V4)))
          ;; byte offset of [i, j] in x and g
          (local.set $off (i32.shl (i32.add (i32.mul (local.get $i) (local.get $V)) (local.get $j)) (i32.const 2)))
          (local.set $a (f32x4.mul (call $exp4 (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $off))) (local.get $l0))) (local.get $sc)))
          (local.set $b (f32x4.mul (call $exp4 (f32x4.sub (v128.load (i32.add (local.get $x) (i32.add (local.get $off) (local.get $rowBytes)))) (local.get $l1))) (local.get $sc)))
          (local.set $c (f32x4.mul (call $exp4 (f32x4.sub (v128.load (i32.add (local.get $x) (i32.add (local.get $off) (i32.shl (local.get $rowBytes) (i32.const 1))))) (local.get $l2))) (local.get $sc)))
          (local.set $d (f32x4.mul (call $exp4 (f32x4.sub (v128.load (i32.add (local.get $x) (i32.add (local.get $off) (i32.mul (local.get $rowBytes) (i32.const 3))))) (local.get $l3))) (local.get $sc)))
          (v128.store (i32.add (local.get $g) (local.get $off)) (local.get $a))
          (v128.store (i32.add (local.get $g) (i32.add (local.get $off) (local.get $rowBytes))) (local.get $b))
          (v128.store (i32.add (local.get $g) (i32.add (local.get $off) (i32.shl (local.get $rowBytes) (i32.const 1)))) (local.get $c))
          (v128.store (i32.add (local.get $g) (i32.add (local.get $off) (i32.mul (local.get $rowBytes) (i32.const 3)))) (local.get $d))
          ;; column sums
          (local.set $tp (i32.add (local.get $colSum) (i32.shl (local.get $j) (i32.const 2))))
          (v128.store (local.get $tp) (f32x4.add (v128.load (local.get $tp))
                                                 (f32x4.add (f32x4.add (local.get $a) (local.get $b)) (f32x4.add (local.get $c) (local.get $d)))))
          ;; transpose the tile: rows a b c d -> columns
          (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a) (local.get $b)))     ;; a0 b0 a1 b1
          (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a) (local.get $b))) ;; a2 b2 a3 b3
          (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c) (local.get $d)))     ;; c0 d0 c1 d1
          (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c) (local.get $d))) ;; c2 d2 c3 d3
          ;; gT[j + k, i .. i + 3]
          (local.set $tp (i32.add (local.get $gT) (i32.shl (i32.add (i32.mul (local.get $j) (local.get $n)) (local.get $i)) (i32.const 2))))
          (v128.store (local.get $tp) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
          (local.set $tp (i32.add (local.get $tp) (i32.shl (local.get $n) (i32.const 2))))
          (v128.store (local.get $tp) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
          (local.set $tp (i32.add (local.get $tp) (i32.shl (local.get $n) (i32.const 2))))
          (v128.store (local.get $tp) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
          (local.set $tp (i32.add (local.get $tp) (i32.shl (local.get $n) (i32.const 2))))
          (v128.store (local.get $tp) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br $l)))
        ;; the last V mod 4 columns of the four rows
        (local.set $k (i32.const 0))
        (block $kd (loop $kl
          (br_if $kd (i32.ge_u (local.get $k) (i32.const 4)))
          (local.set $j (local.get $V4))
          (block $d (loop $l
            (br_if $d (i32.ge_u (local.get $j) (local.get $V)))
            (local.set $off (i32.shl (i32.add (i32.mul (i32.add (local.get $i) (local.get $k)) (local.get $V)) (local.get $j)) (i32.const 2)))
            (local.set $e (f32.mul (call $exp1 (f32.sub (f32.load (i32.add (local.get $x) (local.get $off)))
                                                       (f32.load (i32.add (local.get $lse) (i32.shl (i32.add (local.get $i) (local.get $k)) (i32.const 2))))))
                                   (local.get $scale)))
            (f32.store (i32.add (local.get $g) (local.get $off)) (local.get $e))
            (f32.store (i32.add (local.get $gT) (i32.shl (i32.add (i32.mul (local.get $j) (local.get $n)) (i32.add (local.get $i) (local.get $k))) (i32.const 2))) (local.get $e))
            (local.set $tp (i32.add (local.get $colSum) (i32.shl (local.get $j) (i32.const 2))))
            (f32.store (local.get $tp) (f32.add (f32.load (local.get $tp)) (local.get $e)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $l)))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br $kl)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $blocks)))
    ;; the remaining rows one at a time (every row without gT)
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $l0 (f32x4.splat (f32.load (i32.add (local.get $lse) (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $j (i32.const 0))
        (block $d (loop $l
          (br_if $d (i32.ge_u (local.get $j) (local.get $V)))
          (local.set $off (i32.shl (i32.add (i32.mul (local.get $i) (local.get $V)) (local.get $j)) (i32.const 2)))
          (if (i32.lt_u (local.get $j) (local.get $V4))
            (then
              (local.set $a (f32x4.mul (call $exp4 (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $off))) (local.get $l0))) (local.get $sc)))
              (v128.store (i32.add (local.get $g) (local.get $off)) (local.get $a))
              (if (local.get $gT)
                (then
                  (local.set $tp (i32.add (local.get $colSum) (i32.shl (local.get $j) (i32.const 2))))
                  (v128.store (local.get $tp) (f32x4.add (v128.load (local.get $tp)) (local.get $a)))
                  (local.set $tp (i32.add (local.get $gT) (i32.shl (i32.add (i32.mul (local.get $j) (local.get $n)) (local.get $i)) (i32.const 2))))
                  (f32.store (local.get $tp) (f32x4.extract_lane 0 (local.get $a)))
                  (local.set $tp (i32.add (local.get $tp) (i32.shl (local.get $n) (i32.const 2))))
                  (f32.store (local.get $tp) (f32x4.extract_lane 1 (local.get $a)))
                  (local.set $tp (i32.add (local.get $tp) (i32.shl (local.get $n) (i32.const 2))))
                  (f32.store (local.get $tp) (f32x4.extract_lane 2 (local.get $a)))
                  (local.set $tp (i32.add (local.get $tp) (i32.shl (local.get $n) (i32.const 2))))
                  (f32.store (local.get $tp) (f32x4.extract_lane 3 (local.get $a)))))
              (local.set $j (i32.add (local.get $j) (i32.const 4))))
            (else
              (local.set $e (f32.mul (call $exp1 (f32.sub (f32.load (i32.add (local.get $x) (local.get $off)))
                                                         (f32x4.extract_lane 0 (local.get $l0))))
                                     (local.get $scale)))
              (f32.store (i32.add (local.get $g) (local.get $off)) (local.get $e))
              (if (local.get $gT)
                (then
                  (local.set $tp (i32.add (local.get $colSum) (i32.shl (local.get $j) (i32.const 2))))
                  (f32.store (local.get $tp) (f32.add (f32.load (local.get $tp)) (local.get $e)))
                  (f32.store (i32.add (local.get $gT) (i32.shl (i32.add (i32.mul (local.get $j) (local.get $n)) (local.get $i)) (i32.const 2))) (local.get $e))))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))))
          (br $l)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))
)

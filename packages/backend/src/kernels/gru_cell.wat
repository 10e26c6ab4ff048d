;; One fused GRU time step (core's RrnnGruCell / RrnnGruCellGrad) over float32 tensors in
;; tfjs-backend-wasm's own memory (imported, so no tensor is copied), four lanes at a time (wasm SIMD).
;; Built into gru_cell_wasm.ts by packages/backend/scripts/build-wasm.mjs; see gru_cell.ts.
;;
;; It computes what @rrnn/core's gru-cell-loops.ts computes. Every tensor is unit-major [rows, b],
;; so with n1 = s*b and n2 = p*b the shared part of every array is elements [0, n1) and each gate's
;; private block of ax / ah is one run of n2 elements: the loops run over flat element runs.
;;   act = [sig(ax_s + ah_s) (n1) | r (n2) | z (n2) | n (n1 + n2)]
;; Pointers are byte offsets.
;;
;; Speed notes, as in lstm_cell.wat: V8 (Node 20) does not inline wasm calls, so no inner loop
;; calls a function; the forward is a few passes (gates, candidate n, h'), the backward one pass
;; per part. A run's last 1-3 elements are one more vector ending at the run's end, overlapping the
;; previous one (outputs never alias inputs, so recomputing an element writes the same value);
;; every run therefore holds 0 or >= 4 elements: the caller computes smaller tensors in JavaScript.
(module
  (import "env" "memory" (memory 1)) ;; MEMORY (the build writes a shared variant too)

  ;; dst[e] = act(a[e] + b[e]) (mul = 0) or act(a[e] + m[e] b[e]) (mul = 1) for e in [0, n), act being
  ;; sigmoid (tanh = 0) or tanh (tanh = 1): lstm_cell.wat's $act_run (Cephes expf and tanhf) on a sum.
  (func $act_run (param $pa i32) (param $pb i32) (param $pm i32) (param $dst i32) (param $n i32) (param $tanh i32) (param $mul i32)
    (local $e i32) (local $o i32) (local $mode v128) (local $x v128) (local $a v128) (local $y v128) (local $k v128) (local $q v128)
    (local $r v128) (local $z v128) (local $t v128)
    (local.set $mode (i32x4.splat (i32.sub (i32.const 0) (local.get $tanh))))  ;; all ones: tanh
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $e) (local.get $n)))
      (if (i32.gt_u (i32.add (local.get $e) (i32.const 4)) (local.get $n)) (then (local.set $e (i32.sub (local.get $n) (i32.const 4)))))
      (local.set $o (i32.shl (local.get $e) (i32.const 2)))
      (local.set $x (v128.load (i32.add (local.get $pb) (local.get $o))))
      (if (local.get $mul) (then (local.set $x (f32x4.mul (local.get $x) (v128.load (i32.add (local.get $pm) (local.get $o)))))))
      (local.set $x (f32x4.add (v128.load (i32.add (local.get $pa) (local.get $o))) (local.get $x)))
      (local.set $a (f32x4.abs (local.get $x)))
      ;; y = -2|x| (tanh) or -x (sigmoid), clamped (pmin/pmax: one instruction each; y is never NaN here
      ;; unless x is, and then the result is NaN either way)
      (local.set $y (v128.bitselect (f32x4.neg (f32x4.add (local.get $a) (local.get $a))) (f32x4.neg (local.get $x)) (local.get $mode)))
      (local.set $y (f32x4.pmax (f32x4.pmin (local.get $y) (v128.const f32x4 88.37 88.37 88.37 88.37))
                                (v128.const f32x4 -87.33 -87.33 -87.33 -87.33)))
      ;; exp(y): y = k ln2 + q, |q| <= ln2 / 2 (ln2 in two parts, so q is exact); exp(q) = 1 + q + q^2 P(q).
      ;; k is rounded by adding 1.5 * 2^23, whose low mantissa bits then hold k (no nearest, no float-to-int):
      ;; ((bits + 127) << 23) is the float 2^k, as the shift drops the magic number's high bits.
      (local.set $k (f32x4.add (f32x4.mul (local.get $y) (v128.const f32x4 1.44269504 1.44269504 1.44269504 1.44269504))
                               (v128.const f32x4 12582912 12582912 12582912 12582912)))
      (local.set $t (i32x4.shl (i32x4.add (local.get $k) (v128.const i32x4 127 127 127 127)) (i32.const 23)))  ;; 2^k
      (local.set $k (f32x4.sub (local.get $k) (v128.const f32x4 12582912 12582912 12582912 12582912)))
      (local.set $q (f32x4.sub (f32x4.sub (local.get $y)
                                          (f32x4.mul (local.get $k) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375)))
                               (f32x4.mul (local.get $k) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
      (local.set $r (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4))
      (local.set $r (f32x4.add (f32x4.mul (local.get $r) (local.get $q)) (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3)))
      (local.set $r (f32x4.add (f32x4.mul (local.get $r) (local.get $q)) (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3)))
      (local.set $r (f32x4.add (f32x4.mul (local.get $r) (local.get $q)) (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2)))
      (local.set $r (f32x4.add (f32x4.mul (local.get $r) (local.get $q)) (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1)))
      (local.set $r (f32x4.add (f32x4.mul (local.get $r) (local.get $q)) (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1)))
      (local.set $r (f32x4.add (f32x4.add (f32x4.mul (f32x4.mul (local.get $r) (local.get $q)) (local.get $q)) (local.get $q))
                               (v128.const f32x4 1 1 1 1)))
      ;; r = 1 / (1 + exp(y))
      (local.set $r (f32x4.div (v128.const f32x4 1 1 1 1) (f32x4.add (v128.const f32x4 1 1 1 1) (f32x4.mul (local.get $r) (local.get $t)))))
      (if (local.get $tanh)
        (then
          ;; tanh: sign(x) (2r - 1) above 0.625, the polynomial below
          (local.set $z (f32x4.mul (local.get $x) (local.get $x)))
          (local.set $t (v128.const f32x4 -5.70498872745e-3 -5.70498872745e-3 -5.70498872745e-3 -5.70498872745e-3))
          (local.set $t (f32x4.add (f32x4.mul (local.get $t) (local.get $z)) (v128.const f32x4 2.06390887954e-2 2.06390887954e-2 2.06390887954e-2 2.06390887954e-2)))
          (local.set $t (f32x4.add (f32x4.mul (local.get $t) (local.get $z)) (v128.const f32x4 -5.37397155531e-2 -5.37397155531e-2 -5.37397155531e-2 -5.37397155531e-2)))
          (local.set $t (f32x4.add (f32x4.mul (local.get $t) (local.get $z)) (v128.const f32x4 1.33314422036e-1 1.33314422036e-1 1.33314422036e-1 1.33314422036e-1)))
          (local.set $t (f32x4.add (f32x4.mul (local.get $t) (local.get $z)) (v128.const f32x4 -3.33332819422e-1 -3.33332819422e-1 -3.33332819422e-1 -3.33332819422e-1)))
          (local.set $r (v128.bitselect
            (v128.or (f32x4.sub (f32x4.add (local.get $r) (local.get $r)) (v128.const f32x4 1 1 1 1))
                     (v128.and (local.get $x) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000)))
            (f32x4.add (f32x4.mul (f32x4.mul (local.get $t) (local.get $z)) (local.get $x)) (local.get $x))
            (f32x4.gt (local.get $a) (v128.const f32x4 0.625 0.625 0.625 0.625))))))
      (v128.store (i32.add (local.get $dst) (local.get $o)) (local.get $r))
      (local.set $e (i32.add (local.get $e) (i32.const 4)))
      (br $next))))

  ;; out[e] = nv[e] + z[e] (h[e] - nv[e]) for e in [0, n)
  (func $mix_run (param $out i32) (param $nv i32) (param $z i32) (param $h i32) (param $n i32)
    (local $e i32) (local $o i32) (local $c v128)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $e) (local.get $n)))
      (if (i32.gt_u (i32.add (local.get $e) (i32.const 4)) (local.get $n)) (then (local.set $e (i32.sub (local.get $n) (i32.const 4)))))
      (local.set $o (i32.shl (local.get $e) (i32.const 2)))
      (local.set $c (v128.load (i32.add (local.get $nv) (local.get $o))))
      (v128.store (i32.add (local.get $out) (local.get $o))
        (f32x4.add (local.get $c) (f32x4.mul (v128.load (i32.add (local.get $z) (local.get $o)))
                                             (f32x4.sub (v128.load (i32.add (local.get $h) (local.get $o))) (local.get $c)))))
      (local.set $e (i32.add (local.get $e) (i32.const 4)))
      (br $next))))

  ;; Forward: ax, ah [s + 3p, b], h [H, b] -> hn [H, b] and act [s + 2p + H, b].
  (func (export "gru_fwd") (param $ax i32) (param $ah i32) (param $h i32) (param $hn i32) (param $act i32) (param $n1 i32) (param $n2 i32)
    (local $S i32) (local $P i32) (local $R i32) (local $no i32)
    (local.set $S (i32.shl (local.get $n1) (i32.const 2)))  ;; bytes of a shared part
    (local.set $P (i32.shl (local.get $n2) (i32.const 2)))  ;; bytes of one gate's private block
    (local.set $R (i32.add (local.get $S) (i32.shl (local.get $P) (i32.const 1))))  ;; bytes of the r/z rows
    (local.set $no (i32.add (local.get $act) (local.get $R)))  ;; n in act
    ;; r and z: sigmoid of ax + ah over the shared rows and the private r and z rows (one run)
    (call $act_run (local.get $ax) (local.get $ah) (i32.const 0) (local.get $act)
                   (i32.add (local.get $n1) (i32.shl (local.get $n2) (i32.const 1))) (i32.const 0) (i32.const 0))
    ;; n = tanh(ax_n + r ah_n): shared rows (r = act's shared sigmoid), then the private n rows
    (call $act_run (local.get $ax) (local.get $ah) (local.get $act) (local.get $no) (local.get $n1) (i32.const 1) (i32.const 1))
    (call $act_run (i32.add (local.get $ax) (local.get $R)) (i32.add (local.get $ah) (local.get $R)) (i32.add (local.get $act) (local.get $S))
                   (i32.add (local.get $no) (local.get $S)) (local.get $n2) (i32.const 1) (i32.const 1))
    ;; h' = n + z (h - n) (shared: z = the shared sigmoid)
    (call $mix_run (local.get $hn) (local.get $no) (local.get $act) (local.get $h) (local.get $n1))
    (call $mix_run (i32.add (local.get $hn) (local.get $S)) (i32.add (local.get $no) (local.get $S))
                   (i32.add (local.get $act) (i32.add (local.get $S) (local.get $P))) (i32.add (local.get $h) (local.get $S)) (local.get $n2)))

  ;; Backward: dh (the gradient w.r.t. h') [H, b], ah, the previous h and the forward's act ->
  ;; dax, dah [s + 3p, b] (a shared unit: the sum over the three gates) and dhp [H, b].
  ;;   dn = dh (1 - z) (1 - n^2); dr = dn ah_n r (1 - r); dz = dh (h - n) z (1 - z);
  ;;   dax = [dr, dz, dn], dah = [dr, dz, dn r]; dhp = dh z. Shared units: r = z = g, one sigmoid.
  (func (export "gru_bwd") (param $dh i32) (param $ah i32) (param $h i32) (param $act i32) (param $dax i32) (param $dah i32) (param $dhp i32)
                           (param $n1 i32) (param $n2 i32)
    (local $e i32) (local $o i32) (local $u i32) (local $P i32) (local $S i32) (local $no i32)
    (local $g v128) (local $nv v128) (local $dhv v128) (local $dn v128) (local $dg v128) (local $r v128) (local $z v128) (local $one v128)
    (local.set $one (v128.const f32x4 1 1 1 1))
    (local.set $S (i32.shl (local.get $n1) (i32.const 2)))
    (local.set $P (i32.shl (local.get $n2) (i32.const 2)))
    (local.set $no (i32.add (local.get $act) (i32.add (local.get $S) (i32.shl (local.get $P) (i32.const 1)))))
    ;; shared units
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $e) (local.get $n1)))
      (if (i32.gt_u (i32.add (local.get $e) (i32.const 4)) (local.get $n1)) (then (local.set $e (i32.sub (local.get $n1) (i32.const 4)))))
      (local.set $o (i32.shl (local.get $e) (i32.const 2)))
      (local.set $g (v128.load (i32.add (local.get $act) (local.get $o))))
      (local.set $nv (v128.load (i32.add (local.get $no) (local.get $o))))
      (local.set $dhv (v128.load (i32.add (local.get $dh) (local.get $o))))
      (local.set $dn (f32x4.mul (f32x4.mul (local.get $dhv) (f32x4.sub (local.get $one) (local.get $g)))
                                (f32x4.sub (local.get $one) (f32x4.mul (local.get $nv) (local.get $nv)))))
      ;; dz = dh (h - n) and dr = dn ah meet in one sigmoid
      (local.set $dg (f32x4.mul
        (f32x4.add (f32x4.mul (local.get $dhv) (f32x4.sub (v128.load (i32.add (local.get $h) (local.get $o))) (local.get $nv)))
                   (f32x4.mul (local.get $dn) (v128.load (i32.add (local.get $ah) (local.get $o)))))
        (f32x4.mul (local.get $g) (f32x4.sub (local.get $one) (local.get $g)))))
      (v128.store (i32.add (local.get $dax) (local.get $o)) (f32x4.add (local.get $dg) (local.get $dn)))
      (v128.store (i32.add (local.get $dah) (local.get $o)) (f32x4.add (local.get $dg) (f32x4.mul (local.get $dn) (local.get $g))))
      (v128.store (i32.add (local.get $dhp) (local.get $o)) (f32x4.mul (local.get $dhv) (local.get $g)))
      (local.set $e (i32.add (local.get $e) (i32.const 4)))
      (br $next)))
    ;; private units
    (local.set $e (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $e) (local.get $n2)))
      (if (i32.gt_u (i32.add (local.get $e) (i32.const 4)) (local.get $n2)) (then (local.set $e (i32.sub (local.get $n2) (i32.const 4)))))
      (local.set $u (i32.add (local.get $S) (i32.shl (local.get $e) (i32.const 2))))  ;; the unit's offset in h, dh, dhp, act's r
      (local.set $r (v128.load (i32.add (local.get $act) (local.get $u))))
      (local.set $z (v128.load (i32.add (local.get $act) (i32.add (local.get $u) (local.get $P)))))
      (local.set $nv (v128.load (i32.add (local.get $no) (local.get $u))))
      (local.set $dhv (v128.load (i32.add (local.get $dh) (local.get $u))))
      (local.set $dn (f32x4.mul (f32x4.mul (local.get $dhv) (f32x4.sub (local.get $one) (local.get $z)))
                                (f32x4.sub (local.get $one) (f32x4.mul (local.get $nv) (local.get $nv)))))
      ;; dr (both gradients)
      (local.set $dg (f32x4.mul (f32x4.mul (local.get $dn) (v128.load (i32.add (local.get $ah) (i32.add (local.get $u) (i32.shl (local.get $P) (i32.const 1))))))
                                (f32x4.mul (local.get $r) (f32x4.sub (local.get $one) (local.get $r)))))
      (v128.store (i32.add (local.get $dax) (local.get $u)) (local.get $dg))
      (v128.store (i32.add (local.get $dah) (local.get $u)) (local.get $dg))
      ;; dz
      (local.set $dg (f32x4.mul (f32x4.mul (local.get $dhv) (f32x4.sub (v128.load (i32.add (local.get $h) (local.get $u))) (local.get $nv)))
                                (f32x4.mul (local.get $z) (f32x4.sub (local.get $one) (local.get $z)))))
      (local.set $o (i32.add (local.get $u) (local.get $P)))
      (v128.store (i32.add (local.get $dax) (local.get $o)) (local.get $dg))
      (v128.store (i32.add (local.get $dah) (local.get $o)) (local.get $dg))
      ;; dn
      (local.set $o (i32.add (local.get $o) (local.get $P)))
      (v128.store (i32.add (local.get $dax) (local.get $o)) (local.get $dn))
      (v128.store (i32.add (local.get $dah) (local.get $o)) (f32x4.mul (local.get $dn) (local.get $r)))
      (v128.store (i32.add (local.get $dhp) (local.get $u)) (f32x4.mul (local.get $dhv) (local.get $z)))
      (local.set $e (i32.add (local.get $e) (i32.const 4)))
      (br $next))))
)

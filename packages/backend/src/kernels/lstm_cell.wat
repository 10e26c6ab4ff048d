;; One fused LSTM time step (core's RrnnLstmCell / RrnnLstmCellGrad), and the RNN step's activation
;; (RrnnRnnCell / RrnnRnnCellGrad, which share its tanh), over float32 tensors in
;; tfjs-backend-wasm's own memory (imported, so no tensor is copied), four lanes at a time (wasm SIMD).
;; Built into lstm_cell_wasm.ts by packages/backend/scripts/build-wasm.mjs; see lstm_cell.ts.
;;
;; It computes what @rrnn/core's lstm-cell-loops.ts computes. Every tensor is unit-major [rows, b],
;; so with n1 = s*b and n2 = p*b the shared part of every array is elements [0, n1) and each gate's
;; private block is one run of n2 elements: the loops run over flat element runs, not rows.
;;   act = [sig(pre_s) (n1) | tanh(pre_s) (n1) | i f g o (n2 each) | tanh(c') (n1 + n2)]
;; Pointers are byte offsets.
;;
;; Speed notes. V8 (Node 20) does not inline wasm calls, and a call spills every live vector, so
;; no inner loop calls a function: the forward is a few simple passes (activations, cell state,
;; tanh(c'), h), the backward one pass per part. A run's last 1-3 elements are done by one more
;; vector that ends at the run's end, overlapping the previous one (outputs never alias inputs,
;; so recomputing an element writes the same value); every run therefore holds 0 or >= 4
;; elements: the caller computes smaller tensors in JavaScript.
(module
  (import "env" "memory" (memory 1)) ;; MEMORY (the build writes a shared variant too)

  ;; dst[e] = sigmoid(src[e]) (tanh = 0) or tanh(src[e]) (tanh = 1) for e in [0, n).
  ;; sigmoid(x) = r(x) = 1 / (1 + exp(-x)); tanh(x) = sign(x) (2 r(2|x|) - 1) for |x| > 0.625, and
  ;; below it x + x^3 P(x^2) (Cephes tanhf), which keeps the relative accuracy near 0.
  ;; exp is Cephes expf as in softmax_ce.wat (relative error < 2e-7), its input clamped to
  ;; [-87.33, 88.37] where 2^n stays a normal float.
  (func $act_run (param $src i32) (param $dst i32) (param $n i32) (param $tanh i32)
    (local $e i32) (local $mode v128) (local $x v128) (local $a v128) (local $y v128) (local $k v128) (local $q v128)
    (local $r v128) (local $z v128) (local $t v128)
    (local.set $mode (i32x4.splat (i32.sub (i32.const 0) (local.get $tanh))))  ;; all ones: tanh
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $e) (local.get $n)))
      (if (i32.gt_u (i32.add (local.get $e) (i32.const 4)) (local.get $n)) (then (local.set $e (i32.sub (local.get $n) (i32.const 4)))))
      (local.set $x (v128.load (i32.add (local.get $src) (i32.shl (local.get $e) (i32.const 2)))))
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
      (v128.store (i32.add (local.get $dst) (i32.shl (local.get $e) (i32.const 2))) (local.get $r))
      (local.set $e (i32.add (local.get $e) (i32.const 4)))
      (br $next))))

  ;; cn[e] = f[e] c[e] + i[e] g[e] for e in [0, n)
  (func $cell_run (param $cn i32) (param $c i32) (param $i i32) (param $f i32) (param $g i32) (param $n i32)
    (local $e i32) (local $o i32)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $e) (local.get $n)))
      (if (i32.gt_u (i32.add (local.get $e) (i32.const 4)) (local.get $n)) (then (local.set $e (i32.sub (local.get $n) (i32.const 4)))))
      (local.set $o (i32.shl (local.get $e) (i32.const 2)))
      (v128.store (i32.add (local.get $cn) (local.get $o))
        (f32x4.add (f32x4.mul (v128.load (i32.add (local.get $f) (local.get $o))) (v128.load (i32.add (local.get $c) (local.get $o))))
                   (f32x4.mul (v128.load (i32.add (local.get $i) (local.get $o))) (v128.load (i32.add (local.get $g) (local.get $o))))))
      (local.set $e (i32.add (local.get $e) (i32.const 4)))
      (br $next))))

  ;; out[e] = a[e] b[e] for e in [0, n)
  (func $mul_run (param $out i32) (param $a i32) (param $b i32) (param $n i32)
    (local $e i32) (local $o i32)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $e) (local.get $n)))
      (if (i32.gt_u (i32.add (local.get $e) (i32.const 4)) (local.get $n)) (then (local.set $e (i32.sub (local.get $n) (i32.const 4)))))
      (local.set $o (i32.shl (local.get $e) (i32.const 2)))
      (v128.store (i32.add (local.get $out) (local.get $o))
        (f32x4.mul (v128.load (i32.add (local.get $a) (local.get $o))) (v128.load (i32.add (local.get $b) (local.get $o)))))
      (local.set $e (i32.add (local.get $e) (i32.const 4)))
      (br $next))))

  ;; Forward: pre [s + 4p, b], c [H, b] -> h, cn [H, b] and act [2s + 4p + H, b].
  (func (export "lstm_fwd") (param $pre i32) (param $c i32) (param $h i32) (param $cn i32) (param $act i32) (param $n1 i32) (param $n2 i32)
    (local $S i32) (local $P i32) (local $gates i32) (local $tc i32)
    (local.set $S (i32.shl (local.get $n1) (i32.const 2)))  ;; bytes of a shared part
    (local.set $P (i32.shl (local.get $n2) (i32.const 2)))  ;; bytes of one gate's private block
    (local.set $gates (i32.add (local.get $act) (i32.shl (local.get $S) (i32.const 1))))
    (local.set $tc (i32.add (local.get $gates) (i32.shl (local.get $P) (i32.const 2))))
    ;; activations: shared sig and tanh; private i and f (adjacent), g, o
    (call $act_run (local.get $pre) (local.get $act) (local.get $n1) (i32.const 0))
    (call $act_run (local.get $pre) (i32.add (local.get $act) (local.get $S)) (local.get $n1) (i32.const 1))
    (call $act_run (i32.add (local.get $pre) (local.get $S)) (local.get $gates) (i32.shl (local.get $n2) (i32.const 1)) (i32.const 0))
    (call $act_run (i32.add (local.get $pre) (i32.add (local.get $S) (i32.shl (local.get $P) (i32.const 1))))
                   (i32.add (local.get $gates) (i32.shl (local.get $P) (i32.const 1))) (local.get $n2) (i32.const 1))
    (call $act_run (i32.add (local.get $pre) (i32.add (local.get $S) (i32.mul (local.get $P) (i32.const 3))))
                   (i32.add (local.get $gates) (i32.mul (local.get $P) (i32.const 3))) (local.get $n2) (i32.const 0))
    ;; c' = f c + i g (shared: i = f = sig, g = tanh)
    (call $cell_run (local.get $cn) (local.get $c) (local.get $act) (local.get $act) (i32.add (local.get $act) (local.get $S)) (local.get $n1))
    (call $cell_run (i32.add (local.get $cn) (local.get $S)) (i32.add (local.get $c) (local.get $S))
                    (local.get $gates) (i32.add (local.get $gates) (local.get $P)) (i32.add (local.get $gates) (i32.shl (local.get $P) (i32.const 1)))
                    (local.get $n2))
    ;; tanh(c') for every unit, then h = o tanh(c')
    (call $act_run (local.get $cn) (local.get $tc) (i32.add (local.get $n1) (local.get $n2)) (i32.const 1))
    (call $mul_run (local.get $h) (local.get $act) (local.get $tc) (local.get $n1))
    (call $mul_run (i32.add (local.get $h) (local.get $S)) (i32.add (local.get $gates) (i32.mul (local.get $P) (i32.const 3)))
                   (i32.add (local.get $tc) (local.get $S)) (local.get $n2)))

  ;; Backward: dh, dcn (the gradient w.r.t. c') [H, b], the previous c and the forward's act ->
  ;; dpre [s + 4p, b] (a shared unit: the sum over the four gates) and dc [H, b].
  ;;   dct = dcn + dh o (1 - tc^2); d_i = dct g i (1 - i); d_f = dct c f (1 - f);
  ;;   d_g = dct i (1 - g^2); d_o = dh tc o (1 - o); dc = dct f.
  (func (export "lstm_bwd") (param $dh i32) (param $dcn i32) (param $c i32) (param $act i32) (param $dpre i32) (param $dc i32)
                            (param $n1 i32) (param $n2 i32)
    (local $e i32) (local $o i32) (local $u i32) (local $q i32) (local $P i32) (local $S i32) (local $tcp i32)
    (local $sg v128) (local $tg v128) (local $tc v128) (local $dhv v128) (local $cv v128) (local $dct v128) (local $dsg v128)
    (local $i v128) (local $f v128) (local $g v128) (local $ov v128) (local $one v128)
    (local.set $one (v128.const f32x4 1 1 1 1))
    (local.set $S (i32.shl (local.get $n1) (i32.const 2)))
    (local.set $P (i32.shl (local.get $n2) (i32.const 2)))
    (local.set $tcp (i32.add (local.get $act) (i32.add (i32.shl (local.get $S) (i32.const 1)) (i32.shl (local.get $P) (i32.const 2)))))
    ;; shared units: i = f = o = sg, g = tg
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $e) (local.get $n1)))
      (if (i32.gt_u (i32.add (local.get $e) (i32.const 4)) (local.get $n1)) (then (local.set $e (i32.sub (local.get $n1) (i32.const 4)))))
      (local.set $o (i32.shl (local.get $e) (i32.const 2)))
      (local.set $sg (v128.load (i32.add (local.get $act) (local.get $o))))
      (local.set $tg (v128.load (i32.add (local.get $act) (i32.add (local.get $S) (local.get $o)))))
      (local.set $tc (v128.load (i32.add (local.get $tcp) (local.get $o))))
      (local.set $dhv (v128.load (i32.add (local.get $dh) (local.get $o))))
      (local.set $cv (v128.load (i32.add (local.get $c) (local.get $o))))
      (local.set $dct (f32x4.add (v128.load (i32.add (local.get $dcn) (local.get $o)))
        (f32x4.mul (f32x4.mul (local.get $dhv) (local.get $sg)) (f32x4.sub (local.get $one) (f32x4.mul (local.get $tc) (local.get $tc))))))
      ;; the three sigmoid gates' gradients meet in one: dsg = dh tc + dct (tg + c)
      (local.set $dsg (f32x4.add (f32x4.mul (local.get $dhv) (local.get $tc))
                                 (f32x4.mul (local.get $dct) (f32x4.add (local.get $tg) (local.get $cv)))))
      (v128.store (i32.add (local.get $dpre) (local.get $o))
        (f32x4.add (f32x4.mul (local.get $dsg) (f32x4.mul (local.get $sg) (f32x4.sub (local.get $one) (local.get $sg))))
                   (f32x4.mul (f32x4.mul (local.get $dct) (local.get $sg)) (f32x4.sub (local.get $one) (f32x4.mul (local.get $tg) (local.get $tg))))))
      (v128.store (i32.add (local.get $dc) (local.get $o)) (f32x4.mul (local.get $dct) (local.get $sg)))
      (local.set $e (i32.add (local.get $e) (i32.const 4)))
      (br $next)))
    ;; private units
    (local.set $e (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $e) (local.get $n2)))
      (if (i32.gt_u (i32.add (local.get $e) (i32.const 4)) (local.get $n2)) (then (local.set $e (i32.sub (local.get $n2) (i32.const 4)))))
      (local.set $o (i32.shl (local.get $e) (i32.const 2)))
      (local.set $u (i32.add (local.get $S) (local.get $o)))  ;; the unit's offset in c, h, dh, dcn, dc
      (local.set $q (i32.add (local.get $act) (i32.add (i32.shl (local.get $S) (i32.const 1)) (local.get $o))))
      (local.set $i (v128.load (local.get $q)))
      (local.set $f (v128.load (i32.add (local.get $q) (local.get $P))))
      (local.set $g (v128.load (i32.add (local.get $q) (i32.shl (local.get $P) (i32.const 1)))))
      (local.set $ov (v128.load (i32.add (local.get $q) (i32.mul (local.get $P) (i32.const 3)))))
      (local.set $tc (v128.load (i32.add (local.get $tcp) (local.get $u))))
      (local.set $dhv (v128.load (i32.add (local.get $dh) (local.get $u))))
      (local.set $dct (f32x4.add (v128.load (i32.add (local.get $dcn) (local.get $u)))
        (f32x4.mul (f32x4.mul (local.get $dhv) (local.get $ov)) (f32x4.sub (local.get $one) (f32x4.mul (local.get $tc) (local.get $tc))))))
      (local.set $q (i32.add (local.get $dpre) (local.get $u)))
      (v128.store (local.get $q)
        (f32x4.mul (f32x4.mul (local.get $dct) (local.get $g)) (f32x4.mul (local.get $i) (f32x4.sub (local.get $one) (local.get $i)))))
      (v128.store (i32.add (local.get $q) (local.get $P))
        (f32x4.mul (f32x4.mul (local.get $dct) (v128.load (i32.add (local.get $c) (local.get $u))))
                   (f32x4.mul (local.get $f) (f32x4.sub (local.get $one) (local.get $f)))))
      (v128.store (i32.add (local.get $q) (i32.shl (local.get $P) (i32.const 1)))
        (f32x4.mul (f32x4.mul (local.get $dct) (local.get $i)) (f32x4.sub (local.get $one) (f32x4.mul (local.get $g) (local.get $g)))))
      (v128.store (i32.add (local.get $q) (i32.mul (local.get $P) (i32.const 3)))
        (f32x4.mul (f32x4.mul (local.get $dhv) (local.get $tc)) (f32x4.mul (local.get $ov) (f32x4.sub (local.get $one) (local.get $ov)))))
      (v128.store (i32.add (local.get $dc) (local.get $u)) (f32x4.mul (local.get $dct) (local.get $f)))
      (local.set $e (i32.add (local.get $e) (i32.const 4)))
      (br $next))))

  ;; The RNN step: h[e] = tanh(pre[e]) for e in [0, n).
  (func (export "rnn_fwd") (param $pre i32) (param $h i32) (param $n i32)
    (call $act_run (local.get $pre) (local.get $h) (local.get $n) (i32.const 1)))

  ;; Its gradient: dpre[e] = dh[e] (1 - h[e]^2) for e in [0, n), h the forward's output.
  (func (export "rnn_bwd") (param $dh i32) (param $h i32) (param $dpre i32) (param $n i32)
    (local $e i32) (local $o i32) (local $hv v128)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $e) (local.get $n)))
      (if (i32.gt_u (i32.add (local.get $e) (i32.const 4)) (local.get $n)) (then (local.set $e (i32.sub (local.get $n) (i32.const 4)))))
      (local.set $o (i32.shl (local.get $e) (i32.const 2)))
      (local.set $hv (v128.load (i32.add (local.get $h) (local.get $o))))
      (v128.store (i32.add (local.get $dpre) (local.get $o))
        (f32x4.mul (v128.load (i32.add (local.get $dh) (local.get $o)))
                   (f32x4.sub (v128.const f32x4 1 1 1 1) (f32x4.mul (local.get $hv) (local.get $hv)))))
      (local.set $e (i32.add (local.get $e) (i32.const 4)))
      (br $next))))
)

;; One parameter's SGD step with momentum (@rrnn/core's RrnnSgdMomentum, contract in its kernels.ts), four
;; lanes at a time, in tfjs-backend-wasm's memory. The same float32 operations in the same order as the
;; unfused tfjs ops (each f32x4 product and sum rounds like their kernels' do, and nothing is fused into
;; a multiply-add), so p' and v' are bit for bit theirs. A run of n >= 4 elements ends with one vector
;; that overlaps the one before it: the outputs are separate buffers, so writing them twice is harmless.
(module
  (import "env" "memory" (memory 1)) ;; MEMORY
  ;; p, v, g, pOut, vOut: byte offsets of n float32s; scale: byte offset of one float32
  (func (export "sgd_momentum")
    (param $p i32) (param $v i32) (param $g i32) (param $scale i32) (param $pOut i32) (param $vOut i32) (param $n i32)
    (param $lr f32) (param $mu f32) (param $wd f32) (param $nesterov i32)
    (local $e i32) (local $o i32) (local $S v128) (local $LR v128) (local $MU v128) (local $WD v128)
    (local $pv v128) (local $d v128) (local $vn v128) (local $step v128)
    (local.set $S (f32x4.splat (f32.load (local.get $scale))))
    (local.set $LR (f32x4.splat (local.get $lr)))
    (local.set $MU (f32x4.splat (local.get $mu)))
    (local.set $WD (f32x4.splat (local.get $wd)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $e) (local.get $n)))
      (if (i32.gt_u (i32.add (local.get $e) (i32.const 4)) (local.get $n)) (then (local.set $e (i32.sub (local.get $n) (i32.const 4)))))
      (local.set $o (i32.shl (local.get $e) (i32.const 2)))
      (local.set $pv (v128.load (i32.add (local.get $p) (local.get $o))))
      ;; d = g*scale (+ p*wd)
      (local.set $d (f32x4.mul (v128.load (i32.add (local.get $g) (local.get $o))) (local.get $S)))
      (if (f32.ne (local.get $wd) (f32.const 0))
        (then (local.set $d (f32x4.add (local.get $d) (f32x4.mul (local.get $pv) (local.get $WD))))))
      ;; v' = v*mu + d
      (local.set $vn (f32x4.add (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $o))) (local.get $MU)) (local.get $d)))
      (v128.store (i32.add (local.get $vOut) (local.get $o)) (local.get $vn))
      ;; p' = p - step*lr, step = nesterov ? d + v'*mu : v'
      (local.set $step (local.get $vn))
      (if (local.get $nesterov)
        (then (local.set $step (f32x4.add (local.get $d) (f32x4.mul (local.get $vn) (local.get $MU))))))
      (v128.store (i32.add (local.get $pOut) (local.get $o)) (f32x4.sub (local.get $pv) (f32x4.mul (local.get $step) (local.get $LR))))
      (local.set $e (i32.add (local.get $e) (i32.const 4)))
      (br $next)))
  )
)

;; A dropout mask (@rrnn/core's RrnnDropoutMask, contract in its kernels.ts) written into tfjs-backend-wasm's
;; memory: tf.dropout's multiplier floor(u + keep) / keep for the uniforms u that tf.randomUniform draws
;; from seedrandom's Alea, the same bits (core's dropout-mask-loops.ts is the reference).
;; Alea in integers: X = 2091639 S_{i-3} + c_{i-1}, S_i = X mod 2^32, c_i = X >> 32, u_i = f32(S_i 2^-32).
;; In 64-bit integers the carry's chain is one add and one shift per draw; JavaScript's doubles make it a
;; multiply, an add, a floor and a subtract (tfjs: ~6 ns a draw).
(module
  (import "env" "memory" (memory 1)) ;; MEMORY
  ;; out: byte offset of n float32s; s0 s1 s2: the lags as unsigned 32-bit integers; c: the carry;
  ;; keep: the float32 keep probability; scale: f32(1 / keep)
  (func (export "dropout_mask")
    (param $out i32) (param $n i32) (param $a i32) (param $b i32) (param $d i32) (param $carry i32) (param $keep f32) (param $scale f32)
    (local $i i32) (local $s0 i64) (local $s1 i64) (local $s2 i64) (local $c i64) (local $x i64)
    (local.set $s0 (i64.extend_i32_u (local.get $a)))
    (local.set $s1 (i64.extend_i32_u (local.get $b)))
    (local.set $s2 (i64.extend_i32_u (local.get $d)))
    (local.set $c (i64.extend_i32_u (local.get $carry)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $x (i64.add (i64.mul (local.get $s0) (i64.const 2091639)) (local.get $c)))
      (local.set $s0 (local.get $s1))
      (local.set $s1 (local.get $s2))
      (local.set $c (i64.shr_u (local.get $x) (i64.const 32)))
      (local.set $s2 (i64.and (local.get $x) (i64.const 0xffffffff)))
      ;; u = f32(S 2^-32) (exact in f64, then rounded to nearest as a Float32Array store rounds); kept where u + keep >= 1
      (f32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
        (select (local.get $scale) (f32.const 0)
          (f32.ge (f32.add (f32.demote_f64 (f64.mul (f64.convert_i64_u (local.get $s2)) (f64.const 0x1p-32))) (local.get $keep))
                  (f32.const 1))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  )
)

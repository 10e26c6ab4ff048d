/*
 * The softmax cross-entropy passes of core's RrnnSoftmaxCE / RrnnSoftmaxCEGrad kernels, native:
 * the same math as ../src/kernels/softmax_ce.wat (Cephes expf, relative error < 2e-7), eight lanes
 * at a time with AVX2 + FMA where the CPU has them (checked at run time), else one at a time.
 * At the language model's [2,800 x 10,000] logits the wasm module's 128-bit lanes are compute
 * bound on exp; here the forward is ~2.5x and the gradient ~3x+ faster (the Performance page).
 *
 *   rrnn_row_max_sumexp(x, n, V, max, sum):  max[i] = max_j x[i, j];  sum[i] = sum_j exp(x[i, j] - max[i])
 *   rrnn_softmax_grad(x, n, V, lse, scale, g, colSum):
 *       g[i, j] = exp(x[i, j] - lse[i]) * scale;  colSum[j] += g[i, j] when colSum is not NULL
 *
 * Row-major float32 throughout; the caller subtracts the one-hot and checks the targets.
 */
#include <math.h>
#include <stddef.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define AVX2 __attribute__((target("avx2,fma")))

/* exp(y) for y clamped to [-87.33, 88.37]: y = k ln2 + q, 2^k from the exponent bits, exp(q) by Cephes' polynomial. */
AVX2 static inline __m256 exp8(__m256 y) {
  /* the constant first: min/max return their second operand when either is NaN, so a NaN y stays NaN */
  y = _mm256_max_ps(_mm256_set1_ps(-87.33f), _mm256_min_ps(_mm256_set1_ps(88.37f), y));
  __m256 k = _mm256_fmadd_ps(y, _mm256_set1_ps(1.44269504f), _mm256_set1_ps(12582912.f)); /* round(y / ln2) in the low bits */
  __m256i t = _mm256_slli_epi32(_mm256_add_epi32(_mm256_castps_si256(k), _mm256_set1_epi32(127)), 23);
  k = _mm256_sub_ps(k, _mm256_set1_ps(12582912.f));
  __m256 q = _mm256_fnmadd_ps(k, _mm256_set1_ps(0.693359375f), y); /* ln2 in two parts: q exact */
  q = _mm256_fnmadd_ps(k, _mm256_set1_ps(-2.12194440e-4f), q);
  __m256 r = _mm256_set1_ps(1.9875691500e-4f);
  r = _mm256_fmadd_ps(r, q, _mm256_set1_ps(1.3981999507e-3f));
  r = _mm256_fmadd_ps(r, q, _mm256_set1_ps(8.3334519073e-3f));
  r = _mm256_fmadd_ps(r, q, _mm256_set1_ps(4.1665795894e-2f));
  r = _mm256_fmadd_ps(r, q, _mm256_set1_ps(1.6666665459e-1f));
  r = _mm256_fmadd_ps(r, q, _mm256_set1_ps(5.0000001201e-1f));
  r = _mm256_add_ps(_mm256_fmadd_ps(_mm256_mul_ps(r, q), q, q), _mm256_set1_ps(1.f));
  return _mm256_mul_ps(r, _mm256_castsi256_ps(t));
}

AVX2 static float hmax8(__m256 v) {
  __m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  m = _mm_max_ps(m, _mm_movehl_ps(m, m));
  return _mm_cvtss_f32(_mm_max_ss(m, _mm_shuffle_ps(m, m, 1)));
}

AVX2 static float hsum8(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  return _mm_cvtss_f32(_mm_add_ss(s, _mm_shuffle_ps(s, s, 1)));
}

AVX2 static void max_sumexp_avx2(const float *x, size_t n, size_t V, float *maxOut, float *sumOut) {
  for (size_t i = 0; i < n; i++) {
    const float *row = x + i * V;
    __m256 m = _mm256_set1_ps(-INFINITY), m2 = m;
    size_t j = 0;
    for (; j + 16 <= V; j += 16) {
      m = _mm256_max_ps(m, _mm256_loadu_ps(row + j));
      m2 = _mm256_max_ps(m2, _mm256_loadu_ps(row + j + 8));
    }
    float mx = hmax8(_mm256_max_ps(m, m2));
    for (; j < V; j++) mx = row[j] > mx ? row[j] : mx; /* a NaN element may or may not reach mx: its exp makes the sum NaN either way */
    __m256 mm = _mm256_set1_ps(mx), s = _mm256_setzero_ps(), s2 = s;
    for (j = 0; j + 16 <= V; j += 16) {
      s = _mm256_add_ps(s, exp8(_mm256_sub_ps(_mm256_loadu_ps(row + j), mm)));
      s2 = _mm256_add_ps(s2, exp8(_mm256_sub_ps(_mm256_loadu_ps(row + j + 8), mm)));
    }
    if (j + 8 <= V) {
      s = _mm256_add_ps(s, exp8(_mm256_sub_ps(_mm256_loadu_ps(row + j), mm)));
      j += 8;
    }
    float sum = hsum8(_mm256_add_ps(s, s2));
    for (; j < V; j++) sum += expf(row[j] - mx);
    maxOut[i] = mx;
    sumOut[i] = sum;
  }
}

AVX2 static void softmax_grad_avx2(const float *x, size_t n, size_t V, const float *lse, float scale, float *g, float *colSum) {
  __m256 sc = _mm256_set1_ps(scale);
  for (size_t i = 0; i < n; i++) {
    const float *row = x + i * V;
    float *out = g + i * V;
    __m256 l = _mm256_set1_ps(lse[i]);
    size_t j = 0;
    for (; j + 8 <= V; j += 8) {
      __m256 e = _mm256_mul_ps(exp8(_mm256_sub_ps(_mm256_loadu_ps(row + j), l)), sc);
      _mm256_storeu_ps(out + j, e);
      if (colSum) _mm256_storeu_ps(colSum + j, _mm256_add_ps(_mm256_loadu_ps(colSum + j), e));
    }
    for (; j < V; j++) {
      float e = expf(row[j] - lse[i]) * scale;
      out[j] = e;
      if (colSum) colSum[j] += e;
    }
  }
}

static int has_avx2(void) {
  static int known = -1;
  if (known < 0) {
    __builtin_cpu_init();
    known = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  }
  return known;
}
#else
static int has_avx2(void) { return 0; }
#endif

void rrnn_row_max_sumexp(const float *x, size_t n, size_t V, float *maxOut, float *sumOut) {
#ifdef AVX2
  if (has_avx2()) return max_sumexp_avx2(x, n, V, maxOut, sumOut);
#endif
  for (size_t i = 0; i < n; i++) {
    const float *row = x + i * V;
    float mx = -INFINITY, sum = 0;
    for (size_t j = 0; j < V; j++) mx = row[j] > mx ? row[j] : mx;
    for (size_t j = 0; j < V; j++) sum += expf(row[j] - mx);
    maxOut[i] = mx;
    sumOut[i] = sum;
  }
}

void rrnn_softmax_grad(const float *x, size_t n, size_t V, const float *lse, float scale, float *g, float *colSum) {
#ifdef AVX2
  if (has_avx2()) return softmax_grad_avx2(x, n, V, lse, scale, g, colSum);
#endif
  for (size_t i = 0; i < n; i++) {
    for (size_t j = 0; j < V; j++) {
      float e = expf(x[i * V + j] - lse[i]) * scale;
      g[i * V + j] = e;
      if (colSum) colSum[j] += e;
    }
  }
}

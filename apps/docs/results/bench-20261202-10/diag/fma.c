// Peak fused multiply-add rate of one core, registers only (no memory): 16 independent chains of 8-lane (AVX2) or,
// with -DWIDE, 16-lane (AVX-512) FMAs. Run one copy, then two at once: if two cores' copies each keep the rate,
// the cores do not share their arithmetic units. usage: cc -O3 -march=native [-DWIDE] fma.c -o fma && ./fma
#include <immintrin.h>
#include <stdio.h>
#include <time.h>
#ifdef WIDE
typedef __m512 vec;
#define SET1 _mm512_set1_ps
#define FMA _mm512_fmadd_ps
#define LANES 16
#else
typedef __m256 vec;
#define SET1 _mm256_set1_ps
#define FMA _mm256_fmadd_ps
#define LANES 8
#endif
int main(void) {
  vec a[16], m = SET1(0.999999f), c = SET1(1e-7f);
  for (int i = 0; i < 16; i++) a[i] = SET1((float)i);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  const long N = 200000000;
  for (long i = 0; i < N; i++)
    for (int j = 0; j < 16; j++) a[j] = FMA(a[j], m, c);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
  float o[LANES];
  vec z = a[0];
  for (int j = 1; j < 16; j++) z = z + a[j];
  __builtin_memcpy(o, &z, sizeof o);
  printf("fma%d GFLOP/s %.1f (checksum %g)\n", LANES * 32, N * 16.0 * LANES * 2 / s / 1e9, o[0]);
  return 0;
}

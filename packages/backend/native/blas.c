/*
 * rrnn's native matrix product for the wasm backend in Node: cblas_sgemm of the system's
 * OpenBLAS (opened with dlopen, so nothing links against it at build time), run directly on
 * tfjs-backend-wasm's heap (an ArrayBuffer: operands and result are byte offsets into it).
 *
 *   open(libraries: string[]) -> string          the library that was opened; throws if none has cblas_sgemm
 *   coreName() -> string | null                  the kernels OpenBLAS picked (openblas_get_corename), if it says
 *   sgemm(heap, transA, transB, M, N, K, offA, offB, offC, batch, strideA, strideB, strideC, biasOff)
 *       C[i] = op(A[i]) . op(B[i]) (+ bias, a row of N added to every row, when biasOff >= 0)
 *       for i < batch, row-major; strides in floats (0 broadcasts an operand over the batch).
 *
 * One thread per call: OpenBLAS's own threads are turned off, since rrnn runs one product per
 * thread already (its data-parallel workers).
 *
 * Beside the product, the softmax cross-entropy passes of softmax_ce.c (no BLAS in them):
 *   rowMaxSumExp(heap, x, n, V, maxOut, sumOut)
 *   softmaxGrad(heap, x, n, V, lse, scale, g, colSum)     colSum -1: none
 */
#include <dlfcn.h>
#include <node_api.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef void (*sgemm_fn)(int order, int transA, int transB, int M, int N, int K, float alpha, const float *A, int lda,
                         const float *B, int ldb, float beta, float *C, int ldc);
static sgemm_fn cblas_sgemm_ptr = NULL;
static char *(*corename_ptr)(void) = NULL;
enum { RowMajor = 101, NoTrans = 111, Trans = 112 };

#define CHECK(call)                                                  \
  do {                                                               \
    if ((call) != napi_ok) {                                         \
      napi_throw_error(env, NULL, "rrnn blas: N-API call failed: " #call); \
      return NULL;                                                   \
    }                                                                \
  } while (0)

static napi_value open_lib(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  uint32_t n = 0;
  CHECK(napi_get_array_length(env, argv[0], &n));
  char tried[2048] = "";
  for (uint32_t i = 0; i < n; i++) {
    napi_value item;
    char path[512];
    size_t len = 0;
    CHECK(napi_get_element(env, argv[0], i, &item));
    CHECK(napi_get_value_string_utf8(env, item, path, sizeof path, &len));
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    const char *why = h ? "no cblas_sgemm" : dlerror();
    sgemm_fn f = h ? (sgemm_fn)dlsym(h, "cblas_sgemm") : NULL;
    if (f) {
      void (*set_threads)(int) = (void (*)(int))dlsym(h, "openblas_set_num_threads");
      if (set_threads) set_threads(1);
      cblas_sgemm_ptr = f;
      corename_ptr = (char *(*)(void))dlsym(h, "openblas_get_corename");
      napi_value out;
      CHECK(napi_create_string_utf8(env, path, len, &out));
      return out;
    }
    if (h) dlclose(h);
    size_t used = strlen(tried);
    snprintf(tried + used, sizeof tried - used, "%s%s (%s)", used ? "; " : "", path, why ? why : "?");
  }
  napi_throw_error(env, NULL, tried[0] ? tried : "no library named");
  return NULL;
}

static napi_value core_name(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  const char *name = corename_ptr ? corename_ptr() : NULL;
  if (name) CHECK(napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &out));
  else CHECK(napi_get_null(env, &out));
  return out;
}

static int64_t arg_i64(napi_env env, napi_value v) {
  int64_t x = 0;
  napi_get_value_int64(env, v, &x);
  return x;
}

static napi_value sgemm(napi_env env, napi_callback_info info) {
  size_t argc = 14;
  napi_value argv[14];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 14) {
    napi_throw_error(env, NULL, "rrnn blas: sgemm takes 14 arguments");
    return NULL;
  }
  if (!cblas_sgemm_ptr) {
    napi_throw_error(env, NULL, "rrnn blas: open() a BLAS library first");
    return NULL;
  }
  void *data = NULL;
  size_t bytes = 0;
  CHECK(napi_get_arraybuffer_info(env, argv[0], &data, &bytes));
  bool ta = false, tb = false;
  CHECK(napi_get_value_bool(env, argv[1], &ta));
  CHECK(napi_get_value_bool(env, argv[2], &tb));
  int64_t M = arg_i64(env, argv[3]), N = arg_i64(env, argv[4]), K = arg_i64(env, argv[5]);
  int64_t offA = arg_i64(env, argv[6]), offB = arg_i64(env, argv[7]), offC = arg_i64(env, argv[8]);
  int64_t batch = arg_i64(env, argv[9]), sA = arg_i64(env, argv[10]), sB = arg_i64(env, argv[11]), sC = arg_i64(env, argv[12]);
  int64_t biasOff = arg_i64(env, argv[13]);
  int64_t endA = offA + 4 * ((batch - 1) * sA + M * K), endB = offB + 4 * ((batch - 1) * sB + K * N);
  int64_t endC = offC + 4 * ((batch - 1) * sC + M * N);
  if (M < 0 || N < 0 || K < 0 || batch < 1 || offA < 0 || offB < 0 || offC < 0 || sA < 0 || sB < 0 || sC < 0 ||
      (offA | offB | offC) % 4 != 0 || endA > (int64_t)bytes || endB > (int64_t)bytes || endC > (int64_t)bytes ||
      (biasOff >= 0 && (biasOff % 4 != 0 || biasOff + 4 * N > (int64_t)bytes))) {
    napi_throw_range_error(env, NULL, "rrnn blas: sgemm operands lie outside the heap");
    return NULL;
  }
  float *heap = (float *)data;
  const float *A = heap + offA / 4, *B = heap + offB / 4;
  float *C = heap + offC / 4;
  const float *bias = biasOff >= 0 ? heap + biasOff / 4 : NULL;
  for (int64_t i = 0; i < batch; i++) {
    float *Ci = C + i * sC;
    if (bias)
      for (int64_t r = 0; r < M; r++) memcpy(Ci + r * N, bias, 4 * N);
    if (K == 0) {
      if (!bias) memset(Ci, 0, 4 * M * N);
      continue;
    }
    cblas_sgemm_ptr(RowMajor, ta ? Trans : NoTrans, tb ? Trans : NoTrans, (int)M, (int)N, (int)K, 1.0f, A + i * sA,
                    ta ? (int)M : (int)K, B + i * sB, tb ? (int)K : (int)N, bias ? 1.0f : 0.0f, Ci, (int)N);
  }
  return NULL;
}

/* native/softmax_ce.c */
void rrnn_row_max_sumexp(const float *x, size_t n, size_t V, float *maxOut, float *sumOut);
void rrnn_softmax_grad(const float *x, size_t n, size_t V, const float *lse, float scale, float *g, float *colSum);

/* A float32 array of `count` at byte offset `off` of the heap, or NULL (after throwing) when it lies outside. */
static float *heap_floats(napi_env env, void *heap, size_t bytes, int64_t off, int64_t count) {
  if (off < 0 || off % 4 != 0 || count < 0 || off + 4 * count > (int64_t)bytes) {
    napi_throw_range_error(env, NULL, "rrnn native: softmax cross-entropy operands lie outside the heap");
    return NULL;
  }
  return (float *)heap + off / 4;
}

/* Reads exactly `want` arguments, the first the heap (an ArrayBuffer); else throws `usage` and returns 0. */
static int heap_call(napi_env env, napi_callback_info info, size_t want, napi_value *argv, void **data, size_t *bytes, const char *usage) {
  size_t argc = want;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != want ||
      napi_get_arraybuffer_info(env, argv[0], data, bytes) != napi_ok) {
    napi_throw_error(env, NULL, usage);
    return 0;
  }
  return 1;
}

/* rowMaxSumExp(heap, x, n, V, maxOut, sumOut): see softmax_ce.c */
static napi_value row_max_sumexp(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  void *data = NULL;
  size_t bytes = 0;
  if (!heap_call(env, info, 6, argv, &data, &bytes, "rrnn native: rowMaxSumExp takes (heap, x, n, V, maxOut, sumOut)")) return NULL;
  int64_t n = arg_i64(env, argv[2]), V = arg_i64(env, argv[3]);
  float *x = heap_floats(env, data, bytes, arg_i64(env, argv[1]), n * V);
  float *mx = x ? heap_floats(env, data, bytes, arg_i64(env, argv[4]), n) : NULL;
  float *sum = mx ? heap_floats(env, data, bytes, arg_i64(env, argv[5]), n) : NULL;
  if (sum) rrnn_row_max_sumexp(x, (size_t)n, (size_t)V, mx, sum);
  return NULL;
}

/* softmaxGrad(heap, x, n, V, lse, scale, g, colSum): colSum -1 for none; see softmax_ce.c */
static napi_value softmax_grad(napi_env env, napi_callback_info info) {
  napi_value argv[8];
  void *data = NULL;
  size_t bytes = 0;
  if (!heap_call(env, info, 8, argv, &data, &bytes, "rrnn native: softmaxGrad takes (heap, x, n, V, lse, scale, g, colSum)")) return NULL;
  int64_t n = arg_i64(env, argv[2]), V = arg_i64(env, argv[3]), colOff = arg_i64(env, argv[7]);
  double scale = 0;
  CHECK(napi_get_value_double(env, argv[5], &scale));
  float *x = heap_floats(env, data, bytes, arg_i64(env, argv[1]), n * V);
  float *lse = x ? heap_floats(env, data, bytes, arg_i64(env, argv[4]), n) : NULL;
  float *g = lse ? heap_floats(env, data, bytes, arg_i64(env, argv[6]), n * V) : NULL;
  float *colSum = g && colOff >= 0 ? heap_floats(env, data, bytes, colOff, V) : NULL;
  if (g && (colOff < 0 || colSum)) rrnn_softmax_grad(x, (size_t)n, (size_t)V, lse, (float)scale, g, colSum);
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_value f;
  if (napi_create_function(env, "open", NAPI_AUTO_LENGTH, open_lib, NULL, &f) != napi_ok) return NULL;
  napi_set_named_property(env, exports, "open", f);
  if (napi_create_function(env, "sgemm", NAPI_AUTO_LENGTH, sgemm, NULL, &f) != napi_ok) return NULL;
  napi_set_named_property(env, exports, "sgemm", f);
  if (napi_create_function(env, "rowMaxSumExp", NAPI_AUTO_LENGTH, row_max_sumexp, NULL, &f) != napi_ok) return NULL;
  napi_set_named_property(env, exports, "rowMaxSumExp", f);
  if (napi_create_function(env, "softmaxGrad", NAPI_AUTO_LENGTH, softmax_grad, NULL, &f) != napi_ok) return NULL;
  napi_set_named_property(env, exports, "softmaxGrad", f);
  if (napi_create_function(env, "coreName", NAPI_AUTO_LENGTH, core_name, NULL, &f) != napi_ok) return NULL;
  napi_set_named_property(env, exports, "coreName", f);
  return exports;
}

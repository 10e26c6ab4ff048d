# OpenBLAS's sgemm on the paper model's product shapes, one thread (OPENBLAS_NUM_THREADS=1: torch.set_num_threads
# does not reach Debian's OpenBLAS), output preallocated; best of 5. Then a 64 MB copy (memory bandwidth).
# usage: OPENBLAS_NUM_THREADS=1 [OPENBLAS_CORETYPE=...] /usr/bin/python3 sgemm.py
import time, torch
def rate(m, k, n, reps):
    a, b, c = torch.randn(m, k), torch.randn(k, n), torch.empty(m, n)
    for _ in range(3): torch.matmul(a, b, out=c)
    best = 1e9
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(reps): torch.matmul(a, b, out=c)
        best = min(best, (time.perf_counter() - t) / reps)
    return 2 * m * k * n / best / 1e9
x = torch.randn(16_000_000); y = torch.empty_like(x)
for _ in range(3): y.copy_(x)
t = time.perf_counter()
for _ in range(40): y.copy_(x)
bw = 16e6 * 8 * 40 / (time.perf_counter() - t) / 1e9
print('GFLOP/s decoder [1400x200]x[200x10000] %.0f, input [2800x200]x[200x800] %.0f, hidden [80x200]x[200x800] %.0f, dD [10000x1400]x[1400x200] %.0f; copy 64 MB %.1f GB/s'
      % (rate(1400, 200, 10000, 10), rate(2800, 200, 800, 50), rate(80, 200, 800, 2000), rate(10000, 1400, 200, 10), bw))

#!/usr/bin/env bash
# The diagnostics of window -10 (diagnostics.txt), nothing else running. usage: bash run.sh  (from this folder, after pnpm build)
set -u
cd "$(dirname "$0")"
root=$(git rev-parse --show-toplevel)
cc -O3 -march=native fma.c -o /tmp/rrnn-fma && cc -O3 -march=native -DWIDE fma.c -o /tmp/rrnn-fma512
echo "# OPENBLAS_* in this machine's environment: $(env | grep '^OPENBLAS' | sort | tr '\n' ' ')"
for f in /tmp/rrnn-fma /tmp/rrnn-fma512; do
  echo "## $(basename $f) alone"; $f
  echo "## $(basename $f) two copies at once"; ($f & $f; wait)
done
for core in Haswell SkylakeX Cooperlake; do
  echo "## sgemm.py, OPENBLAS_CORETYPE=$core, alone"; OPENBLAS_NUM_THREADS=1 OPENBLAS_CORETYPE=$core /usr/bin/python3 sgemm.py
done
echo "## OpenBLAS's own pick with OPENBLAS_CORETYPE unset"; env -u OPENBLAS_CORETYPE OPENBLAS_VERBOSE=2 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -c 'import torch; torch.ones(2) @ torch.ones(2)' 2>&1 | head -1
for core in Haswell SkylakeX; do
  echo "## sgemm.py, OPENBLAS_CORETYPE=$core, two copies at once"
  (OPENBLAS_NUM_THREADS=1 OPENBLAS_CORETYPE=$core /usr/bin/python3 sgemm.py & OPENBLAS_NUM_THREADS=1 OPENBLAS_CORETYPE=$core /usr/bin/python3 sgemm.py; wait)
done
cd "$root"
for core in Haswell SkylakeX; do
  for k in 1 2; do
    echo "## phases of one two-thread LSTM r = 0.5 step (bench-20261202-9/phases.mjs), OPENBLAS_CORETYPE=$core, run $k"
    OPENBLAS_CORETYPE=$core RRNN_BLAS=openblas node apps/docs/results/bench-20261202-9/phases.mjs lstm 0.5 2>&1 | tail -1
    echo "## the halves alone (bench-20261202-9/phases-alone.mjs), OPENBLAS_CORETYPE=$core, run $k"
    OPENBLAS_CORETYPE=$core RRNN_BLAS=openblas node apps/docs/results/bench-20261202-9/phases-alone.mjs 2>&1 | tail -1
  done
done

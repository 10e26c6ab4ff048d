#!/usr/bin/env bash
# The one-thread matMul rate of each CPU of this machine (GFLOP/s, the bench's own probe, pinned with
# taskset): on a shared host one core can run much slower than another for minutes at a time, which an
# even split of the batch between threads turns into waiting (see the Performance page).
# usage: apps/cli/bench/cores.sh [rounds]   (run from the repository root after pnpm build)
set -eu
rounds=${1:-1}
for ((k = 0; k < rounds; k++)); do
  for cpu in $(seq 0 $(($(nproc) - 1))); do
    gflops=$(taskset -c "$cpu" node apps/cli/dist/bin.js bench --scope layer --cells rnn --rates 0 --no-peers --steps 3 --warmup 1 --json 2>/dev/null \
      | node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).matmulGflops.toFixed(1)))')
    echo "$(date -u +%FT%TZ) cpu$cpu $gflops GFLOP/s"
  done
done

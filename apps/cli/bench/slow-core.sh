#!/usr/bin/env bash
# Run `rrnn bench ARGS...` with one core made slow, as a shared host sometimes makes one of ours: the
# training thread is pinned to cpu0, every other thread of the bench (its gradient workers) to cpu1, and
# a busy loop at `nice` HOG_NICE (default 3: about a third of cpu0) shares cpu0 once the bench has
# started its workers. For comparing how the two splits of a batch cope (`--scope lm,lm-even`).
# usage: apps/cli/bench/slow-core.sh --scope lm,lm-even --cells gru --rates 0.5 --steps 12 --burst 3 --json > out.json
set -eu
[ "$(nproc)" -ge 2 ] || { echo "slow-core.sh needs 2 CPUs" >&2; exit 1; }
node apps/cli/dist/bin.js bench "$@" &
bench=$!
hog=
trap '[ -n "$hog" ] && kill "$hog" 2>/dev/null; true' EXIT
# wait until every lm point is open (the thread count grew, then held still for 10 s), then pin
threads() { ls "/proc/$bench/task" 2>/dev/null | wc -l; }
sleep 2
base=$(threads); last=$base; still=0
while [ -d "/proc/$bench" ] && { [ "$last" -le "$base" ] || [ "$still" -lt 10 ]; }; do
  sleep 1
  now=$(threads)
  if [ "$now" = "$last" ]; then still=$((still + 1)); else still=0; last=$now; fi
done
taskset -pc 0 "$bench" > /dev/null
for t in /proc/$bench/task/*; do
  tid=${t##*/}
  [ "$tid" = "$bench" ] || taskset -pc 1 "$tid" > /dev/null 2>&1 || true
done
nice -n "${HOG_NICE:-3}" taskset -c 0 sh -c 'while :; do :; done' &
hog=$!
echo "slow-core.sh: bench $bench on cpu0 (its other threads on cpu1), busy loop $hog at nice ${HOG_NICE:-3} on cpu0" >&2
wait "$bench"

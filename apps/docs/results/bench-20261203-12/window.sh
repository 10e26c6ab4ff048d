#!/usr/bin/env bash
# bench window -12: the shipped bench (--single-threaded-gc, fused SGD-momentum step) beside the reference before and after
set -u
out=$1; cd /work/main
mkdir -p "$out"
P=$(pgrep -f "bin.js train" | tr '\n' ' '); [ -n "$P" ] && kill -STOP $P
sleep 2
date -u +%FT%TZ > "$out/start.txt"; git rev-parse HEAD >> "$out/start.txt"
env | grep '^OPENBLAS' | sort > "$out/env.txt"; lscpu > "$out/lscpu.txt"
apps/cli/bench/cores.sh 2 > "$out/cores-before.txt" 2>&1
/usr/bin/python3 apps/cli/bench/reference_speed.py 2 12 3 > "$out/reference.jsonl" 2> "$out/reference.err"
RRNN_BLAS=openblas node apps/cli/dist/bin.js bench --scope lm --steps 12 --burst 3 --reference "$out/reference.jsonl" --json > "$out/bench-measured.json" 2> "$out/bench.err"
date -u +%FT%TZ > "$out/mid.txt"
/usr/bin/python3 ../shared/reference/speed.py 2 > "$out/speed-py.jsonl" 2> "$out/speed-py.err"
/usr/bin/python3 apps/cli/bench/reference_speed.py 2 12 3 > "$out/reference-after.jsonl" 2> "$out/reference-after.err"
apps/cli/bench/cores.sh 2 > "$out/cores-after.txt" 2>&1
date -u +%FT%TZ > "$out/end.txt"
[ -n "$P" ] && kill -CONT $P
node apps/cli/dist/bin.js bench --report "$out/bench-measured.json" --reference "$out/reference.jsonl,$out/reference-after.jsonl" --json > "$out/bench.json" 2>>"$out/bench.err"
echo done

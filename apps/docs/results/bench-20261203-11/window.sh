#!/usr/bin/env bash
# bench window -11: the shipped bench (now under --single-threaded-gc) beside the reference, then the same bench
# with V8's default collector (RRNN_NODE_FLAGS= ) and the reference again
set -u
out=$1; cd /work/main
mkdir -p "$out/default-gc"
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
date -u +%FT%TZ >> "$out/mid.txt"
RRNN_NODE_FLAGS= RRNN_BLAS=openblas node apps/cli/dist/bin.js bench --scope lm --steps 12 --burst 3 --json > "$out/default-gc/bench-measured.json" 2> "$out/default-gc/bench.err"
/usr/bin/python3 apps/cli/bench/reference_speed.py 2 12 3 > "$out/default-gc/reference-after.jsonl" 2> "$out/default-gc/reference-after.err"
date -u +%FT%TZ > "$out/end.txt"
node apps/cli/dist/bin.js bench --report "$out/bench-measured.json" --reference "$out/reference.jsonl,$out/reference-after.jsonl" --json > "$out/bench.json" 2>>"$out/bench.err"
node apps/cli/dist/bin.js bench --report "$out/default-gc/bench-measured.json" --reference "$out/reference-after.jsonl,$out/default-gc/reference-after.jsonl" --json > "$out/default-gc/bench.json" 2>>"$out/default-gc/bench.err"
echo done

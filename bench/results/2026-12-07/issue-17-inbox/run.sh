#!/usr/bin/env bash
# The officer's inbox before (5897989) and after the joint cases' list condition, alternately.
set -u
export NIVARAN_DATA_DIR=/work/bench/sqlite
OUT=$1; C=${CLIENTS:-8}; mkdir -p $OUT
for round in ${ROUNDS:-1 2}; do for which in ${WHICH:-base2 new}; do
  B=/work/bench/bin-$which
  $B/nivaran serve --no-workers --port 8120 > $OUT/serve-$which.log 2>&1 & SRV=$!
  for _ in $(seq 1 60); do curl -fs http://127.0.0.1:8120/readyz >/dev/null && break; sleep 1; done
  $B/nivaran-bench load --url http://127.0.0.1:8120 --concurrency $C --duration 20 --mix inbox:1 --json $OUT/$which-$round-c$C.json 2>&1 | grep -E "^inbox" | sed "s/^/$which-$round /"
  kill $SRV; wait $SRV 2>/dev/null
done; done

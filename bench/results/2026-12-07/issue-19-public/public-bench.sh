#!/usr/bin/env bash
# /public/data.json asked 40 times by 4 clients at once, on the 2M dataset, by one build.
set -euo pipefail
BIN="$1"; PORT=8099
"$BIN/nivaran" --data-dir /work/bench/sqlite2m serve --no-workers --port $PORT > /tmp/public-serve.log 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
start=$(date +%s.%N)
for c in 1 2 3 4; do
  ( for i in $(seq 1 10); do curl -s -o /dev/null -w "%{time_total}\n" "http://127.0.0.1:$PORT/public/data.json"; done ) > /tmp/public-times-$c.txt &
done
wait $(jobs -p | grep -v "^$SERVER$") 2>/dev/null || true
end=$(date +%s.%N)
kill $SERVER; wait $SERVER 2>/dev/null || true
cat /tmp/public-times-*.txt | sort -n | awk -v s=$start -v e=$end '{a[NR]=$1} END {printf "requests %d, wall %.1f s, p50 %.0f ms, p90 %.0f ms, max %.0f ms\n", NR, e-s, a[int(NR*0.5)]*1000, a[int(NR*0.9)]*1000, a[NR]*1000}'

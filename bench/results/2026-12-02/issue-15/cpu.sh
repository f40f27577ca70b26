#!/bin/bash
# Server CPU per request: PG inbox, before and after.
B=/work/benchdata; PG=postgres://postgres@127.0.0.1:5432
for name in after before after before; do
  bin=$B/nivaran-$name
  rm -rf $B/run; cp -r $B/pg-gen $B/run
  psql $PG/test -qc "DROP DATABASE IF EXISTS nb_run" -c "CREATE DATABASE nb_run TEMPLATE nb_gen" 2>/dev/null
  NIVARAN_DATABASE_URL=$PG/nb_run NIVARAN_LOG=warn $bin --data-dir $B/run serve --port 8090 --no-workers > /dev/null 2>&1 &
  pid=$!
  for i in $(seq 1 120); do curl -sf http://127.0.0.1:8090/healthz >/dev/null && break; sleep 0.5; done
  t0=$(awk '{print $14+$15}' /proc/$pid/stat)
  pg0=$(for p in $(pgrep -f "postgres: .*nb_run"); do awk '{print $14+$15}' /proc/$p/stat; done | paste -sd+ | bc)
  out=$($B/nivaran-before bench load --url http://127.0.0.1:8090 --mix inbox:1 --concurrency 32 --duration 15 --warmup 0 2>&1 | grep "^inbox")
  t1=$(awk '{print $14+$15}' /proc/$pid/stat)
  pg1=$(for p in $(pgrep -f "postgres: .*nb_run"); do awk '{print $14+$15}' /proc/$p/stat; done | paste -sd+ | bc)
  req=$(echo $out | awk '{print $2}')
  echo "$name: $out | server ticks $((t1-t0)) -> $(echo "scale=3; ($t1-$t0)*10000/$req" | bc) us/req | pg ticks $((pg1-pg0))"
  kill $pid; wait $pid 2>/dev/null
done
psql $PG/test -qc "DROP DATABASE IF EXISTS nb_run"

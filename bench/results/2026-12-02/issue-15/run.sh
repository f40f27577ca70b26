#!/bin/bash
# Filing and the inbox before and after issue 15, on the same 200k datasets, one engine at a time.
set -u
B=/work/benchdata
OLD=$B/nivaran-before
NEW=$B/nivaran-after
LOAD="$OLD bench load"   # the same load client for both servers
PG=postgres://postgres@127.0.0.1:5432
ROUND=${ROUND:-1}

if [ ! -f $B/sqlite-gen/.done ]; then
  $OLD --data-dir $B/sqlite-gen bench generate --count 200000 --until 2026-11-23 2>&1 | tail -1
  touch $B/sqlite-gen/.done
fi
if [ ! -f $B/pg-gen.done ]; then
  psql $PG/test -qc "DROP DATABASE IF EXISTS nb_gen" -c "CREATE DATABASE nb_gen"
  mkdir -p $B/pg-gen
  NIVARAN_DATABASE_URL=$PG/nb_gen $OLD --data-dir $B/pg-gen bench generate --count 200000 --until 2026-11-23 2>&1 | tail -1
  psql $PG/nb_gen -qc "VACUUM (ANALYZE)"
  touch $B/pg-gen.done
fi

serve_and_load() { # name bin engine
  local name=$1 bin=$2 engine=$3 pid url_env=""
  if [ $engine = sqlite ]; then
    rm -rf $B/run; cp -r $B/sqlite-gen $B/run
  else
    rm -rf $B/run; cp -r $B/pg-gen $B/run
    psql $PG/test -qc "DROP DATABASE IF EXISTS nb_run" -c "CREATE DATABASE nb_run TEMPLATE nb_gen"
    url_env="NIVARAN_DATABASE_URL=$PG/nb_run"
  fi
  env $url_env NIVARAN_LOG=warn $bin --data-dir $B/run serve --port 8090 --no-workers &
  pid=$!
  for i in $(seq 1 120); do curl -sf http://127.0.0.1:8090/healthz >/dev/null && break; sleep 0.5; done
  for s in ${SCENARIOS:-inbox file}; do
    $LOAD --url http://127.0.0.1:8090 --mix $s:1 --concurrency 32 --duration 20 --warmup 5 \
      --server-pid $pid --json $B/out/$engine-$name-$s-r$ROUND.json > $B/out/$engine-$name-$s-r$ROUND.txt 2>&1
    echo "$engine $name $s round $ROUND:"; grep -E "^$s|requests" $B/out/$engine-$name-$s-r$ROUND.txt | head -3
  done
  kill $pid; wait $pid 2>/dev/null
  [ $engine = pg ] && psql $PG/test -qc "DROP DATABASE IF EXISTS nb_run"
}

for engine in sqlite pg; do
  if [ "${ORDER:-}" = reversed ]; then
    serve_and_load after $NEW $engine
    serve_and_load before $OLD $engine
  else
    serve_and_load before $OLD $engine
    serve_and_load after $NEW $engine
  fi
done

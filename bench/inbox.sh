#!/usr/bin/env bash
# The officer's inbox (`inbox:1`: 50 open overdue cases, soonest deadline first) served by two
# builds alternately on one dataset: how a change moved it (BENCHMARKS.md, "Officer's inbox").
#
#   bash bench/inbox.sh sqlite|postgres OUT_DIR BEFORE_BIN_DIR AFTER_BIN_DIR
#
# Environment:
#   DATA       the generated dataset's data directory (default /work/bench/sqlite, or
#              /work/bench/pg for postgres), made as BENCHMARKS.md's "Reproduce" says
#   PG_URL     the PostgreSQL database for `postgres` (default …/nivaran_bench)
#   CLIENTS    simultaneous clients (default 8); DURATION seconds per run (default 20)
#   ROUNDS     how many times each build is measured (default 3)
#   MIX        the load's mix (default inbox:1; file:1 compares filing the same way)
# Each build serves with `serve --no-workers` (nothing else runs) and is stopped before the
# other starts. A short unmeasured run of the later build comes first: its migrations apply
# then (the earlier build ignores migrations it does not know, and both are measured on the
# same database) and the dataset's pages are read in. Each run's report goes to OUT_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

usage="usage: bench/inbox.sh sqlite|postgres OUT_DIR BEFORE_BIN_DIR AFTER_BIN_DIR"
ENGINE="${1:?$usage}"
OUT="${2:?$usage}"
BEFORE="${3:?$usage}"
AFTER="${4:?$usage}"
CLIENTS="${CLIENTS:-8}"
ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-20}"
MIX="${MIX:-inbox:1}"
PORT=8098
mkdir -p "$OUT"

source bench/engine.sh
use_engine "$ENGINE"

SERVER=""
cleanup() {
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
    wait 2>/dev/null || true
}
trap cleanup EXIT

run() {
    local name="$1" bin="$2"
    "$bin/nivaran" serve --no-workers --port "$PORT" > "$OUT/serve-$name.log" 2>&1 &
    SERVER=$!
    wait_ready "$PORT"
    "$bin/nivaran-bench" load --url "http://127.0.0.1:$PORT" --concurrency "$CLIENTS" \
        --duration "${DURATION}" --mix "$MIX" --server-pid "$SERVER" \
        --json "$OUT/$name.json" | tee "$OUT/$name.txt"
    kill "$SERVER"
    wait "$SERVER" 2>/dev/null || true
    SERVER=""
}

DURATION=5 run warm-up "$AFTER"
for round in $(seq 1 "$ROUNDS"); do
    run "before-$round-c$CLIENTS" "$BEFORE"
    run "after-$round-c$CLIENTS" "$AFTER"
done

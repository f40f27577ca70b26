#!/usr/bin/env bash
# Filing throughput on a generated dataset with the duplicate check and the category suggestion
# beside it (issue 17: "filing throughput with both on, no more than 15 % below"), and how fast
# the check itself goes (BENCHMARKS.md, "Duplicate check").
#
#   bash bench/duplicates.sh sqlite|postgres OUT_DIR
#
# Environment:
#   DATA       the data directory of the generated dataset (default /work/bench/sqlite, or
#              /work/bench/pg for postgres; made as BENCHMARKS.md's "Reproduce" says)
#   PG_URL     the PostgreSQL database for `postgres` (default …/nivaran_bench)
#   CLIENTS    simultaneous clients (default 8); DURATION seconds measured per run (default 40)
# Filings a second are the requests less the errors: after a few million filings into one
# dataset the load's random numbers reach their monthly limit and some filings are refused
# (429, answered at once).
#   BIN_DIR    where the release binaries are (default $HOME/.cache/nivaran-release/release)
#
# Runs, one after the other on one server (`serve --no-workers`, so nothing else runs):
#   1. and 2., ROUNDS times (default 2), alternately: `file:1` alone, and with the check
#      running beside it as the worker does (`nivaran duplicates check --seconds 2 --every 30`,
#      in a second process);
#   3. `file:1,suggest:1` (a suggestion asked for each filing, as the form does while a citizen
#      types) with the check beside it;
#   4. the check alone and flat out for DURATION seconds, on what the runs filed: the cases it
#      gets through a second.
# Each run's report goes to OUT_DIR (text and JSON), the check's progress to OUT_DIR/check-*.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

ENGINE="${1:?usage: bench/duplicates.sh sqlite|postgres OUT_DIR}"
OUT="${2:?usage: bench/duplicates.sh sqlite|postgres OUT_DIR}"
CLIENTS="${CLIENTS:-8}"
ROUNDS="${ROUNDS:-2}"
DURATION="${DURATION:-40}"
BIN_DIR="${BIN_DIR:-$HOME/.cache/nivaran-release/release}"
PORT=8097
mkdir -p "$OUT"

source bench/engine.sh
use_engine "$ENGINE"

SERVER=""
CHECKER=""
cleanup() {
    [ -n "$CHECKER" ] && kill "$CHECKER" 2>/dev/null || true
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
    wait 2>/dev/null || true
}
trap cleanup EXIT

"$BIN_DIR/nivaran" serve --no-workers --port "$PORT" > "$OUT/serve.log" 2>&1 &
SERVER=$!
wait_ready "$PORT"

# The check as the worker runs it: passes of at most 2 seconds, 30 seconds apart, in one
# process (its features kept between passes).
start_check() {
    local log="$1"
    "$BIN_DIR/nivaran" duplicates check --seconds 2 --every 30 >> "$log" 2>&1 &
    CHECKER=$!
}
stop_check() {
    kill "$CHECKER" 2>/dev/null || true
    wait "$CHECKER" 2>/dev/null || true
    CHECKER=""
}
# Where the check stands and how many candidates it has found.
POSITION_SQL="SELECT (SELECT last_id FROM duplicate_check WHERE id = 1) || ' checked up to, ' || (SELECT count(*) FROM duplicate_candidates) || ' candidates'"
position() {
    if [ "$ENGINE" = sqlite ]; then
        sqlite3 "$DATA/nivaran.db" "$POSITION_SQL"
    else
        psql -qtA "$NIVARAN_DATABASE_URL" -c "$POSITION_SQL"
    fi
}

load() {
    local name="$1" mix="$2"
    "$BIN_DIR/nivaran-bench" load --url "http://127.0.0.1:$PORT" --concurrency "$CLIENTS" \
        --duration "$DURATION" --mix "$mix" --server-pid "$SERVER" \
        --json "$OUT/$name.json" | tee "$OUT/$name.txt"
}

# The check starts where it stands: behind after earlier runs, as after a large import, it is
# never short of work.

# Alone and with the check beside, alternately (runs on one dataset differ by several per cent
# from one to the next; alternating shows which differences are the check's). Beside each load,
# the check's position before and after says how many cases it looked at.
for round in $(seq 1 "$ROUNDS"); do
    load "file-alone-$round-c$CLIENTS" "file:1"
    log="$OUT/check-beside-$round-c$CLIENTS.txt"
    echo "before: $(position)" > "$log"
    start_check "$log"
    load "file-with-check-$round-c$CLIENTS" "file:1"
    stop_check
    echo "after: $(position)" >> "$log"
done
log="$OUT/check-beside-suggest-c$CLIENTS.txt"
echo "before: $(position)" > "$log"
start_check "$log"
load "file-suggest-with-check-c$CLIENTS" "file:1,suggest:1"
stop_check
echo "after: $(position)" >> "$log"

# The check alone: how many cases it looks at in DURATION seconds with nothing else running.
{
    echo "before: $(position)"
    "$BIN_DIR/nivaran" duplicates check --seconds "$DURATION" || true
    echo "max id: $(if [ "$ENGINE" = sqlite ]; then sqlite3 "$DATA/nivaran.db" 'SELECT max(id) FROM grievances'; else psql -qtA "$NIVARAN_DATABASE_URL" -c 'SELECT max(id) FROM grievances'; fi)"
    echo "after $DURATION s: $(position)"
} > "$OUT/check-alone-${DURATION}s.txt" 2>&1
cat "$OUT/check-alone-${DURATION}s.txt"

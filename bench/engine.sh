# Sourced by the benchmark scripts: the engine's settings and waiting for a server.
#
#   use_engine sqlite|postgres   sets DATA (unless given: /work/bench/sqlite or /work/bench/pg),
#                                NIVARAN_DATA_DIR and, for postgres, NIVARAN_DATABASE_URL (PG_URL,
#                                default the nivaran_bench database on 127.0.0.1)
#   wait_ready PORT              until the server on PORT answers /readyz (at most 5 minutes)

use_engine() {
    DATA="${DATA:-/work/bench/$([ "$1" = sqlite ] && echo sqlite || echo pg)}"
    case "$1" in
        sqlite) unset NIVARAN_DATABASE_URL ;;
        postgres) export NIVARAN_DATABASE_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432/nivaran_bench}" ;;
        *) echo "engine must be sqlite or postgres, not $1" >&2; exit 2 ;;
    esac
    export NIVARAN_DATA_DIR="$DATA"
}

wait_ready() {
    for _ in $(seq 1 300); do
        curl -fs "http://127.0.0.1:$1/readyz" > /dev/null && return 0
        sleep 1
    done
}

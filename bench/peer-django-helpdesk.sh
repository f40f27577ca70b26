#!/usr/bin/env bash
# A peer side by side: installs django-helpdesk (PyPI) on this machine and runs the same intake
# and read workload, with the same load generator (wrk), against its REST API and against
# Nivaran's JSON API, one after the other in one run; then the same reads as the officer's HTML
# page of a case (django-helpdesk's REST API reads one ticket slowly, see BENCHMARKS.md, so the
# page says how the two compare where both are direct). Prints a table with the ratios and
# writes the figures as JSON (BENCHMARKS.md, "A peer side by side").
#
#   bash bench/peer-django-helpdesk.sh [--duration 30] [--concurrency 32] [--json out.json]
#
# Both systems start empty, run on the same PostgreSQL (databases peer_helpdesk and peer_nivaran,
# dropped and made again), and are set up as their documentation recommends for production:
# django-helpdesk under gunicorn with 2 × cores + 1 sync workers, DEBUG off, persistent database
# connections, token authentication; Nivaran's release binary with its defaults. Nivaran is also
# run on SQLite. Mail from django-helpdesk goes to Django's dummy backend, as Nivaran's SMS stay
# in its outbox (serve --no-workers): neither delivers anything during the run.
#
# Needs: python3 with venv, wrk (apt install wrk), PostgreSQL on 127.0.0.1:5432 (trust), and a
# release build (cargo build --release; NIVARAN_BIN overrides where the binary is).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=30
CONCURRENCY=32
JSON_OUT=""
while [ $# -gt 0 ]; do
    case "$1" in
        --duration) DURATION="$2"; shift 2 ;;
        --concurrency) CONCURRENCY="$2"; shift 2 ;;
        --json) JSON_OUT="$2"; shift 2 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

PEER_DIR="${PEER_DIR:-$HOME/.cache/nivaran-peer}"
TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/nivaran-target}"
NIVARAN_BIN="${NIVARAN_BIN:-$TARGET_DIR/release/nivaran}"
PG="postgres://postgres@127.0.0.1:5432"
HELPDESK_PORT=8091
NIVARAN_PORT=8092
PASSWORD="nivaran-demo-2026"
WORK="$(mktemp -d)"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
[ -x "$NIVARAN_BIN" ] || { echo "no release build at $NIVARAN_BIN: cargo build --release" >&2; exit 1; }

log() { printf '\n=== %s ===\n' "$*" >&2; }

wait_for() {
    for _ in $(seq 1 120); do
        # Any HTTP answer will do (the peer's API answers 401 without a token).
        [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" != 000 ] && return 0
        sleep 0.5
    done
    echo "nothing answered at $1" >&2
    return 1
}

fresh_database() {
    psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"
}

# ---- django-helpdesk -----------------------------------------------------------------------
log "installing django-helpdesk into $PEER_DIR/venv"
[ -x "$PEER_DIR/venv/bin/python" ] || python3 -m venv "$PEER_DIR/venv"
"$PEER_DIR/venv/bin/pip" install -q django-helpdesk==2.6.1 djangorestframework==3.18.3 \
    gunicorn==27.0.1 'psycopg[binary]==3.3.9'
PY="$PEER_DIR/venv/bin/python"

SITE="$PEER_DIR/site"
mkdir -p "$SITE/peer"
: > "$SITE/peer/__init__.py"
cat > "$SITE/peer/settings.py" <<'EOF'
# django-helpdesk as its installation guide sets it up, for production (DEBUG off).
SECRET_KEY = "peer-benchmark-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "helpdesk",
]
SITE_ID = 1
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "peer.urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]
DATABASES = {"default": {
    "ENGINE": "django.db.backends.postgresql",
    "NAME": "peer_helpdesk", "USER": "postgres", "HOST": "127.0.0.1", "PORT": "5432",
    "CONN_MAX_AGE": 600,
}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
STATIC_URL = "/static/"
USE_TZ = True
TIME_ZONE = "Asia/Kolkata"
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
}
HELPDESK_TEAMS_MODE_ENABLED = False
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "root": {"handlers": [], "level": "WARNING"}}
EOF
cat > "$SITE/peer/urls.py" <<'EOF'
from django.urls import include, path
urlpatterns = [path("", include("helpdesk.urls", namespace="helpdesk"))]
EOF

log "django-helpdesk: database, staff user, token, queue"
fresh_database peer_helpdesk
export DJANGO_SETTINGS_MODULE=peer.settings PYTHONPATH="$SITE"
"$PY" -m django migrate -v 0
# A staff user with an API token and a signed-in browser session, and one queue.
read -r HELPDESK_TOKEN HELPDESK_SESSION < <("$PY" - <<'EOF'
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from rest_framework.authtoken.models import Token
from helpdesk.models import Queue
user = get_user_model().objects.create_superuser("officer", "officer@example.in", "peer-pass")
Queue.objects.create(title="Drinking water", slug="water", allow_public_submission=True)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(Token.objects.create(user=user).key, session.session_key)
EOF
)
WORKERS=$(( 2 * $(nproc) + 1 ))
cat > "$SITE/peer/wsgi.py" <<'EOF'
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer.settings")
from django.core.wsgi import get_wsgi_application
application = get_wsgi_application()
EOF
(cd "$SITE" && exec "$PEER_DIR/venv/bin/gunicorn" peer.wsgi --workers "$WORKERS" \
    --bind "127.0.0.1:$HELPDESK_PORT" --log-level warning) &
PIDS+=($!)
HELPDESK_PID=$!
wait_for "http://127.0.0.1:$HELPDESK_PORT/api/"

# ---- the runs ------------------------------------------------------------------------------
RESULTS="$WORK/results.jsonl"
: > "$RESULTS"

# run_wrk SYSTEM ENGINE WORKLOAD URL SCRIPT TOKEN [PATHS]
run_wrk() {
    local system=$1 engine=$2 workload=$3 url=$4 script=$5 token=$6 paths=${7:-}
    cat "bench/peer/$script" bench/peer/report.lua > "$WORK/script.lua"
    log "$system ($engine): $workload, $CONCURRENCY connections, ${DURATION}s"
    local line
    line=$(PEER_SYSTEM=$system PEER_TOKEN=$token PEER_HEADER=$token PEER_PATHS=$paths \
        wrk -t 2 -c "$CONCURRENCY" -d "${DURATION}s" --timeout 30s -s "$WORK/script.lua" "$url" \
        | tee /dev/stderr | sed -n 's/^RESULT //p')
    printf '{"system":"%s","engine":"%s","workload":"%s","figures":%s}\n' \
        "$system" "$engine" "$workload" "$line" >> "$RESULTS"
}

HELPDESK_URL="http://127.0.0.1:$HELPDESK_PORT"
run_wrk helpdesk postgresql intake "$HELPDESK_URL" intake.lua "$HELPDESK_TOKEN"
TICKETS=$(psql -tA "$PG/peer_helpdesk" -c "SELECT count(*) FROM helpdesk_ticket")
psql -tA "$PG/peer_helpdesk" -c "SELECT '/api/tickets/' || id || '/' FROM helpdesk_ticket" > "$WORK/helpdesk-paths"
run_wrk helpdesk postgresql read "$HELPDESK_URL" read.lua "Authorization: Token $HELPDESK_TOKEN" "$WORK/helpdesk-paths"
sed 's#^/api/tickets/#/tickets/#' "$WORK/helpdesk-paths" > "$WORK/helpdesk-pages"
run_wrk helpdesk postgresql page "$HELPDESK_URL" read.lua "Cookie: sessionid=$HELPDESK_SESSION" "$WORK/helpdesk-pages"
kill "$HELPDESK_PID"; wait "$HELPDESK_PID" 2>/dev/null || true

# nivaran_run ENGINE DATABASE_URL: a fresh demo server, intake, then reading what it filed.
nivaran_run() {
    local engine=$1 database_url=$2
    local data="$WORK/nivaran-$engine"
    mkdir -p "$data"
    NIVARAN_LOG=warn NIVARAN_DATABASE_URL="$database_url" NIVARAN_BENCH_PASSWORD="$PASSWORD" \
        "$NIVARAN_BIN" serve --demo --no-workers --data-dir "$data" --port "$NIVARAN_PORT" \
        > "$data/serve.log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    wait_for "http://127.0.0.1:$NIVARAN_PORT/readyz"
    local url="http://127.0.0.1:$NIVARAN_PORT"
    run_wrk nivaran "$engine" intake "$url" intake.lua ""
    local token
    token=$(curl -fs "$url/api/v1/auth/login" -H 'Content-Type: application/json' \
        -d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["token"])')
    # The cases filed in the intake run, newest first, as many pages as it takes (at most 20k).
    : > "$WORK/nivaran-paths"
    for page in $(seq 1 200); do
        curl -fs "$url/api/v1/grievances?sort=recent&per_page=100&page=$page" \
            -H "Authorization: Bearer $token" \
            | "$PY" -c 'import json,sys; [print("/api/v1/grievances/" + g["registration_number"]) for g in json.load(sys.stdin)["items"]]' \
            >> "$WORK/nivaran-paths"
        [ "$(wc -l < "$WORK/nivaran-paths")" -ge $((page * 100)) ] || break
    done
    run_wrk nivaran "$engine" read "$url" read.lua "Authorization: Bearer $token" "$WORK/nivaran-paths"
    # The officer's case page: the same session token as a browser's cookie.
    sed 's#^/api/v1/grievances/#/cases/#' "$WORK/nivaran-paths" > "$WORK/nivaran-pages"
    run_wrk nivaran "$engine" page "$url" read.lua "Cookie: nivaran_session=$token" "$WORK/nivaran-pages"
    kill "$pid"; wait "$pid" 2>/dev/null || true
}

fresh_database peer_nivaran
nivaran_run postgresql "$PG/peer_nivaran"
nivaran_run sqlite ""

# ---- the table -----------------------------------------------------------------------------
"$PY" - "$RESULTS" "$TICKETS" "$CONCURRENCY" "$DURATION" "${JSON_OUT:-}" <<'EOF'
import json, sys
path, tickets, concurrency, duration, json_out = sys.argv[1:6]
rows = [json.loads(line) for line in open(path)]
def find(system, engine, workload):
    return next(r["figures"] for r in rows
                if (r["system"], r["engine"], r["workload"]) == (system, engine, workload))
print(f"\n{concurrency} connections, {duration} s per run; django-helpdesk held {tickets} tickets when read")
print("intake: file one grievance / ticket (API); read: one case / ticket as JSON (API);")
print("page: the officer's HTML page of one case / ticket\n")
print("| workload | system | requests/s | p50 ms | p90 ms | p99 ms | errors | throughput × helpdesk | p99 ÷ helpdesk |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for workload in ("intake", "read", "page"):
    base = find("helpdesk", "postgresql", workload)
    base_rate = base["requests"] / base["seconds"]
    for system, engine in (("helpdesk", "postgresql"), ("nivaran", "postgresql"), ("nivaran", "sqlite")):
        f = find(system, engine, workload)
        rate = f["requests"] / f["seconds"]
        name = "django-helpdesk 2.6.1 (PostgreSQL)" if system == "helpdesk" else f"Nivaran ({engine})"
        print(f"| {workload} | {name} | {rate:,.0f} | {f['p50_ms']:.1f} | {f['p90_ms']:.1f} | "
              f"{f['p99_ms']:.1f} | {f['errors']} | {rate / base_rate:.1f} | {f['p99_ms'] / base['p99_ms']:.2f} |")
if json_out:
    with open(json_out, "w") as out:
        json.dump({"concurrency": int(concurrency), "seconds": int(duration),
                   "helpdesk_tickets_when_read": int(tickets), "runs": rows}, out, indent=2)
EOF

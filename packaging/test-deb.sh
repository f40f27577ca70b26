#!/usr/bin/env bash
# Builds the Debian package from the development binary (cargo-deb), installs it, checks what it
# put where, starts the binary as the package's user against a fresh data directory, and removes
# everything again (the user, the data directory and the package). Run by .ci/run, as root.
#
#   bash packaging/test-deb.sh TARGET_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET="${1:?usage: packaging/test-deb.sh TARGET_DIR}"
OUT=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
SERVER=""
INSTALLED=""

# Only what this test made is removed: never a deployment's register.
cleanup() {
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
    wait 2>/dev/null || true
    if [ -n "$INSTALLED" ]; then
        dpkg --purge nivaran >/dev/null 2>&1 || true
        rm -rf /var/lib/nivaran /etc/nivaran
        userdel nivaran >/dev/null 2>&1 || true
    fi
    rm -rf "$OUT"
}
trap cleanup EXIT
fail() { echo "package test: $*" >&2; exit 1; }
# Output is read whole before it is searched: `cmd | grep -q` under pipefail fails when grep stops
# reading at its first match and the command is killed by SIGPIPE (it failed CI once that way).
holds() { grep -Eq -- "$1" <<<"$2"; }

if holds installed "$(dpkg-query -W -f='${Status}' nivaran 2>/dev/null || true)" \
    || getent passwd nivaran >/dev/null || [ -e /var/lib/nivaran ]; then
    fail "nivaran is installed on this machine (or its user or /var/lib/nivaran exist): the package test would replace it"
fi

CARGO_TARGET_DIR="$TARGET" cargo deb -p nivaran --no-build --profile dev --no-strip --fast \
    --output "$OUT/nivaran.deb" >/dev/null
info=$(dpkg-deb --info "$OUT/nivaran.deb") || fail "dpkg-deb cannot read the package"
holds "^ *Package: nivaran$" "$info" || fail "not a nivaran package: $info"
INSTALLED=1
dpkg -i "$OUT/nivaran.deb" >/dev/null

# What it installed, owned by whom.
holds ":/var/lib/nivaran:/usr/sbin/nologin$" "$(getent passwd nivaran)" || fail "no system user nivaran"
[ "$(stat -c '%U:%G %a' /var/lib/nivaran)" = "nivaran:nivaran 750" ] || fail "data directory: $(stat -c '%U:%G %a' /var/lib/nivaran)"
[ "$(stat -c '%U:%G %a' /etc/nivaran/nivaran.toml)" = "root:nivaran 640" ] || fail "configuration: $(stat -c '%U:%G %a' /etc/nivaran/nivaran.toml)"
files=$(dpkg-query -L nivaran)
holds "^/usr/bin/nivaran$" "$files" || fail "no /usr/bin/nivaran"
unit=$(grep "systemd/system/nivaran.service$" <<<"$files") || fail "no systemd unit"
grep -q "^User=nivaran$" "$unit" && grep -q "^NoNewPrivileges=yes$" "$unit" || fail "the unit is not the hardened one"
grep -q "/etc/nivaran/nivaran.toml" /var/lib/dpkg/info/nivaran.conffiles || fail "the configuration is not a conffile"
if command -v systemd-analyze >/dev/null; then
    systemd-analyze verify "$unit" || fail "systemd-analyze refuses the unit"
fi
version=$(/usr/bin/nivaran --version)
holds "^nivaran [0-9]+\.[0-9]+\.[0-9]+ \([0-9a-f]{10}\)$" "$version" || fail "--version without the commit: $version"

# Started as the unit starts it, as its user, against a fresh data directory.
runuser -u nivaran -- env NIVARAN_PORT="$PORT" NIVARAN_LOG=warn \
    /usr/bin/nivaran --data-dir /var/lib/nivaran --config /etc/nivaran/nivaran.toml serve \
    > "$OUT/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
    kill -0 "$SERVER" 2>/dev/null || { cat "$OUT/serve.log" >&2; fail "the service exited"; }
    sleep 0.2
done
holds '"status":"ready"' "$(curl -fsS "http://127.0.0.1:$PORT/readyz")" || { cat "$OUT/serve.log" >&2; fail "not ready"; }
[ "$(stat -c '%U' /var/lib/nivaran/nivaran.db)" = "nivaran" ] || fail "the database is not the service user's"
holds "^nivaran_database_up 1$" "$(curl -fsS "http://127.0.0.1:$PORT/metrics")" || fail "no metrics"
kill "$SERVER"
wait "$SERVER" 2>/dev/null || true
SERVER=""

# Purging keeps the register, and says so.
dpkg --purge nivaran 2> "$OUT/purge.log" >/dev/null
[ -f /var/lib/nivaran/nivaran.db ] || fail "purging removed the grievance register"
grep -q "is kept" "$OUT/purge.log" || fail "purging did not say the register is kept"
echo "package test: built, installed, served as nivaran, purged"

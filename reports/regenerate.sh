#!/usr/bin/env bash
# Regenerates reports/: for each server, installs it (pinned), starts it on 127.0.0.1, waits until
# it answers, runs the suite (JSON, Markdown and text reports), stops it by its PID; then rebuilds
# the conformance matrix in reports/README.md. Leaves nothing running, also when it stops
# half-way.
#
#   reports/regenerate.sh                        # every server
#   reports/regenerate.sh oidc-provider          # just one (the matrix still merges every report)
#   reports/regenerate.sh --out DIR [server...]  # write the reports to DIR/<server>/ instead and
#                                                # leave reports/ alone (tests/real_servers.rs)
#
# Each server is a folder reports/<server>/ with install.sh (idempotent, pinned), start.sh (runs
# the server in the foreground with exec, so its PID is the server's; or a script that stops
# what it started when it gets TERM), target.toml, and optionally run.args (extra `oauth2spec run`
# flags, one per line) and ready.url (what answers once the set-up is ready, when that is not the
# metadata).
#
# Needs: cargo, curl, and what each install.sh needs (Node.js >= 20 with npm, Python 3 with venv,
# Java 17 and 25 with Maven, Go).
set -euo pipefail
cd "$(dirname "$0")/.."

ALL=(oidc-provider django-oauth-toolkit spring-authorization-server keycloak hydra spring-security-oauth2-legacy)
OUT=""
if [ "${1:-}" = "--out" ]; then
  [ -n "${2:-}" ] || { echo "regenerate.sh: --out needs a directory" >&2; exit 2; }
  OUT="$2"
  shift 2
fi
if [ "$#" -gt 0 ]; then SERVERS=("$@"); else SERVERS=("${ALL[@]}"); fi
STARTUP_TIMEOUT="${STARTUP_TIMEOUT:-180}"

for tool in cargo curl; do
  command -v "$tool" >/dev/null || { echo "regenerate.sh: $tool not found" >&2; exit 1; }
done

# The first top-level `key = "value"` of a target.toml (before any [table]).
toml_top() {
  sed -n "/^\[/q; s/^$1 = \"\(.*\)\"\$/\1/p" "$2" | head -n1
}

# The first `key = "value"` of a [table] of a target.toml.
toml_in() {
  sed -n "/^\[$1\]\$/,/^\[/ s/^$2 = \"\(.*\)\"\$/\1/p" "$3" | head -n1
}

# What to wait on at start-up: the URL in the kit's ready.url, answering at all (for a set-up
# that is ready only after start.sh has done more than start the server); else the metadata
# document (the config's `metadata`, else the issuer's RFC 8414 well-known URL); for a server
# without metadata (`discovery = false`), its authorization endpoint answering at all.
ready_url() {
  local config="$1" url issuer
  if [ -f "$(dirname "$config")/ready.url" ]; then
    head -n1 "$(dirname "$config")/ready.url"
    return
  fi
  if grep -q '^discovery = false' "$config"; then
    toml_in endpoints authorization "$config"
    return
  fi
  url=$(toml_top metadata "$config")
  if [ -n "$url" ]; then echo "$url"; return; fi
  issuer=$(toml_top issuer "$config")
  [ -n "$issuer" ] && echo "$issuer/.well-known/oauth-authorization-server"
}

# Whether the server answers at $1: the metadata with 2xx; an endpoint with any HTTP status.
answers() {
  local code
  code=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 2 "$1" 2>/dev/null) || true
  if [ "$2" = metadata ]; then [[ "$code" == 2* ]]; else [ -n "$code" ] && [ "$code" != 000 ]; fi
}

SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}
trap stop_server EXIT
trap 'stop_server; exit 130' INT TERM

echo "== building oauth2spec (release)"
cargo build --release --locked --quiet
BIN="$PWD/target/release/oauth2spec"

for server in "${SERVERS[@]}"; do
  dir="reports/$server"
  [ -d "$dir" ] || { echo "regenerate.sh: no such server: $server (have: ${ALL[*]})" >&2; exit 2; }
  config="$dir/target.toml"
  url=$(ready_url "$config")
  [ -n "$url" ] || { echo "regenerate.sh: $config names no issuer, metadata or authorization endpoint" >&2; exit 1; }
  kind=metadata
  if grep -q '^discovery = false' "$config" || [ -f "$dir/ready.url" ]; then kind=endpoint; fi
  out="${OUT:+$OUT/$server}"
  out="${out:-$dir}"
  mkdir -p "$out"

  echo "== $server: install"
  started=$(date +%s)
  "$dir/install.sh"
  echo "   installed in $(( $(date +%s) - started )) s"

  if answers "$url" "$kind"; then
    echo "regenerate.sh: something already answers at $url; stop it first" >&2
    exit 1
  fi
  echo "== $server: start (waiting for $url)"
  "$dir/start.sh" >"$out/server.log" 2>&1 &
  SERVER_PID=$!
  started=$(date +%s)
  until answers "$url" "$kind"; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "regenerate.sh: $server exited during start-up; its log:" >&2
      tail -n 30 "$out/server.log" >&2
      SERVER_PID=""
      exit 1
    fi
    if [ $(( $(date +%s) - started )) -ge "$STARTUP_TIMEOUT" ]; then
      echo "regenerate.sh: $server did not answer at $url within $STARTUP_TIMEOUT s" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "   answering after $(( $(date +%s) - started )) s"

  echo "== $server: run the suite"
  # Extra flags for this server, one per line (e.g. --concurrency 1 for a server whose
  # development set-up cannot take parallel requests).
  extra=()
  if [ -f "$dir/run.args" ]; then
    while IFS= read -r line; do
      [ -n "$line" ] && extra+=("$line")
    done <"$dir/run.args"
  fi
  status=0
  "$BIN" run --config "$config" --color never "${extra[@]}" \
    --json "$out/report.json" --markdown "$out/report.md" >"$out/report.txt" || status=$?
  tail -n 1 "$out/report.txt"
  # 0: all passed, 1: requirements not met (a finding, not a problem of this script).
  if [ "$status" -gt 1 ]; then
    echo "regenerate.sh: the run against $server ended with exit code $status; see $out/report.txt" >&2
    exit "$status"
  fi
  stop_server
done

[ -z "$OUT" ] || exit 0
echo "== matrix"
reports=()
for server in "${ALL[@]}"; do
  [ -f "reports/$server/report.json" ] && reports+=("reports/$server/report.json")
done
"$BIN" matrix --title "Conformance of real authorization servers" \
  --preamble reports/preamble.md --output reports/README.md "${reports[@]}"
echo "reports/README.md written (${#reports[@]} servers)"

#!/usr/bin/env bash
# Regenerates reports/: for each server, installs it (pinned), starts it on 127.0.0.1, waits until
# its metadata answers, runs the suite (JSON and Markdown reports), stops it by its PID; then
# rebuilds the conformance matrix in reports/README.md. Leaves nothing running, also when it stops
# half-way.
#
#   reports/regenerate.sh                    # every server
#   reports/regenerate.sh oidc-provider      # just one (the matrix still merges every report)
#
# Needs: cargo, Node.js >= 20 with npm, Python 3 with venv, curl.
set -euo pipefail
cd "$(dirname "$0")/.."

ALL=(oidc-provider django-oauth-toolkit)
if [ "$#" -gt 0 ]; then SERVERS=("$@"); else SERVERS=("${ALL[@]}"); fi
STARTUP_TIMEOUT="${STARTUP_TIMEOUT:-90}"

for tool in cargo curl; do
  command -v "$tool" >/dev/null || { echo "regenerate.sh: $tool not found" >&2; exit 1; }
done

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
  issuer=$(sed -n 's/^issuer = "\(.*\)"$/\1/p' "$dir/target.toml" | head -n1)
  [ -n "$issuer" ] || { echo "regenerate.sh: $dir/target.toml names no issuer" >&2; exit 1; }
  metadata="$issuer/.well-known/oauth-authorization-server"

  echo "== $server: install"
  started=$(date +%s)
  "$dir/install.sh"
  echo "   installed in $(( $(date +%s) - started )) s"

  if curl -fsS -o /dev/null --max-time 2 "$metadata" 2>/dev/null; then
    echo "regenerate.sh: something already answers at $issuer; stop it first" >&2
    exit 1
  fi
  echo "== $server: start ($issuer)"
  "$dir/start.sh" >"$dir/server.log" 2>&1 &
  SERVER_PID=$!
  started=$(date +%s)
  until curl -fsS -o /dev/null --max-time 2 "$metadata" 2>/dev/null; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "regenerate.sh: $server exited during start-up; its log:" >&2
      tail -n 30 "$dir/server.log" >&2
      SERVER_PID=""
      exit 1
    fi
    if [ $(( $(date +%s) - started )) -ge "$STARTUP_TIMEOUT" ]; then
      echo "regenerate.sh: $server did not answer at $metadata within $STARTUP_TIMEOUT s" >&2
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
  "$BIN" run --config "$dir/target.toml" --color never "${extra[@]}" \
    --json "$dir/report.json" --markdown "$dir/report.md" >"$dir/report.txt" || status=$?
  tail -n 1 "$dir/report.txt"
  # 0: all passed, 1: requirements not met (a finding, not a problem of this script).
  if [ "$status" -gt 1 ]; then
    echo "regenerate.sh: the run against $server ended with exit code $status; see $dir/report.txt" >&2
    exit "$status"
  fi
  stop_server
done

echo "== matrix"
reports=()
for server in "${ALL[@]}"; do
  [ -f "reports/$server/report.json" ] && reports+=("reports/$server/report.json")
done
"$BIN" matrix --title "Conformance of real authorization servers" \
  --preamble reports/preamble.md --output reports/README.md "${reports[@]}"
echo "reports/README.md written (${#reports[@]} servers)"

#!/usr/bin/env bash
# Runs Ory Hydra (public http://127.0.0.1:9405, admin 127.0.0.1:9406, `serve all --dev`: plain
# http, in-memory database) and the login-and-consent app (127.0.0.1:9407), registers the fixture
# clients through the admin API, and stays in the foreground: killing this script's PID (TERM or
# INT) stops both. The in-memory database forgets everything at every start. The app answers
# only once the clients are registered (ready.url).
set -euo pipefail
cd "$(dirname "$0")"
[ -x bin/hydra ] || ./install.sh
ADMIN=http://127.0.0.1:9406

pids=()
stop() {
  trap - TERM INT EXIT
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap 'stop; exit 143' TERM
trap 'stop; exit 130' INT
trap stop EXIT

./bin/hydra serve all --dev -c hydra.yml &
pids+=($!)

for _ in $(seq 1 120); do
  curl -fsS -o /dev/null --max-time 2 "$ADMIN/health/ready" 2>/dev/null && break
  sleep 0.5
done

client() {
  curl -fsS -o /dev/null -X POST "$ADMIN/admin/clients" -H 'Content-Type: application/json' -d "$1" \
    || { echo "start.sh: could not register a client: $1" >&2; exit 1; }
}
client '{"client_id":"conf-client","client_name":"Conformance client","client_secret":"'"${HYDRA_CONF_CLIENT_SECRET:-conf-client-secret}"'",
  "grant_types":["authorization_code","refresh_token"],"response_types":["code"],"scope":"read write offline_access",
  "redirect_uris":["http://127.0.0.1:9999/cb","http://127.0.0.1:9999/cb2","https://client.example/cb"],"token_endpoint_auth_method":"client_secret_basic"}'
client '{"client_id":"conf-client-2","client_name":"Second conformance client","client_secret":"'"${HYDRA_CONF_CLIENT_2_SECRET:-conf-client-2-secret}"'",
  "grant_types":["authorization_code","refresh_token"],"response_types":["code"],"scope":"read write offline_access",
  "redirect_uris":["http://127.0.0.1:9999/cb"],"token_endpoint_auth_method":"client_secret_post"}'
client '{"client_id":"public-client","client_name":"Public conformance client",
  "grant_types":["authorization_code","refresh_token"],"response_types":["code"],"scope":"read write offline_access",
  "redirect_uris":["http://127.0.0.1:9999/cb"],"token_endpoint_auth_method":"none"}'
client '{"client_id":"cc-client","client_name":"Service conformance client","client_secret":"'"${HYDRA_CC_CLIENT_SECRET:-cc-client-secret}"'",
  "grant_types":["client_credentials"],"response_types":[],"scope":"read write offline_access","token_endpoint_auth_method":"client_secret_basic"}'
# The login-and-consent app starts last: regenerate.sh waits for it (ready.url), so the suite
# never meets a Hydra whose clients are not registered yet.
HYDRA_ADMIN="$ADMIN" PORT=9407 node login-consent.mjs &
pids+=($!)
echo "hydra ready: clients registered"
wait -n "${pids[@]}"

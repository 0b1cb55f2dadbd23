#!/usr/bin/env bash
# Benchmarks (figures, not timed tests): prints requests/s measured in one run, and ratios.
#
#   1. the live fuzzer (`oauth2spec fuzz`) vs Schemathesis (same token endpoint, described by
#      bench/token-endpoint.openapi.yaml) vs oha (plain valid client_credentials requests:
#      the HTTP floor), all against one reference-server instance (release build);
#   2. token-endpoint throughput (client_credentials, oha) of the reference server vs
#      oidc-provider and django-oauth-toolkit, same load generator, same machine.
#
# Usage: bench/run.sh [SECONDS_PER_MEASUREMENT]      (default 15)
# Environment: CONCURRENCY (default 8); REAL_TARGETS=DIR holding 1-oidc-provider/ and
# 2-django-oauth-toolkit/ kits (setup.sh/start.sh; copied to a scratch dir before use; part 2
# is skipped without it); BENCH_WORK scratch dir (default: a new temp dir).
# Needs: cargo, python3 (venv), and for part 2 node/npm. Installs schemathesis into
# bench/.venv and oha with `cargo install oha --locked` when missing.
# Everything runs on 127.0.0.1; every server started here is stopped by its PID on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-15}
CONC=${CONCURRENCY:-8}
WORK=${BENCH_WORK:-$(mktemp -d)}
mkdir -p "$WORK"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

log() { printf '\n== %s\n' "$*" >&2; }

wait_for() { # URL: up to 60 s for a 200
  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    sleep 0.5
  done
  echo "timed out waiting for $1" >&2
  return 1
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# oha against a token endpoint with client_credentials: prints requests/s.
oha_cc() { # URL CLIENT_ID SECRET SCOPE
  oha -z "${SECS}s" -c "$CONC" --no-tui --output-format json -m POST \
    -a "$2:$3" -T application/x-www-form-urlencoded \
    -d "grant_type=client_credentials&scope=$4" "$1" \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); s=d["summary"]; c=d.get("statusCodeDistribution",{}); print("%.0f %.3f" % (s["requestsPerSec"], c.get("200",0)/max(1,sum(c.values()))))'
}

log "tools"
cargo build --release -q
command -v oha >/dev/null || cargo install oha --locked
[ -x bench/.venv/bin/st ] || { python3 -m venv bench/.venv && bench/.venv/bin/pip install -q schemathesis; }
BIN=target/release/oauth2spec
echo "oha: $(oha --version)" >&2
echo "schemathesis: $(bench/.venv/bin/st --version)" >&2
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2

log "reference server (release)"
PORT=$(free_port)
"$BIN" serve --port "$PORT" >"$WORK/reference.log" 2>&1 &
PIDS+=($!)
BASE="http://127.0.0.1:$PORT"
wait_for "$BASE/.well-known/oauth-authorization-server"
"$BIN" serve --port 0 --print-config | sed "s#http://127.0.0.1:[0-9]*#$BASE#g" >"$WORK/reference.toml"
SECRET=$(python3 -c 'import sys,tomllib; c=tomllib.load(open(sys.argv[1],"rb")); print(next(x["secret"] for x in c["clients"] if x["id"]=="conf-client"))' "$WORK/reference.toml")

log "1a. oauth2spec fuzz, ${SECS}s, concurrency $CONC, every seed flow"
"$BIN" fuzz --config "$WORK/reference.toml" --duration "${SECS}s" --concurrency "$CONC" \
  --out "$WORK/fuzz" | tee "$WORK/fuzz.log" | tail -3 >&2
FUZZ_CASES=$(sed -nE 's/.* ([0-9]+) cases\/s, ([0-9]+) HTTP requests\/s.*/\1/p' "$WORK/fuzz.log")
FUZZ_REQS=$(sed -nE 's/.* ([0-9]+) cases\/s, ([0-9]+) HTTP requests\/s.*/\2/p' "$WORK/fuzz.log")

log "1b. schemathesis on the token endpoint, ${SECS}s, $CONC workers"
start=$(date +%s.%N)
bench/.venv/bin/st run bench/token-endpoint.openapi.yaml --url "$BASE" --auth "conf-client:$SECRET" \
  --workers "$CONC" --max-time "$SECS" --max-examples 100000 --phases fuzzing --mode all \
  --continue-on-failure --no-shrink --seed 1 \
  --report vcr --report-vcr-path "$WORK/schemathesis.vcr.yaml" >"$WORK/schemathesis.log" 2>&1 || true
end=$(date +%s.%N)
ST_REQUESTS=$(grep -c '^- id:' "$WORK/schemathesis.vcr.yaml" || true)
ST_RPS=$(python3 -c "print(f'{$ST_REQUESTS/($end-$start):.0f}')")
echo "schemathesis: $ST_REQUESTS requests in $(python3 -c "print(f'{$end-$start:.1f}')") s" >&2

log "1c. oha, valid client_credentials requests, ${SECS}s, concurrency $CONC (HTTP floor)"
read -r OHA_REF OHA_REF_OK < <(oha_cc "$BASE/token" conf-client "$SECRET" read)

ORP=""; DRP=""
if [ -n "${REAL_TARGETS:-}" ]; then
  log "2. real authorization servers (kits copied to $WORK/real)"
  mkdir -p "$WORK/real"
  cp -r "$REAL_TARGETS/1-oidc-provider" "$REAL_TARGETS/2-django-oauth-toolkit" "$WORK/real/"
  chmod -R u+w "$WORK/real"
  (cd "$WORK/real/1-oidc-provider" && ./setup.sh >"$WORK/oidc-setup.log" 2>&1)
  (cd "$WORK/real/2-django-oauth-toolkit" && ./setup.sh >"$WORK/dot-setup.log" 2>&1)
  "$WORK/real/1-oidc-provider/start.sh" >"$WORK/oidc.log" 2>&1 &
  PIDS+=($!)
  wait_for "http://127.0.0.1:9401/.well-known/oauth-authorization-server"
  read -r ORP ORP_OK < <(oha_cc "http://127.0.0.1:9401/token" conf-client conf-client-secret read)
  kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true; unset 'PIDS[-1]'
  "$WORK/real/2-django-oauth-toolkit/start.sh" >"$WORK/dot.log" 2>&1 &
  PIDS+=($!)
  wait_for "http://127.0.0.1:9402/.well-known/oauth-authorization-server"
  read -r DRP DRP_OK < <(oha_cc "http://127.0.0.1:9402/o/token/" cc-client cc-client-secret read)
  kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true; unset 'PIDS[-1]'
fi

python3 - "$SECS" "$CONC" "$FUZZ_CASES" "$FUZZ_REQS" "$ST_RPS" "$ST_REQUESTS" "$OHA_REF" "$OHA_REF_OK" "${ORP:-}" "${ORP_OK:-}" "${DRP:-}" "${DRP_OK:-}" <<'EOF'
import sys
secs, conc, fc, fr, st, st_n, oha, oha_ok, orp, orp_ok, drp, drp_ok = sys.argv[1:]
f = lambda x: float(x) if x else None
fc, fr, st, oha, orp, drp = map(f, (fc, fr, st, oha, orp, drp))
print(f"\nresults ({secs} s each, concurrency {conc}, one run, shared machine)")
print(f"  oauth2spec fuzz        {fc:8.0f} cases/s   {fr:8.0f} HTTP requests/s (logins and code exchanges included)")
print(f"  schemathesis           {st:8.0f} requests/s ({st_n} requests, token endpoint only)")
print(f"  oha (HTTP floor)       {oha:8.0f} requests/s (valid client_credentials, HTTP 200 share {oha_ok})")
print(f"  fuzz/schemathesis      {fr/st:8.2f}x  (HTTP requests/s; cases/s: {fc/st:.2f}x)")
print(f"  fuzz/oha               {fr/oha:8.3f}x")
if orp and drp:
    print(f"\ntoken endpoint, client_credentials, oha, {secs} s, concurrency {conc}")
    print(f"  reference server       {oha:8.0f} requests/s")
    print(f"  oidc-provider          {orp:8.0f} requests/s (HTTP 200 share {orp_ok})   reference/oidc-provider {oha/orp:.1f}x")
    print(f"  django-oauth-toolkit   {drp:8.0f} requests/s (HTTP 200 share {drp_ok})   reference/django-oauth-toolkit {oha/drp:.1f}x")
EOF

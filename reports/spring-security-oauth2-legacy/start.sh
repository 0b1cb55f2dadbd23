#!/usr/bin/env bash
# Runs the legacy Spring Security OAuth 2.x authorization server in the foreground on
# http://127.0.0.1:${PORT:-9408}; in memory, so a restart starts clean. The process keeps this
# script's PID (exec): stop it by that PID.
set -euo pipefail
cd "$(dirname "$0")"
[ -f target/legacy-authorization-server.jar ] || ./install.sh
exec java -jar target/legacy-authorization-server.jar --server.address=127.0.0.1 --server.port="${PORT:-9408}"

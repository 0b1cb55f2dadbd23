#!/usr/bin/env bash
# Runs the Spring Authorization Server app in the foreground on http://127.0.0.1:${PORT:-9403};
# the Java process keeps this script's PID (exec).
set -euo pipefail
cd "$(dirname "$0")"
[ -f target/sas-target.jar ] || ./install.sh
exec java -jar target/sas-target.jar --server.address=127.0.0.1 --server.port="${PORT:-9403}"

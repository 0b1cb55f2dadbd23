#!/usr/bin/env bash
# Runs oidc-provider in the foreground on http://127.0.0.1:${PORT:-9401}; in memory, so a restart
# starts clean. The process keeps this script's PID (exec): stop it by that PID.
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules/oidc-provider ] || ./install.sh
export PORT="${PORT:-9401}"
exec node server.mjs

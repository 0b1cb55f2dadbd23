#!/usr/bin/env bash
# Installs oidc-provider, pinned by package-lock.json, into ./node_modules. Idempotent.
# Needs Node.js >= 20.19 with npm (upstream recommends 22 LTS; 20 works for everything used here).
set -euo pipefail
cd "$(dirname "$0")"
command -v node >/dev/null || { echo "install.sh: node not found (Debian: apt-get install nodejs npm)" >&2; exit 1; }
if [ ! -d node_modules/oidc-provider ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

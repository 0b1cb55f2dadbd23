#!/usr/bin/env bash
# Builds Ory Hydra v2.3.0 from the Go module proxy into ./bin/hydra, pinned by the tool module in
# ./tool (go.mod/go.sum; `tool github.com/ory/hydra/v2`). sqlite support is compiled in for the
# in-memory database. Idempotent. Needs: Go 1.24+ with cgo (gcc), Node.js 20 for the
# login-and-consent app (no npm packages).
set -euo pipefail
cd "$(dirname "$0")"
[ -x bin/hydra ] && exit 0
command -v go >/dev/null || { echo "install.sh: go not found" >&2; exit 1; }
mkdir -p bin
(cd tool && GOFLAGS=-mod=mod GOBIN="$PWD/../bin" CGO_ENABLED=1 \
  go install -tags sqlite,sqlite_omit_load_extension github.com/ory/hydra/v2)

#!/usr/bin/env bash
# Runs Keycloak in the foreground on http://127.0.0.1:${PORT:-9404} (start-dev, an in-memory
# database, so every start imports realm-oauth2spec.json afresh and forgets earlier consents and
# sessions). kc.sh forwards TERM to the Java process, so killing this script's PID stops it.
# Keycloak 26 needs Java 21 or newer: JAVA_HOME defaults to the Temurin 25 JDK of this machine.
set -euo pipefail
cd "$(dirname "$0")"
VERSION=26.5.6
[ -x "keycloak-$VERSION/bin/kc.sh" ] || ./install.sh
export JAVA_HOME="${KEYCLOAK_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -x "$JAVA_HOME/bin/java" ] || { echo "start.sh: no Java at $JAVA_HOME (set KEYCLOAK_JAVA_HOME to a JDK 21+)" >&2; exit 1; }
mkdir -p "keycloak-$VERSION/data/import"
cp realm-oauth2spec.json "keycloak-$VERSION/data/import/"
exec "keycloak-$VERSION/bin/kc.sh" start-dev --db=dev-mem --import-realm \
  --http-host=127.0.0.1 --http-port="${PORT:-9404}" --hostname-strict=false \
  --http-management-port="${MANAGEMENT_PORT:-9414}"

#!/usr/bin/env bash
# Builds the app (target/sas-target.jar) with Maven into a kit-local repository (./.m2), so the
# install is self-contained and its size measurable. Idempotent: skips the build when the jar is
# newer than the sources. Needs: Java 17+, Maven 3.8+.
set -euo pipefail
cd "$(dirname "$0")"
JAR=target/sas-target.jar
if [ -f "$JAR" ] && [ -z "$(find pom.xml src -newer "$JAR" -print -quit)" ]; then exit 0; fi
command -v mvn >/dev/null || { echo "install.sh: mvn not found (Debian: apt-get install maven)" >&2; exit 1; }
mvn -q -B -Dmaven.repo.local="$PWD/.m2" -DskipTests package

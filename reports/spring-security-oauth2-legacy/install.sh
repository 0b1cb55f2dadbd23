#!/usr/bin/env bash
# Builds the legacy Spring Security OAuth 2.x authorization server (spring-security-oauth2
# 2.5.2.RELEASE on Spring Boot 2.7.18, both pinned in pom.xml) into target/*.jar, with a
# kit-local Maven repository (./.m2, out of git). Idempotent: does nothing when the jar is newer
# than the sources. Needs Java 17 and Maven.
set -euo pipefail
cd "$(dirname "$0")"
command -v mvn >/dev/null || { echo "install.sh: mvn not found (Debian: apt-get install maven openjdk-17-jdk-headless)" >&2; exit 1; }
jar=target/legacy-authorization-server.jar
if [ -f "$jar" ] && [ -z "$(find pom.xml src -newer "$jar" -print -quit)" ]; then
  exit 0
fi
mvn -q -B package -DskipTests -Dmaven.repo.local=.m2

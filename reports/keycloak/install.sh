#!/usr/bin/env bash
# Downloads the pinned Keycloak server distribution (org.keycloak:keycloak-quarkus-dist, from
# Maven Central), checks its SHA-1 and unpacks it into ./keycloak-<version>. Idempotent. The
# realm (clients, scopes, user) is imported from realm-oauth2spec.json at every start.
# Needs: curl, unzip (or python3), and Java 21+ at start (start.sh picks the JDK).
set -euo pipefail
cd "$(dirname "$0")"
VERSION=26.5.6
SHA1=756c15bb71be020dd4a43a6fdb3c1340cb84d4b5
DIR="keycloak-$VERSION"
[ -x "$DIR/bin/kc.sh" ] && exit 0
ZIP="keycloak-quarkus-dist-$VERSION.zip"
URL="${MAVEN_CENTRAL:-https://repo.maven.apache.org/maven2}/org/keycloak/keycloak-quarkus-dist/$VERSION/$ZIP"
if [ ! -f "$ZIP" ] || ! echo "$SHA1  $ZIP" | sha1sum -c --quiet - 2>/dev/null; then
  curl -fsSL --retry 3 -o "$ZIP.part" "$URL"
  mv "$ZIP.part" "$ZIP"
fi
echo "$SHA1  $ZIP" | sha1sum -c --quiet - || { echo "install.sh: $ZIP: SHA-1 mismatch" >&2; exit 1; }
rm -rf "$DIR.part" && mkdir "$DIR.part"
if command -v unzip >/dev/null; then
  unzip -q "$ZIP" -d "$DIR.part"
else
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$ZIP" "$DIR.part"
fi
mv "$DIR.part/keycloak-$VERSION" "$DIR"
rm -rf "$DIR.part"
chmod +x "$DIR"/bin/*.sh

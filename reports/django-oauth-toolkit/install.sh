#!/usr/bin/env bash
# Creates ./.venv with the pinned requirements (django-oauth-toolkit, Django, oauthlib), migrates
# ./db.sqlite3 and seeds the test user and the clients. Idempotent. Needs Python 3 with venv.
set -euo pipefail
cd "$(dirname "$0")"
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv || { echo "install.sh: python venv unavailable (Debian: apt-get install python3-venv)" >&2; exit 1; }
fi
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py seed_oauth

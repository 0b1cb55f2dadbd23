#!/usr/bin/env bash
# Runs django-oauth-toolkit in the foreground on http://127.0.0.1:${PORT:-9402} (Django's threaded
# development server, DEBUG off, no autoreload). The process keeps this script's PID (exec).
set -euo pipefail
cd "$(dirname "$0")"
{ [ -x .venv/bin/python ] && [ -f db.sqlite3 ]; } || ./install.sh
exec .venv/bin/python manage.py runserver "127.0.0.1:${PORT:-9402}" --noreload

#!/usr/bin/env bash
# Start Debian's PostgreSQL on loopback and make sure the test role exists (called by `make test`).
# The role may create databases: each storage test runs on a database of its own, created empty and dropped after.
# Idempotent: a running server and an existing role are left as they are.
set -euo pipefail
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
if ! pg_lsclusters --no-header 2>/dev/null | grep -q online; then
    $SUDO service postgresql start >/dev/null
fi
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -c "$1"; else sudo -u postgres sh -c "$1"; fi; }
for _ in $(seq 1 50); do
    as_postgres "pg_isready -q -h 127.0.0.1" && break
    sleep 0.2
done
as_postgres "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname = 'faqbot_test'\"" | grep -q 1 ||
    as_postgres "psql -qc \"CREATE ROLE faqbot_test LOGIN CREATEDB PASSWORD 'faqbot_test'\""

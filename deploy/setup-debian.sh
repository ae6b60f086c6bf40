#!/usr/bin/env bash
# Installs what GovPush needs on a fresh Debian 12 machine (run as root, or with sudo):
# librdkafka (the Kafka client and its mock cluster), kcat (interop tests and benchmark baseline),
# Python's jsonschema (the event-schema tests), aiosmtpd and openssl (the SMTP tests), and PostgreSQL (the production store's tests):
# a running cluster with role `govpush` (password `govpush`) owning database `govpush_test`.
# Idempotent: safe to run again; it only starts and creates what is missing.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq librdkafka-dev kcat pkg-config python3 python3-pip postgresql curl >/dev/null
# The deploy-file tests parse compose.yaml and the Kubernetes manifests with Python's yaml module.
apt-get install -y -qq python3-yaml >/dev/null
# Headless Chromium renders the ops dashboard in its test (screenshot and DOM after the countdown script ran);
# a CJK font so the Chinese text is legible in the screenshot.
apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null
python3 -c 'import jsonschema' 2>/dev/null || python3 -m pip install --quiet jsonschema \
  || python3 -m pip install --quiet --break-system-packages jsonschema

# The e-mail channel's tests: a real SMTP server (Python's aiosmtpd) and openssl for its test certificates.
apt-get install -y -qq openssl >/dev/null
python3 -c 'import aiosmtpd' 2>/dev/null || python3 -m pip install --quiet aiosmtpd \
  || python3 -m pip install --quiet --break-system-packages aiosmtpd
# Schemathesis: fuzzes the HTTP API against docs/openapi.json (Tests/GovPushAPITests/SchemathesisTests).
python3 -c 'import schemathesis' 2>/dev/null || python3 -m pip install --quiet schemathesis \
  || python3 -m pip install --quiet --break-system-packages schemathesis

# PostgreSQL: the newest installed server version, its `main` cluster started.
pg_version="$(ls /usr/lib/postgresql | sort -n | tail -1)"
if ! pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main"' | grep -q .; then
  pg_createcluster "$pg_version" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
  pg_ctlcluster "$pg_version" main start
fi
for _ in $(seq 1 50); do
  runuser -u postgres -- pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 0.2
done
psql_admin() { runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -tA "$@"; }
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'govpush'")" != "1" ]; then
  psql_admin -c "CREATE ROLE govpush LOGIN PASSWORD 'govpush'"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'govpush_test'")" != "1" ]; then
  psql_admin -c "CREATE DATABASE govpush_test OWNER govpush"
fi

echo "GovPush dependencies installed: librdkafka $(pkg-config --modversion rdkafka), $(kcat -V 2>&1 | head -1)," \
  "PostgreSQL $pg_version (role govpush, database govpush_test on 127.0.0.1:5432)"

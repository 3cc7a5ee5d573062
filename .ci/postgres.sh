#!/usr/bin/env bash
# PostgreSQL for the Redshift-path tests (the local COPY loader runs against a real server).
# Installs Debian's postgresql if missing, starts the cluster with pg_ctlcluster, and creates the test
# role and database. Idempotent. Tests find it at CLICKSTREAM_TEST_PG (default below).
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
  pg_createcluster "$version" main >/dev/null
fi
pg_ctlcluster "$version" main start 2>/dev/null || true
for _ in $(seq 1 30); do
  su postgres -c "pg_isready -q -h 127.0.0.1" && break
  sleep 1
done

psql_admin() { su postgres -c "psql -qtA -v ON_ERROR_STOP=1 -c \"$1\""; }
[ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname = 'clickstream'")" = 1 ] ||
  psql_admin "CREATE ROLE clickstream LOGIN PASSWORD 'clickstream'"
[ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname = 'clickstream_test'")" = 1 ] ||
  psql_admin "CREATE DATABASE clickstream_test OWNER clickstream"
echo "postgres $version ready: postgres://clickstream:clickstream@127.0.0.1:5432/clickstream_test"

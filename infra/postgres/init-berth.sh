#!/bin/sh
# docker-entrypoint-initdb.d hook of the postgres:15 image (docker-compose.yml): runs once, on an empty
# data directory, and creates the berth role and the five service databases.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v user="${BERTH_PG_USER:-berth}" -v password="${BERTH_PG_PASSWORD:-berth}" \
  -f /berth/postgres/databases.sql

#!/usr/bin/env bash
# Writes the credentials of the docker-compose.yml deployment to .env next to it (mode 0600; docker-compose reads
# it): the service token, the PostgreSQL superuser's and berth role's passwords, Kafka's admin and berth passwords,
# the registry password. Random 256-bit hex values; an existing .env is left alone.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
env_file=$root/.env
if [[ -s $env_file ]]; then echo "$env_file exists; left alone"; exit 0; fi
random() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
umask 077
{
  for name in BERTH_SERVICE_TOKEN BERTH_PG_ADMIN_PASSWORD BERTH_PG_PASSWORD BERTH_KAFKA_ADMIN_PASSWORD \
    BERTH_KAFKA_PASSWORD BERTH_REGISTRY_PASSWORD; do
    echo "$name=$(random)"
  done
} >"$env_file.new"
mv "$env_file.new" "$env_file"
echo "wrote $env_file"

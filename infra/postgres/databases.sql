-- Role and databases of the berth services. Idempotent: safe to run on every start.
-- Used by `./berth up` (embedded cluster, or an existing server given BERTH_PG_ADMIN_URL) and by the
-- postgres container of docker-compose.yml (init-berth.sh). psql variables: user, password.
SELECT format('CREATE ROLE %I LOGIN', :'user')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'user')\gexec
SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', :'user', :'password')\gexec
SELECT format('CREATE DATABASE %I OWNER %I', db, :'user')
  FROM unnest(ARRAY['berth_image', 'berth_build', 'berth_runtime', 'berth_volume', 'berth_network']) AS db
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = db)\gexec

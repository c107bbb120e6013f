#!/bin/sh
# Runs once, when the Postgres volume is created. The API logs in as werkstatt_api: no superuser, owns
# nothing, may only switch to werkstatt_app, the role under which every API transaction runs (RLS),
# and inherits its rights: the principal check runs in the statement that switches.
# The migrations create werkstatt_app too when it is missing (for other setups); here it comes first.
# werkstatt_definer, the owner of the SECURITY DEFINER functions, comes with the migrations.
psql -v ON_ERROR_STOP=1 -v api_password="$WERKSTATT_API_DB_PASSWORD" \
  --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE werkstatt_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
CREATE ROLE werkstatt_api LOGIN PASSWORD :'api_password' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE INHERIT;
GRANT werkstatt_app TO werkstatt_api;
SQL

#!/bin/sh
# Creates the secrets docker/compose.yaml needs, once: docker/.env (database passwords, read by Compose)
# and docker/api.env (the ES256 key that signs access tokens). Existing files are kept.
set -eu
cd "$(dirname "$0")"
umask 077
if [ ! -f .env ]; then
  printf 'POSTGRES_PASSWORD=%s\nWERKSTATT_API_DB_PASSWORD=%s\n' "$(openssl rand -hex 24)" "$(openssl rand -hex 24)" >.env
  echo "Wrote docker/.env"
fi
# The worker derives the personal links in e-mails (confirm, cancel), the API the invitation links, from this key.
if ! grep -q '^LINK_SECRET=' .env; then
  printf 'LINK_SECRET=%s\n' "$(openssl rand -hex 32)" >>.env
  echo "Added LINK_SECRET to docker/.env"
fi
# The API encrypts the webhook signing secrets under this key; the worker decrypts them to sign deliveries.
if ! grep -q '^WEBHOOK_SECRET_KEY=' .env; then
  printf 'WEBHOOK_SECRET_KEY=%s\n' "$(openssl rand -hex 32)" >>.env
  echo "Added WEBHOOK_SECRET_KEY to docker/.env"
fi
if [ ! -f api.env ]; then
  # One line with literal \n: the API turns them back into line breaks.
  key=$(openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 | awk 'NF { printf "%s\\n", $0 }')
  printf "JWT_PRIVATE_KEY='%s'\n" "$key" >api.env
  echo "Wrote docker/api.env"
fi

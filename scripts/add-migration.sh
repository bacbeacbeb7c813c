#!/usr/bin/env bash
# Adds a migration with the same name to both providers (SQLite and PostgreSQL).
# Usage: scripts/add-migration.sh NAME
set -euo pipefail
if [[ $# -ne 1 || ! "$1" =~ ^[A-Za-z][A-Za-z0-9]*$ ]]; then
  echo "usage: scripts/add-migration.sh NAME   (NAME in PascalCase, e.g. AddQuotes)" >&2
  exit 2
fi
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  echo "== $provider"
  dotnet ef migrations add "$1" \
    --project "src/Bridgehead.Migrations.$provider" \
    --startup-project "src/Bridgehead.Migrations.$provider" \
    --context BridgeheadDb \
    --output-dir Migrations
done

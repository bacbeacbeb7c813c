#!/usr/bin/env bash
# Before the first release only: drop and regenerate the Initial migration of both providers.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf src/Bridgehead.Migrations.Sqlite/Migrations src/Bridgehead.Migrations.Postgres/Migrations
scripts/add-migration.sh Initial

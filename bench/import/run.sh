#!/usr/bin/env bash
# Import throughput: generates N account rows and imports them with `bridgehead import` into a
# fresh PostgreSQL database and a fresh SQLite file, next to the baseline of `psql \copy` of the
# same rows into a plain table. One command:
#
#   bench/import/run.sh [POSTGRES_ROWS (default 1000000)] [SQLITE_ROWS (default 100000)]
#
# PostgreSQL: BRIDGEHEAD_BENCH_POSTGRES="Host=...;Username=...;Password=..." (a server where the
# user may create databases); without it a throw-away cluster is started with initdb/pg_ctl.
# BRIDGEHEAD_BIN: a built bridgehead.dll to use (default: a Release build made here first).
set -euo pipefail
PG_ROWS=${1:-1000000}
SQLITE_ROWS=${2:-100000}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/bridgehead-import-bench-XXXX)
trap 'if [ -n "${PGDATA_DIR:-}" ]; then "${AS_PG[@]}" pg_ctl -D "$PGDATA_DIR" -m immediate stop >/dev/null 2>&1 || true; fi; rm -rf "$WORK"' EXIT
AS_PG=()

if [ -z "${BRIDGEHEAD_BIN:-}" ]; then
  dotnet build -c Release "$ROOT/src/Bridgehead" -o "$WORK/bin" -v q -nologo >/dev/null
  BRIDGEHEAD_BIN="$WORK/bin/bridgehead.dll"
fi
bh() { dotnet "$BRIDGEHEAD_BIN" "$@"; }

generate() { # N FILE: externalId,name,type,status,industry,country,city,website,employees,notes
  python3 - "$1" "$2" <<'PY'
import sys, random
n, path = int(sys.argv[1]), sys.argv[2]
random.seed(1)
countries = ["KR", "DE", "US", "JP", "VN", "FR", "IT", "PL"]
industries = ["C", "20", "22", "24", "25", "27", "28", "29", "F", "41"]
with open(path, "w", encoding="utf-8", newline="") as f:
    f.write("externalId,name,type,status,industry,country,city,website,employees,notes\r\n")
    for i in range(n):
        f.write(f"bench-{i},Bench Company {i},customer,{'prospect' if i % 3 else 'customer'},{industries[i % 10]},"
                f"{countries[i % 8]},City {i % 500},www.bench{i}.example.com,{random.randint(5, 50000)},Imported for the benchmark\r\n")
PY
}

run_import() { # LABEL ROWS FILE (env: BRIDGEHEAD_DATABASE / BRIDGEHEAD_DATA set by the caller)
  bh migrate >/dev/null
  bh user add bench --role admin --email bench@example.com >/dev/null
  local start end
  start=$(date +%s.%N)
  bh import "$3" --entity accounts --as bench@example.com 2>/dev/null | tail -n 1
  end=$(date +%s.%N)
  python3 -c "print(f'$1: $2 rows in {($end-$start):.1f} s = {$2/($end-$start):,.0f} rows/s (whole command, start-up and row count included)')"
}

echo "== PostgreSQL, $PG_ROWS rows"
generate "$PG_ROWS" "$WORK/accounts-pg.csv"
if [ -z "${BRIDGEHEAD_BENCH_POSTGRES:-}" ]; then
  PGDATA_DIR="$WORK/pg/data"; PORT=$((20000 + RANDOM % 10000))
  mkdir -p "$WORK/pg"; chmod 755 "$WORK"
  AS_PG=(); if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$WORK/pg"; AS_PG=(runuser -u postgres --); fi
  "${AS_PG[@]}" initdb -D "$PGDATA_DIR" -U postgres -A trust --encoding=UTF8 --no-locale >/dev/null
  "${AS_PG[@]}" pg_ctl -D "$PGDATA_DIR" -o "-p $PORT -k $WORK/pg -c listen_addresses=127.0.0.1" -l "$WORK/pg/server.log" -w start >/dev/null
  BRIDGEHEAD_BENCH_POSTGRES="Host=127.0.0.1;Port=$PORT;Username=postgres"
fi
DB="bench_import_$$"
PSQL_CONN=$(python3 -c "
import sys; kv=dict(p.split('=',1) for p in sys.argv[1].split(';') if p)
print(f\"host={kv.get('Host')} port={kv.get('Port','5432')} user={kv.get('Username')} \"+(f\"password={kv['Password']} \" if 'Password' in kv else ''))" "$BRIDGEHEAD_BENCH_POSTGRES")
psql "$PSQL_CONN dbname=postgres" -qc "CREATE DATABASE $DB" >/dev/null
export BRIDGEHEAD_DATABASE="$BRIDGEHEAD_BENCH_POSTGRES;Database=$DB" BRIDGEHEAD_DATA="$WORK/data-pg"
run_import "bridgehead import (PostgreSQL, binary COPY)" "$PG_ROWS" "$WORK/accounts-pg.csv"
psql "$PSQL_CONN dbname=$DB" -qc "CREATE TABLE plain_accounts (external_id text, name text, type text, status text, industry text, country text, city text, website text, employees int, notes text)"
start=$(date +%s.%N)
psql "$PSQL_CONN dbname=$DB" -qc "\\copy plain_accounts FROM '$WORK/accounts-pg.csv' WITH (FORMAT csv, HEADER true)"
end=$(date +%s.%N)
python3 -c "print(f'baseline psql \\\\copy into a plain table: $PG_ROWS rows in {($end-$start):.1f} s = {$PG_ROWS/($end-$start):,.0f} rows/s')"
psql "$PSQL_CONN dbname=$DB" -Atc "SELECT 'accounts imported: ' || count(*) FROM accounts WHERE external_id LIKE 'bench-%'"
psql "$PSQL_CONN dbname=postgres" -qc "DROP DATABASE $DB" >/dev/null

echo "== SQLite, $SQLITE_ROWS rows"
generate "$SQLITE_ROWS" "$WORK/accounts-sqlite.csv"
unset BRIDGEHEAD_DATABASE
export BRIDGEHEAD_DATA="$WORK/data-sqlite"
run_import "bridgehead import (SQLite, batched inserts)" "$SQLITE_ROWS" "$WORK/accounts-sqlite.csv"

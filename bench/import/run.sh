#!/usr/bin/env bash
# Import throughput: generates N account rows and imports them with `bridgehead import` (Release
# build) into a fresh PostgreSQL database and a fresh SQLite file, next to the baseline of
# `psql \copy` of the same rows. One command:
#
#   bench/import/run.sh [POSTGRES_ROWS (default 1000000)] [SQLITE_ROWS (default 100000)]
#
# PostgreSQL: BRIDGEHEAD_BENCH_POSTGRES="Host=...;Username=...;Password=..." (a server where the
# user may create databases); without it a throw-away cluster is started with initdb/pg_ctl.
# BRIDGEHEAD_BIN: a built bridgehead.dll to use (default: a Release build made here first).
# BRIDGEHEAD_BENCH_DB: the name of the database made (and dropped) for the run (default bench_import_<pid>).
#
# What is compared (decided for issue 9, and kept honest):
# - The import's time is the WHOLE command: process start-up, the migration check, the upload copy
#   of the file, counting its rows, and the import itself (every row checked as the product checks
#   it, accounts and one "created" audit entry per account written, in batches with checkpoints).
# - The baseline (copy_rows_per_s, and the ratio) is `psql \copy` of the same CSV into a table with
#   the product's accounts table's columns, types, NOT NULLs, defaults, indexes and foreign keys
#   (CREATE TABLE ... (LIKE accounts INCLUDING ALL) plus the same three foreign keys): the work the
#   database must do for these rows in this schema, whoever loads them. The columns the file does
#   not carry get what the import gives them: owner = the importing user, version 1, creation and
#   change time now(), search name = lower(name) (a generated column). \copy does NOT write the
#   audit entries (the import does: a second table of a million rows), nor check anything. Every
#   index of accounts is there, the trigram GIN index of search (issue 9) included: before
#   2026-11-28 the baseline lost it with the dropped search_name column, which made \copy look faster.
# - For reference, the same accounts' audit entries are \copy'd into a table shaped like
#   audit_entries (copy_with_audit_rows_per_s: accounts and audit entries by \copy, one after the
#   other; ratio_with_audit): the floor for the rows the import must write.
# - For reference, the script also prints `psql \copy` into a table of the same columns and types
#   with a primary key only and no other index or constraint (copy_plain_rows_per_s): the speed of
#   the disk and the COPY protocol alone. The ratio against it is printed as ratio_plain.
# The last two lines are for the perf bench, exactly:
#   RESULT postgres import_rows=N import_seconds=S import_rows_per_s=R copy_rows_per_s=C ratio=X
#   RESULT sqlite import_rows=N import_seconds=S import_rows_per_s=R
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

run_import() { # LABEL ROWS FILE (env: BRIDGEHEAD_DATABASE / BRIDGEHEAD_DATA set by the caller); sets SECONDS_TAKEN
  bh migrate >/dev/null
  bh user add bench --role admin --email bench@example.com >/dev/null
  local start end
  start=$(date +%s.%N)
  bh import "$3" --entity accounts --as bench@example.com 2>"$WORK/import.err" | tail -n 1
  end=$(date +%s.%N)
  tr '\r' '\n' <"$WORK/import.err" | grep -a -A1 "Time by phase" | tail -n 2 || true
  SECONDS_TAKEN=$(python3 -c "print(f'{$end-$start:.3f}')")
  python3 -c "print(f'$1: $2 rows in {($end-$start):.1f} s = {$2/($end-$start):,.0f} rows/s (whole command, start-up and row count included)')"
}

timed_copy() { # DB TABLE_AND_COLUMNS FILE; prints the seconds
  local start end
  start=$(date +%s.%N)
  psql "$PSQL_CONN dbname=$1" -qc "\\copy $2 FROM '$3' WITH (FORMAT csv, HEADER true)"
  end=$(date +%s.%N)
  python3 -c "print(f'{$end-$start:.3f}')"
}

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
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
DB="${BRIDGEHEAD_BENCH_DB:-bench_import_$$}"
PSQL_CONN=$(python3 -c "
import sys; kv=dict(p.split('=',1) for p in sys.argv[1].split(';') if p)
print(f\"host={kv.get('Host')} port={kv.get('Port','5432')} user={kv.get('Username')} \"+(f\"password={kv['Password']} \" if 'Password' in kv else ''))" "$BRIDGEHEAD_BENCH_POSTGRES")
psql "$PSQL_CONN dbname=postgres" -qc "CREATE DATABASE $DB" >/dev/null
export BRIDGEHEAD_DATABASE="$BRIDGEHEAD_BENCH_POSTGRES;Database=$DB" BRIDGEHEAD_DATA="$WORK/data-pg"
run_import "bridgehead import (PostgreSQL, binary COPY)" "$PG_ROWS" "$WORK/accounts-pg.csv"
PG_SECONDS=$SECONDS_TAKEN
COLUMNS_IN_FILE="external_id, name, type, status, industry, country, city, website, employees, notes"
OWNER=$(psql "$PSQL_CONN dbname=$DB" -Atc "SELECT id FROM users WHERE email = 'bench@example.com'")
psql "$PSQL_CONN dbname=$DB" -q <<SQL
CREATE TABLE copy_accounts (LIKE accounts INCLUDING ALL);
ALTER TABLE copy_accounts DROP COLUMN search_name;
ALTER TABLE copy_accounts ADD COLUMN search_name varchar(200) NOT NULL GENERATED ALWAYS AS (lower(name)) STORED;
-- Every index of accounts on search_name went with the column: made again on the new one (the
-- (search_name, id) btree and, since issue 9, the trigram GIN index of search).
SELECT replace(replace(indexdef, ' ON public.accounts ', ' ON public.copy_accounts '), 'INDEX ix_accounts_', 'INDEX ix_copy_accounts_')
  FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'accounts' AND indexdef LIKE '%search_name%' \gexec
ALTER TABLE copy_accounts ALTER owner_id SET DEFAULT $OWNER, ALTER version SET DEFAULT 1,
  ALTER created_at SET DEFAULT now(), ALTER updated_at SET DEFAULT now(),
  ADD FOREIGN KEY (owner_id) REFERENCES users (id), ADD FOREIGN KEY (executive_sponsor_id) REFERENCES users (id),
  ADD FOREIGN KEY (parent_id) REFERENCES copy_accounts (id);
CREATE TABLE copy_audit (LIKE audit_entries INCLUDING ALL);
CREATE TABLE copy_plain (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, external_id varchar(100), name varchar(200),
  type varchar(20), status varchar(20), industry varchar(2), country char(2), city varchar(100), website varchar(300),
  employees int, notes varchar(4000));
SQL
COPY_SECONDS=$(timed_copy "$DB" "copy_accounts ($COLUMNS_IN_FILE)" "$WORK/accounts-pg.csv")
echo "baseline psql \\copy into a table shaped like accounts (same indexes and foreign keys): $PG_ROWS rows in $COPY_SECONDS s"
PLAIN_SECONDS=$(timed_copy "$DB" "copy_plain ($COLUMNS_IN_FILE)" "$WORK/accounts-pg.csv")
echo "reference psql \\copy into a table with a primary key only: $PG_ROWS rows in $PLAIN_SECONDS s"
# The import also writes one "created" audit entry per account (a second table of as many rows, each
# with its JSON): the same rows by \copy into a table shaped like audit_entries, for the floor of both.
AUDIT_COLUMNS="at, user_id, user_name, entity_type, entity_id, account_id, action, changes"
psql "$PSQL_CONN dbname=$DB" -qc "\\copy (SELECT $AUDIT_COLUMNS FROM audit_entries WHERE entity_type = 'account' AND action = 'Created' AND user_id = $OWNER ORDER BY id) TO '$WORK/audit.csv' WITH (FORMAT csv, HEADER true)"
AUDIT_SECONDS=$(timed_copy "$DB" "copy_audit ($AUDIT_COLUMNS)" "$WORK/audit.csv")
echo "reference psql \\copy of the same accounts' audit entries into a table shaped like audit_entries: $PG_ROWS rows in $AUDIT_SECONDS s (accounts and audit: $(python3 -c "print(f'{$COPY_SECONDS+$AUDIT_SECONDS:.3f}')") s)"
psql "$PSQL_CONN dbname=$DB" -Atc "SELECT 'accounts imported: ' || count(*) FROM accounts WHERE external_id LIKE 'bench-%'"
psql "$PSQL_CONN dbname=$DB" -Atc "SELECT 'created audit entries: ' || count(*) FROM audit_entries WHERE entity_type = 'account' AND action = 'Created'"
psql "$PSQL_CONN dbname=postgres" -qc "DROP DATABASE $DB" >/dev/null

echo "== SQLite, $SQLITE_ROWS rows"
generate "$SQLITE_ROWS" "$WORK/accounts-sqlite.csv"
unset BRIDGEHEAD_DATABASE
export BRIDGEHEAD_DATA="$WORK/data-sqlite"
run_import "bridgehead import (SQLite, batched inserts)" "$SQLITE_ROWS" "$WORK/accounts-sqlite.csv"
SQLITE_SECONDS=$SECONDS_TAKEN
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$PG_ROWS" "$PG_SECONDS" "$COPY_SECONDS" "$PLAIN_SECONDS" "$SQLITE_ROWS" "$SQLITE_SECONDS" "$AUDIT_SECONDS" <<'PY'
import sys
pg_rows, pg_s, copy_s, plain_s, lite_rows, lite_s, audit_s = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]), float(sys.argv[7])
rate, copy_rate, plain_rate, both_rate = pg_rows / pg_s, pg_rows / copy_s, pg_rows / plain_s, pg_rows / (copy_s + audit_s)
print(f"copy_plain_rows_per_s={plain_rate:.0f} ratio_plain={rate / plain_rate:.3f}")
print(f"copy_with_audit_rows_per_s={both_rate:.0f} ratio_with_audit={rate / both_rate:.3f}")
print(f"RESULT postgres import_rows={pg_rows} import_seconds={pg_s:.1f} import_rows_per_s={rate:.0f} copy_rows_per_s={copy_rate:.0f} ratio={rate / copy_rate:.3f}")
print(f"RESULT sqlite import_rows={lite_rows} import_seconds={lite_s:.1f} import_rows_per_s={lite_rows / lite_s:.0f}")
PY

#!/usr/bin/env bash
# Bulk import against one-by-one creates through the API and against the database's own limit, in one run on one
# machine and one PostgreSQL (127.0.0.1:5432, database test), for the same customers:
#  - floor: PostgreSQL inserting the rows itself, customers and their history rows, 1000 a transaction, from a
#    staging table in the same schema shape (no client, no server, no network): what the database costs alone;
#  - one-by-one: Juspay creates through the API from one connection (wrk -t1 -c1), what a client without an import
#    does, and from 64 (wrk -t2 -c64), the server's create limit;
#  - import: `clientele customers import` of the rows as JSON Lines into an empty merchant (two batches at the
#    server at once, its default), and the same with one (--parallel 1).
# With CPU per row of the server, PostgreSQL (the rest of the machine) and the client, JFR shares of the server's
# CPU during the import, and EXPLAIN ANALYZE of one batch of 1000 rows as PostgreSQL runs it.
# Writes bench/results/import.md.
# Usage: bench/import.sh [rows] [seconds per create line]   (defaults 100000 and 10; JAVA=/path/to/java)
set -euo pipefail
export PGOPTIONS="-c client_min_messages=warning"
cd "$(dirname "$0")/.."
rows=${1:-100000}
seconds=${2:-10}
java=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
[ -x "$java" ] || java=$(command -v java)
jcmd=$(dirname "$java")/jcmd
jfr=$(dirname "$java")/jfr
jar=${JAR:-target/clientele.jar}
seeded=500
airpay_pool=10
pg=(-h 127.0.0.1 -p 5432 -U postgres -d test)

# shellcheck source=bench/common.sh
. bench/common.sh
need_tools wrk:wrk psql:postgresql-client python3:python3 bc:bc /usr/bin/time:time
[ -f "$jar" ] || mvn -B -q package -DskipTests
bench_workspace
schema="import_$stamp"
floor_schema="import_floor_$stamp"
schemas+=("$schema" "$floor_schema")
results="$work/results.tsv" # line rows-or-requests seconds rate cpu-server cpu-postgres cpu-client cpu-rest
: >"$results"

machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
process_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
# every PostgreSQL process's CPU ticks (backends, WAL writer, checkpointer, autovacuum), live or since exited
# within the line: counted per process at both ends, so a backend that ends between them is missed (the
# server's pool and psql keep theirs for the whole line)
postgres_ticks() {
  local total=0 pid
  for pid in $(pgrep -u postgres); do
    total=$((total + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
tick_hz=$(getconf CLK_TCK)
# line count seconds server-ticks postgres-ticks machine-ticks client-seconds: rate and CPU µs per row of each
# part; "rest" is the machine's other busy time (the kernel's network and disk work, other tenants)
record() {
  awk -v line="$1" -v n="$2" -v t="$3" -v s="$4" -v p="$5" -v m="$6" -v c="$7" -v hz="$tick_hz" 'BEGIN {
    client = c * hz; rest = m - s - p - client; if (rest < 0) rest = 0; us = 1e6 / hz / n;
    printf "%s\t%d\t%.1f\t%.0f\t%.0f\t%.0f\t%.0f\t%.0f\n", line, n, t, n / t, s * us, p * us, client * us,
      rest * us }' |
    tee -a "$results"
}

# ---- the customers: JSON Lines for the import, and CSV of the same rows (with their search keys and history
# fields) for the floor's staging table ----
python3 - "$rows" "$work/customers.jsonl" "$work/staging.csv" <<'EOF'
import csv, json, sys
n, jsonl, staging = int(sys.argv[1]), sys.argv[2], sys.argv[3]
fields = ["first_name", "last_name", "email", "mobile_country_code", "mobile_number", "address", "city", "state",
          "country", "pincode"]
with open(jsonl, "w") as out, open(staging, "w", newline="") as st:
    w = csv.writer(st)
    for i in range(1, n + 1):
        row = {"reference": f"import-{i:08d}", "first_name": "Asha", "last_name": f"Rao{i % 997}",
               "email": f"asha.rao.{i}@example.com", "mobile_country_code": "91",
               "mobile_number": str(9000000000 + i), "address": f"{i % 500} Beach Road",
               "city": "Kochi", "state": "Kerala", "country": "India", "pincode": f"{682000 + i % 100}"}
        out.write(json.dumps(row, separators=(",", ":")) + "\n")
        history = json.dumps([{"name": "scope", "old": None, "new": "GLOBAL"}] + [{"name": f} for f in fields],
                             separators=(",", ":"))
        personal = json.dumps({f: [None, row[f]] for f in fields}, separators=(",", ":"))
        w.writerow([i, f"cst_{i:016d}", row["reference"]] + [row[f] for f in fields]
                   + [row["email"].lower(), "+91" + row["mobile_number"], history, personal])
EOF

# ---- the floor: PostgreSQL alone, the same schema (migrated by the jar), 1000 rows and their history a transaction
"$java" -jar "$jar" migrate --data-dir "$work/floor" \
  --database-url "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$floor_schema" --database-user postgres \
  >/dev/null
fpsql() { PGOPTIONS="$PGOPTIONS -c search_path=$floor_schema" psql "${pg[@]}" -q -v ON_ERROR_STOP=1 "$@"; }
fpsql <<'EOF'
insert into merchants (id, name, created_at) values ('bench', 'Bench', now());
create table staging (n int primary key, id text, reference text, first_name text, last_name text, email text,
  mobile_country_code text, mobile_number text, address text, city text, state text, country text, pincode text,
  email_key text, phone_key text, fields text, personal_values text);
EOF
fpsql -c "\\copy staging from '$work/staging.csv' csv"
fpsql -c "analyze staging"
batch_sql() { # first last: one batch as the server writes it, customers then history rows
  cat <<EOF
insert into customers (merchant_id, id, reference, live_reference, project_id, scope, first_name, last_name, name,
  email, mobile_country_code, mobile_number, address, city, state, country, pincode, email_key, phone_key, status,
  created_at, updated_at, version)
select 'bench', id, reference, reference, null, 'GLOBAL', first_name, last_name, null, email, mobile_country_code,
  mobile_number, address, city, state, country, pincode, email_key, phone_key, 'ACTIVE', now(), now(), 1
from staging where n between $1 and $2;
insert into customer_changes (merchant_id, customer_id, version, at, kind, dialect, credential_id, request_id,
  fields, personal_values)
select 'bench', id, 1, now(), 'CREATE', 'admin', null, 'bench', fields, personal_values
from staging where n between $1 and $2;
EOF
}
# The server keeps planner statistics as the tables grow (storage.PlannerStatistics: an ANALYZE once a tenth of a
# table changed); the floor analyses each time its tables have doubled, so neither plans on an empty table's
# statistics (a foreign key's check planned then reads every row).
next_analyze=1000
printf '%s\n' "select pg_backend_pid() as backend \\gset" "\\setenv BACKEND :backend" >"$work/floor.sql"
for ((first = 1; first <= rows; first += 1000)); do
  if [ "$first" -gt "$next_analyze" ]; then
    echo "analyze customers; analyze customer_changes;"; next_analyze=$((next_analyze * 2))
  fi
  echo "begin;"; batch_sql "$first" $((first + 999 < rows ? first + 999 : rows)); echo "commit;"
done >>"$work/floor.sql"
# psql's backend ends with psql, before the line's closing count: it writes its own CPU ticks first.
echo "\\! awk '{ sub(/^.*\\) /, \"\"); print \$12 + \$13 }' /proc/\$BACKEND/stat >$work/floor-backend" >>"$work/floor.sql"
m0=$(machine_ticks); p0=$(postgres_ticks); t0=$(date +%s.%N)
/usr/bin/time -f '%U %S' -o "$work/time.txt" \
  env PGOPTIONS="$PGOPTIONS -c search_path=$floor_schema" psql "${pg[@]}" -q -v ON_ERROR_STOP=1 -f "$work/floor.sql"
t1=$(date +%s.%N); m1=$(machine_ticks); p1=$(($(postgres_ticks) + $(cat "$work/floor-backend")))
record "floor: PostgreSQL alone, 1000 rows a transaction" "$rows" "$(bc -l <<<"$t1 - $t0")" 0 $((p1 - p0)) \
  $((m1 - m0)) "$(awk '{ print $1 + $2 }' "$work/time.txt")"
# One more batch of 1000 as PostgreSQL runs it, on the filled table, rolled back: where its time goes.
{
  echo "begin;"
  batch_sql $((rows + 1)) $((rows + 1000)) | sed 's/^insert/explain (analyze, costs off, buffers off) insert/'
  echo "rollback;"
} >"$work/explain.sql"
python3 - "$rows" "$work/staging.csv" >>"$work/staging-more.csv" <<'EOF'
import csv, sys
n = int(sys.argv[1])
rows = list(csv.reader(open(sys.argv[2])))[:1000]
w = csv.writer(sys.stdout)
for r in rows:
    i = n + int(r[0])
    w.writerow([i, f"cst_{i:016d}", f"import-{i:08d}"] + r[3:5] + [f"more.{i}@example.com"] + r[6:])
EOF
fpsql -c "\\copy staging from '$work/staging-more.csv' csv"
fpsql -f "$work/explain.sql" >"$work/explain.txt"

# ---- the server ----
psql "${pg[@]}" -qc "create schema $schema"
export CLIENTELE_ADMIN_TOKEN="bench-admin-token-$stamp"
start_seeded_server "$java" "$work/server" \
  --database-url "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$schema" --database-user postgres
export CLIENTELE_SERVER="http://127.0.0.1:$port"
admin() { curl -fs "$CLIENTELE_SERVER$1" -H "Authorization: Bearer $CLIENTELE_ADMIN_TOKEN" "${@:2}"; }
admin /admin/merchants -d '{"merchant_id":"warmup","name":"Warm-up"}' >/dev/null
admin /admin/merchants -d '{"merchant_id":"bench","name":"Bench"}' >/dev/null
# Warm the JIT on both paths until their costs settle (a create's server CPU fell from 4.5 ms in its first 10 s
# to 0.54 ms after 40 s): creates on 16 connections and on one, and an import of 20,000 rows into another merchant.
wrk -t2 -c16 -d20s -s bench/wrk/juspay-create.lua "$CLIENTELE_SERVER" >/dev/null 2>&1
wrk -t1 -c1 -d10s -s bench/wrk/juspay-create.lua "$CLIENTELE_SERVER" >/dev/null 2>&1
head -n 20000 "$work/customers.jsonl" | sed 's/"reference":"import-/"reference":"warmup-/' >"$work/warmup.jsonl"
"$java" -jar "$jar" customers import warmup "$work/warmup.jsonl" --progress none >/dev/null

create_line() { # label connections threads
  local out="$work/wrk.txt" m0 s0 p0 m1 s1 p1 requests
  m0=$(machine_ticks); s0=$(process_ticks "$server_pid"); p0=$(postgres_ticks)
  /usr/bin/time -f '%U %S' -o "$work/time.txt" \
    wrk -t"$3" -c"$2" -d"${seconds}s" -s bench/wrk/juspay-create.lua "$CLIENTELE_SERVER" >"$out" 2>&1
  m1=$(machine_ticks); s1=$(process_ticks "$server_pid"); p1=$(postgres_ticks)
  requests=$(grep -oP '^\s*\K[0-9]+(?= requests in)' "$out")
  grep -q 'Non-2xx' "$out" && { echo "create line $1 had non-2xx answers" >&2; cat "$out" >&2; exit 1; }
  record "$1" "$requests" "$seconds" $((s1 - s0)) $((p1 - p0)) $((m1 - m0)) \
    "$(awk '{ print $1 + $2 }' "$work/time.txt")"
}
create_line "one-by-one: Juspay creates, 1 connection" 1 1
create_line "one-by-one: Juspay creates, 64 connections" 64 2

# What PostgreSQL's busy processes do during the import, sampled every 0.1 s: each statement by its first words,
# with what it waits on ("running" when it does not), until $work/stop-sampling exists.
sample_postgres() {
  rm -f "$work/stop-sampling"
  while [ ! -f "$work/stop-sampling" ]; do
    psql "${pg[@]}" -Atc "select coalesce(wait_event_type || ':' || wait_event, 'running') || ' | '
        || coalesce(nullif(substring(regexp_replace(query, '\s+', ' ', 'g') from '^(\S+( \S+){0,2})'), ''),
                    backend_type)
      from pg_stat_activity where state = 'active' and pid <> pg_backend_pid()
        and (backend_type = 'client backend' or backend_type like 'autovacuum%')"
    sleep 0.1
  done >"$work/postgres-samples"
}
sample_postgres &
sampler=$!
"$jcmd" "$server_pid" JFR.start name=import settings=profile filename="$work/import.jfr" >/dev/null
m0=$(machine_ticks); s0=$(process_ticks "$server_pid"); p0=$(postgres_ticks); t0=$(date +%s.%N)
/usr/bin/time -f '%U %S' -o "$work/time.txt" \
  "$java" -jar "$jar" customers import bench "$work/customers.jsonl" --progress none >"$work/import.txt"
t1=$(date +%s.%N); m1=$(machine_ticks); s1=$(process_ticks "$server_pid"); p1=$(postgres_ticks)
"$jcmd" "$server_pid" JFR.stop name=import >/dev/null
touch "$work/stop-sampling"; wait "$sampler"
record "import: clientele customers import, JSON Lines" "$rows" "$(bc -l <<<"$t1 - $t0")" $((s1 - s0)) \
  $((p1 - p0)) $((m1 - m0)) "$(awk '{ print $1 + $2 }' "$work/time.txt")"
stored=$(psql "${pg[@]}" -Atc "select count(*) from $schema.customers where merchant_id = 'bench'")
[ "$stored" = "$rows" ] || { echo "the import stored $stored customers, not $rows" >&2; exit 1; }
admin /admin/merchants -d '{"merchant_id":"bench1","name":"Bench, one batch at a time"}' >/dev/null
m0=$(machine_ticks); s0=$(process_ticks "$server_pid"); p0=$(postgres_ticks); t0=$(date +%s.%N)
/usr/bin/time -f '%U %S' -o "$work/time.txt" \
  "$java" -jar "$jar" customers import bench1 "$work/customers.jsonl" --progress none --parallel 1 \
  --state "$work/bench1.state" >/dev/null
t1=$(date +%s.%N); m1=$(machine_ticks); s1=$(process_ticks "$server_pid"); p1=$(postgres_ticks)
record "import, one batch at a time (--parallel 1)" "$rows" "$(bc -l <<<"$t1 - $t0")" $((s1 - s0)) \
  $((p1 - p0)) $((m1 - m0)) "$(awk '{ print $1 + $2 }' "$work/time.txt")"

# ---- shares of the server's CPU samples during the import, inclusive: a sample counts for every area on its stack
"$jfr" print --events jdk.ExecutionSample --stack-depth 96 "$work/import.jfr" >"$work/import.samples"
python3 - "$work/import.samples" >"$work/areas.tsv" <<'EOF'
import collections, re, sys
areas = [
    ("reading the request body and parsing its JSON (Jackson)", ("JsonNodeDeserializer", "ObjectMapper.readTree", "RequestBody.")),
    ("reading each row and the neutral rules (AdminImport, NeutralRules)", ("AdminImport$Parsed.", "NeutralRules.")),
    ("finding the stored customers the batch names", ("JdbcCustomerStore.findKnown",)),
    ("the history rows' JSON (ChangeLog, Change.fields)", ("ChangeLog.values", "customer.Change.fields")),
    ("the rows as COPY text, and sending them (CopyIn, PostgreSQL driver)", ("CopyIn.", "org.postgresql.")),
    ("waiting on PostgreSQL (socket reads)", ("SocketInputStream.read", "NioSocketImpl.read", "PGStream.receive")),
    ("new customer ids (SecureRandom)", ("java.security.SecureRandom.",)),
    ("the answer's JSON", ("Json.respond",)),
    ("access log line (Logback)", ("ch.qos.logback.",)),
]
total, hits = 0, collections.Counter()
for event in open(sys.argv[1]).read().split("jdk.ExecutionSample")[1:]:
    frames = re.findall(r"^\s+([\w$.<>]+)\(", event, re.M)
    if not frames:
        continue
    total += 1
    for name, needles in areas:
        if any(n in f for f in frames for n in needles):
            hits[name] += 1
for name, _ in areas:
    print(f"{name}\t{100 * hits[name] / max(total, 1):.0f}\t{total}")
EOF

# ---- the results file ----
value() { awk -F'\t' -v l="$1" -v c="$2" 'index($1, l) == 1 { print $c }' "$results"; }
floor=$(value floor 4); one=$(value "one-by-one: Juspay creates, 1 " 4); many=$(value "one-by-one: Juspay creates, 64" 4)
import=$(value "import:" 4)
md=bench/results/import.md
{
  echo "# Bulk import against one-by-one creates and against PostgreSQL alone"
  echo
  echo "\`bench/import.sh $rows $seconds\` on $(date -u +%Y-%m-%d), one run; $("$java" -version 2>&1 | head -n 1);"
  echo "PostgreSQL $(psql "${pg[@]}" -Atc 'show server_version' | cut -d' ' -f1) at 127.0.0.1:5432; $(nproc) cores shared by"
  echo "the client (wrk, psql or the CLI), the server and PostgreSQL, and with other tenants: compare lines of this run,"
  echo "not absolutes. $rows customers of ten personal fields each; the creates are Juspay's \`POST /customers\` (wrk,"
  echo "$seconds s a line, plain HTTP, keep-alive); the import is \`clientele customers import\` of the same customers as"
  echo "JSON Lines into an empty merchant (batches of 1000 rows, two at the server at once), on the same server and"
  echo "schema after the creates; then again into another merchant with one batch at a time."
  echo "CPU µs/row: CPU time per row (or request) of the server process, of PostgreSQL's processes, of the client"
  echo "(wrk, psql or the CLI, its JVM's start included) and of the rest of the machine (the kernel's network and disk"
  echo "work, other tenants)."
  echo
  echo "| line | rows | seconds | rows/s | CPU µs/row server | PostgreSQL | client | rest |"
  echo "|---|---|---|---|---|---|---|---|"
  awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, ($5 == 0) ? "-" : $5, $6, $7,
    $8 }' "$results"
  echo
  echo "## Ratios"
  echo
  awk -v i="$import" -v o="$one" -v m="$many" -v f="$floor" 'BEGIN {
    printf "- import / one-by-one creates on one connection: %.0f / %.0f = **%.1f×** (target ≥ 10×: %s)\n",
      i, o, i / o, (i / o >= 10) ? "reached" : "missed";
    printf "- import / creates on 64 connections (the server'"'"'s create limit): %.0f / %.0f = %.1f×\n", i, m, i / m;
    printf "- import / PostgreSQL alone inserting the same rows: %.0f / %.0f = %.2f×\n", i, f, i / f }'
  echo
  echo "## Where the server's CPU goes during the import (JFR, settings=profile)"
  echo
  echo "Share of the server's CPU samples with the area anywhere on the stack (an area's share includes what it"
  echo "calls); $(head -n 1 "$work/areas.tsv" | cut -f3) samples."
  echo
  echo "| area | share of samples |"
  echo "|---|---|"
  awk -F'\t' '{ printf "| %s | %s %% |\n", $1, $2 }' "$work/areas.tsv"
  echo
  echo "## What PostgreSQL's busy processes did during the import"
  echo
  echo "\`pg_stat_activity\` every 0.1 s: each active backend's statement (its first three words) and what it waited"
  echo "on; $(wc -l <"$work/postgres-samples") samples."
  echo
  echo "| samples | share | wait | statement |"
  echo "|---|---|---|---|"
  sort "$work/postgres-samples" | uniq -c | sort -rn | head -n 12 |
    awk -v n="$(wc -l <"$work/postgres-samples")" '{ c = $1; $1 = ""; sub(/^ /, "");
      split($0, part, " [|] "); printf "| %d | %.0f %% | %s | %s |\n", c, 100 * c / n, part[1], part[2] }'
  echo
  echo "## One batch of 1000 rows as PostgreSQL runs it"
  echo
  echo "\`EXPLAIN ANALYZE\` of the floor's two statements for one more batch, on the filled table, rolled back:"
  echo
  echo '```'
  grep -E 'Insert on|Trigger|Execution Time|Planning Time' "$work/explain.txt" | sed 's/^ *//'
  echo '```'
} >"$md"
cat "$md"

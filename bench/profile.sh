#!/usr/bin/env bash
# Where a request's time goes, on PostgreSQL at 64 connections (JDK 25 by default): for each scenario of
# bench/limit.sh, a JFR recording of the server (settings=profile) cut into shares of CPU samples by code area,
# PostgreSQL's WAL per request (pg_stat_wal) and what its busy backends wait on (pg_stat_activity, sampled every
# 0.2 s); and the same WAL figures for pgbench's single-row insert. Writes bench/results/profile.md.
# Usage: bench/profile.sh [seconds per scenario]   (default 10; JAVA=/path/to/java picks the JDK)
set -euo pipefail
export PGOPTIONS="-c client_min_messages=warning"
cd "$(dirname "$0")/.."
root=$(pwd)
seconds=${1:-10}
java=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
jfr=$(dirname "$java")/jfr
jcmd=$(dirname "$java")/jcmd
jar=${JAR:-target/clientele.jar}
seeded=500
airpay_pool=2000
pg=(-h 127.0.0.1 -p 5432 -U postgres -d test)

# shellcheck source=bench/common.sh
. bench/common.sh
need_tools wrk:wrk pgbench:postgresql-contrib psql:postgresql-client python3:python3 bc:bc
[ -f "$jar" ] || mvn -B -q package -DskipTests
bench_workspace
schema="profile_$stamp"
pgbench_schema="profile_pgbench_$stamp"
schemas+=("$schema" "$pgbench_schema")

wal() { psql "${pg[@]}" -Atc "select wal_records || ' ' || wal_bytes || ' ' || wal_sync from pg_stat_wal"; }
reset_wal() { psql "${pg[@]}" -Atc "select pg_stat_reset_shared('wal')" >/dev/null; }
# busy client backends' wait events, "cpu" when running, every 0.2 s until $work/stop-waits exists
sample_waits() {
  rm -f "$work/stop-waits"
  while [ ! -f "$work/stop-waits" ]; do
    psql "${pg[@]}" -Atc "select coalesce(wait_event_type || ':' || wait_event, 'running (no wait)')
      from pg_stat_activity where state = 'active' and backend_type = 'client backend'
      and pid <> pg_backend_pid()"
    sleep 0.2
  done >"$work/waits"
}
top_waits() {
  sort "$work/waits" | uniq -c | sort -rn | head -n 4 |
    awk -v n="$(wc -l <"$work/waits")" '{ c = $1; $1 = ""; sub(/^ /, ""); printf "%s%s %.0f%%", sep, $0, 100 * c / n; sep = ", " }'
}

psql "${pg[@]}" -qc "create schema $schema"
start_seeded_server "$java" "$work/server" \
  --database-url "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$schema" --database-user postgres
for s in health juspay-get juspay-create flowwise-update airpay-update; do
  wrk -t2 -c16 -d3s -s "bench/wrk/$s.lua" "http://127.0.0.1:$port" >/dev/null 2>&1
done

rows="$work/rows.tsv" # scenario req/s wal-records/req wal-bytes/req requests/sync waits
: >"$rows"
for s in juspay-get juspay-create flowwise-update airpay-update; do
  "$jcmd" "$server_pid" JFR.start name="$s" settings=profile filename="$work/$s.jfr" >/dev/null
  reset_wal
  sample_waits &
  sampler=$!
  wrk -t2 -c64 -d"${seconds}s" -s "bench/wrk/$s.lua" "http://127.0.0.1:$port" >"$work/wrk.txt" 2>&1
  touch "$work/stop-waits"; wait "$sampler"
  read -r records bytes syncs <<<"$(wal)"
  "$jcmd" "$server_pid" JFR.stop name="$s" >/dev/null
  requests=$(grep -oP '^\s*\K[0-9]+(?= requests in)' "$work/wrk.txt")
  rps=$(grep -oP 'Requests/sec:\s+\K[0-9.]+' "$work/wrk.txt")
  printf '%s\t%.0f\t%.1f\t%.0f\t%s\t%s\n' "$s" "$rps" "$(bc -l <<<"$records / $requests")" \
    "$(bc -l <<<"$bytes / $requests")" "$( [ "$syncs" -gt 0 ] && printf '%.1f' "$(bc -l <<<"$requests / $syncs")" || echo -)" \
    "$(top_waits)" | tee -a "$rows"
  "$jfr" print --events jdk.ExecutionSample --stack-depth 64 "$work/$s.jfr" >"$work/$s.samples"
done
hot=$(psql "${pg[@]}" -Atc "select n_tup_upd || ' ' || n_tup_hot_upd from pg_stat_user_tables
  where schemaname = '$schema' and relname = 'customers'")
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=

psql "${pg[@]}" -qc "create schema $pgbench_schema"
PGOPTIONS="$PGOPTIONS -c search_path=$pgbench_schema" \
  psql "${pg[@]}" -q -v ON_ERROR_STOP=1 -v rows=10000 -f bench/pgbench/schema.sql
for script in select insert; do
  reset_wal
  sample_waits &
  sampler=$!
  PGOPTIONS="$PGOPTIONS -c search_path=$pgbench_schema" pgbench "${pg[@]}" -n -c 64 -j 2 -M prepared \
    -T "$seconds" -f "bench/pgbench/$script.sql" >"$work/pgbench.txt" 2>&1
  touch "$work/stop-waits"; wait "$sampler"
  read -r records bytes syncs <<<"$(wal)"
  requests=$(grep -oP 'number of transactions actually processed: \K[0-9]+' "$work/pgbench.txt")
  tps=$(grep -oP 'tps = \K[0-9.]+' "$work/pgbench.txt" | head -n 1)
  printf '%s\t%.0f\t%.1f\t%.0f\t%s\t%s\n' "pgbench-$script" "$tps" "$(bc -l <<<"$records / $requests")" \
    "$(bc -l <<<"$bytes / $requests")" "$( [ "$syncs" -gt 0 ] && printf '%.1f' "$(bc -l <<<"$requests / $syncs")" || echo -)" \
    "$(top_waits)" | tee -a "$rows"
done

# ---- shares of the server's CPU samples, inclusive: a sample counts for every area on its stack ----
areas="$work/areas.tsv"
python3 - "$work" >"$areas" <<'EOF'
import collections, re, sys
work = sys.argv[1]
areas = [
    ("PostgreSQL driver (org.postgresql)", ("org.postgresql.",)),
    ("connection pool and arrival order", ("HikariPool.getConnection", "ProxyConnection.close", "ArrivalOrder.")),
    ("JSON (Jackson)", ("com.fasterxml.jackson.",)),
    ("access log line (Logback)", ("ch.qos.logback.",)),
    ("response output (Javalin, Jetty)", ("CompressedOutputStream.", "HttpOutput.")),
    ("request parsing (Jetty)", ("HttpParser.",)),
    ("authentication", ("io.clientele.merchant.Authenticator.",)),
    ("customer store (io.clientele.storage)", ("io.clientele.storage.",)),
    ("random ids (SecureRandom)", ("java.security.SecureRandom.",)),
]
for scenario in ("juspay-get", "juspay-create", "flowwise-update", "airpay-update"):
    text = open(f"{work}/{scenario}.samples").read()
    total = 0
    hits = collections.Counter()
    for event in text.split("jdk.ExecutionSample")[1:]:
        frames = re.findall(r"^\s+([\w$.<>]+)\(", event, re.M)
        if not frames:
            continue
        total += 1
        for name, needles in areas:
            if any(n in f for f in frames for n in needles):
                hits[name] += 1
    for name, _ in areas:
        print(f"{scenario}\t{name}\t{100 * hits[name] / max(total, 1):.0f}\t{total}")
EOF

md=bench/results/profile.md
{
  echo "# Where a request's time goes (PostgreSQL, 64 connections)"
  echo
  echo "\`bench/profile.sh $seconds\` on $(date -u +%Y-%m-%d), one run, $seconds s per line;"
  echo "$("$java" -version 2>&1 | head -n 1); PostgreSQL $(psql "${pg[@]}" -Atc 'show server_version' | cut -d' ' -f1)"
  echo "at 127.0.0.1:5432; $(nproc) cores shared by wrk or pgbench, PostgreSQL and the server. wrk -t2 -c64 on"
  echo "$seeded seeded customers; pgbench -c 64 -j 2 -M prepared on its own table of the customers' row shape."
  echo
  echo "## PostgreSQL's side"
  echo
  echo "WAL per request from \`pg_stat_wal\` over the line; requests per WAL flush (fsync) say how many commits"
  echo "shared one flush. Waits: the share of samples of busy client backends in each wait event."
  echo
  echo "| scenario | req/s | WAL records/req | WAL bytes/req | req per WAL flush | busy backends' waits |"
  echo "|---|---|---|---|---|---|"
  awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }' "$rows"
  echo
  read -r updated hot_updated <<<"$hot"
  echo "Of the $updated row updates of \`customers\` in the run, $hot_updated were HOT (heap-only: no index entry"
  echo "written)."
  echo
  echo "## The server's side"
  echo
  echo "Share of the server's JFR CPU samples (\`settings=profile\`) whose stack holds each area; a sample can"
  echo "count for several areas, so shares do not add up to 100 %. The rest is Jetty's and Javalin's request"
  echo "handling and the virtual threads' scheduling."
  echo
  printf '| area |'; for s in juspay-get juspay-create flowwise-update airpay-update; do printf ' %s |' "$s"; done; echo
  echo "|---|---|---|---|---|"
  awk -F'\t' '{ share[$2, $1] = $3 "%"; total[$1] = $4; if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 } }
    END { for (i = 1; i <= n; i++) { a = order[i]; printf "| %s | %s | %s | %s | %s |\n", a,
            share[a, "juspay-get"], share[a, "juspay-create"], share[a, "flowwise-update"], share[a, "airpay-update"] }
          printf "| CPU samples | %s | %s | %s | %s |\n", total["juspay-get"], total["juspay-create"],
            total["flowwise-update"], total["airpay-update"] }' "$areas"
} >"$md"
cat "$md"

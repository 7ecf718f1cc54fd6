#!/usr/bin/env bash
# Clientele against the database's own limit, in one run on one machine and one PostgreSQL (127.0.0.1:5432,
# database test): at 16 and 64 connections, the server's floor (GET /health/live), pgbench's primary-key select and
# single-row insert on a table of the customers' row shape (bench/pgbench/, -j 2 -M prepared, a schema of its
# own), and Clientele's Juspay get and create, Flowwise get and update and Airpay update (bench/wrk/) on
# PostgreSQL (a fresh schema each JDK) and on the embedded H2, per JDK found (25, 17).
# Writes bench/results/limit.md (table and issue 10's target ratios) and bench/results/limit.png.
# Usage: bench/limit.sh [seconds per scenario]   (default 5; JAVAS="/path/to/java …" picks the JDKs)
set -euo pipefail
export PGOPTIONS="-c client_min_messages=warning"
cd "$(dirname "$0")/.."
root=$(pwd)
seconds=${1:-5}
jar=${JAR:-target/clientele.jar}
javas=${JAVAS:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java /usr/lib/jvm/java-17-openjdk-amd64/bin/java}
seeded=500
select_rows=10000
airpay_pool=2000
pg=(-h 127.0.0.1 -p 5432 -U postgres -d test)

# shellcheck source=bench/common.sh
. bench/common.sh
need_tools wrk:wrk pgbench:postgresql-contrib gnuplot:gnuplot-nox psql:postgresql-client /usr/bin/time:time \
  python3:python3 bc:bc
[ -f "$jar" ] || mvn -B -q package -DskipTests
bench_workspace

rows="$work/rows.tsv" # jdk database concurrency scenario rps p50 p99 non2xx cpu-server cpu-rest cpu-load
: >"$rows"
memory="$work/memory.tsv" # jdk database peak-rss-mib
: >"$memory"

# CPU time, in clock ticks: the whole machine's busy time (user, nice, system, irq, softirq), and one process's.
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
process_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
tick_hz=$(getconf CLK_TCK)
# CPU microseconds per request of: the server, the rest of the machine (PostgreSQL, and anything else running),
# and the load generator, from tick deltas and the request count.
cpu_per_request() { # server-ticks machine-ticks load-seconds requests
  awk -v s="$1" -v m="$2" -v l="$3" -v n="$4" -v hz="$tick_hz" 'BEGIN {
    load = l * hz; rest = m - s - load; if (rest < 0) rest = 0; us = 1e6 / hz / n;
    printf "%.0f\t%.0f\t%.0f", s * us, rest * us, load * us }'
}

# wrk's latency with its unit (us, ms, s) in milliseconds.
to_ms() { awk '{ v=$1; if (v ~ /us$/) { sub(/us$/,"",v); v/=1000 } else if (v ~ /ms$/) { sub(/ms$/,"",v) }
                else if (v ~ /s$/) { sub(/s$/,"",v); v*=1000 } ; printf "%.2f", v }'; }

wrk_line() { # jdk database concurrency scenario port
  local out="$work/wrk.txt" rps p50 p99 non2xx errors m0 s0 m1 s1 requests cpu
  m0=$(machine_ticks); s0=$(process_ticks "$server_pid")
  /usr/bin/time -f '%U %S' -o "$work/time.txt" \
    wrk -t2 -c"$3" -d"${seconds}s" --latency -s "bench/wrk/$4.lua" "http://127.0.0.1:$5" >"$out" 2>&1
  m1=$(machine_ticks); s1=$(process_ticks "$server_pid")
  requests=$(grep -oP '^\s*\K[0-9]+(?= requests in)' "$out")
  cpu=$(cpu_per_request $((s1 - s0)) $((m1 - m0)) "$(awk '{ print $1 + $2 }' "$work/time.txt")" "$requests")
  rps=$(grep -oP 'Requests/sec:\s+\K[0-9.]+' "$out")
  p50=$(grep -oP '^\s+50%\s+\K\S+' "$out" | to_ms)
  p99=$(grep -oP '^\s+99%\s+\K\S+' "$out" | to_ms)
  non2xx=$(grep -oP 'Non-2xx or 3xx responses: \K[0-9]+' "$out" || echo 0)
  errors=$(grep -oP 'Socket errors: .*' "$out" | grep -oP '[0-9]+' | paste -sd+ | bc 2>/dev/null || echo 0)
  non2xx=$((non2xx + ${errors:-0}))
  printf '%s\t%s\t%s\t%s\t%.0f\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$rps" "$p50" "$p99" "$non2xx" "$cpu" \
    | tee -a "$rows"
}

pgbench_line() { # concurrency script
  local logs="$work/pgbench-$2-$1" out="$work/pgbench.txt" tps failed p50 p99 m0 m1 requests cpu
  mkdir -p "$logs"
  m0=$(machine_ticks)
  # one transaction in ten is logged, for the percentiles, so logging costs pgbench little
  (cd "$logs" && PGOPTIONS="$PGOPTIONS -c search_path=$pgbench_schema" /usr/bin/time -f '%U %S' -o "$work/time.txt" \
    pgbench "${pg[@]}" -n -c "$1" -j 2 -M prepared -T "$seconds" -f "$root/bench/pgbench/$2.sql" \
    --log --log-prefix=tx --sampling-rate=0.1) >"$out" 2>&1
  m1=$(machine_ticks)
  requests=$(grep -oP 'number of transactions actually processed: \K[0-9]+' "$out")
  cpu=$(cpu_per_request 0 $((m1 - m0)) "$(awk '{ print $1 + $2 }' "$work/time.txt")" "$requests")
  tps=$(grep -oP 'tps = \K[0-9.]+' "$out" | head -n 1)
  failed=$(grep -oP 'number of failed transactions: \K[0-9]+' "$out" || echo 0)
  # per-transaction logs: client, transaction, latency in microseconds, ...
  cat "$logs"/tx* | awk '{ print $3 }' | sort -n >"$logs/latency"
  p50=$(awk -v n="$(wc -l <"$logs/latency")" 'NR == int(n * 0.50 + 0.5) { printf "%.2f", $1 / 1000 }' "$logs/latency")
  p99=$(awk -v n="$(wc -l <"$logs/latency")" 'NR == int(n * 0.99 + 0.5) { printf "%.2f", $1 / 1000 }' "$logs/latency")
  printf '%s\t%s\t%s\t%s\t%.0f\t%s\t%s\t%s\t%s\n' "-" postgresql "$1" "pgbench-$2" "$tps" "$p50" "$p99" "$failed" \
    "-"$'\t'"${cpu#*$'\t'}" | tee -a "$rows"
  rm -rf "$logs"
}

clientele_lines() { # java jdk-label database-label [database flags...]; $JVM_OPTS, $CONCURRENCIES (default 16 64)
  local java=$1 jdk=$2 label=$3; shift 3
  local dir c scenario
  dir="$work/server-$jdk-${label// /_}"
  start_seeded_server "$java" "$dir" "$@"
  for scenario in juspay-get flowwise-get flowwise-update airpay-update; do # warm the JIT on every path measured
    wrk -t2 -c16 -d3s -s "bench/wrk/$scenario.lua" "http://127.0.0.1:$port" >/dev/null 2>&1
  done
  for c in ${CONCURRENCIES:-16 64}; do
    if [ "$c" = 64 ]; then # the server's peak resident memory under the 64-connection lines
      (peak=0; while kill -0 "$server_pid" 2>/dev/null && [ ! -f "$dir/stop-sampling" ]; do
         rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status" 2>/dev/null || echo 0)
         [ "${rss:-0}" -gt "$peak" ] && peak=$rss && echo "$peak" >"$dir/peak-rss"
         sleep 0.2
       done) &
    fi
    for scenario in health juspay-get flowwise-get juspay-create flowwise-update airpay-update; do
      wrk_line "$jdk" "$label" "$c" "$scenario" "$port"
    done
  done
  touch "$dir/stop-sampling"; wait $! 2>/dev/null || true
  printf '%s\t%s\t%s\n' "$jdk" "$label" "$(awk '{ printf "%.0f", $1 / 1024 }' "$dir/peak-rss")" | tee -a "$memory"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=
}

jdk_of() { "$1" -version 2>&1 | head -n 1 | grep -oP '"\K[0-9]+' | head -n 1; }

# pgbench on its own table first.
pgbench_schema="limit_pgbench_$stamp"; schemas+=("$pgbench_schema")
psql "${pg[@]}" -qc "create schema $pgbench_schema"
PGOPTIONS="$PGOPTIONS -c search_path=$pgbench_schema" \
  psql "${pg[@]}" -q -v ON_ERROR_STOP=1 -v rows=$select_rows -f bench/pgbench/schema.sql
for c in 16 64; do pgbench_line "$c" select; pgbench_line "$c" insert; done

jdks=()
for java in $javas; do
  [ -x "$java" ] || continue
  jdk=$(jdk_of "$java"); jdks+=("$jdk")
  schema="limit_${jdk}_$stamp"; schemas+=("$schema")
  psql "${pg[@]}" -qc "create schema $schema"
  clientele_lines "$java" "$jdk" postgresql \
    --database-url "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$schema" --database-user postgres
  psql "${pg[@]}" -qc "drop schema $schema cascade"
  clientele_lines "$java" "$jdk" h2
done

# The first JDK again at 64 connections with the heap bounded, as README's "Memory" section advises.
sized_heap=${SIZED_HEAP:--Xmx160m}
for java in $javas; do
  [ -x "$java" ] || continue
  jdk=$(jdk_of "$java")
  schema="limit_${jdk}_sized_$stamp"; schemas+=("$schema")
  psql "${pg[@]}" -qc "create schema $schema"
  JVM_OPTS=$sized_heap CONCURRENCIES=64 clientele_lines "$java" "$jdk" "postgresql $sized_heap" \
    --database-url "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$schema" --database-user postgres
  psql "${pg[@]}" -qc "drop schema $schema cascade"
  JVM_OPTS=$sized_heap CONCURRENCIES=64 clientele_lines "$java" "$jdk" "h2 $sized_heap"
  break
done

# ---- the results file ----
md=bench/results/limit.md
first=${jdks[0]:-25}
value() { awk -F'\t' -v j="$1" -v d="$2" -v c="$3" -v s="$4" -v col="$5" \
  '$1 == j && $2 == d && $3 == c && $4 == s { print $col }' "$rows"; }
{
  echo "# Clientele against the database's own limit"
  echo
  listed=$(printf '%s, ' "${jdks[@]}"); listed=${listed%, }
  echo "\`bench/limit.sh $seconds\` on $(date -u +%Y-%m-%d), one run, $seconds s per line; JDKs $listed"
  echo "($(for j in $javas; do [ -x "$j" ] && "$j" -version 2>&1 | head -n 1; done | paste -sd';' | sed 's/;/; /g'))."
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), shared by wrk, pgbench,"
  echo "PostgreSQL $(psql "${pg[@]}" -Atc 'show server_version' | cut -d' ' -f1) (127.0.0.1:5432) and the server, and with other tenants:"
  echo "figures compare lines of this one run, not absolutes. wrk -t2 --latency on loopback, plain HTTP, $seeded seeded"
  echo "customers; pgbench -j 2 -M prepared on $select_rows pre-filled rows of the customers' shape (analyzed)."
  echo "Non-2xx: wrk's non-2xx/3xx responses plus socket errors; for pgbench, failed transactions."
  echo "CPU µs/req: CPU time per request, in microseconds, of the server process, of the rest of the machine"
  echo "(PostgreSQL's processes, and anything else that ran) and of the load generator (wrk or pgbench)."
  echo
  echo "| JDK | database | concurrency | scenario | req/s | p50 ms | p99 ms | non-2xx | CPU µs/req server | rest | load generator |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  awk -F'\t' '{ db = $2; sub(/^h2/, "H2", db); sub(/^postgresql/, "PostgreSQL", db);
                printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, db, $3, $4, $5, $6, $7, $8, $9, $10, $11 }' "$rows"
  echo
  echo "## Resident memory"
  echo
  echo "The server's peak resident set size (VmRSS, sampled every 0.2 s) during its 64-connection lines: with the"
  echo "JVM's default heap (no heap flags; the JVM's default maximum is a quarter of this machine's"
  echo "$(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo) GiB), and with \`$sized_heap\`."
  echo
  echo "| JDK | database | peak RSS MiB |"
  echo "|---|---|---|"
  awk -F'\t' '{ db = $2; sub(/^h2/, "H2", db); sub(/^postgresql/, "PostgreSQL", db);
                printf "| %s | %s | %s |\n", $1, db, $3 }' "$memory"
  echo
  echo "## Issue 10's targets, JDK $first, PostgreSQL, 64 connections"
  echo
  echo "| target | measured | reached |"
  echo "|---|---|---|"
  health=$(value "$first" postgresql 64 health 5)
  select=$(value - postgresql 64 pgbench-select 5)
  insert=$(value - postgresql 64 pgbench-insert 5)
  ratio() { # label scenario base base-label minimum
    local v; v=$(value "$first" postgresql 64 "$2" 5)
    awk -v v="$v" -v b="$3" -v m="$5" -v l="$1" -v bl="$4" 'BEGIN { r = (b > 0) ? v / b : 0;
      printf "| %s ≥ %.1f× %s | %.0f / %.0f = %.2f× | %s |\n", l, m, bl, v, b, r, (r >= m) ? "reached" : "missed" }'
  }
  ratio "Juspay get" juspay-get "$select" "pgbench select" 0.3
  ratio "Flowwise get" flowwise-get "$select" "pgbench select" 0.3
  ratio "Juspay get" juspay-get "$health" "/health/live" 0.5
  ratio "Flowwise get" flowwise-get "$health" "/health/live" 0.5
  ratio "Juspay create" juspay-create "$insert" "pgbench insert" 0.5
  ratio "Flowwise update" flowwise-update "$insert" "pgbench insert" 0.3
  ratio "Airpay update" airpay-update "$insert" "pgbench insert" 0.3
  for s in juspay-get flowwise-get juspay-create flowwise-update airpay-update; do
    awk -v s="$s" -v p="$(value "$first" postgresql 64 "$s" 7)" \
      'BEGIN { printf "| %s p99 ≤ 20 ms | %s ms | %s |\n", s, p, (p + 0 <= 20) ? "reached" : "missed" }'
  done
  awk -F'\t' -v j="$first" '$1 == j && $2 == "postgresql" && $3 == 64 && $4 != "health" { n += $8 }
    END { printf "| no non-2xx | %d | %s |\n", n, (n == 0) ? "reached" : "missed" }' "$rows"
  awk -F'\t' -v j="$first" -v h="$sized_heap" '$1 == j && ($2 == "postgresql" || $2 == "postgresql " h) {
      printf "| peak RSS ≤ 300 MiB, %s | %s MiB | %s |\n", ($2 == "postgresql") ? "default heap" : h, $3,
        ($3 <= 300) ? "reached" : "missed" }' "$memory"
} >"$md"

# ---- the plot: req/s per scenario at 64 connections, first JDK ----
data="$work/plot.dat"
for s in health juspay-get flowwise-get juspay-create flowwise-update airpay-update pgbench-select pgbench-insert; do
  case $s in
    pgbench-*) printf '%s\t%s\t%s\n' "$s" "$(value - postgresql 64 "$s" 5)" 0 ;;
    *) printf '%s\t%s\t%s\n' "$s" "$(value "$first" postgresql 64 "$s" 5)" "$(value "$first" h2 64 "$s" 5)" ;;
  esac
done >"$data"
gnuplot <<EOF
set terminal pngcairo size 1000,560 noenhanced
set output "bench/results/limit.png"
set title "req/s at 64 connections, one run (JDK $first; pgbench -j 2 -M prepared on the same PostgreSQL)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set ylabel "req/s"
set yrange [0:*]
set xtics rotate by -30
set grid ytics
set key top right
plot "$data" using 2:xtic(1) title "PostgreSQL (Clientele; pgbench)", "" using 3 title "H2 (Clientele)"
EOF
cat "$md"

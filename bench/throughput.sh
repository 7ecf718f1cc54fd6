#!/usr/bin/env bash
# Requests per second of the packaged jar under wrk (2 threads, 16 connections, loopback, plain HTTP), per JDK
# found and per database: the embedded H2 and the PostgreSQL at 127.0.0.1:5432 (database test, a schema of its own).
# Scenarios: the health floor, Juspay get by reference, Flowwise get, canonical get by reference, Juspay create,
# canonical create (the same values as JSON), Juspay update (each one a change, so a version and a history row);
# the gets are warmed first.
# Usage: bench/throughput.sh [seconds per scenario]   (build first: mvn -B -q package -DskipTests; needs wrk, psql)
# JAR=other.jar compares another build; JAVAS="/path/to/java …" picks the JDKs.
# wrk runs on the same 2 cores as the server, so figures are for comparing lines of one run, not absolutes.
set -euo pipefail
export PGOPTIONS="-c client_min_messages=warning"
cd "$(dirname "$0")/.."
seconds=${1:-10}
jar=${JAR:-target/clientele.jar}
[ -f "$jar" ] || { echo "build the jar first: mvn -B -q package -DskipTests" >&2; exit 1; }
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
seeded=500

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

run_scenarios() { # java database-label [database flags...]
  local java=$1 label=$2; shift 2
  local dir port pid out key client_id client_secret
  dir=$(mktemp -d); port=$(free_port)
  "$java" -jar "$jar" serve --data-dir "$dir" --http-port "$port" --https-port 0 "$@" >"$dir/out.log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do sleep 0.1; done
  out="$dir/out.log"
  key=$(grep -oP '^\s*juspay\s.*api_key=\K\S+' "$out"); client_id=$(grep -oP 'client_id=\K\w+' "$out")
  client_secret=$(grep -oP 'client_secret=\K\w+' "$out")
  BENCH_CANONICAL_KEY=$(grep -oP '^\s*canonical\s.*api_key=\K\S+' "$out")
  export BENCH_AUTH BENCH_SEEDED=$seeded BENCH_CLIENT_ID=$client_id BENCH_CLIENT_SECRET=$client_secret
  export BENCH_CANONICAL_KEY
  BENCH_AUTH=$(printf '%s:' "$key" | base64 -w0)
  for i in $(seq 1 $seeded); do
    curl -fs "http://127.0.0.1:$port/customers" -u "$key:" -d "object_reference_id=seed-customer-$i" \
      -d mobile_number=9876543210 -d first_name=Seed >/dev/null
  done
  for scenario in juspay-get flowwise-get canonical-get; do # warm the JIT on every read path before measuring
    wrk -t2 -c16 -d3s -s "bench/wrk/$scenario.lua" "http://127.0.0.1:$port" >/dev/null 2>&1
  done
  local version; version=$("$java" -version 2>&1 | head -n 1 | grep -oP '"\K[0-9]+' | head -n 1)
  for scenario in health juspay-get flowwise-get canonical-get juspay-create canonical-create juspay-update; do
    wrk -t2 -c16 -d"${seconds}s" -s "bench/wrk/$scenario.lua" "http://127.0.0.1:$port" >"$dir/wrk.txt" 2>&1
    local rps non2xx p99
    rps=$(grep -oP 'Requests/sec:\s+\K[0-9.]+' "$dir/wrk.txt")
    non2xx=$(grep -oP 'Non-2xx or 3xx responses: \K[0-9]+' "$dir/wrk.txt" || echo 0)
    printf 'JDK %s | %-10s | %-16s | %8.0f req/s | non-2xx %s\n' "$version" "$label" "$scenario" "$rps" "$non2xx"
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
}

for java in ${JAVAS:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java}; do
  [ -x "$java" ] || continue
  run_scenarios "$java" h2
  schema="bench_$(date +%s)"
  if psql -h 127.0.0.1 -U postgres -d test -qc "create schema $schema" 2>/dev/null; then
    run_scenarios "$java" postgresql --database-url "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$schema" \
      --database-user postgres
    psql -h 127.0.0.1 -U postgres -d test -qc "drop schema $schema cascade"
  fi
done

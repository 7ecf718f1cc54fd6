#!/usr/bin/env bash
# Juspay gets on PostgreSQL before and after the customers table grows through the server, with this machine's
# PostgreSQL settings (autovacuum off here): seed 500 customers, warm and measure gets (wrk, 64 connections, 5 s),
# create through the server for 12 s, measure gets again. Prints req/s of both gets and how many customers there are.
# Usage: bench/growth.sh [JAR]   (default target/clientele.jar; needs wrk, psql, PostgreSQL at 127.0.0.1:5432)
set -euo pipefail
export PGOPTIONS="-c client_min_messages=warning"
cd "$(dirname "$0")/.."
jar=${1:-target/clientele.jar}
java=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
[ -x "$java" ] || java=java
schema="growth_$(date +%s%N | cut -c1-13)"
psql -h 127.0.0.1 -U postgres -d test -qc "create schema $schema"
dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$java" -jar "$jar" serve --data-dir "$dir" --http-port "$port" --https-port 0 \
  --database-url "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$schema" --database-user postgres \
  >"$dir/out.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; psql -h 127.0.0.1 -U postgres -d test -qc "drop schema $schema cascade"; rm -rf "$dir"' EXIT
until curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do sleep 0.2; done
key=$(grep -oP '^\s*juspay\s.*api_key=\K\S+' "$dir/out.log")
BENCH_AUTH=$(printf '%s:' "$key" | base64 -w0)
export BENCH_AUTH BENCH_SEEDED=500
for i in $(seq 1 500); do
  curl -fs "http://127.0.0.1:$port/customers" -u "$key:" -d "object_reference_id=seed-customer-$i" \
    -d mobile_number=9876543210 -d first_name=Seed >/dev/null
done
rps() { grep -oP 'Requests/sec:\s+\K[0-9.]+'; }
wrk -t2 -c16 -d3s -s bench/wrk/juspay-get.lua "http://127.0.0.1:$port" >/dev/null
before=$(wrk -t2 -c64 -d5s -s bench/wrk/juspay-get.lua "http://127.0.0.1:$port" | rps)
wrk -t2 -c16 -d12s -s bench/wrk/juspay-create.lua "http://127.0.0.1:$port" >/dev/null
count=$(psql -h 127.0.0.1 -U postgres -d test -Atc "select count(*) from $schema.customers")
after=$(wrk -t2 -c64 -d5s -s bench/wrk/juspay-get.lua "http://127.0.0.1:$port" | rps)
printf '%s | get at 500 customers %8.0f req/s | get at %s customers %8.0f req/s | %.2fx\n' \
  "$(basename "$jar")" "$before" "$count" "$after" "$(echo "$after / $before" | bc -l)"

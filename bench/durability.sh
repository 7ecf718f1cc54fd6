#!/usr/bin/env bash
# What durable commits cost on the embedded H2: Juspay creates and gets per second under wrk (2 threads, 16
# connections, loopback) for four set-ups, in alternating rounds so machine noise falls on all of them alike:
#   before      a jar from before the fix (H2's default 500 ms write delay: commits answered before written)
#   written     the same jar with WRITE_DELAY=0 in its URL (each commit written to the file, not forced)
#   durable     this build (each commit written and forced to the device before the answer)
#   postgresql  this build on the PostgreSQL at 127.0.0.1:5432 (each commit's WAL flushed), the reference
# Each round also measures the disk's own ceiling: forced 4 KiB writes per second from one writer.
# With STRACE=1 the durable set-up's create run is repeated under `strace -c` to count forces per create.
# Usage: bench/durability.sh BEFORE_JAR [seconds per scenario] [rounds]
#   (build both first; e.g. git worktree add /tmp/old 58408c4 && (cd /tmp/old && mvn -B -q package -DskipTests))
# JAVA picks the JDK (default: the newest found). wrk shares the 2 cores with the server: compare within a run.
set -euo pipefail
export PGOPTIONS="-c client_min_messages=warning"
cd "$(dirname "$0")/.."
before_jar=${1:?usage: bench/durability.sh BEFORE_JAR [seconds] [rounds]}
seconds=${2:-8}
rounds=${3:-2}
jar=target/clientele.jar
java=${JAVA:-$(ls /usr/lib/jvm/temurin-25-jdk-amd64/bin/java 2>/dev/null || command -v java)}
[ -f "$jar" ] && [ -f "$before_jar" ] || { echo "build both jars first" >&2; exit 1; }
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
h2_options="MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

measure() { # label jar [serve flags...]: prints creates/s and gets/s
  local label=$1 which_jar=$2; shift 2
  local dir port pid key
  dir=$(mktemp -d); port=$(free_port)
  local flags=("$@")
  for i in "${!flags[@]}"; do flags[$i]=${flags[$i]//@DIR@/$dir}; done
  "$java" -jar "$which_jar" serve --data-dir "$dir" --http-port "$port" --https-port 0 "${flags[@]}" \
    >"$dir/out.log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do sleep 0.1; done
  key=$(grep -oP '^\s*juspay\s.*api_key=\K\S+' "$dir/out.log")
  export BENCH_AUTH BENCH_SEEDED=200
  BENCH_AUTH=$(printf '%s:' "$key" | base64 -w0)
  for i in $(seq 1 200); do
    curl -fs "http://127.0.0.1:$port/customers" -u "$key:" -d "object_reference_id=seed-customer-$i" \
      -d mobile_number=9876543210 -d first_name=Seed >/dev/null
  done
  wrk -t2 -c16 -d3s -s bench/wrk/juspay-create.lua "http://127.0.0.1:$port" >/dev/null 2>&1 # warm up
  wrk -t2 -c16 -d3s -s bench/wrk/juspay-get.lua "http://127.0.0.1:$port" >/dev/null 2>&1
  local create get
  create=$(wrk -t2 -c16 -d"${seconds}s" -s bench/wrk/juspay-create.lua "http://127.0.0.1:$port" |
    grep -oP 'Requests/sec:\s+\K[0-9.]+')
  get=$(wrk -t2 -c16 -d"${seconds}s" -s bench/wrk/juspay-get.lua "http://127.0.0.1:$port" |
    grep -oP 'Requests/sec:\s+\K[0-9.]+')
  printf '%-10s | creates %7.0f/s | gets %7.0f/s\n' "$label" "$create" "$get"
  if [ "${STRACE:-0}" = 1 ] && [ "$label" = durable ]; then
    strace -f -c -e trace=fdatasync,fsync -p "$pid" -o "$dir/strace.txt" &
    local tracer=$!
    sleep 1
    wrk -t2 -c16 -d5s -s bench/wrk/juspay-create.lua "http://127.0.0.1:$port" >"$dir/wrk.txt"
    kill -INT "$tracer"; wait "$tracer" 2>/dev/null || true
    local forces requests
    forces=$(awk '$NF=="fdatasync"||$NF=="fsync"{n+=$4} END{print n+0}' "$dir/strace.txt")
    requests=$(grep -oP '\K[0-9]+(?= requests in)' "$dir/wrk.txt")
    echo "durable under strace: $requests creates, $forces forces ($(awk "BEGIN{printf \"%.2f\", $forces/$requests}") per create)"
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
}

disk_limit() { # forced 4 KiB writes per second on the disk the data directories live on: the ceiling of durable commits
  python3 - "$(mktemp -d)" <<'PY'
import os, sys, time
path = os.path.join(sys.argv[1], "force-probe")
fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
count, start = 0, time.monotonic()
while time.monotonic() - start < 3:
    os.pwrite(fd, b"x" * 4096, (count % 256) * 4096)
    os.fdatasync(fd)
    count += 1
os.close(fd); os.remove(path); os.rmdir(sys.argv[1])
print(f"disk       | {count / (time.monotonic() - start):7.0f} forced 4 KiB writes/s (one writer)")
PY
}

echo "JDK: $("$java" -version 2>&1 | head -n 1)"
for round in $(seq 1 "$rounds"); do
  echo "round $round"
  disk_limit
  measure before "$before_jar"
  measure written "$before_jar" --database-url "jdbc:h2:file:@DIR@/db/clientele;$h2_options;WRITE_DELAY=0"
  measure durable "$jar"
  schema="bench_durable_$(date +%s)"
  if psql -h 127.0.0.1 -U postgres -d test -qc "create schema $schema" 2>/dev/null; then
    measure postgresql "$jar" --database-url "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$schema" \
      --database-user postgres
    psql -h 127.0.0.1 -U postgres -d test -qc "drop schema $schema cascade"
  fi
done

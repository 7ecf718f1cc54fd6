# Sourced by bench/limit.sh and bench/profile.sh, from the repository root.
#
# need_tools COMMAND:PACKAGE...   installs, through apt-get, the package of each command that is missing
# bench_workspace                 makes $work and $stamp, and on exit stops $server_pid, drops every schema
#                                 in the array $schemas (on the PostgreSQL of the array $pg) and removes $work
# start_seeded_server JAVA DIR [serve flags...]   ($JVM_OPTS: flags for the JVM; $jar: the jar)
#                                 sets server_pid and port, waits until ready, seeds $seeded customers through
#                                 the Juspay API and writes $airpay_pool signed Airpay bodies, and exports the
#                                 BENCH_* variables the wrk scripts read.

need_tools() {
  local spec need=()
  for spec in "$@"; do
    command -v "${spec%%:*}" >/dev/null || need+=("${spec#*:}")
  done
  if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
}

bench_workspace() {
  work=$(mktemp -d)
  stamp=$(date +%s%N | cut -c1-13)
  schemas=()
  server_pid=
  trap bench_cleanup EXIT
}

bench_cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  for s in "${schemas[@]}"; do psql "${pg[@]}" -qc "drop schema if exists $s cascade" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_seeded_server() {
  local java=$1 dir=$2 out key secret i n city
  shift 2
  mkdir -p "$dir"; port=$(free_port); out="$dir/out.log"
  # shellcheck disable=SC2086 # JVM_OPTS is a list of flags
  "$java" ${JVM_OPTS:-} -jar "$jar" serve --data-dir "$dir" --http-port "$port" --https-port 0 "$@" >"$out" 2>&1 &
  server_pid=$!
  until curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do
    kill -0 "$server_pid" 2>/dev/null || { cat "$out" >&2; exit 1; }
    sleep 0.1
  done
  key=$(grep -oP '^\s*juspay\s.*api_key=\K\S+' "$out")
  BENCH_CLIENT_ID=$(grep -oP '^\s*flowwise\s.*client_id=\K\S+' "$out")
  BENCH_CLIENT_SECRET=$(grep -oP '^\s*flowwise\s.*client_secret=\K\S+' "$out")
  BENCH_AIRPAY_TOKEN=$(grep -oP '^\s*airpay\s.*token=\K\S+' "$out")
  secret=$(grep -oP '^\s*airpay\s.*secret_key=\K\S+' "$out")
  BENCH_AUTH=$(printf '%s:' "$key" | base64 -w0)
  BENCH_AIRPAY_POOL="$dir/airpay-pool.tsv"
  export BENCH_AUTH BENCH_SEEDED=$seeded BENCH_CLIENT_ID BENCH_CLIENT_SECRET BENCH_AIRPAY_TOKEN BENCH_AIRPAY_POOL
  for i in $(seq 1 "$seeded"); do
    curl -fs "http://127.0.0.1:$port/customers" -u "$key:" -d "object_reference_id=seed-customer-$i" \
      -d mobile_number=9876543210 -d first_name=Seed >/dev/null
  done
  # Airpay's checksum: lower-case hex SHA-256 of the values in order, no separator, then the secret key.
  : >"$BENCH_AIRPAY_POOL"
  for i in $(seq 1 "$airpay_pool"); do
    n=$(((i - 1) % seeded + 1))
    city="Bench$(printf '%s' "$i" | tr 0-9 a-j)"
    printf 'entity_id=seed-customer-%s&city=%s\t%s\n' "$n" "$city" \
      "$(printf '%s%s%s' "seed-customer-$n" "$city" "$secret" | sha256sum | cut -d' ' -f1)" >>"$BENCH_AIRPAY_POOL"
  done
}

#!/usr/bin/env bash
# Start-up time of the packaged jar, from process start to the first 200 of /health/ready, two ways:
# "first start" on a fresh data directory (migrations, sandbox and TLS certificate all made: the slowest case) and
# "restart" on a data directory made by an earlier run (the usual case).
# Usage: bench/startup.sh [runs]   (build first: mvn -B -q package -DskipTests)
# Prints one line per JDK found with the median and the ratio to the 2 s target; paste them into bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
jar=target/clientele.jar
[ -f "$jar" ] || { echo "build the jar first: mvn -B -q package -DskipTests" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

measure() { # java [data-dir] -> milliseconds to first ready answer; a given data dir is kept
  local java=$1 dir=${2:-} keep=1 port pid start end
  if [ -z "$dir" ]; then dir=$(mktemp -d); keep=0; fi
  port=$(free_port)
  start=$(date +%s%N)
  "$java" -jar "$jar" serve --data-dir "$dir" --http-port "$port" --https-port "$(free_port)" >/dev/null 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do sleep 0.02; done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  [ "$keep" = 1 ] || rm -rf "$dir"
  echo $(( (end - start) / 1000000 ))
}

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for java in /usr/lib/jvm/java-17-openjdk-amd64/bin/java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java; do
  [ -x "$java" ] || continue
  version=$("$java" -version 2>&1 | head -n 1)
  fresh=(); again=()
  kept=$(mktemp -d); measure "$java" "$kept" >/dev/null
  for _ in $(seq "$runs"); do
    fresh+=("$(measure "$java")")
    again+=("$(measure "$java" "$kept")")
  done
  rm -rf "$kept"
  for mode in "first start" restart; do
    if [ "$mode" = restart ]; then samples=("${again[@]}"); else samples=("${fresh[@]}"); fi
    m=$(median "${samples[@]}")
    awk -v v="$version" -v mode="$mode" -v m="$m" -v s="${samples[*]}" \
      'BEGIN {printf "%s, %s: median %d ms to ready (runs: %s); %.2fx the 2 s target, %.2fx the 10 s limit\n", v, mode, m, s, m/2000, m/10000}'
  done
done

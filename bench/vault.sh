#!/usr/bin/env bash
# What encryption at rest costs in throughput: the current checkout (every personal value sealed, blind indexes)
# against the same code base before encryption ($BASE, default 454ae3e: personal values in clear columns), both
# built here, served one at a time and alternated round by round (baseline then vault, then vault then baseline,
# ...), so the drift of this shared machine falls on both. Per database (the embedded H2, then the PostgreSQL at
# 127.0.0.1:5432, database test, a fresh schema per server run), each server run seeds 500 customers through the
# Juspay API, warms the gets, create and update for $WARM s each (default 10: after 2 s the JIT compiler threads
# still took up to half of a create's CPU, more of it in the build with more code to compile), and measures wrk -t2 -c16 on: the health floor (no
# database, no personal value: a noise indicator), Juspay get by reference, Flowwise get, Juspay create and Juspay
# update (scripts in bench/wrk/).
# Prints, per database, req/s and the server's CPU µs per request per build and round, and the median over the
# rounds of each round's vault/baseline ratio; exits 1 when a median req/s ratio of a get or of create is below
# $FLOOR (0.85: encryption may cost at most 15 %).
# Then (PROFILE=0 skips it) each build once more per database under each get, create and update, with JFR: the
# server's CPU per request split into Java, GC and JIT threads, bytes allocated per request, and the vault build's
# CPU samples and allocation cut into shares by area: AES-GCM, HMAC, key and nonce randomness, the JSON of the
# sealed blob, the merchant keys. Rounds 0 profiles only.
# Usage: bench/vault.sh [seconds per scenario] [rounds]   (defaults 8 and 3, at least 3 to gate; 0 rounds: profile
# only; JAVA=/path/to/java picks the JDK; DATABASES=h2 or DATABASES=postgresql measures one database only)
# wrk runs on the same 2 cores as the server and PostgreSQL: compare lines of one run, not absolutes.
set -euo pipefail
export PGOPTIONS="-c client_min_messages=warning"
cd "$(dirname "$0")/.."
root=$(pwd)
seconds=${1:-8}
rounds=${2:-3}
base=${BASE:-454ae3e}
floor=${FLOOR:-0.85}
warm=${WARM:-10}
java=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
[ -x "$java" ] || java=$(command -v java)
jcmd=$(dirname "$(readlink -f "$java")")/jcmd
jfr=$(dirname "$(readlink -f "$java")")/jfr
seeded=500
airpay_pool=0
pg=(-h 127.0.0.1 -p 5432 -U postgres -d test)
scenarios=(health juspay-get flowwise-get juspay-create juspay-update)
gated=(juspay-get flowwise-get juspay-create)

# shellcheck source=bench/common.sh
. bench/common.sh
need_tools wrk:wrk psql:postgresql-client python3:python3
bench_workspace
baseline_src="$work/baseline-src"
vault_cleanup() {
  if [ -d "$baseline_src" ]; then git -C "$root" worktree remove --force "$baseline_src" || true; fi
  git -C "$root" worktree prune || true
  bench_cleanup
}
trap vault_cleanup EXIT

echo "building the vault jar from the checkout ($(git rev-parse --short HEAD)) and the baseline from $base" >&2
mvn -B -q package -DskipTests
cp target/clientele.jar "$work/vault.jar"
git worktree add --detach -q "$baseline_src" "$base"
(cd "$baseline_src" && mvn -B -q package -DskipTests)
cp "$baseline_src/target/clientele.jar" "$work/baseline.jar"

if psql "${pg[@]}" -qc "select 1" >/dev/null 2>&1; then
  databases=(h2 postgresql)
else
  databases=(h2)
  echo "PostgreSQL at 127.0.0.1:5432 (database test, user postgres) is unreachable: measuring H2 only" >&2
fi
if [ -n "${DATABASES:-}" ]; then # DATABASES="h2" (or "postgresql") measures one of them only
  read -r -a databases <<<"$DATABASES"
fi

# serve DATABASE NAME: starts $jar on a fresh database of its own (H2 in its data directory, or a new schema),
# seeded, and warms every measured path
serve() {
  local database=$1 name=$2 flags=()
  if [ "$database" = postgresql ]; then
    psql "${pg[@]}" -qc "create schema $name"
    schemas+=("$name")
    flags=(--database-url "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$name" --database-user postgres)
  fi
  start_seeded_server "$java" "$work/$name" "${flags[@]}"
  for s in juspay-get flowwise-get juspay-create juspay-update; do
    wrk -t2 -c16 "-d${warm}s" -s "bench/wrk/$s.lua" "http://127.0.0.1:$port" >/dev/null 2>&1
  done
}

stop() { # and removes the H2 files of the run; its schema goes on exit
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=
  rm -rf "$work/$1"
}

# the server's CPU time so far, in clock ticks (user + system)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; }
ticks_per_second=$(getconf CLK_TCK)

rows="$work/rows.tsv" # database round build scenario req/s non-2xx server-CPU-µs/req
: >"$rows"
verdict=0
for database in "${databases[@]}"; do
  for round in $(seq 1 "$rounds"); do
    order=(baseline vault)
    [ $((round % 2)) -eq 0 ] && order=(vault baseline)
    for build in "${order[@]}"; do
      jar="$work/$build.jar"
      serve "$database" "vault_${stamp}_${build}_$round"
      for s in "${scenarios[@]}"; do
        before=$(cpu_ticks)
        wrk -t2 -c16 -d"${seconds}s" -s "bench/wrk/$s.lua" "http://127.0.0.1:$port" >"$work/wrk.txt" 2>&1
        after=$(cpu_ticks)
        rps=$(grep -oP 'Requests/sec:\s+\K[0-9.]+' "$work/wrk.txt")
        requests=$(grep -oP '^\s*\K[0-9]+(?= requests in)' "$work/wrk.txt")
        non2xx=$(grep -oP 'Non-2xx or 3xx responses: \K[0-9]+' "$work/wrk.txt" || echo 0)
        printf '%s\t%s\t%s\t%s\t%.0f\t%s\t%.0f\n' "$database" "$round" "$build" "$s" "$rps" "$non2xx" \
          "$(python3 -c "print(($after - $before) * 1e6 / $ticks_per_second / $requests)")" | tee -a "$rows" >&2
      done
      stop "vault_${stamp}_${build}_$round"
    done
  done
done

echo
echo "$("$java" -version 2>&1 | head -n 1); $(nproc) cores; $seconds s per scenario; wrk -t2 -c16; $seeded seeded customers"
echo "baseline $(git -C "$root" rev-parse --short "$base"), vault $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' (with uncommitted changes)')"
[ "$rounds" = 0 ] || python3 - "$rows" "$rounds" "$floor" "${gated[*]}" "${scenarios[*]}" <<'EOF' || verdict=$?
import collections, statistics, sys
rows, rounds, floor = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
gated, scenarios = sys.argv[4].split(), sys.argv[5].split()
rps, cpu, non2xx = {}, {}, collections.Counter()
for line in open(rows):
    database, rnd, build, scenario, rate, bad, micros = line.rstrip("\n").split("\t")
    rps[database, int(rnd), build, scenario] = float(rate)
    cpu[database, int(rnd), build, scenario] = float(micros)
    non2xx[database, build] += int(bad)
missed = []
for database in dict.fromkeys(k[0] for k in rps):
    print(f"\n### {database}\n")
    head = "".join(f" baseline {r} | vault {r} |" for r in range(1, rounds + 1))

    def table(values, gate):
        """One row per scenario: each round's builds and the median vault/baseline ratio."""
        print(f"| scenario |{head} median vault/baseline |")
        print("|---|" + "---|" * (2 * rounds + 1))
        for s in scenarios:
            cells = "".join(f" {values[database, r, 'baseline', s]:,.0f} | {values[database, r, 'vault', s]:,.0f} |"
                            for r in range(1, rounds + 1))
            ratio = statistics.median(values[database, r, "vault", s] / values[database, r, "baseline", s]
                                      for r in range(1, rounds + 1))
            mark = ""
            if gate and s in gated and ratio < floor:
                mark = f" (below {floor})"
                missed.append(f"{database} {s} {ratio:.2f}")
            print(f"| {s} |{cells} {ratio:.2f}{mark} |")

    table(rps, True)
    print(f"\nThe server's CPU time per request (µs, user + system, from /proc), less touched by the other tenants:\n")
    table(cpu, False)
    print(f"\nnon-2xx responses: baseline {non2xx[database, 'baseline']}, vault {non2xx[database, 'vault']}")
if missed:
    print(f"\nencryption costs more than {100 * (1 - floor):.0f} % on: " + ", ".join(missed))
    sys.exit(1)
print(f"\nevery median ratio of gets and creates is at least {floor}")
EOF
[ "${PROFILE:-1}" = 0 ] && exit "$verdict"

# ---- where each build's server CPU goes, per request, under the gets, create and update ----
# From /proc, the CPU of the server's threads by kind: Java (requests, and H2 inside the server), GC (the
# collector's threads and the VM thread), JIT (compiler threads); from JFR (settings=profile, a Java sample every
# 1 ms) the bytes allocated per request (jdk.ObjectAllocationSample weights) and, for the vault build, the share of
# Java samples and of allocated bytes whose stack holds each area of encryption (a sample counts for every area on
# its stack).
thread_ticks() { # java gc jit
  for t in /proc/"$server_pid"/task/*; do
    printf '%s\t%s\n' "$(cat "$t/comm")" "$(awk '{ print $14 + $15 }' "$t/stat")"
  done 2>/dev/null | awk -F'\t' '$1 ~ /^(GC Thread|G1 |VM Thread)/ { gc += $2; next }
    $1 ~ /CompilerThre/ { jit += $2; next } { java += $2 } END { print java + 0, gc + 0, jit + 0 }'
}
profiled=(juspay-get flowwise-get juspay-create juspay-update)
split="$work/split.tsv" # database build scenario requests java-ticks gc-ticks jit-ticks
: >"$split"
for database in "${databases[@]}"; do
  for build in baseline vault; do
    jar="$work/$build.jar"
    serve "$database" "vault_${stamp}_profile_$build"
    for s in "${profiled[@]}"; do
      f="$work/$database-$build-$s"
      "$jcmd" "$server_pid" JFR.start name="$s" settings=profile 'jdk.ExecutionSample#period=1ms' \
        filename="$f.jfr" >/dev/null
      read -r java0 gc0 jit0 <<<"$(thread_ticks)"
      wrk -t2 -c16 -d"${seconds}s" -s "bench/wrk/$s.lua" "http://127.0.0.1:$port" >"$work/wrk.txt" 2>&1
      read -r java1 gc1 jit1 <<<"$(thread_ticks)"
      "$jcmd" "$server_pid" JFR.stop name="$s" >/dev/null
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$database" "$build" "$s" \
        "$(grep -oP '^\s*\K[0-9]+(?= requests in)' "$work/wrk.txt")" \
        $((java1 - java0)) $((gc1 - gc0)) $((jit1 - jit0)) >>"$split"
      "$jfr" print --events jdk.ExecutionSample --stack-depth 64 "$f.jfr" >"$f.samples"
      "$jfr" print --events jdk.ObjectAllocationSample --stack-depth 64 "$f.jfr" >"$f.allocations"
    done
    stop "vault_${stamp}_profile_$build"
  done
done
python3 - "$work" "$split" "$ticks_per_second" "${profiled[*]}" <<'EOF'
import re, sys
work, split, hz, profiled = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4].split()
areas = [
    ("io.clientele.vault (all of it)", ("io.clientele.vault.",)),
    ("AES-GCM seal and open (vault.Aead)", ("io.clientele.vault.Aead.",)),
    ("HMAC blind indexes (MerchantKeys.blind)", ("io.clientele.vault.MerchantKeys.blind",)),
    ("javax.crypto and com.sun.crypto.provider", ("javax.crypto.", "com.sun.crypto.provider.")),
    ("Cipher.getInstance, Mac.getInstance", ("javax.crypto.Cipher.getInstance", "javax.crypto.Mac.getInstance")),
    ("SecureRandom (anywhere)", ("java.security.SecureRandom.",)),
    ("JSON of the sealed blob (PersonalColumns.json, .parse)",
     ("io.clientele.storage.PersonalColumns.json", "io.clientele.storage.PersonalColumns.parse")),
    # not Keyring.writingUnderAVersion: an H2 create runs inside that lock, so it would count the whole create
    ("merchant keys (Keyring.keys, .reload)", ("io.clientele.storage.Keyring.keys", "io.clientele.storage.Keyring.reload")),
]
h2_areas = [
    ("H2, all of it (org.h2)", ("org.h2.",)),
    ("MVStore page writing at commit (Page$NonLeaf.writeUnsavedRecursive)",
     ("org.h2.mvstore.Page$NonLeaf.writeUnsavedRecursive",)),
    ("writing a string, a varint per character (DataUtils.writeVarInt, WriteBuffer.putVarInt)",
     ("org.h2.mvstore.DataUtils.writeVarInt", "org.h2.mvstore.WriteBuffer.putVarInt")),
    ("ValueDataType.writeString", ("org.h2.mvstore.db.ValueDataType.writeString",)),
    ("writing binary values (ValueDataType.writeBinary)", ("org.h2.mvstore.db.ValueDataType.writeBinary",)),
]
encryption = ("io.clientele.vault.", "javax.crypto.", "com.sun.crypto.provider.",
              "io.clientele.storage.PersonalColumns.json", "io.clientele.storage.PersonalColumns.parse",
              "io.clientele.storage.Keyring.keys", "io.clientele.storage.Keyring.reload")
UNITS = {"bytes": 1, "byte": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9}
ANY = "encryption: any of the above (SecureRandom only under them)"


def events(path, name):
    """Each event's frames and its weight (1 for an execution sample)."""
    for event in open(path).read().split(name)[1:]:
        frames = re.findall(r"^\s+([\w$.<>]+)\(", event, re.M)
        weight = re.search(r"weight = ([0-9.,]+) (\w+)", event)
        yield frames, (float(weight[1].replace(",", "")) * UNITS[weight[2]] if weight else 1)


def shares(path, name):
    total, hits = 0, dict.fromkeys([a for a, _ in areas] + [ANY], 0)
    for frames, weight in events(path, name):
        if not frames:
            continue
        total += weight
        for area, needles in areas:
            if any(f.startswith(n) for f in frames for n in needles):
                hits[area] += weight
        if any(f.startswith(n) for f in frames for n in encryption):
            hits[ANY] += weight
    return {a: 100 * h / max(total, 1) for a, h in hits.items()}, total


rows = [line.rstrip("\n").split("\t") for line in open(split)]
for database in dict.fromkeys(r[0] for r in rows):
    print(f"\n### {database}: the server's CPU and allocation per request, under JFR\n")
    print("| build | scenario | server CPU µs/req | Java threads | GC | JIT | allocated KB/req |")
    print("|---|---|---|---|---|---|---|")
    for _, build, s, requests, java, gc, jit in (r for r in rows if r[0] == database):
        n = int(requests)
        us = [int(t) * 1e6 / hz / n for t in (java, gc, jit)]
        _, allocated = shares(f"{work}/{database}-{build}-{s}.allocations", "jdk.ObjectAllocationSample")
        print(f"| {build} | {s} | {sum(us):.0f} | {us[0]:.0f} | {us[1]:.0f} | {us[2]:.0f} | {allocated / n / 1e3:.1f} |")
    for kind, file, name in (("Java CPU samples", "samples", "jdk.ExecutionSample"),
                             ("allocated bytes", "allocations", "jdk.ObjectAllocationSample")):
        print(f"\n### {database}: share of the vault build's {kind} by area\n")
        print("| area |" + "".join(f" {s} |" for s in profiled))
        print("|---|" + "---|" * len(profiled))
        cut = {s: shares(f"{work}/{database}-vault-{s}.{file}", name) for s in profiled}
        for area in [a for a, _ in areas] + [ANY]:
            print(f"| {area} |" + "".join(f" {cut[s][0][area]:.1f}% |" for s in profiled))
        if file == "samples":
            print("| samples |" + "".join(f" {cut[s][1]:.0f} |" for s in profiled))
    if database == "h2":
        # H2 runs inside the server: where its share of the samples goes when a commit writes pages, per build
        saved = areas
        areas = h2_areas
        print("\n### h2: share of each build's Java CPU samples in H2's page writing\n")
        print("| area | build |" + "".join(f" {s} |" for s in profiled))
        print("|---|---|" + "---|" * len(profiled))
        for area, _ in h2_areas:
            for build in ("baseline", "vault"):
                cut = {s: shares(f"{work}/h2-{build}-{s}.samples", "jdk.ExecutionSample") for s in profiled}
                print(f"| {area} | {build} |" + "".join(f" {cut[s][0][area]:.1f}% |" for s in profiled))
        areas = saved
EOF
exit "$verdict"

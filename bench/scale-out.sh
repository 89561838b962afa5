#!/usr/bin/env bash
# The scale-out benchmark of docs/scale-out.md: wall time and peak memory of the audit on the
# 1500 pupils / 150 staff / 39 weeks school with DuckDB, Spark local[2] and a two-worker
# standalone cluster on 127.0.0.1, then on a five-school trust. Long (about 20 minutes on 2
# cores) and memory-hungry (about 13 GB): run it by hand, never from the test command.
#
#   bench/scale-out.sh [WORK_DIR]        (default: target/bench under the project)
#
# Writes WORK_DIR/results.txt: one line per run with wall seconds and peak RSS (GNU time), and
# for cluster runs the peak of driver + executors sampled every 2 s. Needs /usr/bin/time.
set -euo pipefail

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
W="$(readlink -f "${1:-$ROOT/target/bench}")"
A="$ROOT/auditor"
mkdir -p "$W"
cd "$W"
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 2; }
"$A" --help > /dev/null # builds the application once, before anything is timed

RESULTS="$W/results.txt"
: > "$RESULTS"

# measure NAME COMMAND...: GNU time's wall clock and maximum RSS of the command (the driver JVM)
measure() {
  local name="$1"; shift
  /usr/bin/time -v -o "$W/$name.time" "$@" > "$W/$name.log" 2>&1
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$W/$name.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.2f GB", $2 / 1048576}' "$W/$name.time")
  echo "$name: wall $wall, peak RSS $rss, load average before: $LOAD" | tee -a "$RESULTS"
}

# sample SECONDS_FILE: the summed RSS of driver and executors every 2 s, until killed
sample_rss() {
  while true; do
    ps -eo rss,args | awk '/[j]ava/ && !/deploy\.(master|worker)/ {s += $1} END {print s}'
    sleep 2
  done
}

one_school() {
  "$A" generate --out big --pupils 1500 --staff 150 --weeks 39 --school-id BIG > big-generate.log 2>&1
  "$A" ingest --db big.duckdb --config big/auditor.yaml big > big-ingest.log 2>&1 || true
  LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
  measure duckdb-39-weeks "$A" audit --db big.duckdb --config big/auditor.yaml --out duckdb-39-weeks.csv
  "$A" export --db big.duckdb --config big/auditor.yaml --parquet pq-big > big-export.log 2>&1
  LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
  measure spark-local2-39-weeks "$A" audit --engine spark --master 'local[2]' --input pq-big \
    --config big/auditor.yaml --out spark-local2-39-weeks.csv
}

trust() {
  for i in 1 2 3 4 5; do
    "$A" generate --out trust/s$i --school-id SCH$i --seed $((100 + i)) > trust-generate-$i.log 2>&1
    "$A" ingest --db trust/s$i.duckdb --config trust/s$i/auditor.yaml trust/s$i > trust-ingest-$i.log 2>&1 || true
    LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
    measure duckdb-trust-school-$i "$A" audit --db trust/s$i.duckdb --config trust/s$i/auditor.yaml \
      --out trust-duckdb-$i.csv
    "$A" export --db trust/s$i.duckdb --config trust/s$i/auditor.yaml --parquet pq-trust > trust-export-$i.log 2>&1
  done
  LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
  measure spark-local2-trust "$A" audit --engine spark --master 'local[2]' --input pq-trust \
    --config trust/s1/auditor.yaml --out spark-local2-trust.csv
}

cluster_run() { # NAME INPUT CONFIG
  sample_rss > "$W/$1.rss" &
  local sampler=$!
  LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
  AUDITOR_JAVA_OPTS="-Dspark.executor.memory=5g" measure "$1" "$A" audit --engine spark \
    --master spark://127.0.0.1:7177 --input "$2" --config "$3" --out "$1.csv"
  kill "$sampler"
  echo "$1: peak RSS of driver + executors $(sort -n "$W/$1.rss" | tail -1 | awk '{printf "%.2f GB", $1 / 1048576}')" \
    | tee -a "$RESULTS"
}

cluster() {
  mkdir -p spark-home
  ln -sfn "$ROOT/dashboard/target/lib" spark-home/jars
  export SPARK_HOME="$W/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
  local flags
  flags=$(sed -n '/^JAVA_FLAGS=(/,/^)/p' "$A" | grep -v 'JAVA_FLAGS\|^)' | tr '\n' ' ')
  # shellcheck disable=SC2086
  java $flags -Dspark.master.rest.enabled=false -cp 'spark-home/jars/*' org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port 7177 --webui-port 8180 > master.log 2>&1 &
  PIDS=($!)
  sleep 8
  for n in 1 2; do
    # shellcheck disable=SC2086
    java $flags -cp 'spark-home/jars/*' org.apache.spark.deploy.worker.Worker spark://127.0.0.1:7177 \
      --host 127.0.0.1 --cores 1 --memory 6g --work-dir "$W/worker-$n" --webui-port $((8180 + n)) > worker-$n.log 2>&1 &
    PIDS+=($!)
  done
  sleep 10
  cluster_run spark-cluster-39-weeks pq-big big/auditor.yaml
  cluster_run spark-cluster-trust pq-trust trust/s1/auditor.yaml
}

stop_cluster() {
  [ -n "${PIDS:-}" ] && kill "${PIDS[@]}" 2>/dev/null || true
  pkill -f 'CoarseGrainedExecutorBackend.*127.0.0.1' 2>/dev/null || true
}
trap stop_cluster EXIT

one_school
trust
cluster
echo "Results in $RESULTS"

#!/usr/bin/env bash
# Issue 14's measurement, run by hand on a quiet machine (never from a test):
#   bench/perf.sh [WORK_DIR]        (default bench/work/, which git ignores)
# For the default generated school and the 39-week one (1,500 pupils, 150 staff) it runs, back to
# back under GNU time:
#   floor    bench/floor.sql through bench/Floor.java: DuckDB's own readers with every column
#            named, then plain window/anti-join SQL answering the core questions
#   floor kept  the same floor into a new DuckDB file instead of memory (its tables written when it
#            closes): what keeping rows costs before any of the product's other duties
#   ingest   `auditor ingest` of the same folders into a fresh store
#   audit    `auditor audit` of that store
# and prints wall, CPU (user + system) and peak RSS of each, and the product's ratio to the floor.
# Then, on the 39-week school: a new week (week 39) into a store holding weeks 1-38, the audit of
# that week (audit --from Monday --to Sunday), and `status` on the full-year store.
# The schools, and the store of weeks 1-38, are made once and kept in WORK_DIR (delete them to
# start again). PERF_DEFAULT_ONLY=1 runs the default school only. SCHOOL39=DIR uses an existing 39-week school instead of generating one (read only).
# The load average is printed with every figure: on a shared machine, compare only runs made in
# the same conditions.
set -euo pipefail

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
WORK="$(mkdir -p "${1:-$ROOT/bench/work}" && cd "${1:-$ROOT/bench/work}" && pwd)"
AUDITOR="$ROOT/auditor"
# DuckDB's memory limit for every audit: empty (the default) measures the product as it ships,
# with the store's own limit (store.memory_limit, else 512MB: docs/configuration.md); e.g. 3GB
# measures a school that gives DuckDB more memory.
AUDIT_MEMORY="${PERF_AUDIT_MEMORY:-}"
MEMORY_FLAG=()
[ -z "$AUDIT_MEMORY" ] || MEMORY_FLAG=(--memory-limit "$AUDIT_MEMORY")
JAR="$ROOT/dashboard/target/auditor.jar"
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "perf.sh: GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 2; }
command -v python3 >/dev/null || { echo "perf.sh: python3 is needed to read the school's manifest" >&2; exit 2; }

"$AUDITOR" --version >/dev/null # builds the jar first when the sources changed, outside any timing

DEFAULT_SCHOOL="$WORK/school-default"
SCHOOL39="${SCHOOL39:-$WORK/school39}"
[ -f "$DEFAULT_SCHOOL/manifest.json" ] || "$AUDITOR" generate --out "$DEFAULT_SCHOOL" >/dev/null
[ -n "${PERF_DEFAULT_ONLY:-}" ] || [ -f "$SCHOOL39/manifest.json" ] || "$AUDITOR" generate --out "$SCHOOL39" --pupils 1500 --staff 150 --weeks 39 >/dev/null

# The floor's runner, compiled once so no timing includes compilation.
CLASSES="$WORK/classes"
if [ ! -f "$CLASSES/Floor.class" ] || [ "$ROOT/bench/Floor.java" -nt "$CLASSES/Floor.class" ]; then
  mkdir -p "$CLASSES" && javac -d "$CLASSES" "$ROOT/bench/Floor.java"
fi

RESULTS="$WORK/results-$(date -u +%Y%m%dT%H%M%SZ).tsv"
printf 'school\tstep\twall_s\tcpu_s\tpeak_rss_mib\tload_before\tload_after\n' >"$RESULTS"

load() { cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/'; }

# measure SCHOOL STEP LOG COMMAND...: runs the command under GNU time, appends a row.
measure() {
  local school="$1" step="$2" log="$3"; shift 3
  # What the steps before wrote (a 230 MB store copied just now, a whole year's store) is written
  # back first, untimed, so the kernel's writeback of it is not inside this command's time; the
  # command's own writes (DuckDB's checkpoints sync the store) still are.
  sync
  local before; before="$(load)"
  if ! "$TIME" -f '%e %U %S %M' -o "$WORK/.time" "$@" >"$log" 2>&1; then
    echo "perf.sh: $school $step failed; see $log" >&2
    tail -5 "$log" >&2
    exit 1
  fi
  read -r wall user sys rss <"$WORK/.time"
  printf '%s\t%s\t%s\t%.2f\t%d\t%s\t%s\n' "$school" "$step" "$wall" "$(awk "BEGIN{print $user + $sys}")" \
    "$((rss / 1024))" "$before" "$(load)" >>"$RESULTS"
}

end_to_end() {
  local name="$1" school="$2"
  local db="$WORK/$name.duckdb"
  measure "$name" floor "$WORK/$name-floor.log" java -cp "$CLASSES:$JAR" Floor "$ROOT/bench/floor.sql" "$school"
  rm -f "$WORK/$name-floor.duckdb" "$WORK/$name-floor.duckdb.wal"
  measure "$name" "floor kept" "$WORK/$name-floor-kept.log" java -cp "$CLASSES:$JAR" Floor "$ROOT/bench/floor.sql" "$school" \
    "$WORK/$name-floor.duckdb"
  rm -f "$WORK/$name-floor.duckdb" "$WORK/$name-floor.duckdb.wal"
  rm -f "$db" "$db.wal"
  measure "$name" ingest "$WORK/$name-ingest.log" "$AUDITOR" ingest --db "$db" \
    "$school"/roster "$school"/mis "$school"/cpoms "$school"/entra "$school"/google "$school"/windows
  measure "$name" audit "$WORK/$name-audit.log" "$AUDITOR" audit --db "$db" --config "$school/auditor.yaml" "${MEMORY_FLAG[@]}"
}

end_to_end default "$DEFAULT_SCHOOL"
if [ -n "${PERF_DEFAULT_ONLY:-}" ]; then SCHOOL39=; fi # a quick check of the script itself
[ -z "$SCHOOL39" ] || end_to_end school39 "$SCHOOL39"

if [ -n "$SCHOOL39" ]; then
# A weekly run on a full year: a store of weeks 1-38 (made once, then copied), week 39 loaded into
# it, and the audit of that week alone.
LAST="$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); w=m["weeks"][-1]; print(w["week"], w["monday"])' "$SCHOOL39/manifest.json")"
WEEK="$(printf '%02d' "${LAST%% *}")"
MONDAY="${LAST##* }"
SUNDAY="$(date -d "$MONDAY + 6 days" +%F)"
YEAR_BEFORE="$WORK/school39-before-last-week.duckdb"
if [ ! -f "$YEAR_BEFORE" ]; then
  mapfile -t earlier < <(find "$SCHOOL39"/mis "$SCHOOL39"/cpoms "$SCHOOL39"/entra "$SCHOOL39"/google "$SCHOOL39"/windows \
    -type f ! -name "*-week-$WEEK.*" | sort)
  "$AUDITOR" ingest --db "$YEAR_BEFORE.tmp" "$SCHOOL39"/roster "${earlier[@]}" >"$WORK/before-last-week.log" 2>&1
  "$AUDITOR" audit --db "$YEAR_BEFORE.tmp" --config "$SCHOOL39/auditor.yaml" "${MEMORY_FLAG[@]}" >>"$WORK/before-last-week.log" 2>&1
  mv "$YEAR_BEFORE.tmp" "$YEAR_BEFORE"
fi
# A cache made by an older build would take this build's new migrations (a read of the whole
# store) inside the timed weekly ingest; opening it once here, untimed, brings it up to date.
"$AUDITOR" status --db "$YEAR_BEFORE" --config "$SCHOOL39/auditor.yaml" >/dev/null 2>&1
# A school audits week by week, so the week before has been audited by this build (untimed) and
# what an audit keeps for the next (the teaching activity's weeks: docs/performance.md,
# keptteaching) is there, as it would be for the school.
"$AUDITOR" audit --db "$YEAR_BEFORE" --config "$SCHOOL39/auditor.yaml" "${MEMORY_FLAG[@]}" \
  --from "$(date -d "$MONDAY - 7 days" +%F)" --to "$(date -d "$MONDAY - 1 day" +%F)" >>"$WORK/before-last-week.log" 2>&1
WEEKLY="$WORK/school39-weekly.duckdb"
rm -f "$WEEKLY" "$WEEKLY.wal"
cp "$YEAR_BEFORE" "$WEEKLY"
mapfile -t newweek < <(find "$SCHOOL39"/mis "$SCHOOL39"/cpoms "$SCHOOL39"/entra "$SCHOOL39"/google "$SCHOOL39"/windows \
  -type f -name "*-week-$WEEK.*" | sort)
measure school39 "ingest week $WEEK" "$WORK/weekly-ingest.log" "$AUDITOR" ingest --db "$WEEKLY" "${newweek[@]}"
measure school39 "audit $MONDAY..$SUNDAY" "$WORK/weekly-audit.log" \
  "$AUDITOR" audit --db "$WEEKLY" --config "$SCHOOL39/auditor.yaml" --from "$MONDAY" --to "$SUNDAY" \
  "${MEMORY_FLAG[@]}"
measure school39 status "$WORK/status.log" "$AUDITOR" status --db "$WEEKLY" --config "$SCHOOL39/auditor.yaml"
fi

# The table, and the product's ratio to the floor (ingest + audit against the floor).
python3 - "$RESULTS" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
print(f"{'school':9} {'step':26} {'wall s':>8} {'CPU s':>8} {'peak RSS MiB':>13}  load 1/5/15 min before -> after")
for r in rows:
    print(f"{r['school']:9} {r['step']:26} {float(r['wall_s']):8.2f} {float(r['cpu_s']):8.2f} "
          f"{int(r['peak_rss_mib']):13d}  {r['load_before']} -> {r['load_after']}")
print()
for school in ('default', 'school39'):
    s = {r['step']: r for r in rows if r['school'] == school}
    if 'floor' not in s:
        continue
    for what, col in (('wall', 'wall_s'), ('CPU', 'cpu_s')):
        product = float(s['ingest'][col]) + float(s['audit'][col])
        print(f"{school}: ingest + audit {product:.2f} s {what} against the floor's {float(s['floor'][col]):.2f} s: "
              f"ratio {product / float(s['floor'][col]):.2f}")
        if 'floor kept' in s:  # absent from results written before it was measured
            kept = float(s['floor kept'][col])
            print(f"{school}:   against the floor kept in a file, {kept:.2f} s {what}: ratio {product / kept:.2f}")
print(f"\n(rows kept in {sys.argv[1]})")
PY

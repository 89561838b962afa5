#!/usr/bin/env bash
# Executes every notebook in this folder headlessly with the project's classes, as part of
# `mvn -B -ntp verify` (dashboard module, verify phase). Outputs go to notebooks/target/executed/;
# the committed notebooks are never written. Exits non-zero when any cell fails.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
T="$HERE/target"
KERNEL_VERSION=3.0.1

# 1. Jupyter from Debian (PyPI is not needed).
if ! command -v jupyter >/dev/null 2>&1 || ! jupyter nbconvert --version >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "notebooks: installing jupyter-nbconvert and jupyter-client from Debian"
    apt-get install -y -q --no-install-recommends jupyter-nbconvert jupyter-client >/dev/null \
      || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends jupyter-nbconvert jupyter-client >/dev/null; }
  else
    echo "notebooks: SKIPPED - jupyter nbconvert is not installed and this is not root with apt-get."
    echo "notebooks: install it with: sudo apt-get install --no-install-recommends jupyter-nbconvert jupyter-client"
    exit 0
  fi
fi

mkdir -p "$T"

# 2. The application's jars (built by the package phase).
APP="$ROOT/dashboard/target/auditor.jar"
LIB="$ROOT/dashboard/target/lib"
[ -f "$APP" ] || { echo "notebooks: $APP missing; run mvn package first" >&2; exit 1; }

# 3. The Java kernel from Maven Central, and the start-up fix ahead of it on its class path.
KJAR="$T/kernel/rapaio-jupyter-kernel-$KERNEL_VERSION.jar"
if [ ! -f "$KJAR" ]; then
  mvn -B -q -ntp -f "$ROOT/pom.xml" -N dependency:copy \
    -Dartifact="io.github.padreati:rapaio-jupyter-kernel:$KERNEL_VERSION" -DoutputDirectory="$T/kernel"
fi
FIX="$T/kernel-fix"
mkdir -p "$FIX"
javac -nowarn -d "$FIX" -cp "$KJAR" "$HERE/kernel-fix/org/rapaio/jupyter/kernel/channels/LoopThread.java"

# 4. Jupyter's state inside target/.
export JUPYTER_PATH="$T/jupyter" JUPYTER_CONFIG_DIR="$T/jupyter/config" JUPYTER_DATA_DIR="$T/jupyter/data"
export JUPYTER_RUNTIME_DIR="$T/jupyter/runtime" IPYTHONDIR="$T/jupyter/ipython"
mkdir -p "$JUPYTER_PATH/kernels/auditor-java" "$JUPYTER_CONFIG_DIR" "$JUPYTER_DATA_DIR" "$JUPYTER_RUNTIME_DIR" "$IPYTHONDIR"
cat > "$JUPYTER_PATH/kernels/auditor-java/kernel.json" <<JSON
{
  "argv": ["java", "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
           "-cp", "$FIX:$KJAR", "org.rapaio.jupyter.kernel.MainApp", "{connection_file}"],
  "display_name": "Java (School Access Auditor)",
  "language": "java",
  "interrupt_mode": "message",
  "env": {
    "RJK_CLASSPATH": "$APP;$LIB/auditor-*.jar;$LIB/duckdb_jdbc-*.jar;$LIB/jackson-annotations-*.jar;$LIB/jackson-core-*.jar;$LIB/jackson-databind-*.jar;$LIB/jackson-dataformat-*.jar;$LIB/jackson-datatype-jsr310-*.jar;$LIB/snakeyaml-*.jar;$LIB/commons-math3-*.jar"
  }
}
JSON

# 5. A small generated, labelled school, ingested and audited (again whenever the jar is newer).
SCHOOL="$T/school"
DB="$T/audit.duckdb"
if [ ! "$T/school.ok" -nt "$APP" ]; then
  rm -rf "$SCHOOL" "$DB" "$DB.wal"
  A=(java -Dauditor.home="$ROOT" -jar "$APP")
  "${A[@]}" generate --out "$SCHOOL" --pupils 300 --staff 40 --weeks 4 --start 2026-09-07 --seed 8 >/dev/null
  "${A[@]}" ingest --db "$DB" "$SCHOOL"/{roster,mis,cpoms,entra,google,windows} >/dev/null
  "${A[@]}" audit --db "$DB" --config "$SCHOOL/auditor.yaml" >/dev/null
  touch "$T/school.ok"
fi
export AUDITOR_DB="$DB" AUDITOR_SCHOOL="$SCHOOL" AUDITOR_OUT="$T/executed"

# 6. Execute every notebook into target/executed/.
mkdir -p "$T/executed"
failed=0
start=$(date +%s)
for nb in "$HERE"/*.ipynb; do
  name="$(basename "$nb")"
  t0=$(date +%s)
  if jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=300 \
       --ExecutePreprocessor.kernel_name=auditor-java --output-dir "$T/executed" "$nb" \
       >"$T/executed/${name%.ipynb}.log" 2>&1; then
    echo "notebooks: $name ok ($(( $(date +%s) - t0 )) s)"
  else
    echo "notebooks: $name FAILED ($(( $(date +%s) - t0 )) s):" >&2
    tail -n 40 "$T/executed/${name%.ipynb}.log" >&2
    failed=1
  fi
done
echo "notebooks: all executed in $(( $(date +%s) - start )) s"
exit $failed

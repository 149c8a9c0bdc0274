#!/usr/bin/env bash
# Side-by-side benchmark: trains the same workloads in dynrnn, PyTorch and DJL, alternating between
# them, and prints time per iteration and the ratios (bench/README.md).
#
#   bench/run.sh [--with-djl] [Compare options: --workload a,b --rounds 3 --iterations N --program ...]
#
# Builds the bench jar when it is missing or older than the sources. DJL is never built unless
# --with-djl is given (its jars are ~115 MB); without it a DJL that was built before is used, and
# otherwise DJL is reported as not built. PyTorch is skipped with a message when /usr/bin/python3
# (or --python PATH) cannot import torch.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_jar="$root/bench/target/benchmarks.jar"
djl_jar="$root/bench/djl/target/dynrnn-bench-djl.jar"

with_djl=false
args=()
for arg in "$@"; do
  case "$arg" in
    --with-djl) with_djl=true ;;
    *) args+=("$arg") ;;
  esac
done

java_bin="${JAVA_HOME:+$JAVA_HOME/bin/java}"
[ -n "$java_bin" ] && [ -x "$java_bin" ] || java_bin="$(command -v java || true)"
[ -n "$java_bin" ] || { echo "bench: no java found (set JAVA_HOME or put Java 17+ on PATH)" >&2; exit 1; }
java_home="$(dirname "$(dirname "$(readlink -f "$java_bin")")")"

stale() {  # stale JAR DIR...: the jar is missing or a file under the DIRs is newer
  local jar="$1"; shift
  [ -f "$jar" ] || return 0
  [ -n "$(find "$@" -newer "$jar" -print -quit 2>/dev/null)" ]
}

build() {  # build LOG MAVEN-ARGS...
  local log="$1"; shift
  mkdir -p "$(dirname "$log")"
  if ! JAVA_HOME="$java_home" mvn -B -q -f "$root/pom.xml" -DskipTests "$@" package >"$log" 2>&1; then
    cat "$log" >&2
    echo "bench: build failed (log: $log)" >&2
    exit 1
  fi
}

if stale "$bench_jar" "$root/pom.xml" "$root/core/pom.xml" "$root/core/src/main" "$root/bench/pom.xml" \
         "$root/bench/src/main"; then
  echo "bench: building the bench jar..." >&2
  build "$root/bench/target/build.log" -pl bench -am
  touch "$bench_jar"   # as for the DJL jar below
fi

if $with_djl && stale "$djl_jar" "$root/bench/djl/pom.xml" "$root/bench/djl/src" "$root/bench/src/main"; then
  echo "bench: building the DJL runner (downloads ~115 MB of jars on first use)..." >&2
  build "$root/bench/djl/target/build.log" -Pdjl -pl bench/djl -am
  # Maven leaves a jar whose contents did not change untouched, old date and all; without this
  # the jar stays "stale" and is rebuilt before every run, right before the timed rounds
  touch "$djl_jar"
fi

exec "$java_bin" -cp "$bench_jar" dev.dynrnn.bench.compare.Compare --root "$root" ${args[@]+"${args[@]}"}

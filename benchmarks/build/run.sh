#!/usr/bin/env bash
# Build-context benchmark: `c4j build` against `buildctl build`, side by side, same buildkitd.
#
# The Dockerfile is `FROM alpine:3.13` + `COPY . /ctx` over a generated context of FILES files
# totalling TOTAL_MB megabytes (default 20,000 files, 200 MB), so the time is dominated by the
# context transfer over the session (FileSync/fsutil) and the COPY. The build cache is pruned
# (`buildctl prune --all`) before every single build, so every run transfers the whole context.
# Runs alternate which tool goes first. Prints each run, the medians and the ratio c4j/buildctl.
#
# Usage: eval "$(scripts/test-env env)"; benchmarks/build/run.sh
# Env:   RUNS (5), FILES (20000), TOTAL_MB (200), BENCH_BUILDKIT_HOST (default C4J_BUILDKIT_OCI_HOST),
#        C4J_BIN (default examples/bin/c4j), C4J_HEAP (default 256m: the c4j JVM's -Xmx, to show the
#        transfer runs in bounded memory), BENCH_DIR (default /var/tmp/c4j-bench-build).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${RUNS:-5}
FILES=${FILES:-20000}
TOTAL_MB=${TOTAL_MB:-200}
HOST=${BENCH_BUILDKIT_HOST:-${C4J_BUILDKIT_OCI_HOST:?run: eval \"\$(scripts/test-env env)\" first}}
BUILDCTL=${C4J_BUILDCTL:?run: eval \"\$(scripts/test-env env)\" first}
C4J=${C4J_BIN:-$repo/examples/bin/c4j}
C4J_HEAP=${C4J_HEAP:-256m}
BENCH_DIR=${BENCH_DIR:-/var/tmp/c4j-bench-build}
CTX=$BENCH_DIR/context-$FILES-$TOTAL_MB
DF_DIR=$BENCH_DIR/dockerfile

[ -x "$C4J" ] || { echo "c4j launcher not found at $C4J (build the examples module first)" >&2; exit 1; }
c4j_cmd=("$C4J")
if ! "$C4J" --help 2>&1 | grep -qE '^ +build( |$)'; then
  # the top command does not list `build` yet: run c4j with the build commands added
  cp_file=$repo/examples/target/c4j.classpath
  [ -f "$cp_file" ] || { echo "run examples/bin/c4j once to build the CLI" >&2; exit 1; }
  c4j_cmd=(java -cp "$repo/examples/target/classes:$(cat "$cp_file")" dev.containerd4j.cli.build.BuildCommands)
fi

if [ ! -f "$CTX/.complete" ]; then
  echo "generating $FILES files, $TOTAL_MB MB in $CTX ..." >&2
  rm -rf "$CTX"
  python3 - "$CTX" "$FILES" "$TOTAL_MB" <<'PY'
import os, sys, random
root, files, total_mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
size = total_mb * 1024 * 1024 // files
rnd = random.Random(42)
per_dir = 100
for i in range(files):
    d = os.path.join(root, "d%03d" % (i // per_dir))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%05d.bin" % i), "wb") as f:
        f.write(rnd.randbytes(size))
open(os.path.join(root, ".complete"), "w").close()
PY
fi
mkdir -p "$DF_DIR"
printf 'FROM alpine:3.13\nCOPY . /ctx\n' > "$DF_DIR/Dockerfile"
printf '.complete\n' > "$CTX/.dockerignore"

prune() { "$BUILDCTL" --addr "$HOST" prune --all >/dev/null; }
now_ms() { date +%s%3N; }

run_c4j() {
  if [ "${c4j_cmd[0]}" = java ]; then
    java -Xmx"$C4J_HEAP" "${c4j_cmd[@]:1}" --buildkit-host "$HOST" build -q --no-cache -o type=cacheonly -f "$DF_DIR/Dockerfile" "$CTX" >/dev/null
    return
  fi
  C4J_JAVA_OPTS="-Xmx$C4J_HEAP ${C4J_JAVA_OPTS:-}" "$C4J" --buildkit-host "$HOST" build -q --no-cache -o type=cacheonly \
    -f "$DF_DIR/Dockerfile" "$CTX" >/dev/null
}
run_buildctl() {
  "$BUILDCTL" --addr "$HOST" build --frontend dockerfile.v0 --no-cache \
    --local context="$CTX" --local dockerfile="$DF_DIR" --progress=plain >/dev/null 2>&1
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

c4j_times=()
ctl_times=()
for i in $(seq 1 "$RUNS"); do
  for tool in $( ((i % 2)) && echo "c4j buildctl" || echo "buildctl c4j"); do
    prune
    t0=$(now_ms)
    if [ "$tool" = c4j ]; then run_c4j; else run_buildctl; fi
    t=$(( $(now_ms) - t0 ))
    echo "run $i $tool ${t} ms" >&2
    if [ "$tool" = c4j ]; then c4j_times+=("$t"); else ctl_times+=("$t"); fi
  done
done
prune

c4j_med=$(printf '%s\n' "${c4j_times[@]}" | median)
ctl_med=$(printf '%s\n' "${ctl_times[@]}" | median)
ratio=$(awk -v a="$c4j_med" -v b="$ctl_med" 'BEGIN {printf "%.2f", a/b}')
bk_version=$("$BUILDCTL" --addr "$HOST" debug info 2>/dev/null | awk '/BuildKit:/ {print $2, $3}' || true)
echo "context: $FILES files, $TOTAL_MB MB; buildkitd: $HOST ${bk_version}; runs: $RUNS; c4j heap: -Xmx$C4J_HEAP"
echo "c4j build      median ${c4j_med} ms  (${c4j_times[*]})"
echo "buildctl build median ${ctl_med} ms  (${ctl_times[*]})"
echo "ratio c4j/buildctl: $ratio"

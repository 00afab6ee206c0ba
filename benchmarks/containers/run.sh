#!/usr/bin/env bash
# Container run-to-exit benchmark: containerd4j against ctr and nerdctl, side by side in one run.
#
#   eval "$(scripts/test-env env)"; benchmarks/containers/run.sh [ROUNDS]
#
# Times `true` in busybox from start to exit and removal, like with like:
#   - no network: the SDK call in a warm JVM (BenchContainers.java), `c4j run --rm --network none` (a fresh
#     JVM per run) and `ctr run --rm` (which sets up no network);
#   - bridge network: `c4j run --rm` against `nerdctl run --rm` (containerd 2.x only: nerdctl 2.x);
#   - 20 concurrent runs: through one client (warm JVM) against 20 concurrent `ctr run --rm` processes;
#   - the floor: `runc run` of a bundle holding a static busybox (no containerd, no shim).
# Each daemon of the test environment in turn (BENCH_DAEMONS="2 16" by default). Prints every figure,
# medians and ratios (c4j / peer). Goals (issue 5): warm SDK <= 0.9 x ctr run --rm; 20 concurrent through one
# client <= 0.8 x 20 concurrent ctr run --rm.
set -euo pipefail
rounds="${1:-7}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
: "${CONTAINERD_ADDRESS:?eval \"\$(scripts/test-env env)\" first}" "${C4J_CONTAINERD16_ADDRESS:?}" "${C4J_CTR:?}" "${C4J_CTR16:?}" "${C4J_NERDCTL:?}"
ns=c4j-bench-run
image=docker.io/library/busybox:latest
c4j="$root/examples/bin/c4j"
cpfile="$root/examples/target/c4j.classpath"
[[ -f $cpfile ]] || "$c4j" version >/dev/null
cp="$(cat "$cpfile"):$root/examples/target/classes"
runc_bin="$(command -v runc || echo /usr/sbin/runc)"
busybox_bin="$(command -v busybox || true)"

now_ms() { date +%s%N | cut -b1-13; }
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
timed() {
  local s e out; out=$(mktemp); s=$(now_ms)
  "$@" >"$out" 2>&1 || { echo "failed: $*" >&2; cat "$out" >&2; rm -f "$out"; return 1; }
  e=$(now_ms); rm -f "$out"; echo $((e - s))
}

floor() {
  [[ -n $busybox_bin ]] || { echo "no static busybox on the host: floor skipped" >&2; return; }
  local b=/var/tmp/c4j-bench-runc; rm -rf "$b"; mkdir -p "$b/rootfs/bin"
  cp "$busybox_bin" "$b/rootfs/bin/busybox"; ln -s busybox "$b/rootfs/bin/true"
  (cd "$b" && "$runc_bin" spec && python3 - <<'PY'
import json
c = json.load(open("config.json"))
c["process"]["args"] = ["/bin/true"]; c["process"]["terminal"] = False
json.dump(c, open("config.json", "w"))
PY
  )
  local t=()
  for i in $(seq 1 "$rounds"); do t+=("$(timed "$runc_bin" --root /run/c4j-bench-runc run --bundle "$b" "floor-$i")"); done
  echo "runc run (floor):            ${t[*]}  median $(echo "${t[*]}" | median) ms"
  rm -rf "$b" /run/c4j-bench-runc
}

bench_daemon() {
  local which="$1" addr ctr
  if [[ $which == 16 ]]; then addr="$C4J_CONTAINERD16_ADDRESS"; ctr="$C4J_CTR16"; else addr="$CONTAINERD_ADDRESS"; ctr="$C4J_CTR"; fi
  echo "== containerd $which ($("$ctr" -a "$addr" version 2>/dev/null | awk '/Server:/{s=1} s&&/Version:/{print $2; exit}'))"
  CONTAINERD_ADDRESS="$addr" CONTAINERD_NAMESPACE="$ns" "$c4j" pull busybox >/dev/null 2>&1
  local sdk cli ctr_t=() cli_t=() i
  sdk=$(CONTAINERD_ADDRESS="$addr" CONTAINERD_NAMESPACE="$ns" java -cp "$cp" "$here/BenchContainers.java" serial "$image" none "$rounds" 2>/dev/null | sed -n 's/^ms=//p' | tr '\n' ' ')
  for i in $(seq 1 "$rounds"); do
    ctr_t+=("$(timed "$ctr" -a "$addr" -n "$ns" run --rm "$image" "bench-$i-$$" true)")
    cli_t+=("$(timed env CONTAINERD_ADDRESS="$addr" CONTAINERD_NAMESPACE="$ns" "$c4j" run --rm --network none "$image" true)")
  done
  local m_sdk m_ctr m_cli
  m_sdk=$(echo "$sdk" | median); m_ctr=$(echo "${ctr_t[*]}" | median); m_cli=$(echo "${cli_t[*]}" | median)
  echo "SDK run, warm JVM, none:     $sdk median $m_sdk ms"
  echo "c4j run --rm --network none: ${cli_t[*]}  median $m_cli ms"
  echo "ctr run --rm:                ${ctr_t[*]}  median $m_ctr ms"
  echo "ratio SDK/ctr $(ratio "$m_sdk" "$m_ctr")   c4j CLI/ctr $(ratio "$m_cli" "$m_ctr")"

  if [[ $which != 16 ]]; then
    local br_t=() nd_t=()
    for i in $(seq 1 "$rounds"); do
      br_t+=("$(timed env CONTAINERD_ADDRESS="$addr" CONTAINERD_NAMESPACE="$ns" "$c4j" run --rm "$image" true)")
      nd_t+=("$(timed "$C4J_NERDCTL" --address "$addr" --namespace "$ns" run --rm "$image" true)")
    done
    local m_br m_nd
    m_br=$(echo "${br_t[*]}" | median); m_nd=$(echo "${nd_t[*]}" | median)
    echo "c4j run --rm (bridge):       ${br_t[*]}  median $m_br ms"
    echo "nerdctl run --rm (bridge):   ${nd_t[*]}  median $m_nd ms"
    echo "ratio c4j/nerdctl $(ratio "$m_br" "$m_nd")"
  fi

  local par=20 conc conc_ctr=() r
  conc=$(CONTAINERD_ADDRESS="$addr" CONTAINERD_NAMESPACE="$ns" java -cp "$cp" "$here/BenchContainers.java" concurrent "$image" none 3 "$par" 2>/dev/null | sed -n 's/^ms=//p' | tr '\n' ' ')
  for r in 1 2 3; do
    local s e; s=$(now_ms)
    for i in $(seq 1 $par); do "$ctr" -a "$addr" -n "$ns" run --rm "$image" "conc-$r-$i-$$" true >/dev/null 2>&1 & done
    wait; e=$(now_ms); conc_ctr+=($((e - s)))
  done
  local m_conc m_cctr
  m_conc=$(echo "$conc" | median); m_cctr=$(echo "${conc_ctr[*]}" | median)
  echo "20 concurrent, one client:   $conc median $m_conc ms"
  echo "20 concurrent ctr run --rm:  ${conc_ctr[*]}  median $m_cctr ms"
  echo "ratio $(ratio "$m_conc" "$m_cctr")"
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $rounds rounds"
floor
for d in ${BENCH_DAEMONS:-2 16}; do bench_daemon "$d"; done

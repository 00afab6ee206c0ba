#!/usr/bin/env bash
# Benchmark: pull, save and load of a 1 GiB image of 8 layers, containerd4j against ctr and nerdctl.
#
#   eval "$(scripts/test-env env)"; benchmarks/images/run.sh [ROUNDS]
#
# - builds (once) a 1 GiB image of 8 incompressible 128 MiB layers and pushes it to the open test
#   registry as $C4J_REGISTRY/bench/big:1g (skopeo, from an OCI layout made here);
# - times, alternating in one run: c4j pull (the SDK in a fresh JVM with -Xmx128m, JVM start-up excluded),
#   `examples/bin/c4j pull` (the command-line tool end to end, start-up included: what a user waits for),
#   `ctr images pull
#   --local` (containerd 2.x's client-side pull) and `nerdctl pull`, into the same containerd 2.x and
#   namespace, removing the image and collecting its content and snapshots between runs;
# - times c4j save/load against `ctr images export`/`import`;
# - measures the SDK pull in a warm JVM;
# - prints medians and ratios (c4j / ctr). Goals: pull <= 0.8, save and load <= 1.0 of ctr's time.
set -euo pipefail
rounds="${1:-3}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
: "${CONTAINERD_ADDRESS:?eval \"\$(scripts/test-env env)\" first}" "${C4J_REGISTRY:?}" "${C4J_CTR:?}" "${C4J_NERDCTL:?}" "${C4J_SKOPEO:?}"
ns=c4j-bench-images
ref="$C4J_REGISTRY/bench/big:1g"
work="${C4J_TEST_ENV_STATE:-/var/tmp}/bench-images"
mkdir -p "$work"
ctr=("$C4J_CTR" -a "$CONTAINERD_ADDRESS" -n "$ns")
nerdctl=("$C4J_NERDCTL" --address "$CONTAINERD_ADDRESS" --namespace "$ns")

# --- the SDK's classpath: the one the examples build writes (the installed jars of this checkout) ---------
cpfile="$root/examples/target/c4j.classpath"
if [[ ! -s $cpfile ]]; then
  (cd "$root" && mvn -q -B -o -pl examples -am install -DskipTests -DskipITs >&2)
fi
cp="$root/examples/target/classes:$(tr -d '\n' <"$cpfile")"
sdk() { CONTAINERD_NAMESPACE="$ns" java -Xmx128m -cp "$cp" "$here/BenchImages.java" "$@"; }
cli() { "$root/examples/bin/c4j" --address "$CONTAINERD_ADDRESS" --namespace "$ns" "$@"; }
cli version >/dev/null # the launcher's first run writes its class-data archive: not measured

# --- the image ------------------------------------------------------------------------------------
if ! "$C4J_SKOPEO" inspect --tls-verify=false "docker://$ref" >/dev/null 2>&1; then
  echo "building $ref (8 x 128 MiB random layers; once)" >&2
  layout="$work/layout"; rm -rf "$layout"; mkdir -p "$layout/blobs/sha256"
  diffids=(); layers=()
  for i in 1 2 3 4 5 6 7 8; do
    d="$work/l$i"; rm -rf "$d"; mkdir -p "$d"
    head -c $((128 << 20)) /dev/urandom >"$d/blob$i.bin"
    tar -C "$d" -cf "$work/l$i.tar" "blob$i.bin"
    diffids+=("sha256:$(sha256sum "$work/l$i.tar" | cut -d' ' -f1)")
    gzip -1 -c "$work/l$i.tar" >"$work/l$i.tgz"
    h="$(sha256sum "$work/l$i.tgz" | cut -d' ' -f1)"; mv "$work/l$i.tgz" "$layout/blobs/sha256/$h"
    layers+=("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$h\",\"size\":$(stat -c %s "$layout/blobs/sha256/$h")}")
    rm -rf "$d" "$work/l$i.tar"
  done
  ids="$(printf '"%s",' "${diffids[@]}")"
  printf '{"architecture":"amd64","os":"linux","config":{"Cmd":["/bin/true"]},"rootfs":{"type":"layers","diff_ids":[%s]}}' "${ids%,}" >"$work/config.json"
  ch="$(sha256sum "$work/config.json" | cut -d' ' -f1)"; cp "$work/config.json" "$layout/blobs/sha256/$ch"
  ls="$(printf '%s,' "${layers[@]}")"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[%s]}' \
    "$ch" "$(stat -c %s "$work/config.json")" "${ls%,}" >"$work/manifest.json"
  mh="$(sha256sum "$work/manifest.json" | cut -d' ' -f1)"; cp "$work/manifest.json" "$layout/blobs/sha256/$mh"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"1g"}}]}' \
    "$mh" "$(stat -c %s "$work/manifest.json")" >"$layout/index.json"
  echo '{"imageLayoutVersion":"1.0.0"}' >"$layout/oci-layout"
  "$C4J_SKOPEO" copy --dest-tls-verify=false "oci:$layout:1g" "docker://$ref" >&2
  rm -rf "$layout"
fi

clean() { # image, content and snapshots gone (synchronous GC)
  "${ctr[@]}" images rm --sync "$ref" >/dev/null 2>&1 || true
  "${nerdctl[@]}" rmi -f "$ref" >/dev/null 2>&1 || true
  "${ctr[@]}" content ls -q 2>/dev/null | xargs -r "${ctr[@]}" content rm >/dev/null 2>&1 || true
}
secs() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

declare -A t
load0="$(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$rounds"); do
  clean; t[c4j_pull]+="$(sdk pull "$ref" | sed -n 's/^seconds=//p') "
  clean; t[cli_pull]+="$(secs cli pull -q --insecure-registry "$ref") "
  clean; t[ctr_pull]+="$(secs "${ctr[@]}" images pull --local --plain-http "$ref") "
  clean; t[nerdctl_pull]+="$(secs "${nerdctl[@]}" pull --insecure-registry -q "$ref") "
  echo "round $r pulls done" >&2
done
clean; "${ctr[@]}" images pull --local --plain-http "$ref" >/dev/null 2>&1
for r in $(seq 1 "$rounds"); do
  rm -f "$work/c4j.tar" "$work/ctr.tar"
  t[c4j_save]+="$(sdk save "$ref" "$work/c4j.tar" | sed -n 's/^seconds=//p') "
  t[ctr_save]+="$(secs "${ctr[@]}" images export "$work/ctr.tar" "$ref") "
  clean; t[c4j_load]+="$(sdk load "$ref" "$work/c4j.tar" | sed -n 's/^seconds=//p') "
  clean; t[cli_load]+="$(secs cli load -q -i "$work/c4j.tar") "
  clean; t[ctr_load]+="$(secs "${ctr[@]}" images import "$work/ctr.tar") "
  echo "round $r save/load done" >&2
done
clean
warm="$(sdk warm-pull "$ref" "$rounds")"
t[c4j_pull_warm]="$(sed -n 's/^seconds=//p' <<<"$warm" | tr '\n' ' ')"
heap="$(grep heap <<<"$warm")"
clean; rm -f "$work/c4j.tar" "$work/ctr.tar"

echo "# images benchmark: $ref (1 GiB, 8 layers), $rounds rounds, $(nproc) cores, $(uname -r)"
echo "# load average at the start: $load0; at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
for k in c4j_pull cli_pull ctr_pull nerdctl_pull c4j_pull_warm c4j_save ctr_save c4j_load cli_load ctr_load; do
  m="$(tr " " "\n" <<<"${t[$k]}" | grep -v "^$" | median)"
  printf '%-14s median %7.2f s   runs: %s\n' "$k" "$m" "${t[$k]}"
  declare "m_$k=$m"
done
ratio() { echo "scale=2; $1 / $2" | bc; }
echo "ratio pull c4j/ctr:      $(ratio "$m_c4j_pull" "$m_ctr_pull")   (goal <= 0.8)"
echo "ratio pull CLI/ctr:      $(ratio "$m_cli_pull" "$m_ctr_pull")   (goal <= 0.8; start-up included)"
echo "ratio pull c4j/nerdctl:  $(ratio "$m_c4j_pull" "$m_nerdctl_pull")"
echo "ratio warm pull c4j/ctr: $(ratio "$m_c4j_pull_warm" "$m_ctr_pull")"
echo "ratio save c4j/ctr:      $(ratio "$m_c4j_save" "$m_ctr_save")   (goal <= 1.0)"
echo "ratio load c4j/ctr:      $(ratio "$m_c4j_load" "$m_ctr_load")   (goal <= 1.0)"
echo "ratio load CLI/ctr:      $(ratio "$m_cli_load" "$m_ctr_load")   (goal <= 1.0; start-up included)"
echo "heap (-Xmx128m): $heap"

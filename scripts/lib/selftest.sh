# shellcheck shell=bash
# `scripts/test-env selftest`: exercises the running environment the way the tests and the
# walkthrough use it, with the peer tools by absolute path. Leaves nothing behind: its
# containerd work happens in the namespace c4j-selftest, which it removes again.

SELFTEST_NS=c4j-selftest

selftest_step() {
  local what=$1 t0; shift
  t0=$(now)
  if "$@" >>"$C4J_LOGS/selftest.log" 2>&1; then
    log "selftest: $what: ok ($(elapsed "$t0")s)"
  else
    log "selftest: $what: FAILED (see $C4J_LOGS/selftest.log)"
    SELFTEST_FAILED=1
  fi
}

st_ctr_pull_run() {
  local ctr=$1 sock=$2 out
  "$ctr" -a "$sock" -n $SELFTEST_NS images pull --hosts-dir "$C4J_HOSTS_DIR" docker.io/library/busybox:latest
  out=$("$ctr" -a "$sock" -n $SELFTEST_NS run --rm docker.io/library/busybox:latest c4j-selftest-run echo selftest-hi)
  [ "$out" = selftest-hi ]
}

st_docker_run() {
  local out
  out=$(/usr/bin/docker -H "unix://$C4J_DOCKER_SOCK" run --rm busybox echo hi)
  [ "$out" = hi ]
}

st_auth_registry() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://$C4J_AUTH_REGISTRY_ADDR/v2/library/busybox/manifests/latest")
  [ "$code" = 401 ] || return 1
  /usr/bin/skopeo inspect --raw --tls-verify=false --creds "$(auth_creds)" \
    "docker://$C4J_AUTH_REGISTRY_ADDR/library/busybox:latest" >/dev/null
}

st_multiarch() {
  local arches
  arches=$(/usr/bin/skopeo inspect --raw --tls-verify=false "docker://$C4J_REGISTRY_ADDR/library/multiarch:latest" |
    jq -r '[.manifests[].platform.architecture] | sort | join(",")')
  [ "$arches" = amd64,arm64 ]
}

# The walkthrough's Dockerfile (golang:1.16-alpine builder, alpine:3.13 runtime) built by the
# containerd-worker buildkitd, exported as a Docker archive, imported and run by containerd.
st_walkthrough() {
  local dir out
  dir=$(mktemp -d)
  cat >"$dir/main.go" <<'EOF'
package main

import "fmt"

func main() {
	fmt.Println("Hello, world!")
}
EOF
  cat >"$dir/Dockerfile" <<'EOF'
FROM golang:1.16-alpine as builder
WORKDIR /app
COPY main.go .
RUN go mod init example.com/hello && go build -o main .

FROM alpine:3.13
WORKDIR /app
COPY --from=builder /app/main .
CMD ["./main"]
EOF
  "$(tool_buildctl)" --addr "unix://$C4J_BK_SOCK" build --frontend dockerfile.v0 \
    --local context="$dir" --local dockerfile="$dir" \
    --output "type=docker,name=docker.io/library/c4j-selftest-simple:latest,dest=$dir/simple.tar" || { rm -rf "$dir"; return 1; }
  "$(tool_ctr2)" -a "$C4J_CTRD2_SOCK" -n $SELFTEST_NS images import "$dir/simple.tar" &&
    out=$("$(tool_ctr2)" -a "$C4J_CTRD2_SOCK" -n $SELFTEST_NS run --rm docker.io/library/c4j-selftest-simple:latest c4j-selftest-simple)
  rm -rf "$dir"
  echo "walkthrough image printed: $out"
  [ "$out" = "Hello, world!" ]
}

st_buildkit_tls() { check_buildkitd_tls; }
st_buildkit_tls_needs_client_cert() {
  ! timeout 20 "$(tool_buildctl)" --addr "$C4J_BK_TLS_ADDR" --tlsservername 127.0.0.1 \
    --tlscacert "$C4J_TLS_DIR/ca.pem" debug workers
}
st_buildkit_oci() { check_buildkitd_oci; }
st_buildkit_sa() {
  local state
  state=$(cat "/proc/$(cat "$C4J_RUN/buildkitd-sa.pid")/comm")
  echo "socket-activated buildkitd before the call: $state"
  check_buildkitd_sa || return 1
  # Leave it as found: an activator that this call woke goes back to waiting.
  [ "$state" = buildkitd ] || rearm_buildkitd_sa
}

st_cleanup_ns() {
  local ctr=$1 sock=$2 c img
  [ -S "$sock" ] || return 0
  "$ctr" -a "$sock" namespaces ls -q 2>/dev/null | grep -qx $SELFTEST_NS || return 0
  for c in $("$ctr" -a "$sock" -n $SELFTEST_NS tasks ls -q 2>/dev/null); do
    "$ctr" -a "$sock" -n $SELFTEST_NS tasks kill -s SIGKILL "$c" || true
    sleep 0.5
    "$ctr" -a "$sock" -n $SELFTEST_NS tasks rm -f "$c" || true
  done
  for c in $("$ctr" -a "$sock" -n $SELFTEST_NS containers ls -q 2>/dev/null); do
    "$ctr" -a "$sock" -n $SELFTEST_NS containers rm "$c" || true
  done
  for img in $("$ctr" -a "$sock" -n $SELFTEST_NS images ls -q 2>/dev/null); do
    "$ctr" -a "$sock" -n $SELFTEST_NS images rm --sync "$img" || true
  done
  "$ctr" -a "$sock" namespaces rm $SELFTEST_NS
}

cmd_selftest() {
  SELFTEST_FAILED=0
  log "selftest: log in $C4J_LOGS/selftest.log"
  printf '\n=== selftest %s\n' "$(date -Is)" >>"$C4J_LOGS/selftest.log"
  selftest_step "containerd 2.x: pull busybox via hosts.toml mirror, run" st_ctr_pull_run "$(tool_ctr2)" "$C4J_CTRD2_SOCK"
  selftest_step "containerd 1.6: pull busybox via hosts.toml mirror, run" st_ctr_pull_run /usr/bin/ctr "$C4J_CTRD16_SOCK"
  selftest_step "dockerd: docker run --rm busybox echo hi" st_docker_run
  selftest_step "auth registry: 401 without, manifest with credentials" st_auth_registry
  selftest_step "multiarch index: amd64 and arm64" st_multiarch
  selftest_step "buildkitd (socket-activated): answers" st_buildkit_sa
  selftest_step "buildkitd (OCI worker): workers" st_buildkit_oci
  selftest_step "buildkitd (TLS): workers with client certificate" st_buildkit_tls
  selftest_step "buildkitd (TLS): refused without client certificate" st_buildkit_tls_needs_client_cert
  selftest_step "walkthrough Dockerfile: build (containerd worker), import, run prints Hello, world!" st_walkthrough
  selftest_step "cleanup: namespace $SELFTEST_NS removed from containerd 2.x" st_cleanup_ns "$(tool_ctr2)" "$C4J_CTRD2_SOCK"
  selftest_step "cleanup: namespace $SELFTEST_NS removed from containerd 1.6" st_cleanup_ns /usr/bin/ctr "$C4J_CTRD16_SOCK"
  [ "$SELFTEST_FAILED" = 0 ] || die "selftest failed"
  log "selftest: all passed"
}

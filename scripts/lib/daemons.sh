# shellcheck shell=bash
# Starting, checking and stopping the daemons of the test environment.
# Each daemon is started only when its address does not answer; a daemon whose pid is alive
# but which does not answer is stopped first. Daemons run in their own session (setsid) with
# a clean environment, so they outlive the shell that ran `up`.

CTRD2_DIR() { echo "$C4J_BIN/containerd-$CONTAINERD_PRIMARY_VERSION"; }
BUILDKIT_DIR() { echo "$C4J_BIN/buildkit-$BUILDKIT_VERSION"; }
tool_ctr2() { echo "$(CTRD2_DIR)/ctr"; }
tool_buildctl() { echo "$(BUILDKIT_DIR)/buildctl"; }
tool_nerdctl() { echo "$C4J_BIN/nerdctl-$NERDCTL_VERSION/nerdctl"; }
SYS_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
DEBIAN_PATH=/usr/sbin:/usr/bin:/sbin:/bin:/usr/local/sbin:/usr/local/bin

# ---- answers? -------------------------------------------------------------------------------
# The primary containerd and the buildkitd instances must also run the pinned version: after a
# change of versions.env, `up` replaces a daemon still running the previous build.
check_containerd2() {
  local v
  [ -S "$C4J_CTRD2_SOCK" ] || return 1
  v=$(timeout 10 "$(tool_ctr2)" -a "$C4J_CTRD2_SOCK" version 2>/dev/null |
    awk '/^Server:/ { s = 1 } s && $1 == "Version:" { print $2; exit }')
  [ "$v" = "$CONTAINERD_PRIMARY_VERSION" ]
}
check_containerd16() { [ -S "$C4J_CTRD16_SOCK" ] && timeout 10 /usr/bin/ctr -a "$C4J_CTRD16_SOCK" version; }
check_registry_open() { timeout 10 curl -fsS -o /dev/null "http://$C4J_REGISTRY_ADDR/v2/"; }
check_registry_auth() {
  local code
  code=$(timeout 10 curl -sS -o /dev/null -w '%{http_code}' "http://$C4J_AUTH_REGISTRY_ADDR/v2/") || return 1
  [ "$code" = 401 ] || return 1
  timeout 10 curl -fsS -o /dev/null -u "$(cat "$C4J_ETC/registry-credentials/user"):$(cat "$C4J_ETC/registry-credentials/password")" \
    "http://$C4J_AUTH_REGISTRY_ADDR/v2/"
}
buildkitd_is_pinned() {
  timeout 20 "$(tool_buildctl)" --addr "$1" debug info 2>/dev/null | grep -qF " $BUILDKIT_VERSION "
}
check_buildkitd() {
  [ -S "$C4J_BK_SOCK" ] && buildkitd_is_pinned "unix://$C4J_BK_SOCK" &&
    timeout 20 "$(tool_buildctl)" --addr "unix://$C4J_BK_SOCK" debug workers
}
check_buildkitd_oci() {
  [ -S "$C4J_BK_OCI_SOCK" ] && buildkitd_is_pinned "unix://$C4J_BK_OCI_SOCK" &&
    timeout 20 "$(tool_buildctl)" --addr "unix://$C4J_BK_OCI_SOCK" debug workers
}
check_buildkitd_tls() {
  timeout 20 "$(tool_buildctl)" --addr "$C4J_BK_TLS_ADDR" --tlsservername 127.0.0.1 \
    --tlscacert "$C4J_TLS_DIR/ca.pem" --tlscert "$C4J_TLS_DIR/client-cert.pem" --tlskey "$C4J_TLS_DIR/client-key.pem" \
    debug workers
}
# Connecting would start buildkitd; "up" only needs the activator listening on the socket.
check_buildkitd_sa_listening() {
  [ -S "$C4J_BK_SA_SOCK" ] && pid_alive "$C4J_RUN/buildkitd-sa.pid" &&
    tr '\0' ' ' <"/proc/$(cat "$C4J_RUN/buildkitd-sa.pid")/cmdline" | grep -qF "$(BUILDKIT_DIR)/buildkitd "
}
check_buildkitd_sa() { [ -S "$C4J_BK_SA_SOCK" ] && timeout 60 "$(tool_buildctl)" --addr "unix://$C4J_BK_SA_SOCK" debug workers; }
check_dockerd() { [ -S "$C4J_DOCKER_SOCK" ] && timeout 10 /usr/bin/docker -H "unix://$C4J_DOCKER_SOCK" version; }

# ensure NAME TIMEOUT CHECK-FN START-FN
ensure() {
  local name=$1 timeout=$2 check=$3 start=$4 t0
  if "$check" >/dev/null 2>&1; then
    if pid_alive "$C4J_RUN/$name.pid"; then
      log "$name: already up"
    else
      log "WARNING: $name's address answers, but not from a daemon this script started (pid file $C4J_RUN/$name.pid); is a system service using it?"
    fi
    return 0
  fi
  stop_daemon "$name" 10
  t0=$(now)
  "$start"
  if ! wait_for "$timeout" "$check"; then
    tail -n 30 "$C4J_LOGS/$name.log" >&2 || true
    die "$name did not answer within ${timeout}s; see $C4J_LOGS/$name.log"
  fi
  log "$name: started in $(elapsed "$t0")s"
}

# ---- start ----------------------------------------------------------------------------------
start_registry_open() {
  mkdir -p "$C4J_STATE/registry-open/storage"
  start_daemon registry-open env -i PATH="$DEBIAN_PATH" /usr/bin/docker-registry serve "$C4J_ETC/registry-open/config.yml"
}
start_registry_auth() {
  mkdir -p "$C4J_STATE/registry-auth/storage"
  start_daemon registry-auth env -i PATH="$DEBIAN_PATH" /usr/bin/docker-registry serve "$C4J_ETC/registry-auth/config.yml"
}
start_containerd2() {
  mkdir -p "$C4J_STATE/containerd2" "$C4J_RUN/containerd2"
  rm -f "$C4J_CTRD2_SOCK" "$C4J_CTRD2_SOCK.ttrpc"
  # The 2.x shim must win over Debian's 1.6 shim: the 2.x bin dir comes first, for this process only.
  start_daemon containerd2 env -i PATH="$(CTRD2_DIR):$SYS_PATH" HOME=/root \
    "$(CTRD2_DIR)/containerd" --config "$C4J_ETC/containerd2/config.toml"
}
start_containerd16() {
  mkdir -p "$C4J_STATE/containerd16" "$C4J_RUN/containerd16"
  rm -f "$C4J_CTRD16_SOCK" "$C4J_CTRD16_SOCK.ttrpc"
  start_daemon containerd16 env -i PATH="$DEBIAN_PATH" HOME=/root \
    /usr/bin/containerd --config "$C4J_ETC/containerd16/config.toml"
}
start_dockerd() {
  mkdir -p "$C4J_STATE/docker/data" "$C4J_RUN/docker/exec"
  rm -f "$C4J_DOCKER_SOCK"
  # No bridge and no iptables: dockerd must not fight the SDK's CNI networks; containers get
  # network mode "none" by default, enough for docker load/run interoperability checks.
  start_daemon dockerd env -i PATH="$DEBIAN_PATH" HOME=/root \
    /usr/sbin/dockerd --config-file "$C4J_ETC/docker/daemon.json" \
    --host "unix://$C4J_DOCKER_SOCK" --data-root "$C4J_STATE/docker/data" \
    --exec-root "$C4J_RUN/docker/exec" --pidfile "$C4J_RUN/docker/dockerd.pid" \
    --containerd "$C4J_CTRD16_SOCK" --containerd-namespace moby \
    --bridge=none --iptables=false --ip6tables=false --ip-masq=false --storage-driver overlay2
}
buildkitd_env() { echo "PATH=$(BUILDKIT_DIR):$DEBIAN_PATH HOME=/root"; }
start_buildkitd() {
  mkdir -p "$C4J_STATE/buildkitd" "$C4J_RUN/buildkitd"
  rm -f "$C4J_BK_SOCK"
  # shellcheck disable=SC2046
  start_daemon buildkitd env -i $(buildkitd_env) "$(BUILDKIT_DIR)/buildkitd" \
    --config "$C4J_ETC/buildkitd/buildkitd.toml" --addr "unix://$C4J_BK_SOCK"
}
# The OCI-worker instance also serves the mutual-TLS TCP listener (unix listeners stay plain).
start_buildkitd_oci() {
  mkdir -p "$C4J_STATE/buildkitd-oci" "$C4J_RUN/buildkitd-oci"
  rm -f "$C4J_BK_OCI_SOCK"
  # shellcheck disable=SC2046
  start_daemon buildkitd-oci env -i $(buildkitd_env) "$(BUILDKIT_DIR)/buildkitd" \
    --config "$C4J_ETC/buildkitd-oci/buildkitd.toml" --addr "unix://$C4J_BK_OCI_SOCK" \
    --addr "$C4J_BK_TLS_ADDR" --tlscert "$C4J_TLS_DIR/server-cert.pem" \
    --tlskey "$C4J_TLS_DIR/server-key.pem" --tlscacert "$C4J_TLS_DIR/ca.pem"
}
check_buildkitd_oci_and_tls() { check_buildkitd_oci && check_buildkitd_tls; }
# Like the walkthrough's buildkit.socket unit: systemd-socket-activate listens on the socket and
# starts buildkitd --addr fd:// (handing over the listening socket) on the first connection.
start_buildkitd_sa() {
  mkdir -p "$C4J_STATE/buildkitd-sa" "$C4J_RUN/buildkitd-sa"
  rm -f "$C4J_BK_SA_SOCK"
  # shellcheck disable=SC2046
  start_daemon buildkitd-sa env -i $(buildkitd_env) /usr/bin/systemd-socket-activate \
    --listen="$C4J_BK_SA_SOCK" "$(BUILDKIT_DIR)/buildkitd" \
    --config "$C4J_ETC/buildkitd-sa/buildkitd.toml" --addr fd://
}
# Stops a socket-activated buildkitd and puts the activator back, so the next client is again
# the first connection.
rearm_buildkitd_sa() {
  stop_daemon buildkitd-sa 15
  start_buildkitd_sa
  wait_for 10 check_buildkitd_sa_listening || die "systemd-socket-activate did not listen on $C4J_BK_SA_SOCK"
}

# ---- stop -----------------------------------------------------------------------------------
# Containers left running in the private instances are killed with their daemon's tasks so
# that shims do not linger; images and snapshots stay.
kill_tasks() {
  local ctr=$1 sock=$2 ns id
  [ -x "$ctr" ] && [ -S "$sock" ] || return 0
  for ns in $(timeout 10 "$ctr" -a "$sock" namespaces ls -q 2>/dev/null); do
    for id in $(timeout 10 "$ctr" -a "$sock" -n "$ns" tasks ls -q 2>/dev/null); do
      timeout 10 "$ctr" -a "$sock" -n "$ns" tasks kill -s SIGKILL "$id" >/dev/null 2>&1 || true
    done
  done
}

down_all() {
  stop_daemon buildkitd-sa
  stop_daemon buildkitd
  stop_daemon buildkitd-oci
  stop_daemon dockerd 30
  kill_tasks "$(tool_ctr2)" "$C4J_CTRD2_SOCK"
  kill_tasks /usr/bin/ctr "$C4J_CTRD16_SOCK"
  sleep 1
  stop_daemon containerd2
  stop_daemon containerd16
  stop_daemon registry-open
  stop_daemon registry-auth
  # Shims of the private instances outlive containerd by design; end those still running.
  local pid
  for pid in $(pgrep -f "containerd-shim-runc-v2 .*-address $C4J_RUN/" 2>/dev/null); do
    kill -TERM "$pid" 2>/dev/null || true
  done
  rm -f "$C4J_CTRD2_SOCK" "$C4J_CTRD16_SOCK" "$C4J_BK_SOCK" "$C4J_BK_OCI_SOCK" "$C4J_BK_SA_SOCK" "$C4J_DOCKER_SOCK"
}

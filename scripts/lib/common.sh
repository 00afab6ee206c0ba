# shellcheck shell=bash
# Shared paths, logging and small helpers for scripts/test-env.
# Sourced, never executed. Everything the test environment owns lives under
# $C4J_STATE (persistent) and $C4J_RUN (sockets, pid files); nothing here touches
# the system's own /run/containerd, /var/lib/containerd or /etc/containerd.

C4J_STATE=${C4J_TEST_ENV_STATE:-/var/lib/containerd4j-test}
C4J_RUN=${C4J_TEST_ENV_RUN:-/run/containerd4j-test}
C4J_BIN=$C4J_STATE/bin
C4J_ETC=$C4J_STATE/etc
C4J_LOGS=$C4J_STATE/logs
C4J_CACHE=$C4J_STATE/cache

# Fixed addresses: the contract with the integration tests (docs/test-environment.md).
C4J_CTRD2_SOCK=$C4J_RUN/containerd2/containerd.sock
C4J_CTRD16_SOCK=$C4J_RUN/containerd16/containerd.sock
C4J_BK_SOCK=$C4J_RUN/buildkitd/buildkitd.sock
C4J_BK_OCI_SOCK=$C4J_RUN/buildkitd-oci/buildkitd.sock
C4J_BK_SA_SOCK=$C4J_RUN/buildkitd-sa/buildkitd.sock
C4J_DOCKER_SOCK=$C4J_RUN/docker/docker.sock
# The TCP addresses can be moved (with C4J_TEST_ENV_STATE/_RUN) to run a second, throw-away
# environment beside the real one, e.g. to time a fresh `up`; tests use the defaults.
C4J_BK_TLS_ADDR=tcp://${C4J_TEST_ENV_BUILDKIT_TLS:-127.0.0.1:11234}
C4J_REGISTRY_ADDR=${C4J_TEST_ENV_REGISTRY:-127.0.0.1:5000}
C4J_AUTH_REGISTRY_ADDR=${C4J_TEST_ENV_AUTH_REGISTRY:-127.0.0.1:5001}
C4J_HOSTS_DIR=$C4J_ETC/certs.d
C4J_NETCONF_DIR=$C4J_ETC/cni/net.d
C4J_TLS_DIR=$C4J_ETC/tls

log() { printf '[test-env %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Loads the pinned versions (KEY=value lines, '#' comments) without executing the file.
load_versions() {
  local file=$1 line key value
  [ -f "$file" ] || die "missing $file"
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%%#*}
    line=$(printf '%s' "$line" | tr -d '[:space:]')
    [ -n "$line" ] || continue
    key=${line%%=*}
    value=${line#*=}
    case $key in *[!A-Za-z0-9_]*|'') continue ;; esac
    printf -v "$key" '%s' "$value"
    export "${key?}"
  done <"$file"
}

# Polls a command until it succeeds or the timeout (seconds) runs out.
wait_for() {
  local timeout=$1; shift
  local deadline=$(( $(date +%s) + timeout ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.3
  done
}

# True when the pid file names a live process that is one of ours: after a reboot or a kill -9
# the pid may belong to an unrelated process, which must never be signalled. Every daemon of
# the test environment has a path under $C4J_STATE or $C4J_RUN on its command line.
pid_alive() {
  local pidfile=$1 pid
  [ -f "$pidfile" ] || return 1
  pid=$(cat "$pidfile" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -e "$C4J_STATE/" -e "$C4J_RUN/"
}

# Starts a daemon detached from the calling shell (own session, stdin closed),
# logging to $C4J_LOGS/<name>.log and recording its pid in $C4J_RUN/<name>.pid.
start_daemon() {
  local name=$1; shift
  mkdir -p "$C4J_LOGS" "$C4J_RUN"
  {
    printf '\n=== %s starting: %s\n' "$(date -Is)" "$*"
  } >>"$C4J_LOGS/$name.log"
  # fd 9 is the lock of `up`/`down` (scripts/test-env): a daemon must not keep holding it.
  setsid nohup "$@" </dev/null >>"$C4J_LOGS/$name.log" 2>&1 9>&- &
  echo $! >"$C4J_RUN/$name.pid"
}

# Stops the daemon recorded in $C4J_RUN/<name>.pid (TERM, then KILL after a grace period).
stop_daemon() {
  local name=$1 grace=${2:-15} pidfile pid i
  pidfile=$C4J_RUN/$name.pid
  if pid_alive "$pidfile"; then
    pid=$(cat "$pidfile")
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 10; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name (pid $pid) ignored TERM; killing"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    log "stopped $name"
  fi
  rm -f "$pidfile"
}

# Seconds since the epoch with a fraction, for timings.
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# shellcheck shell=bash
# Debian packages the test environment needs. Installed only when missing; `apt-get update`
# runs once, only if something is missing. A policy-rc.d forbids package scripts to start the
# system's own services (containerd, docker, registry) during the install: the test
# environment runs private instances and leaves the system's services alone.

C4J_PACKAGES=(
  containerd runc containernetworking-plugins iptables docker-registry docker.io
  busybox-static debootstrap skopeo systemd openssl apache2-utils curl jq python3
  ca-certificates procps
)

missing_packages() {
  local p status
  for p in "${C4J_PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$status" = installed ] || echo "$p"
  done
}

install_packages() {
  local missing t0 guard=""
  mapfile -t missing < <(missing_packages)
  if [ ${#missing[@]} = 0 ]; then log "packages: all present"; return 0; fi
  t0=$(now)
  log "packages: installing ${missing[*]}"
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\n# containerd4j test-env: no service starts during package installs\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    guard=/usr/sbin/policy-rc.d
  fi
  local rc=0
  {
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update &&
      DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y \
        --no-install-recommends "${missing[@]}"
  } >>"$C4J_LOGS/apt.log" 2>&1 || rc=$?
  [ -z "$guard" ] || rm -f "$guard"
  [ $rc = 0 ] || die "apt-get failed; see $C4J_LOGS/apt.log"
  log "packages: installed in $(elapsed "$t0")s"
}

# When no Go >= 1.24 is installed: any Go >= 1.21 fetches the pinned toolchain from the Go
# module proxy (module golang.org/toolchain) through GOTOOLCHAIN.
install_go_fallback() {
  local g
  for g in "$(command -v go 2>/dev/null)" /usr/local/go/bin/go /usr/lib/go/bin/go; do
    [ -n "$g" ] && [ -x "$g" ] || continue
    if "$g" version | awk '{ split(substr($3, 3), v, "."); exit !(v[1] == 1 && v[2] >= 21) }'; then
      GO=$g
      export GOTOOLCHAIN=go1.24.3
      log "using $g with GOTOOLCHAIN=$GOTOOLCHAIN (fetched from the Go module proxy)"
      return 0
    fi
  done
  die "no Go >= 1.21 found (need the go command to build containerd 2.x and BuildKit); install Go and retry"
}

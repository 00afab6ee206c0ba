# shellcheck shell=bash
# Builds what Debian lacks with the go command from the Go module proxy.
# Sourced by scripts/test-env after common.sh. Each build lands in
# $C4J_BIN/<name>-<version>/ with a .stamp file describing how it was built; a build whose
# stamp matches is skipped, so a warm `up` spends no time here.
#
# Two ways to build:
#  - go_install: `go install pkg@version` (only for modules whose go.mod has no replace/exclude
#    lines, e.g. BuildKit v0.18.2);
#  - go_wrapper: the module becomes a dependency of a small wrapper module from
#    scripts/go/<name>/ (copied to $C4J_STATE/build/<name>), where the dependency's own
#    replace/exclude lines do not apply; `go build` then targets the dependency's packages.
# Module downloads are verified against the checksum database by the go command.

go_env() {
  export GOTOOLCHAIN=${GOTOOLCHAIN:-local} CGO_ENABLED=0 GOFLAGS=-buildvcs=false
  export GOPATH=${GOPATH:-$C4J_CACHE/gopath}
  export GOMODCACHE=${GOMODCACHE:-$GOPATH/pkg/mod}
  export GOCACHE=${GOCACHE:-$C4J_CACHE/gocache}
}

find_go() {
  local g
  for g in "$(command -v go 2>/dev/null)" /usr/local/go/bin/go /usr/lib/go/bin/go; do
    [ -n "$g" ] && [ -x "$g" ] || continue
    # Need a Go new enough for the go directives of the pinned modules (1.24.3 for containerd 2.2).
    if "$g" version | awk '{ split(substr($3, 3), v, "."); exit !(v[1] > 1 || (v[1] == 1 && v[2] >= 24)) }'; then
      GO=$g; return 0
    fi
  done
  return 1
}

# stamp_ok DIR KEY: the build in DIR was made with KEY and all listed binaries exist.
stamp_ok() {
  local dir=$1 key=$2; shift 2
  [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$key" ] || return 1
  local b
  for b in "$@"; do [ -x "$dir/$b" ] || return 1; done
}

# go_install NAME VERSION TAGS LDFLAGS PKG... (PKG without @version)
go_install() {
  local name=$1 version=$2 tags=$3 ldflags=$4; shift 4
  local dir=$C4J_BIN/$name-$version key bins=() p
  for p in "$@"; do bins+=("${p##*/}"); done
  key="install $version tags=$tags ldflags=$ldflags $($GO env GOVERSION) $*"
  if stamp_ok "$dir" "$key" "${bins[@]}"; then log "build $name $version: cached"; return 0; fi
  log "build $name $version (go install; this takes minutes the first time)"
  local t0; t0=$(now)
  mkdir -p "$dir"
  for p in "$@"; do
    GOBIN=$dir "$GO" install -trimpath -tags "$tags" -ldflags "$ldflags" "$p@$version" \
      >>"$C4J_LOGS/build-$name.log" 2>&1 || die "go install $p@$version failed; see $C4J_LOGS/build-$name.log"
  done
  printf '%s' "$key" >"$dir/.stamp"
  log "build $name $version: done in $(elapsed "$t0")s"
}

# go_wrapper NAME MODULE VERSION TAGS LDFLAGS PKG...
go_wrapper() {
  local name=$1 module=$2 version=$3 tags=$4 ldflags=$5; shift 5
  local dir=$C4J_BIN/$name-$version src=$C4J_SCRIPTS/go/$name work=$C4J_STATE/build/$name key bins=() p
  for p in "$@"; do bins+=("${p##*/}"); done
  key="wrapper $module@$version tags=$tags ldflags=$ldflags $($GO env GOVERSION) $* $(find "$src" -type f | sort | xargs cat | cksum)"
  if stamp_ok "$dir" "$key" "${bins[@]}"; then log "build $name $version: cached"; return 0; fi
  [ -f "$src/go.mod" ] || die "missing wrapper module $src/go.mod"
  log "build $name $version (wrapper module; this takes minutes the first time)"
  local t0; t0=$(now)
  rm -rf "$work"; mkdir -p "$work" "$dir"
  cp -a "$src/." "$work/"
  (
    cd "$work" &&
      "$GO" mod edit -require="$module@$version" &&
      "$GO" mod download "$module" &&
      "$GO" build -mod=mod -trimpath -tags "$tags" -ldflags "$ldflags" -o "$dir/" "$@"
  ) >>"$C4J_LOGS/build-$name.log" 2>&1 || die "building $module@$version failed; see $C4J_LOGS/build-$name.log"
  printf '%s' "$key" >"$dir/.stamp"
  log "build $name $version: done in $(elapsed "$t0")s"
}

build_containerd2() {
  local v=$CONTAINERD_PRIMARY_VERSION m=github.com/containerd/containerd/v2
  # CGO off drops btrfs; the restart monitor (io.containerd.internal.v1.restart) has no tag and stays in.
  go_wrapper containerd "$m" "$v" "no_btrfs no_devmapper no_zfs no_cri no_aufs" \
    "-s -w -X $m/version.Version=$v -X $m/version.Revision=go-module-proxy -X $m/version.Package=github.com/containerd/containerd/v2" \
    "$m/cmd/containerd" "$m/cmd/ctr" "$m/cmd/containerd-shim-runc-v2"
}

build_buildkit() {
  local v=$BUILDKIT_VERSION m=github.com/moby/buildkit
  go_install buildkit "$v" "osusergo netgo static_build" \
    "-s -w -X $m/version.Version=$v -X $m/version.Revision=go-module-proxy -X $m/version.Package=$m" \
    "$m/cmd/buildkitd" "$m/cmd/buildctl"
}

build_buildkit_newest() {
  local v=$BUILDKIT_NEWEST_VERSION m=github.com/moby/buildkit
  [ -n "$v" ] || return 0
  go_wrapper buildkit "$m" "$v" "osusergo netgo static_build" \
    "-s -w -X $m/version.Version=$v -X $m/version.Revision=go-module-proxy -X $m/version.Package=$m" \
    "$m/cmd/buildkitd" "$m/cmd/buildctl"
}

build_nerdctl() {
  local v=$NERDCTL_VERSION m=github.com/containerd/nerdctl/v2
  go_wrapper nerdctl "$m" "$v" "" \
    "-s -w -X $m/pkg/version.Version=$v -X $m/pkg/version.Revision=go-module-proxy" \
    "$m/cmd/nerdctl"
}

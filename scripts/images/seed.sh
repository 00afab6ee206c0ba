# shellcheck shell=bash
# Seeds the local registries with stand-in images (no public registry is reachable here).
# Sourced by scripts/test-env. Layouts are built by seed.py into $C4J_CACHE/images and pushed
# with skopeo; Debian root filesystems are made with debootstrap and cached as tarballs in
# $C4J_CACHE/rootfs. Each step is skipped when its cached output matches its inputs, and a push is
# skipped when the registry already serves the digest recorded at the last push.

SEED_PY=$C4J_SCRIPTS/images/seed.py
DEBIAN_SUITE=bookworm
MANIFEST_ACCEPT="application/vnd.oci.image.index.v1+json,application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.list.v2+json,application/vnd.docker.distribution.manifest.v2+json"

skopeo_policy() {
  write_if_changed "$C4J_ETC/containers/policy.json" <<'EOF' || true
{ "default": [ { "type": "insecureAcceptAnything" } ] }
EOF
  echo "$C4J_ETC/containers/policy.json"
}

# registry_digest REGISTRY REPO TAG [user:password]: the digest the registry serves for the tag.
registry_digest() {
  local reg=$1 repo=$2 tag=$3 creds=${4:-} auth=()
  [ -z "$creds" ] || auth=(-u "$creds")
  curl -fsSI "${auth[@]}" -H "Accept: $MANIFEST_ACCEPT" "http://$reg/v2/$repo/manifests/$tag" 2>/dev/null |
    tr -d '\r' | awk -F': ' 'tolower($1) == "docker-content-digest" { print $2 }' || true
}

auth_creds() { echo "$(cat "$C4J_ETC/registry-credentials/user"):$(cat "$C4J_ETC/registry-credentials/password")"; }

# build_layout KIND TAG KEY [seed.py options...]: prints the layout directory.
build_layout() {
  local kind=$1 tag=$2 key=$3; shift 3
  local out=$C4J_CACHE/images/$kind-$tag
  key="$key $(sha256sum "$SEED_PY" | cut -c1-16) $*"
  if [ -f "$out.key" ] && [ "$(cat "$out.key")" = "$key" ] && [ -f "$out/index.json" ]; then
    echo "$out"; return 0
  fi
  mkdir -p "$C4J_CACHE/images"
  python3 "$SEED_PY" "$kind" "$out" "$tag" "$@" >/dev/null || die "seed.py $kind failed"
  printf '%s' "$key" >"$out.key"
  echo "$out"
}

# push_layout LAYOUT REGISTRY REPO TAG [v2s2] [user:password]
push_layout() {
  local layout=$1 reg=$2 repo=$3 tag=$4 format=${5:-} creds=${6:-}
  local record=$C4J_STATE/images/pushed/${reg//[:\/]/_}_${repo//\//_}_$tag
  local src_digest current t0 opts=()
  src_digest=$(jq -r '.manifests[0].digest' "$layout/index.json")
  current=$(registry_digest "$reg" "$repo" "$tag" "$creds")
  if [ -f "$record" ] && [ -n "$current" ] && [ "$(cat "$record")" = "$src_digest $current" ]; then
    log "image $reg/$repo:$tag: present ($current)"
    return 0
  fi
  t0=$(now)
  mkdir -p "$(dirname "$record")"
  [ "$format" != v2s2 ] || opts+=(--format v2s2)
  [ -z "$creds" ] || opts+=(--dest-creds "$creds")
  skopeo --policy "$(skopeo_policy)" copy --all --quiet --dest-tls-verify=false "${opts[@]}" \
    --digestfile "$record.digest" "oci:$layout:$tag" "docker://$reg/$repo:$tag" \
    >>"$C4J_LOGS/seed.log" 2>&1 || die "pushing $reg/$repo:$tag failed; see $C4J_LOGS/seed.log"
  current=$(registry_digest "$reg" "$repo" "$tag" "$creds")
  [ -n "$current" ] || die "$reg/$repo:$tag not served after push"
  printf '%s %s' "$src_digest" "$current" >"$record"
  log "image $reg/$repo:$tag: pushed $current in $(elapsed "$t0")s"
}

busybox_key() { echo "busybox-static=$(dpkg-query -W -f='${Version}' busybox-static)"; }

seed_small_images() {
  local key bb al ma
  key=$(busybox_key)
  bb=$(build_layout busybox latest "$key")
  push_layout "$bb" "$C4J_REGISTRY_ADDR" library/busybox latest
  push_layout "$bb" "$C4J_AUTH_REGISTRY_ADDR" library/busybox latest "" "$(auth_creds)"
  al=$(build_layout alpine 3.13 "$key")
  # Pushed with Docker schema 2 media types, so both manifest flavours are served.
  push_layout "$al" "$C4J_REGISTRY_ADDR" library/alpine 3.13 v2s2
  ma=$(build_layout multiarch latest "$key")
  push_layout "$ma" "$C4J_REGISTRY_ADDR" library/multiarch latest
}

debian_mirror() {
  local m=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    m=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$m" ] && [ -f /etc/apt/sources.list ]; then
    m=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; exit } }' /etc/apt/sources.list)
  fi
  echo "${m:-http://deb.debian.org/debian}"
}

customize_golang() {
  local root=$1
  [ -x "$root/usr/bin/go" ] || die "golang rootfs has no /usr/bin/go"
  mkdir -p "$root/go/src" "$root/go/bin"
  chmod 777 "$root/go" "$root/go/src" "$root/go/bin"
}

customize_nginx() {
  local root=$1 conf=$1/etc/nginx/nginx.conf
  [ -f "$conf" ] || die "nginx rootfs has no $conf"
  # Like the official image: logs to the container's stdout/stderr, foreground via CMD.
  sed -i -E 's#^(\s*)access_log\s+[^;]*;#\1access_log /dev/stdout;#; s#^(\s*)error_log\s+[^;]*;#\1error_log /dev/stderr;#' "$conf"
  grep -q '^\s*error_log' "$conf" || sed -i '1i error_log /dev/stderr;' "$conf"
  rm -f "$root/var/log/nginx/access.log" "$root/var/log/nginx/error.log"
  mkdir -p "$root/var/log/nginx"
  ln -s /dev/stdout "$root/var/log/nginx/access.log"
  ln -s /dev/stderr "$root/var/log/nginx/error.log"
  # IPv4 only: a container network namespace may lack IPv6.
  sed -i -E '/listen\s+\[::\]:80/d' "$root/etc/nginx/sites-available/default"
}

version_golang() { chroot "$1" /usr/bin/go version | awk '{ print substr($3, 3) }'; }
version_nginx() { local v; v=$(chroot "$1" dpkg-query -W -f='${Version}' nginx); echo "${v%%-*}"; }

# make_rootfs NAME PACKAGES: debootstrap a minbase root filesystem with PACKAGES, cached as a tar.
make_rootfs() {
  local name=$1 pkgs=$2 tar=$C4J_CACHE/rootfs/$1.tar key dir mirror t0
  key="$DEBIAN_SUITE minbase $pkgs $(declare -f "customize_$name" | cksum)"
  if [ -f "$tar" ] && [ -f "$tar.key" ] && [ "$(cat "$tar.key")" = "$key" ]; then return 0; fi
  t0=$(now)
  mirror=$(debian_mirror)
  dir=$C4J_STATE/build/rootfs-$name
  log "rootfs $name: debootstrap $DEBIAN_SUITE from $mirror with $pkgs (minutes the first time)"
  umount_rootfs "$dir"
  rm -rf "$dir"; mkdir -p "$dir" "$C4J_CACHE/debs" "$C4J_CACHE/rootfs"
  {
    debootstrap --variant=minbase --foreign --include="$pkgs" --cache-dir="$C4J_CACHE/debs" \
      "$DEBIAN_SUITE" "$dir" "$mirror" &&
      # No service may start inside the chroot (nginx's postinst would bind port 80 here).
      printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d" && chmod 755 "$dir/usr/sbin/policy-rc.d" &&
      chroot "$dir" /debootstrap/debootstrap --second-stage
  } >>"$C4J_LOGS/rootfs-$name.log" 2>&1 || { umount_rootfs "$dir"; die "debootstrap $name failed; see $C4J_LOGS/rootfs-$name.log"; }
  umount_rootfs "$dir"
  rm -f "$dir/usr/sbin/policy-rc.d"
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/* "$dir"/debootstrap
  "customize_$name" "$dir"
  "version_$name" "$dir" >"$tar.version" 2>/dev/null || true
  tar --sort=name --numeric-owner --xattrs --xattrs-include='security.capability' -C "$dir" \
    --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' --exclude='./run/*' --exclude='./tmp/*' \
    -cf "$tar.tmp" . || die "tar of rootfs $name failed"
  mv -f "$tar.tmp" "$tar"
  printf '%s' "$key" >"$tar.key"
  rm -rf "$dir"
  log "rootfs $name: done in $(elapsed "$t0")s"
}

umount_rootfs() {
  local dir=$1 m
  [ -d "$dir" ] || return 0
  for m in $(awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r); do
    umount -l "$m" 2>/dev/null || true
  done
}

# debootstrap is mostly download and unpack: on a fresh machine it runs in the background
# while the go builds use the CPU. seed_debian_images waits for it.
ROOTFS_PID=""
start_rootfs_prep() {
  ( make_rootfs golang golang-go && make_rootfs nginx nginx ) &
  ROOTFS_PID=$!
}

wait_rootfs_prep() {
  [ -n "$ROOTFS_PID" ] || return 0
  wait "$ROOTFS_PID" || die "preparing the Debian root filesystems failed; see $C4J_LOGS/rootfs-*.log"
  ROOTFS_PID=""
}

seed_debian_images() {
  local lay
  wait_rootfs_prep
  make_rootfs golang golang-go
  lay=$(build_layout golang 1.16-alpine "$(stat -c %s-%Y "$C4J_CACHE/rootfs/golang.tar")" \
    --rootfs-tar "$C4J_CACHE/rootfs/golang.tar" --go-version "$(cat "$C4J_CACHE/rootfs/golang.tar.version" 2>/dev/null)")
  push_layout "$lay" "$C4J_REGISTRY_ADDR" library/golang 1.16-alpine
  make_rootfs nginx nginx
  lay=$(build_layout nginx latest "$(stat -c %s-%Y "$C4J_CACHE/rootfs/nginx.tar")" \
    --rootfs-tar "$C4J_CACHE/rootfs/nginx.tar" --nginx-version "$(cat "$C4J_CACHE/rootfs/nginx.tar.version" 2>/dev/null)")
  push_layout "$lay" "$C4J_REGISTRY_ADDR" library/nginx latest
}

verify_seeded_images() {
  local ok=0 ref
  for ref in library/busybox:latest library/alpine:3.13 library/golang:1.16-alpine library/nginx:latest library/multiarch:latest; do
    if [ -z "$(registry_digest "$C4J_REGISTRY_ADDR" "${ref%%:*}" "${ref##*:}")" ]; then
      log "verify: $C4J_REGISTRY_ADDR/$ref missing"; ok=1
    fi
  done
  if [ -z "$(registry_digest "$C4J_AUTH_REGISTRY_ADDR" library/busybox latest "$(auth_creds)")" ]; then
    log "verify: $C4J_AUTH_REGISTRY_ADDR/library/busybox:latest missing"; ok=1
  fi
  return $ok
}

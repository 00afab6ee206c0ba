# shellcheck shell=bash
# Writes every configuration file of the test environment under $C4J_ETC.
# Files are rewritten on each `up` (cheap, and keeps them in step with this script);
# generated secrets (TLS keys, registry password) are made once and kept.

# write_if_changed FILE: stdin becomes FILE's content; returns 0 when the file changed.
write_if_changed() {
  local file=$1 tmp
  mkdir -p "$(dirname "$file")"
  tmp=$(mktemp "$file.XXXXXX")
  cat >"$tmp"
  if [ -f "$file" ] && cmp -s "$tmp" "$file"; then rm -f "$tmp"; return 1; fi
  mv -f "$tmp" "$file"
  return 0
}

write_hosts_dirs() {
  write_if_changed "$C4J_HOSTS_DIR/docker.io/hosts.toml" <<EOF || true
# containerd-style registry host configuration for docker.io: the local open registry
# ($C4J_REGISTRY_ADDR, plain HTTP, seeded with stand-in images) is tried first.
server = "https://registry-1.docker.io"

[host."http://$C4J_REGISTRY_ADDR"]
  capabilities = ["pull", "resolve"]
EOF
  local r
  for r in "$C4J_REGISTRY_ADDR" "$C4J_AUTH_REGISTRY_ADDR"; do
    write_if_changed "$C4J_HOSTS_DIR/$r/hosts.toml" <<EOF || true
# Local test registry, plain HTTP.
server = "http://$r"

[host."http://$r"]
  capabilities = ["pull", "resolve", "push"]
  skip_verify = true
EOF
  done
}

write_containerd2_config() {
  local d=$C4J_STATE/containerd2
  write_if_changed "$C4J_ETC/containerd2/config.toml" <<EOF || true
# Private containerd 2.x of the containerd4j test environment (never the system's own).
version = 3
root = "$d/root"
state = "$C4J_RUN/containerd2/state"
imports = []
disabled_plugins = []

[grpc]
  address = "$C4J_CTRD2_SOCK"

[ttrpc]
  address = "$C4J_CTRD2_SOCK.ttrpc"

[debug]
  address = "$C4J_RUN/containerd2/debug.sock"
  level = "info"

[plugins]
  [plugins."io.containerd.internal.v1.opt"]
    path = "$d/opt"
  [plugins."io.containerd.image-verifier.v1.bindir"]
    bin_dir = "$d/image-verifier/bin"
  [plugins."io.containerd.monitor.container.v1.restart"]
    interval = "2s"
  [plugins."io.containerd.nri.v1.nri"]
    disable = true
  [plugins."io.containerd.transfer.v1.local"]
    config_path = "$C4J_HOSTS_DIR"
EOF
}

write_containerd16_config() {
  local d=$C4J_STATE/containerd16
  write_if_changed "$C4J_ETC/containerd16/config.toml" <<EOF || true
# Private containerd 1.6 (Debian's package) of the containerd4j test environment.
version = 2
root = "$d/root"
state = "$C4J_RUN/containerd16/state"
imports = []
# No Kubernetes here: the CRI plugin would only add noise and CNI lookups in /etc/cni.
disabled_plugins = ["io.containerd.grpc.v1.cri"]

[grpc]
  address = "$C4J_CTRD16_SOCK"

[ttrpc]
  address = "$C4J_CTRD16_SOCK.ttrpc"

[debug]
  address = "$C4J_RUN/containerd16/debug.sock"
  level = "info"

[plugins]
  [plugins."io.containerd.internal.v1.opt"]
    path = "$d/opt"
  [plugins."io.containerd.internal.v1.restart"]
    interval = "2s"
EOF
}

# buildkitd.toml for one instance: $1 name, $2 worker kind (containerd|oci).
write_buildkitd_config() {
  local name=$1 kind=$2 worker
  if [ "$kind" = containerd ]; then
    worker="[worker.oci]
  enabled = false

[worker.containerd]
  enabled = true
  address = \"$C4J_CTRD2_SOCK\"
  namespace = \"default\"
  snapshotter = \"overlayfs\"
  networkMode = \"host\"
  gc = true"
  else
    worker="[worker.oci]
  enabled = true
  snapshotter = \"overlayfs\"
  networkMode = \"host\"
  gc = true

[worker.containerd]
  enabled = false"
  fi
  write_if_changed "$C4J_ETC/$name/buildkitd.toml" <<EOF || true
# buildkitd '$name' of the containerd4j test environment.
root = "$C4J_STATE/$name"

$worker

# docker.io is mirrored by the local open registry, which has the seeded stand-in images.
[registry."docker.io"]
  mirrors = ["$C4J_REGISTRY_ADDR"]

[registry."$C4J_REGISTRY_ADDR"]
  http = true
  insecure = true

[registry."$C4J_AUTH_REGISTRY_ADDR"]
  http = true
  insecure = true
EOF
}

write_registry_config() {
  local name=$1 addr=$2 auth=$3 authblock=""
  if [ "$auth" = yes ]; then
    authblock="auth:
  htpasswd:
    realm: containerd4j-test
    path: $C4J_ETC/registry-credentials/htpasswd"
  fi
  [ -f "$C4J_ETC/$name/http-secret" ] || { mkdir -p "$C4J_ETC/$name"; openssl rand -hex 16 >"$C4J_ETC/$name/http-secret"; }
  write_if_changed "$C4J_ETC/$name/config.yml" <<EOF || true
# docker-registry '$name' of the containerd4j test environment.
version: 0.1
log:
  level: info
  formatter: text
  accesslog:
    disabled: false
storage:
  filesystem:
    rootdirectory: $C4J_STATE/$name/storage
  delete:
    enabled: true
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: $addr
  secret: $(cat "$C4J_ETC/$name/http-secret")
  headers:
    X-Content-Type-Options: [nosniff]
$authblock
EOF
}

make_registry_credentials() {
  local dir=$C4J_ETC/registry-credentials
  mkdir -p "$dir"; chmod 700 "$dir"
  if [ ! -s "$dir/user" ] || [ ! -s "$dir/password" ]; then
    printf 'c4j-tester' >"$dir/user"
    openssl rand -hex 12 | tr -d '\n' >"$dir/password"
    rm -f "$dir/htpasswd"
  fi
  if [ ! -s "$dir/htpasswd" ]; then
    htpasswd -Bbn "$(cat "$dir/user")" "$(cat "$dir/password")" >"$dir/htpasswd" 2>/dev/null ||
      die "htpasswd failed"
  fi
  chmod 600 "$dir"/*
}

# CA, server and client certificates for buildkitd's TLS listener (mutual TLS).
make_tls_certs() {
  local d=$C4J_TLS_DIR
  [ -s "$d/ca.pem" ] && [ -s "$d/server-cert.pem" ] && [ -s "$d/client-cert.pem" ] && return 0
  log "creating TLS CA, server and client certificates in $d"
  mkdir -p "$d"; chmod 700 "$d"
  (
    cd "$d" || exit 1
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -sha256 -keyout ca-key.pem -out ca.pem \
      -subj "/CN=containerd4j test CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
    openssl req -newkey rsa:2048 -nodes -keyout server-key.pem -out server.csr -subj "/CN=127.0.0.1"
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 3650 -sha256 \
      -extfile server.ext -out server-cert.pem
    openssl req -newkey rsa:2048 -nodes -keyout client-key.pem -out client.csr -subj "/CN=containerd4j-test-client"
    printf 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n' >client.ext
    openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 3650 -sha256 \
      -extfile client.ext -out client-cert.pem
    rm -f ./*.csr ./*.ext ca.srl
    chmod 600 ./*-key.pem; chmod 644 ./*.pem
  ) >>"$C4J_LOGS/tls.log" 2>&1 || die "openssl failed; see $C4J_LOGS/tls.log"
}

write_docker_config() {
  write_if_changed "$C4J_ETC/docker/daemon.json" <<EOF || true
{
  "registry-mirrors": ["http://$C4J_REGISTRY_ADDR"],
  "insecure-registries": ["$C4J_REGISTRY_ADDR", "$C4J_AUTH_REGISTRY_ADDR"]
}
EOF
}

# nerdctl (a peer) reads this through NERDCTL_TOML: the primary containerd, the test hosts
# directory, and a data root of its own instead of /var/lib/nerdctl.
write_nerdctl_config() {
  write_if_changed "$C4J_ETC/nerdctl/nerdctl.toml" <<EOF || true
address = "$C4J_CTRD2_SOCK"
namespace = "default"
snapshotter = "overlayfs"
data_root = "$C4J_STATE/nerdctl"
hosts_dir = ["$C4J_HOSTS_DIR"]
cni_path = "/usr/lib/cni"
cni_netconfpath = "$C4J_NETCONF_DIR"
EOF
}

write_all_config() {
  mkdir -p "$C4J_ETC" "$C4J_NETCONF_DIR"
  write_hosts_dirs
  write_containerd2_config
  write_containerd16_config
  make_registry_credentials
  write_registry_config registry-open "$C4J_REGISTRY_ADDR" no
  write_registry_config registry-auth "$C4J_AUTH_REGISTRY_ADDR" yes
  make_tls_certs
  write_buildkitd_config buildkitd containerd
  write_buildkitd_config buildkitd-oci oci
  write_buildkitd_config buildkitd-sa oci
  write_docker_config
  write_nerdctl_config
}

#!/usr/bin/env python3
"""Builds the test environment's stand-in images as OCI image layouts.

No public registry is reachable from the test machines, so the images the integration tests and
the walkthrough name (busybox, alpine:3.13, golang:1.16-alpine, nginx, a multi-platform image) are
made here from Debian packages: busybox-static for the small ones, debootstrap root filesystems
(made by seed.sh) for golang and nginx. Output is deterministic for the same inputs (fixed
timestamps, sorted entries, gzip without a time stamp), so digests stay stable between runs.

    seed.py KIND OUT_DIR TAG [--busybox PATH] [--rootfs-tar FILE]

KIND is busybox, alpine, golang, nginx or multiarch. OUT_DIR becomes an OCI image layout whose
index.json names the image TAG; seed.sh pushes it with skopeo.
"""

import argparse
import gzip
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile

EPOCH = 1704067200  # 2024-01-01T00:00:00Z: fixed so layer digests do not change between runs
CREATED = "2024-01-01T00:00:00Z"
PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

MT_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
MT_INDEX = "application/vnd.oci.image.index.v1+json"
MT_CONFIG = "application/vnd.oci.image.config.v1+json"
MT_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip"


class Layout:
    """An OCI image layout directory being written."""

    def __init__(self, root):
        self.root = root
        if os.path.exists(root):
            shutil.rmtree(root)
        os.makedirs(os.path.join(root, "blobs", "sha256"))
        with open(os.path.join(root, "oci-layout"), "w") as f:
            json.dump({"imageLayoutVersion": "1.0.0"}, f)

    def put_bytes(self, data, media_type, **extra):
        digest = hashlib.sha256(data).hexdigest()
        with open(os.path.join(self.root, "blobs", "sha256", digest), "wb") as f:
            f.write(data)
        desc = {"mediaType": media_type, "digest": "sha256:" + digest, "size": len(data)}
        desc.update(extra)
        return desc

    def put_json(self, obj, media_type, **extra):
        return self.put_bytes(json.dumps(obj, indent=2, sort_keys=False).encode() + b"\n",
                              media_type, **extra)

    def put_layer_from_tar_stream(self, tar_stream):
        """Gzips an uncompressed layer tar; returns (descriptor, diff_id)."""
        tmp = os.path.join(self.root, "blobs", "layer.tmp")
        diff = hashlib.sha256()
        comp = hashlib.sha256()

        class HashingFile(io.RawIOBase):
            def __init__(self, f):
                self.f = f
                self.n = 0

            def writable(self):
                return True

            def write(self, b):
                comp.update(b)
                self.n += len(b)
                return self.f.write(b)

        with open(tmp, "wb") as raw:
            hf = HashingFile(raw)
            with gzip.GzipFile(fileobj=hf, mode="wb", mtime=0, compresslevel=6, filename="") as gz:
                while True:
                    chunk = tar_stream.read(1 << 20)
                    if not chunk:
                        break
                    diff.update(chunk)
                    gz.write(chunk)
            size = hf.n
        digest = comp.hexdigest()
        os.replace(tmp, os.path.join(self.root, "blobs", "sha256", digest))
        desc = {"mediaType": MT_LAYER_GZIP, "digest": "sha256:" + digest, "size": size}
        return desc, "sha256:" + diff.hexdigest()

    def put_layer(self, tar_bytes):
        return self.put_layer_from_tar_stream(io.BytesIO(tar_bytes))

    def image(self, layers, diff_ids, config, arch="amd64", variant=None, history=None):
        """Writes config and manifest; returns the manifest descriptor with its platform."""
        cfg = {
            "created": CREATED,
            "architecture": arch,
            "os": "linux",
            "config": config,
            "rootfs": {"type": "layers", "diff_ids": diff_ids},
            "history": history or [{"created": CREATED, "created_by": "containerd4j scripts/images/seed.py"}],
        }
        if variant:
            cfg["variant"] = variant
        cfg_desc = self.put_json(cfg, MT_CONFIG)
        manifest = {"schemaVersion": 2, "mediaType": MT_MANIFEST, "config": cfg_desc, "layers": layers}
        platform = {"architecture": arch, "os": "linux"}
        if variant:
            platform["variant"] = variant
        return self.put_json(manifest, MT_MANIFEST, platform=platform)

    def index(self, manifests):
        return self.put_json({"schemaVersion": 2, "mediaType": MT_INDEX, "manifests": manifests}, MT_INDEX)

    def finish(self, top, tag):
        top = dict(top)
        top.pop("platform", None) if top["mediaType"] == MT_INDEX else None
        top["annotations"] = {"org.opencontainers.image.ref.name": tag}
        with open(os.path.join(self.root, "index.json"), "w") as f:
            json.dump({"schemaVersion": 2, "mediaType": MT_INDEX, "manifests": [top]}, f, indent=2)


class TarBuilder:
    """A deterministic in-memory layer tar."""

    def __init__(self):
        self.buf = io.BytesIO()
        self.tar = tarfile.open(fileobj=self.buf, mode="w", format=tarfile.PAX_FORMAT)
        self.entries = {}

    def _info(self, name, type_, mode, uid=0, gid=0):
        ti = tarfile.TarInfo(name)
        ti.type = type_
        ti.mode = mode
        ti.uid, ti.gid = uid, gid
        ti.uname = ti.gname = ""
        ti.mtime = EPOCH
        return ti

    def dir(self, name, mode=0o755, uid=0, gid=0):
        self.entries[name] = (self._info(name, tarfile.DIRTYPE, mode, uid, gid), None)

    def file(self, name, data, mode=0o644, uid=0, gid=0):
        if isinstance(data, str):
            data = data.encode()
        ti = self._info(name, tarfile.REGTYPE, mode, uid, gid)
        ti.size = len(data)
        self.entries[name] = (ti, data)

    def symlink(self, name, target):
        ti = self._info(name, tarfile.SYMTYPE, 0o777)
        ti.linkname = target
        self.entries[name] = (ti, None)

    def bytes(self):
        # Parents first (sorted order puts "a" before "a/b").
        for name in sorted(self.entries):
            ti, data = self.entries[name]
            self.tar.addfile(ti, io.BytesIO(data) if data is not None else None)
        self.tar.close()
        return self.buf.getvalue()


PASSWD = """root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
app:x:1000:1000:app:/home/app:/bin/sh
"""
GROUP = """root:x:0:
daemon:x:1:
wheel:x:10:root
nogroup:x:65534:
nobody:x:65534:
app:x:1000:
"""


def busybox_rootfs(busybox, extra_files=None):
    tb = TarBuilder()
    for d in ("bin", "sbin", "usr", "usr/bin", "usr/sbin", "etc", "var", "var/log", "var/spool",
              "home", "proc", "sys", "dev", "run"):
        tb.dir(d)
    tb.dir("tmp", 0o1777)
    tb.dir("var/tmp", 0o1777)
    tb.dir("root", 0o700)
    tb.dir("home/app", 0o755, 1000, 1000)
    with open(busybox, "rb") as f:
        tb.file("bin/busybox", f.read(), 0o755)
    applets = subprocess.run([busybox, "--list-full"], check=True, capture_output=True, text=True).stdout.split()
    for path in applets:
        if path not in ("bin/busybox",):
            tb.symlink(path, "/bin/busybox")
    tb.file("etc/passwd", PASSWD)
    tb.file("etc/group", GROUP)
    tb.file("etc/shadow", "root:*:19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\napp:!:19000:0:99999:7:::\n", 0o640)
    tb.file("etc/nsswitch.conf", "hosts: files dns\npasswd: files\ngroup: files\n")
    for name, data in (extra_files or {}).items():
        tb.file(name, data)
    return tb.bytes()


def build_busybox(lay, args):
    layer, diff = lay.put_layer(busybox_rootfs(args.busybox))
    m = lay.image([layer], [diff], {"Env": [PATH_ENV], "Cmd": ["sh"]},
                  history=[{"created": CREATED, "created_by": "/bin/sh -c #(nop) ADD busybox-static rootfs in /"},
                           {"created": CREATED, "created_by": '/bin/sh -c #(nop)  CMD ["sh"]', "empty_layer": True}])
    return lay.index([m])


def build_alpine(lay, args):
    release = "3.13.12"
    extra = {
        "etc/alpine-release": release + "\n",
        "etc/os-release": ('NAME="Alpine Linux"\nID=alpine\nVERSION_ID=%s\n'
                           'PRETTY_NAME="Alpine Linux v3.13 (containerd4j stand-in: busybox-static)"\n') % release,
    }
    layer, diff = lay.put_layer(busybox_rootfs(args.busybox, extra))
    return lay.image([layer], [diff], {"Env": [PATH_ENV], "Cmd": ["/bin/sh"]},
                     history=[{"created": CREATED, "created_by": "/bin/sh -c #(nop) ADD busybox-static rootfs in /"},
                              {"created": CREATED, "created_by": '/bin/sh -c #(nop)  CMD ["/bin/sh"]', "empty_layer": True}])


def rootfs_layer(lay, args):
    with open(args.rootfs_tar, "rb") as f:
        return lay.put_layer_from_tar_stream(f)


def build_golang(lay, args):
    layer, diff = rootfs_layer(lay, args)
    env = ["PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
           "GOPATH=/go", "GOLANG_VERSION=" + args.go_version]
    return lay.image([layer], [diff], {"Env": env, "Cmd": ["bash"], "WorkingDir": "/go"},
                     history=[{"created": CREATED, "created_by": "debootstrap --variant=minbase bookworm + golang-go"}])


def build_nginx(lay, args):
    layer, diff = rootfs_layer(lay, args)
    m = lay.image([layer], [diff], {
        "Env": [PATH_ENV, "NGINX_VERSION=" + args.nginx_version],
        "Cmd": ["nginx", "-g", "daemon off;"],
        "ExposedPorts": {"80/tcp": {}},
        "StopSignal": "SIGQUIT",
    }, history=[{"created": CREATED, "created_by": "debootstrap --variant=minbase bookworm + nginx"}])
    return lay.index([m])


def build_multiarch(lay, args):
    amd_layer, amd_diff = lay.put_layer(busybox_rootfs(args.busybox))
    tb = TarBuilder()
    tb.file("arch", "amd64\n")
    arch_layer, arch_diff = lay.put_layer(tb.bytes())
    amd = lay.image([amd_layer, arch_layer], [amd_diff, arch_diff],
                    {"Env": [PATH_ENV], "Cmd": ["cat", "/arch"]})
    tb = TarBuilder()
    tb.file("arch", "arm64\n")
    arm_layer, arm_diff = lay.put_layer(tb.bytes())
    arm = lay.image([arm_layer], [arm_diff], {"Env": [PATH_ENV], "Cmd": ["cat", "/arch"]}, arch="arm64", variant="v8")
    return lay.index([amd, arm])


KINDS = {"busybox": build_busybox, "alpine": build_alpine, "golang": build_golang,
         "nginx": build_nginx, "multiarch": build_multiarch}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kind", choices=sorted(KINDS))
    p.add_argument("out")
    p.add_argument("tag")
    p.add_argument("--busybox", default="/bin/busybox")
    p.add_argument("--rootfs-tar")
    p.add_argument("--go-version", default="")
    p.add_argument("--nginx-version", default="")
    args = p.parse_args()
    if args.kind in ("golang", "nginx") and not args.rootfs_tar:
        p.error("--rootfs-tar is required for " + args.kind)
    tmp = args.out + ".tmp"
    lay = Layout(tmp)
    top = KINDS[args.kind](lay, args)
    lay.finish(top, args.tag)
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.replace(tmp, args.out)
    print(top["digest"])


if __name__ == "__main__":
    sys.exit(main())

package dev.containerd4j.containerd.internal.sys;

/** The Linux {@code MS_*} mount flags the SDK uses (same values on every Linux architecture). */
public final class MountFlags {
    private MountFlags() {
    }

    public static final long RDONLY = 1;
    public static final long NOSUID = 2;
    public static final long NODEV = 4;
    public static final long NOEXEC = 8;
    public static final long REMOUNT = 32;
    public static final long BIND = 4096;
    public static final long REC = 16384;
    public static final long PRIVATE = 1L << 18;
}

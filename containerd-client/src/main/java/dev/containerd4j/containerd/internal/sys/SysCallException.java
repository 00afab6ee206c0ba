package dev.containerd4j.containerd.internal.sys;

/**
 * A failed system call: names the call, the object it was applied to and the errno, so the message alone
 * tells the user what to check (permissions, a missing directory, a busy mount, ...).
 */
public final class SysCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** errno value for "no such file or directory". */
    public static final int ENOENT = 2;
    /** errno value for "no such process". */
    public static final int ESRCH = 3;
    /** errno value for "interrupted system call". */
    public static final int EINTR = 4;
    /** errno value for "operation would block". */
    public static final int EWOULDBLOCK = 11;
    /** errno value for "file exists". */
    public static final int EEXIST = 17;
    /** errno value for "invalid argument". */
    public static final int EINVAL = 22;
    /** errno value for "operation not permitted". */
    public static final int EPERM = 1;

    private final int errno;

    public SysCallException(String call, Object target, int errno, String detail) {
        super(call + "(" + target + ") failed: " + detail + " (errno " + errno + ")");
        this.errno = errno;
    }

    public SysCallException(String message, Throwable cause) {
        super(message, cause);
        this.errno = 0;
    }

    /** The errno of the failed call, 0 when the failure was not a single system call. */
    public int errno() {
        return errno;
    }
}

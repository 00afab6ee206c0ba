package dev.containerd4j.containerd.internal.cni;

/**
 * A CNI operation failed: names the network, the plugin, the command and, when the plugin reported one, its
 * CNI error code and message.
 */
public final class CniException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int code;

    public CniException(String message) {
        super(message);
        this.code = 0;
    }

    public CniException(String message, int code, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The CNI error code the plugin returned (spec: 1..99 well-known, 100+ plugin-specific), 0 if none. */
    public int code() {
        return code;
    }
}

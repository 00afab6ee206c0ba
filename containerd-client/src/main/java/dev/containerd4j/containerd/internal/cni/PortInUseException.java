package dev.containerd4j.containerd.internal.cni;

/** A host port that cannot be published because a container or a host process already holds it. */
public final class PortInUseException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final PortMapping port;

    public PortInUseException(PortMapping port, String holder) {
        super("host port " + port.hostIp() + ":" + port.hostPort() + "/" + port.protocol()
                + " is already in use by " + holder + "; choose another host port or free it");
        this.port = port;
    }

    public PortMapping port() {
        return port;
    }
}

package dev.containerd4j.containerd.container;

/** {@code --network}: which network the container joins. */
public enum NetworkMode {
    /** The default CNI bridge network, with published ports, in a network namespace the SDK keeps. */
    BRIDGE,
    /** The host's network stack; ports cannot be published (the container binds host ports itself). */
    HOST,
    /** Only a loopback interface. */
    NONE;

    /** Parses {@code bridge}, {@code host} or {@code none}. */
    public static NetworkMode parse(String value) {
        return switch (value.strip()) {
            case "bridge", "" -> BRIDGE;
            case "host" -> HOST;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException("unsupported --network " + value
                    + " (bridge, host or none)");
        };
    }
}

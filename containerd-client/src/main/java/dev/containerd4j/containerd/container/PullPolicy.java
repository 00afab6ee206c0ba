package dev.containerd4j.containerd.container;

/** {@code --pull}: when run fetches the image. */
public enum PullPolicy {
    /** Pull only when the image is not in containerd yet (default). */
    MISSING,
    /** Always pull (cheap when nothing changed: only the manifest is fetched). */
    ALWAYS,
    /** Never pull; a missing image is an error. */
    NEVER;

    /** Parses {@code missing}, {@code always} or {@code never}. */
    public static PullPolicy parse(String value) {
        return switch (value.strip()) {
            case "missing", "" -> MISSING;
            case "always" -> ALWAYS;
            case "never" -> NEVER;
            default -> throw new IllegalArgumentException("invalid --pull " + value + " (missing, always, never)");
        };
    }
}

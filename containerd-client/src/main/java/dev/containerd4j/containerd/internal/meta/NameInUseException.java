package dev.containerd4j.containerd.internal.meta;

/** A container name is already held by another container id in this namespace. */
public final class NameInUseException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final String holder;

    public NameInUseException(String namespace, String name, String holder) {
        super("container name \"" + name + "\" is already in use by container " + holder + " in namespace "
                + namespace + "; remove that container or choose another name");
        this.name = name;
        this.holder = holder;
    }

    public String name() {
        return name;
    }

    /** The id of the container holding the name. */
    public String holder() {
        return holder;
    }
}

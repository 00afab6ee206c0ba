package dev.containerd4j.containerd.internal;

import dev.containerd4j.containerd.ContainerdClient;
import java.util.function.Function;

/**
 * Hands the {@link ClientContext} of a {@link ContainerdClient} to code in other packages of this
 * module without a public accessor on the client. {@code ContainerdClient} registers itself here
 * when its class initialises.
 */
public final class ClientAccess {

  private static volatile Function<ContainerdClient, ClientContext> accessor;

  private ClientAccess() {}

  /** Called once, by ContainerdClient's static initializer. */
  public static void register(Function<ContainerdClient, ClientContext> a) {
    if (accessor != null) {
      throw new IllegalStateException("already registered");
    }
    accessor = a;
  }

  /** The context (channel, namespace, stubs) behind {@code client}. */
  public static ClientContext contextOf(ContainerdClient client) {
    Function<ContainerdClient, ClientContext> a = accessor;
    if (a == null) {
      // touching the class runs its static initializer, which registers the accessor
      try {
        Class.forName(ContainerdClient.class.getName(), true, ContainerdClient.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      a = accessor;
    }
    return a.apply(client);
  }
}

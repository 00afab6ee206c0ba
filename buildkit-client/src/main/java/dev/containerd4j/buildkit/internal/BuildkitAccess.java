package dev.containerd4j.buildkit.internal;

import dev.containerd4j.buildkit.BuildkitClient;
import java.util.function.Function;

/**
 * Hands the {@link BuildkitContext} of a {@link BuildkitClient} to code in other packages of this
 * module without a public accessor. {@code BuildkitClient} registers itself when its class
 * initialises.
 */
public final class BuildkitAccess {

  private static volatile Function<BuildkitClient, BuildkitContext> accessor;

  private BuildkitAccess() {}

  /** Called once, by BuildkitClient's static initializer. */
  public static void register(Function<BuildkitClient, BuildkitContext> a) {
    if (accessor != null) {
      throw new IllegalStateException("already registered");
    }
    accessor = a;
  }

  /** The context (channel, policy, errors) behind {@code client}. */
  public static BuildkitContext contextOf(BuildkitClient client) {
    Function<BuildkitClient, BuildkitContext> a = accessor;
    if (a == null) {
      try {
        Class.forName(BuildkitClient.class.getName(), true, BuildkitClient.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      a = accessor;
    }
    return a.apply(client);
  }
}

package dev.containerd4j.cli.image;

import dev.containerd4j.containerd.image.Images;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Opens the images service for one CLI command, honouring the top command's global {@code --address} and
 * {@code --namespace} (inherited options) and otherwise {@code CONTAINERD_ADDRESS} / {@code
 * CONTAINERD_NAMESPACE}, like ctr and nerdctl.
 */
final class ImageSession implements AutoCloseable {
  private final AutoCloseable client;
  final Images images;
  final String namespace;

  private ImageSession(AutoCloseable client, Images images, String namespace) {
    this.client = client;
    this.images = images;
    this.namespace = namespace;
  }

  static ImageSession open(CommandSpec spec) {
    String address = global(spec, "--address", "CONTAINERD_ADDRESS", "/run/containerd/containerd.sock");
    String namespace = global(spec, "--namespace", "CONTAINERD_NAMESPACE", "default");
    return ClientBridge.open(address, namespace);
  }

  static ImageSession of(AutoCloseable client, Images images, String namespace) {
    return new ImageSession(client, images, namespace);
  }

  /** The value of an option of the root command (or any parent), else the environment, else the default. */
  static String global(CommandSpec spec, String option, String env, String fallback) {
    for (CommandSpec s = spec; s != null; s = s.parent()) {
      OptionSpec o = s.findOption(option);
      Object value = o == null ? null : o.getValue();
      if (value != null && !value.toString().isBlank()) {
        return value.toString();
      }
    }
    String v = System.getenv(env);
    return v == null || v.isBlank() ? fallback : v;
  }

  @Override
  public void close() throws Exception {
    client.close();
  }
}

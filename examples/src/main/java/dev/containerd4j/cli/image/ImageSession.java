package dev.containerd4j.cli.image;

import dev.containerd4j.cli.Clients;
import dev.containerd4j.containerd.ContainerdClient;
import dev.containerd4j.containerd.image.Images;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The images service for one CLI command, from a client configured by c4j's global options ({@code
 * --address}, {@code --namespace}, {@code --transport}) and the environment. Closing it closes the client.
 */
final class ImageSession implements AutoCloseable {
  private final ContainerdClient client;
  final Images images;

  private ImageSession(ContainerdClient client) {
    this.client = client;
    this.images = client.images();
  }

  static ImageSession open(CommandSpec spec) {
    return new ImageSession(Clients.containerd(spec));
  }

  String namespace() {
    return client.namespace();
  }

  @Override
  public void close() {
    client.close();
  }
}

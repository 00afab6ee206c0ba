package dev.containerd4j.cli.image;

import dev.containerd4j.containerd.ContainerdClient;

/** Where the CLI gets a client from (the one place that knows how). */
final class ClientBridge {
  private ClientBridge() {}

  static ImageSession open(String address, String namespace) {
    ContainerdClient client = ContainerdClient.builder().address(address).namespace(namespace).build();
    return ImageSession.of(client, client.images(), namespace);
  }
}

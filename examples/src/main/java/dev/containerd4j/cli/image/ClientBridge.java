package dev.containerd4j.cli.image;

import dev.containerd4j.containerd.internal.content.Daemon;
import dev.containerd4j.containerd.internal.imagestore.DefaultImages;
import dev.containerd4j.transport.internal.ChannelOptions;
import dev.containerd4j.transport.internal.DaemonChannel;
import dev.containerd4j.transport.internal.DaemonChannels;
import dev.containerd4j.transport.internal.Endpoint;

/** Where the CLI gets a client from (the one place that knows how). */
final class ClientBridge {
  private ClientBridge() {}

  static ImageSession open(String address, String namespace) {
    DaemonChannel channel = DaemonChannels.open(Endpoint.parse(address, "--address"), ChannelOptions.builder().build());
    DefaultImages images = new DefaultImages(Daemon.of(channel.channel(), namespace), DefaultImages.defaultRegistry());
    return ImageSession.of(channel, images, namespace);
  }
}

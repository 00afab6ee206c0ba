package dev.containerd4j.containerd.internal.unpack;

import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Digest;
import java.util.List;

/**
 * Unpacks a manifest's layers bottom-up: layer n is applied as soon as it is available and layer n-1's
 * snapshot is committed, so unpacking overlaps with the downloads of the layers above.
 */
public final class LayerChain {
  private LayerChain() {}

  /** Blocks until layer {@code index} is in the content store; throws if its download failed. */
  @FunctionalInterface
  public interface LayerWait {
    void await(int index) throws Exception;
  }

  /** Observes each layer: before (unpacking) and after (applied or already present). */
  public interface Observer {
    default void unpacking(Descriptor layer) {}

    default void unpacked(Descriptor layer, boolean applied) {}
  }

  /**
   * @return the chain id of the top layer (the snapshot a container of this image starts from), or null
   *     for an image without layers
   */
  public static Digest unpack(Unpacker unpacker, List<Descriptor> layers, List<Digest> diffIds, LayerWait wait,
      Observer observer) throws Exception {
    if (layers.size() != diffIds.size()) {
      throw new IllegalStateException("the manifest lists " + layers.size() + " layers but the configuration has "
          + diffIds.size() + " diff ids");
    }
    List<Digest> chain = ChainIds.of(diffIds);
    Digest parent = null;
    for (int i = 0; i < layers.size(); i++) {
      Descriptor layer = layers.get(i);
      wait.await(i);
      observer.unpacking(layer);
      boolean applied = unpacker.apply(layer, diffIds.get(i), chain.get(i), parent);
      observer.unpacked(layer, applied);
      parent = chain.get(i);
    }
    return parent;
  }
}

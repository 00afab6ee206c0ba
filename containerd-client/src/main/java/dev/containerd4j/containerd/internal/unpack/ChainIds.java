package dev.containerd4j.containerd.internal.unpack;

import dev.containerd4j.image.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Chain ids as the OCI image spec defines them: the id of a stack of layers, which is the name a
 * committed snapshot gets so every client finds the same snapshot for the same layers.
 */
public final class ChainIds {
  private ChainIds() {}

  /** chain[0] = diff[0]; chain[n] = sha256(chain[n-1] + " " + diff[n]). */
  public static List<Digest> of(List<Digest> diffIds) {
    List<Digest> chain = new ArrayList<>(diffIds.size());
    Digest previous = null;
    for (Digest diffId : diffIds) {
      previous = previous == null ? diffId : next(previous, diffId);
      chain.add(previous);
    }
    return List.copyOf(chain);
  }

  static Digest next(Digest parent, Digest diffId) {
    byte[] joined = (parent.encoded() + " " + diffId.encoded()).getBytes(StandardCharsets.US_ASCII);
    return Digest.sha256Of(joined);
  }
}

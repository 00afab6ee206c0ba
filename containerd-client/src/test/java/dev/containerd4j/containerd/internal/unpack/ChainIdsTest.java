package dev.containerd4j.containerd.internal.unpack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.containerd4j.image.Digest;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainIdsTest {
  private static Digest d(char c) {
    return Digest.parse("sha256:" + String.valueOf(c).repeat(64));
  }

  @Test
  void firstChainIdIsTheFirstDiffId() {
    assertEquals(List.of(d('a')), ChainIds.of(List.of(d('a'))));
  }

  @Test
  void laterChainIdsHashParentSpaceDiffId() {
    List<Digest> chain = ChainIds.of(List.of(d('a'), d('b'), d('c')));
    Digest second = Digest.sha256Of(("sha256:" + "a".repeat(64) + " sha256:" + "b".repeat(64)).getBytes());
    Digest third = Digest.sha256Of((second + " sha256:" + "c".repeat(64)).getBytes());
    assertEquals(List.of(d('a'), second, third), chain);
  }

  @Test
  void emptyImageHasNoChain() {
    assertEquals(List.of(), ChainIds.of(List.of()));
  }
}

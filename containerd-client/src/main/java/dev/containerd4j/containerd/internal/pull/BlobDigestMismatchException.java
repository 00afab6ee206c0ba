package dev.containerd4j.containerd.internal.pull;

import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Digest;
import dev.containerd4j.image.ImageReference;

/** A fetched blob is not what its descriptor promised: nothing of it is committed. */
public final class BlobDigestMismatchException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  BlobDigestMismatchException(ImageReference reference, Descriptor blob, Digest actual) {
    super("blob " + blob.digest() + " of " + reference + " has digest " + actual
        + " after download; the registry (or something between) served wrong content; nothing was stored");
  }

  BlobDigestMismatchException(ImageReference reference, Descriptor blob, long actualSize) {
    super("blob " + blob.digest() + " of " + reference + " is " + blob.size() + " bytes per its descriptor but "
        + actualSize + " bytes arrived; nothing was stored");
  }
}

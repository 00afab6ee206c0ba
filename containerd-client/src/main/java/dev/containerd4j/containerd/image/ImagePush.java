package dev.containerd4j.containerd.image;

import dev.containerd4j.image.Descriptor;

/**
 * A running push. {@link #completion()} completes with the root descriptor that was pushed (its digest
 * is what a pull by digest uses).
 */
public interface ImagePush extends ImageOperation<Descriptor> {}

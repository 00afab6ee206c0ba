package dev.containerd4j.containerd.image;

/**
 * A running pull. {@link #completion()} completes with the image record once every blob is in the
 * content store, the requested platforms are unpacked and the record is created or updated.
 */
public interface ImagePull extends ImageOperation<Image> {}

/**
 * The OCI / Docker image model: {@link dev.containerd4j.image.Digest}, {@link dev.containerd4j.image.Descriptor},
 * {@link dev.containerd4j.image.MediaType}, {@link dev.containerd4j.image.Platform} and
 * {@link dev.containerd4j.image.PlatformMatcher}, {@link dev.containerd4j.image.ImageReference},
 * {@link dev.containerd4j.image.Manifest}, {@link dev.containerd4j.image.Index} and
 * {@link dev.containerd4j.image.ImageConfig}.
 *
 * <p>All value types are immutable and thread-safe; no method returns null (absent values are
 * {@link java.util.Optional} or empty collections). Parsing methods throw {@link IllegalArgumentException}
 * (for JSON documents, its subclass {@link dev.containerd4j.image.InvalidContentException}) with a message
 * naming the field. JSON documents are size-bounded (8 MiB by default) and digests are always computed over
 * original bytes, never over re-serialised JSON.
 *
 * <pre>{@code
 * ImageReference ref = ImageReference.parse("nginx");       // docker.io/library/nginx:latest
 * Platform p = Platform.parse("linux/arm64/v8");
 * boolean ok = PlatformMatcher.only(p).matches(Platform.parse("linux/arm/v7"));  // true
 * Manifest m = Manifest.parse(bytes);
 * }</pre>
 */
package dev.containerd4j.image;

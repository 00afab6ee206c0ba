/**
 * Images in containerd: pull (client-side, on containerd 1.6 and 2.x alike), push, list, tag, remove,
 * inspect, save and load, through {@link dev.containerd4j.containerd.image.Images} from {@code
 * ContainerdClient.images()}.
 *
 * <pre>{@code
 * try (ContainerdClient client = ContainerdClient.create()) {
 *   Images images = client.images();
 *   Image busybox = images.pull("busybox");                        // docker.io/library/busybox:latest
 *   ImagePull pull = images.pull(PullRequest.builder("nginx").platform("linux/arm64")
 *       .listener(event -> System.out.println(event)).build());    // returns at once
 *   pull.await();
 *   images.save(List.of("busybox"), Path.of("busybox.tar"), SaveOptions.defaults());
 *   images.load(Path.of("other.tar"), LoadOptions.defaults());
 * }
 * }</pre>
 *
 * <p>Values here ({@link dev.containerd4j.containerd.image.Image}, requests, options, events) are
 * immutable and thread-safe; the service is thread-safe; long operations return an {@link
 * dev.containerd4j.containerd.image.ImageOperation} handle whose completion future never runs on the
 * common pool. Methods never return null; absent values are {@link java.util.Optional}. Failures are
 * unchecked: the client's {@code ContainerdException} hierarchy, the registry module's {@code
 * RegistryException}s and the archive module's {@code ArchiveException}.
 */
package dev.containerd4j.containerd.image;

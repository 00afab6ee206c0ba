package dev.containerd4j.containerd;

import com.google.protobuf.FieldMask;
import dev.containerd4j.containerd.internal.ClientContext;
import dev.containerd4j.containerd.internal.proto.services.namespaces.v1.CreateNamespaceRequest;
import dev.containerd4j.containerd.internal.proto.services.namespaces.v1.DeleteNamespaceRequest;
import dev.containerd4j.containerd.internal.proto.services.namespaces.v1.ListNamespacesRequest;
import dev.containerd4j.containerd.internal.proto.services.namespaces.v1.NamespacesGrpc;
import dev.containerd4j.containerd.internal.proto.services.namespaces.v1.UpdateNamespaceRequest;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * containerd's namespaces: list, look up, create, delete, and edit labels. Obtained from {@link
 * ContainerdClient#namespaces()}; thread-safe, cheap, and valid as long as its client is open.
 * Namespace names follow containerd's rule (letters and digits joined by '.', '_' or '-').
 */
public final class Namespaces {

  private final ClientContext ctx;

  Namespaces(ClientContext ctx) {
    this.ctx = ctx;
  }

  /** All namespaces, in the daemon's order. */
  public List<Namespace> list() {
    return ctx.call(
        "list namespaces",
        () ->
            ctx.unary(NamespacesGrpc::newBlockingStub).list(ListNamespacesRequest.getDefaultInstance()).getNamespacesList().stream()
                .map(Namespaces::toModel)
                .collect(Collectors.toList()));
  }

  /** The namespace {@code name}, or empty if it does not exist. */
  public Optional<Namespace> find(String name) {
    Objects.requireNonNull(name, "name");
    // Namespaces.Get answers OK with empty labels for any name, existing or not, so look in the list
    return list().stream().filter(n -> n.name().equals(name)).findFirst();
  }

  /**
   * The namespace {@code name}.
   *
   * @throws NotFoundException if it does not exist
   */
  public Namespace get(String name) {
    return find(name)
        .orElseThrow(
            () -> new NotFoundException("get namespace '" + name + "' failed: no such namespace on " + ctx.endpoint(), null));
  }

  /**
   * Creates an empty namespace without labels.
   *
   * @throws AlreadyExistsException if it exists
   */
  public Namespace create(String name) {
    return create(name, Map.of());
  }

  /**
   * Creates a namespace with labels.
   *
   * @throws AlreadyExistsException if it exists
   * @throws InvalidArgumentException if containerd rejects the name or a label
   */
  public Namespace create(String name, Map<String, String> labels) {
    ClientContext.validateNamespace(name);
    Objects.requireNonNull(labels, "labels");
    return ctx.call(
        "create namespace '" + name + "'",
        () ->
            toModel(
                ctx.unary(NamespacesGrpc::newBlockingStub)
                    .create(CreateNamespaceRequest.newBuilder().setNamespace(toProto(name, labels)).build())
                    .getNamespace()));
  }

  /**
   * Deletes an empty namespace.
   *
   * @throws NotFoundException if it does not exist
   * @throws FailedPreconditionException if it still holds images, containers, content, snapshots or leases
   */
  public void delete(String name) {
    Objects.requireNonNull(name, "name");
    ctx.run(
        "delete namespace '" + name + "'",
        () -> ctx.unary(NamespacesGrpc::newBlockingStub).delete(DeleteNamespaceRequest.newBuilder().setName(name).build()));
  }

  /**
   * Sets one label, keeping the others; returns the namespace as stored afterwards.
   *
   * @throws NotFoundException if the namespace does not exist
   */
  public Namespace setLabel(String name, String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return update(name, Map.of(key, value), "labels." + key, "set label '" + key + "' on namespace '" + name + "'");
  }

  /**
   * Removes one label, keeping the others; returns the namespace as stored afterwards.
   *
   * @throws NotFoundException if the namespace does not exist
   */
  public Namespace removeLabel(String name, String key) {
    Objects.requireNonNull(key, "key");
    return update(name, Map.of(), "labels." + key, "remove label '" + key + "' from namespace '" + name + "'");
  }

  /**
   * Replaces all labels; returns the namespace as stored afterwards.
   *
   * @throws NotFoundException if the namespace does not exist
   */
  public Namespace replaceLabels(String name, Map<String, String> labels) {
    Objects.requireNonNull(labels, "labels");
    // an empty mask makes containerd replace the whole label set
    return update(name, labels, null, "replace labels of namespace '" + name + "'");
  }

  private Namespace update(String name, Map<String, String> labels, String path, String action) {
    Objects.requireNonNull(name, "name");
    UpdateNamespaceRequest.Builder req = UpdateNamespaceRequest.newBuilder().setNamespace(toProto(name, labels));
    if (path != null) {
      req.setUpdateMask(FieldMask.newBuilder().addPaths(path));
    }
    ctx.run(action, () -> ctx.unary(NamespacesGrpc::newBlockingStub).update(req.build()));
    // containerd answers with the request, not the stored namespace: read it back
    return get(name);
  }

  private static dev.containerd4j.containerd.internal.proto.services.namespaces.v1.Namespace toProto(
      String name, Map<String, String> labels) {
    return dev.containerd4j.containerd.internal.proto.services.namespaces.v1.Namespace.newBuilder()
        .setName(name)
        .putAllLabels(labels)
        .build();
  }

  private static Namespace toModel(dev.containerd4j.containerd.internal.proto.services.namespaces.v1.Namespace n) {
    return Namespace.of(n.getName(), n.getLabelsMap());
  }

  @Override
  public String toString() {
    return "Namespaces{" + ctx.endpoint() + "}";
  }
}

package dev.containerd4j.containerd.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.containerd4j.containerd.ContainerdClient;
import dev.containerd4j.containerd.internal.ClientAccess;
import dev.containerd4j.containerd.internal.ClientContext;
import dev.containerd4j.containerd.internal.container.HostSide;
import dev.containerd4j.containerd.internal.proto.services.containers.v1.ContainersGrpc;
import dev.containerd4j.containerd.internal.proto.services.containers.v1.ListContainersRequest;
import dev.containerd4j.containerd.internal.proto.services.leases.v1.LeasesGrpc;
import dev.containerd4j.containerd.internal.proto.services.leases.v1.ListRequest;
import dev.containerd4j.containerd.internal.proto.services.namespaces.v1.ListNamespacesRequest;
import dev.containerd4j.containerd.internal.proto.services.namespaces.v1.NamespacesGrpc;
import dev.containerd4j.containerd.internal.proto.services.tasks.v1.ListTasksRequest;
import dev.containerd4j.containerd.internal.proto.services.tasks.v1.TasksGrpc;
import dev.containerd4j.testing.JvmResources;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After-class leak check for integration tests: {@code @ExtendWith(ContainerdLeakCheck.class)}.
 *
 * <p>Before the class it records, on every containerd the test environment exports
 * ({@code CONTAINERD_ADDRESS}, {@code C4J_CONTAINERD16_ADDRESS}), the containers, tasks and leases
 * of the test's namespace (the class's {@link Namespace} annotation, else {@code
 * CONTAINERD_NAMESPACE}, else {@code default}), all namespace names, the network namespaces under
 * {@code /var/run/netns} and those the SDK made for the test's namespace (its own directory,
 * {@code $CONTAINERD4J_RUN_DIR/netns}, entries {@code <namespace>-<id>}), the iptables and ip6tables
 * rules whose comment names a container of the test's namespace (CNI's bridge and portmap plugins
 * tag their rules with {@code id: "<namespace>-<id>"}), and the JVM's open file descriptors and
 * live threads. After the class it fails if any of these grew: a test must delete what it creates
 * and close what it opens. Comparing with the state before (rather than requiring emptiness) keeps
 * it correct on a daemon and a host that other tools use too.
 */
public final class ContainerdLeakCheck implements BeforeAllCallback, AfterAllCallback {

  /** The namespace the annotated test class works in. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  public @interface Namespace {
    String value();
  }

  private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(ContainerdLeakCheck.class);
  private static final List<String> ADDRESS_VARIABLES = List.of("CONTAINERD_ADDRESS", "C4J_CONTAINERD16_ADDRESS");
  /** By absolute path: the tests run with peer tools off PATH. */
  private static final List<Path> IPTABLES_SAVE = List.of(Paths.get("/usr/sbin/iptables-save"), Paths.get("/usr/sbin/ip6tables-save"));

  @Override
  public void beforeAll(ExtensionContext context) {
    String ns = namespaceOf(context);
    context.getStore(STORE).put("daemons", snapshotDaemons(ns));
    context.getStore(STORE).put("netns", networkNamespaces());
    context.getStore(STORE).put("sdk-netns", sdkNetworkNamespaces(ns));
    context.getStore(STORE).put("iptables", iptablesRules(ns));
    context.getStore(STORE).put("jvm", JvmResources.snapshot());
  }

  @Override
  @SuppressWarnings("unchecked")
  public void afterAll(ExtensionContext context) {
    String ns = namespaceOf(context);
    List<String> problems = new ArrayList<>();
    Map<String, Map<String, Set<String>>> before = context.getStore(STORE).get("daemons", Map.class);
    Map<String, Map<String, Set<String>>> after = snapshotDaemons(ns);
    for (Map.Entry<String, Map<String, Set<String>>> daemon : after.entrySet()) {
      Map<String, Set<String>> was = before.getOrDefault(daemon.getKey(), Map.of());
      for (Map.Entry<String, Set<String>> kind : daemon.getValue().entrySet()) {
        Set<String> added = new TreeSet<>(kind.getValue());
        added.removeAll(was.getOrDefault(kind.getKey(), Set.of()));
        if (!added.isEmpty()) {
          problems.add(kind.getKey() + " left on " + daemon.getKey() + ": " + added);
        }
      }
    }
    Set<String> netns = new TreeSet<>(networkNamespaces());
    netns.removeAll(context.getStore(STORE).get("netns", Set.class));
    if (!netns.isEmpty()) {
      problems.add("network namespaces left in /var/run/netns: " + netns);
    }
    Set<String> sdkNetns = new TreeSet<>(sdkNetworkNamespaces(ns));
    sdkNetns.removeAll(context.getStore(STORE).get("sdk-netns", Set.class));
    if (!sdkNetns.isEmpty()) {
      problems.add("network namespaces of namespace " + ns + " left: " + sdkNetns);
    }
    Set<String> rules = new TreeSet<>(iptablesRules(ns));
    rules.removeAll(context.getStore(STORE).get("iptables", Set.class));
    if (!rules.isEmpty()) {
      problems.add("iptables rules of containers in namespace " + ns + " left: " + rules);
    }
    if (!problems.isEmpty()) {
      fail(context.getDisplayName() + " leaked: " + String.join("; ", problems));
    }
    JvmResources.assertNoGrowth(context.getStore(STORE).get("jvm", JvmResources.class), context.getDisplayName());
  }

  private static String namespaceOf(ExtensionContext context) {
    Namespace a = context.getRequiredTestClass().getAnnotation(Namespace.class);
    if (a != null) {
      return a.value();
    }
    String env = System.getenv("CONTAINERD_NAMESPACE");
    return env == null || env.isBlank() ? "default" : env;
  }

  /** address -> kind ("containers in ns", ...) -> ids. Missing daemons are left out here; ITs fail on them. */
  private static Map<String, Map<String, Set<String>>> snapshotDaemons(String namespace) {
    Map<String, Map<String, Set<String>>> all = new LinkedHashMap<>();
    for (String var : ADDRESS_VARIABLES) {
      String address = System.getenv(var);
      if (address == null || address.isBlank()) {
        continue;
      }
      try (ContainerdClient client = ContainerdClient.builder().address(address).namespace(namespace).build()) {
        ClientContext ctx = ClientAccess.contextOf(client);
        Map<String, Set<String>> kinds = new LinkedHashMap<>();
        kinds.put(
            "containers in " + namespace,
            ctx.unary(ContainersGrpc::newBlockingStub).list(ListContainersRequest.getDefaultInstance()).getContainersList().stream()
                .map(c -> c.getId())
                .collect(Collectors.toCollection(TreeSet::new)));
        kinds.put(
            "tasks in " + namespace,
            ctx.unary(TasksGrpc::newBlockingStub).list(ListTasksRequest.getDefaultInstance()).getTasksList().stream()
                .map(t -> t.getId())
                .collect(Collectors.toCollection(TreeSet::new)));
        kinds.put(
            "leases in " + namespace,
            ctx.unary(LeasesGrpc::newBlockingStub).list(ListRequest.getDefaultInstance()).getLeasesList().stream()
                .map(l -> l.getId())
                .collect(Collectors.toCollection(TreeSet::new)));
        kinds.put(
            "namespaces",
            ctx.unary(NamespacesGrpc::newBlockingStub).list(ListNamespacesRequest.getDefaultInstance()).getNamespacesList().stream()
                .map(n -> n.getName())
                .collect(Collectors.toCollection(TreeSet::new)));
        all.put(var + "=" + address, kinds);
      } catch (RuntimeException e) {
        // an unreachable daemon is reported by the tests themselves
      }
    }
    return all;
  }

  /**
   * The network namespace files the SDK keeps for containers of {@code namespace}, found through
   * the SDK's own layout (so the check follows it if it moves).
   */
  static Set<String> sdkNetworkNamespaces(String namespace) {
    for (String var : ADDRESS_VARIABLES) {
      String address = System.getenv(var);
      if (address == null || address.isBlank()) {
        continue;
      }
      try (ContainerdClient client = ContainerdClient.builder().address(address).namespace(namespace).build()) {
        // one directory serves every daemon on this host: the first address is enough
        return HostSide.of(ClientAccess.contextOf(client), System.getenv()).networking().namespaces().stream()
            .filter(n -> n.startsWith(namespace + "-"))
            .collect(Collectors.toCollection(TreeSet::new));
      }
    }
    return Set.of();
  }

  /**
   * {@code table: rule} for every iptables and ip6tables rule naming a container of {@code
   * namespace}. A host without the iptables tools, or where they fail, fails the check: the test
   * environment installs them, and a check that cannot look must not pass.
   */
  static Set<String> iptablesRules(String namespace) {
    Set<String> rules = new TreeSet<>();
    for (Path tool : IPTABLES_SAVE) {
      if (!Files.isExecutable(tool)) {
        fail("leak check: " + tool + " is missing; the test environment installs iptables (scripts/test-env up)");
      }
      rules.addAll(rulesNaming(run(tool), namespace).stream().map(r -> tool.getFileName() + " " + r).collect(Collectors.toList()));
    }
    return rules;
  }

  /**
   * The rules ({@code -A} lines, prefixed with their table) of an {@code iptables-save} dump whose
   * comment carries CNI's {@code id: "<namespace>-<container id>"}.
   */
  static Set<String> rulesNaming(String iptablesSave, String namespace) {
    Pattern id = Pattern.compile("id: \\\\?\"" + Pattern.quote(namespace + "-"));
    Set<String> rules = new TreeSet<>();
    String table = "?";
    for (String line : iptablesSave.split("\n")) {
      if (line.startsWith("*")) {
        table = line.substring(1).trim();
      } else if (line.startsWith("-A ") && id.matcher(line).find()) {
        rules.add(table + ": " + line.trim());
      }
    }
    return rules;
  }

  private static String run(Path tool) {
    try {
      Process p = new ProcessBuilder(tool.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      p.getOutputStream().close(); // no pipe left open for the JVM check that follows
      String out;
      try (InputStream in = p.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail("leak check: " + tool + " did not finish within 30 s");
      }
      if (p.exitValue() != 0) {
        fail("leak check: " + tool + " exited with " + p.exitValue() + " (run the tests as root)");
      }
      return out;
    } catch (IOException e) {
      return fail("leak check: cannot run " + tool + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("leak check: interrupted while running " + tool);
    }
  }

  private static Set<String> networkNamespaces() {
    Path dir = Paths.get("/var/run/netns");
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    } catch (java.io.IOException e) {
      return Set.of();
    }
  }
}

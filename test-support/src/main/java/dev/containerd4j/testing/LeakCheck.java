package dev.containerd4j.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
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
 * After-class leak check for integration tests of any module: {@code @ExtendWith(LeakCheck.class)}.
 *
 * <p>Before the class it records, on every containerd the test environment exports
 * ({@code CONTAINERD_ADDRESS}, {@code C4J_CONTAINERD16_ADDRESS}), the containers, tasks and leases of the
 * test's namespace (the class's {@link Namespace} annotation, else {@code CONTAINERD_NAMESPACE}, else
 * {@code default}) and the namespaces named {@value #SUITE_NAMESPACE_PREFIX}{@code *}; the network namespaces
 * under {@code /var/run/netns} and those the SDK made for the test's namespace (its directory
 * {@code $CONTAINERD4J_RUN_DIR/netns}, default {@code /run/containerd4j/netns}, entries
 * {@code <namespace>-<id>}); the iptables and ip6tables rules whose comment names a container of the test's
 * namespace (CNI's bridge and portmap plugins tag their rules with {@code id: "<namespace>-<id>"}); and the
 * JVM's open file descriptors and live threads. After the class it fails if any of these grew: a test must
 * delete what it creates and close what it opens. Comparing with the state before (rather than requiring
 * emptiness), counting only the suite's own namespaces, and giving what appeared on the daemons a few seconds
 * to go away (another run's build or pull in flight), keeps it correct on daemons and a host that other tools
 * and other test runs use too.
 *
 * <p>It needs no containerd client: it reads the daemons with the peer {@code ctr} by absolute path
 * ({@code C4J_CTR} for {@code CONTAINERD_ADDRESS}, {@code C4J_CTR16} for {@code C4J_CONTAINERD16_ADDRESS}), so
 * modules that must not depend on containerd-client (buildkit-client) use it too. A daemon whose variable is
 * unset, or that {@code ctr} cannot reach, is left out (the tests themselves fail on a missing daemon); a
 * {@code ctr} or {@code iptables-save} that is missing fails the check, since a check that cannot look must not
 * pass.
 */
public class LeakCheck implements BeforeAllCallback, AfterAllCallback {

  /** Namespaces the test suites create are named with this prefix; only those are compared. */
  public static final String SUITE_NAMESPACE_PREFIX = "c4j-";

  /** Leases the SDK creates carry this label (and ids starting with {@value #SUITE_NAMESPACE_PREFIX}). */
  public static final String SDK_LEASE_LABEL = "dev.containerd4j/lease";

  /** The namespace the annotated test class works in. */
  @Inherited
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  public @interface Namespace {
    String value();

    /**
     * The namespace is also buildkitd's containerd worker's ({@code default} in the test environment): that
     * buildkitd keeps its build cache under leases of its own there, made by any build of any test run, so only
     * the SDK's leases ({@value LeakCheck#SDK_LEASE_LABEL} label or {@code c4j-} id) are compared. Containers
     * and tasks are still all compared.
     */
    boolean sharedWithBuildkitd() default false;
  }

  /** How long daemon objects that appeared during the class may take to go away before they count. */
  static final java.time.Duration SETTLE = java.time.Duration.ofSeconds(10);

  private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(LeakCheck.class);
  /** Each daemon the environment exports, with the ctr that reads it. */
  private static final Map<String, String> DAEMONS = Map.of(
      "CONTAINERD_ADDRESS", "C4J_CTR",
      "C4J_CONTAINERD16_ADDRESS", "C4J_CTR16");
  private static final List<String> ADDRESS_VARIABLES = List.of("CONTAINERD_ADDRESS", "C4J_CONTAINERD16_ADDRESS");
  /** By absolute path: the tests run with peer tools off PATH. */
  private static final List<Path> IPTABLES_SAVE =
      List.of(Paths.get("/usr/sbin/iptables-save"), Paths.get("/usr/sbin/ip6tables-save"));

  @Override
  public void beforeAll(ExtensionContext context) {
    Scope ns = namespaceOf(context);
    ExtensionContext.Store store = context.getStore(STORE);
    store.put("daemons", snapshotDaemons(ns.value(), ns.sharedWithBuildkitd()));
    store.put("netns", networkNamespaces());
    store.put("sdk-netns", sdkNetworkNamespaces(ns.value()));
    store.put("iptables", iptablesRules(ns.value()));
    store.put("jvm", JvmResources.snapshot()); // last: the probes above may start the JVM's process reaper
  }

  @Override
  @SuppressWarnings("unchecked")
  public void afterAll(ExtensionContext context) {
    Scope ns = namespaceOf(context);
    ExtensionContext.Store store = context.getStore(STORE);
    Map<String, Map<String, Set<String>>> before = store.get("daemons", Map.class);
    List<String> problems = daemonGrowth(before, snapshotDaemons(ns.value(), ns.sharedWithBuildkitd()));
    // what another test run sharing the daemons has in flight (a build's RUN container, a pull's lease) goes
    // away within seconds; a leak stays
    long until = System.nanoTime() + SETTLE.toNanos();
    while (!problems.isEmpty() && System.nanoTime() < until) {
      sleep(500);
      problems = daemonGrowth(before, snapshotDaemons(ns.value(), ns.sharedWithBuildkitd()));
    }
    Set<String> netns = new TreeSet<>(networkNamespaces());
    netns.removeAll(store.get("netns", Set.class));
    if (!netns.isEmpty()) {
      problems.add("network namespaces left in /var/run/netns: " + netns);
    }
    Set<String> sdkNetns = new TreeSet<>(sdkNetworkNamespaces(ns.value()));
    sdkNetns.removeAll(store.get("sdk-netns", Set.class));
    if (!sdkNetns.isEmpty()) {
      problems.add("network namespaces of namespace " + ns.value() + " left in " + sdkNetnsDirectory() + ": " + sdkNetns);
    }
    Set<String> rules = new TreeSet<>(iptablesRules(ns.value()));
    rules.removeAll(store.get("iptables", Set.class));
    if (!rules.isEmpty()) {
      problems.add("iptables rules of containers in namespace " + ns.value() + " left: " + rules);
    }
    if (!problems.isEmpty()) {
      fail(context.getDisplayName() + " leaked: " + String.join("; ", problems));
    }
    JvmResources.assertNoGrowth(store.get("jvm", JvmResources.class), context.getDisplayName());
  }

  private static List<String> daemonGrowth(
      Map<String, Map<String, Set<String>>> before, Map<String, Map<String, Set<String>>> after) {
    List<String> problems = new ArrayList<>();
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
    return problems;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("leak check: interrupted");
    }
  }

  /** The namespace a class is checked in, and whether buildkitd's worker shares it. */
  private record Scope(String value, boolean sharedWithBuildkitd) {}

  private static Scope namespaceOf(ExtensionContext context) {
    Namespace a = context.getRequiredTestClass().getAnnotation(Namespace.class);
    if (a != null) {
      return new Scope(a.value(), a.sharedWithBuildkitd());
    }
    String env = System.getenv("CONTAINERD_NAMESPACE");
    return new Scope(env == null || env.isBlank() ? "default" : env.trim(), false);
  }

  /** "VAR=address" -> kind ("containers in ns", ...) -> ids, for every exported daemon ctr can reach. */
  static Map<String, Map<String, Set<String>>> snapshotDaemons(String namespace, boolean sdkLeasesOnly) {
    Map<String, Map<String, Set<String>>> all = new LinkedHashMap<>();
    for (String var : ADDRESS_VARIABLES) {
      String address = System.getenv(var);
      if (address == null || address.isBlank()) {
        continue;
      }
      Path ctr = ctrFor(var);
      Map<String, Set<String>> kinds = new LinkedHashMap<>();
      try {
        kinds.put("containers in " + namespace, lines(ctr(ctr, address, namespace, "containers", "ls", "-q")));
        kinds.put("tasks in " + namespace, lines(ctr(ctr, address, namespace, "tasks", "ls", "-q")));
        kinds.put((sdkLeasesOnly ? "SDK leases in " : "leases in ") + namespace,
            leases(ctr(ctr, address, namespace, "leases", "ls"), sdkLeasesOnly));
        kinds.put(SUITE_NAMESPACE_PREFIX + "* namespaces", suiteNamespaces(ctr(ctr, address, namespace, "namespaces", "ls", "-q")));
      } catch (Unreachable e) {
        continue; // an unreachable daemon is reported by the tests themselves
      }
      all.put(var + "=" + address, kinds);
    }
    return all;
  }

  private static Path ctrFor(String addressVariable) {
    String var = DAEMONS.get(addressVariable);
    String v = System.getenv(var);
    if (v == null || v.isBlank()) {
      fail("leak check: " + addressVariable + " is set but " + var + " (the ctr that reads it) is not; "
          + TestEnvironment.HOW_TO_START);
    }
    Path p = Paths.get(v.trim());
    if (!Files.isExecutable(p)) {
      fail("leak check: " + var + "=" + p + " is not an executable; " + TestEnvironment.HOW_TO_START);
    }
    return p;
  }

  /** The namespace names of a {@code ctr namespaces ls -q} listing that the test suites use. */
  static Set<String> suiteNamespaces(String listing) {
    return lines(listing).stream()
        .filter(n -> n.startsWith(SUITE_NAMESPACE_PREFIX))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * The lease ids of a {@code ctr leases ls} listing (header {@code ID CREATED AT LABELS}, labels as
   * {@code k=v,k=v} or {@code -}); with {@code sdkOnly}, those the SDK made.
   */
  static Set<String> leases(String listing, boolean sdkOnly) {
    Set<String> ids = new TreeSet<>();
    for (String line : listing.split("\n")) {
      String[] cols = line.trim().split("\\s+");
      if (cols.length == 0 || cols[0].isEmpty() || (cols[0].equals("ID") && line.contains("LABELS"))) {
        continue;
      }
      String id = cols[0];
      if (!sdkOnly || id.startsWith(SUITE_NAMESPACE_PREFIX) || line.contains(SDK_LEASE_LABEL + "=")) {
        ids.add(id);
      }
    }
    return ids;
  }

  private static Set<String> lines(String s) {
    return s.lines().map(String::trim).filter(l -> !l.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
  }

  /** A daemon ctr could not talk to. */
  private static final class Unreachable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreachable(String message) {
      super(message, null, false, false);
    }
  }

  private static String ctr(Path ctr, String address, String namespace, String... args) throws Unreachable {
    // bounded: a daemon that accepts but never answers must not hang the suite
    List<String> cmd = new ArrayList<>(List.of(
        ctr.toString(), "--connect-timeout", "10s", "--timeout", "30s", "-a", address, "-n", namespace));
    cmd.addAll(List.of(args));
    Output out = run(cmd);
    if (out.exit != 0) {
      throw new Unreachable(String.join(" ", cmd) + " exited with " + out.exit);
    }
    return out.stdout;
  }

  /** The SDK's network namespace directory, as docs/containers.md gives it. */
  public static Path sdkNetnsDirectory() {
    String run = System.getenv("CONTAINERD4J_RUN_DIR");
    return Paths.get(run == null || run.isBlank() ? "/run/containerd4j" : run.trim()).resolve("netns");
  }

  /** The network namespace files the SDK keeps for containers of {@code namespace}. */
  public static Set<String> sdkNetworkNamespaces(String namespace) {
    return list(sdkNetnsDirectory()).stream()
        .filter(n -> n.startsWith(namespace + "-"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * {@code tool table: rule} for every iptables and ip6tables rule naming a container of {@code namespace}. A
   * host without the iptables tools, or where they fail, fails the check: the test environment installs them.
   */
  public static Set<String> iptablesRules(String namespace) {
    Set<String> rules = new TreeSet<>();
    for (Path tool : IPTABLES_SAVE) {
      if (!Files.isExecutable(tool)) {
        fail("leak check: " + tool + " is missing; the test environment installs iptables (scripts/test-env up)");
      }
      Output out = run(List.of(tool.toString()));
      if (out.exit != 0) {
        fail("leak check: " + tool + " exited with " + out.exit + " (run the tests as root)");
      }
      rulesNaming(out.stdout, namespace).forEach(r -> rules.add(tool.getFileName() + " " + r));
    }
    return rules;
  }

  /**
   * The rules ({@code -A} lines, prefixed with their table) of an {@code iptables-save} dump whose comment
   * carries CNI's {@code id: "<namespace>-<container id>"}.
   */
  public static Set<String> rulesNaming(String iptablesSave, String namespace) {
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

  private record Output(int exit, String stdout) {}

  private static Output run(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      p.getOutputStream().close(); // no pipe left open for the JVM check that follows
      String out;
      try (InputStream in = p.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return fail("leak check: " + String.join(" ", cmd) + " did not finish within 30 s");
      }
      return new Output(p.exitValue(), out);
    } catch (IOException e) {
      return fail("leak check: cannot run " + cmd.get(0) + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("leak check: interrupted while running " + cmd.get(0));
    }
  }

  private static Set<String> networkNamespaces() {
    return list(Paths.get("/var/run/netns"));
  }

  private static Set<String> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      return Set.of();
    }
  }
}

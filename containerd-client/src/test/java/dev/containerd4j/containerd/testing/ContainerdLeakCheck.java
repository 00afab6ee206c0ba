package dev.containerd4j.containerd.testing;

import dev.containerd4j.testing.LeakCheck;

/**
 * The after-class leak check under the name containerd-client's integration tests use:
 * {@code @ExtendWith(ContainerdLeakCheck.class)} with {@code @ContainerdLeakCheck.Namespace("...")} (the
 * annotation is {@link LeakCheck.Namespace}, inherited as a member type). The check itself is {@link LeakCheck}
 * in test-support, shared with modules that must not depend on containerd-client; {@link ContainerdLeakCheckIT}
 * shows it follows this SDK's own network-namespace layout.
 */
public final class ContainerdLeakCheck extends LeakCheck {}

package dev.containerd4j.containerd.container;

import dev.containerd4j.containerd.ContainerdClient;
import dev.containerd4j.containerd.testing.ContainerdLeakCheck;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Pulls busybox and nginx into the test class's namespace on both daemons before {@link ContainerdLeakCheck}
 * takes its baseline (register this extension first): the JVM-wide registry client of the images service then
 * exists already and is not counted as a leak of the container tests.
 */
public final class PrePulledImages implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        String ns = context.getRequiredTestClass().getAnnotation(ContainerdLeakCheck.Namespace.class).value();
        ContainerTestSupport.daemons().forEach(d -> {
            try (ContainerdClient c = ContainerTestSupport.client(d, ns)) {
                try {
                    // the registry client's plain-HTTP path to the test registry itself (not the mirror)
                    c.images().pull(dev.containerd4j.testing.TestEnvironment.require("C4J_REGISTRY")
                            + "/library/no-such-image-c4j:warm-up");
                } catch (RuntimeException expected) {
                    // not found: what the bad-input tests check
                }
                for (String image : new String[] {"busybox", "nginx"}) {
                    if (c.images().find(image).isEmpty()) {
                        c.images().pull(image);
                    }
                }
            }
        });
    }
}

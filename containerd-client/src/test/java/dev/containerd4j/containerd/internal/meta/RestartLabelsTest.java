package dev.containerd4j.containerd.internal.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestartLabelsTest {
    @Test
    void labelsPerDaemonGeneration() {
        assertEquals(Map.of(), RestartLabels.atCreate("no", "binary:///x", true));
        assertEquals(Map.of("containerd.io/restart.policy", "on-failure:3", "containerd.io/restart.loguri", "binary:///x"),
                RestartLabels.atCreate("on-failure:3", "binary:///x", true));
        assertEquals(Map.of("containerd.io/restart.loguri", "binary:///x"),
                RestartLabels.atCreate("always", "binary:///x", false), "1.6: no policy label");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RestartLabels.atCreate("unless-stopped", "binary:///x", false));
        assertTrue(e.getMessage().contains("1.7"), e.getMessage());
        assertEquals("running", RestartLabels.afterStart().get("containerd.io/restart.status"));
        assertEquals("", RestartLabels.beforeStop().get("containerd.io/restart.status"));
        assertEquals("true", RestartLabels.afterStop().get("containerd.io/restart.explicitly-stopped"));
    }

    @Test
    void nerdctlLabels() {
        Map<String, String> l = NerdctlLabels.forContainer("default", "web", "abc", Path.of("/s/c/default/abc"),
                List.of("bridge"), "[]", "binary:///x", "linux/amd64");
        assertEquals("web", l.get("nerdctl/name"));
        assertEquals("[\"bridge\"]", l.get("nerdctl/networks"));
        assertEquals("/s/c/default/abc", l.get("nerdctl/state-dir"));
    }
}

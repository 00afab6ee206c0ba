package dev.containerd4j.containerd.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunSpecTest {

    @Test
    void parsesNerdctlFlagValues() {
        assertEquals(PublishedPort.tcp(8080, 80), PublishedPort.parse("8080:80"));
        assertEquals(PublishedPort.of("127.0.0.1", 8080, 80, PublishedPort.Protocol.UDP),
                PublishedPort.parse("127.0.0.1:8080:80/udp"));
        assertEquals(PublishedPort.of("::1", 8080, 80, PublishedPort.Protocol.TCP), PublishedPort.parse("[::1]:8080:80"));
        assertEquals("0.0.0.0:8080->80/tcp", PublishedPort.parse("8080:80").toString());
        assertThrows(IllegalArgumentException.class, () -> PublishedPort.parse("80"));
        assertThrows(IllegalArgumentException.class, () -> PublishedPort.parse("8080:80/sctp"));
        assertThrows(IllegalArgumentException.class, () -> PublishedPort.parse("70000:80"));

        assertEquals(RestartPolicy.ALWAYS, RestartPolicy.parse("always"));
        assertEquals(Optional.of(3), RestartPolicy.parse("on-failure:3").maxRetries());
        assertEquals("on-failure:3", RestartPolicy.parse("on-failure:3").toString());
        assertEquals("unless-stopped", RestartPolicy.parse("unless-stopped").toString());
        assertThrows(IllegalArgumentException.class, () -> RestartPolicy.parse("sometimes"));

        assertEquals(Mount.bind("/srv", "/data", true), Mount.parseVolume("/srv:/data:ro"));
        assertThrows(IllegalArgumentException.class, () -> Mount.parseVolume("vol:/data"));
        assertEquals(Mount.tmpfs("/run", List.of("size=64m", "mode=1777")), Mount.parseTmpfs("/run:size=64m,mode=1777"));
        assertEquals(Mount.bind("/a", "/b", true), Mount.parseMount("type=bind,src=/a,dst=/b,readonly"));
        assertEquals(Mount.tmpfs("/t", List.of("size=1m")), Mount.parseMount("type=tmpfs,target=/t,tmpfs-size=1m"));
        assertThrows(IllegalArgumentException.class, () -> Mount.parseMount("type=volume,target=/x"));

        assertEquals(NetworkMode.HOST, NetworkMode.parse("host"));
        assertEquals(PullPolicy.NEVER, PullPolicy.parse("never"));
    }

    @Test
    void builderValidatesCombinations() {
        RunSpec s = RunSpec.builder("nginx").name("web").publish("8080:80").restart(RestartPolicy.ALWAYS)
                .memory("512m").cpus(0.5).env("A", "1").volume("/srv:/data").detach(true).build();
        assertEquals(512L * 1024 * 1024, s.memoryBytes().getAsLong());
        assertEquals(List.of("A=1"), s.env());
        assertEquals(s.ports(), s.toBuilder().build().ports());
        assertEquals(1024L * 1024 * 1024, RunSpec.builder("x").memory("1g").build().memoryBytes().getAsLong());
        assertThrows(IllegalArgumentException.class,
                () -> RunSpec.builder("x").remove(true).restart(RestartPolicy.ALWAYS).build());
        assertThrows(IllegalArgumentException.class,
                () -> RunSpec.builder("x").network(NetworkMode.HOST).publish("1:2").build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunSpec.builder("x").name("-bad").build());
        assertTrue(e.getMessage().contains("--name"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RunSpec.builder("x").memory("lots"));
        assertThrows(IllegalArgumentException.class, () -> RunSpec.builder("x").memory("1k").build());
    }
}

package dev.containerd4j.containerd.internal.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.containerd4j.containerd.container.NetworkMode;
import dev.containerd4j.containerd.container.RunSpec;
import dev.containerd4j.containerd.internal.cni.PortMapping;
import dev.containerd4j.image.ImageConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunSpecMapperTest {
    @Test
    void runFlagsReachTheSpec() {
        ImageConfig image = ImageConfig.parse(("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{"
                + "\"Entrypoint\":[\"/docker-entrypoint.sh\"],\"Cmd\":[\"nginx\"],\"Env\":[\"A=image\",\"B=image\"],"
                + "\"WorkingDir\":\"/srv\"},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}")
                .getBytes(StandardCharsets.UTF_8));
        RunSpec run = RunSpec.builder("nginx").command("nginx", "-g", "daemon off;").env("B", "run")
                .volume("/host:/data:ro").tmpfs("/cache:size=1m").memory("64m").publish("127.0.0.1:8080:80/udp")
                .build();
        SpecInput in = RunSpecMapper.toSpecInput(run, image, "default", "abc", "abc", List.of("A=file"),
                RootfsFiles.none()).netnsPath(Path.of("/run/containerd4j/netns/default-abc")).build();
        ObjectNode s = SpecGenerator.generate(in);
        assertEquals("[\"/docker-entrypoint.sh\",\"nginx\",\"-g\",\"daemon off;\"]", s.at("/process/args").toString());
        assertEquals("[\"A=file\",\"B=run\",\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\","
                + "\"HOSTNAME=abc\"]", s.at("/process/env").toString());
        assertEquals("/srv", s.at("/process/cwd").asText());
        assertTrue(s.get("mounts").toString().contains("\"destination\":\"/data\",\"type\":\"bind\",\"source\":\"/host\""));
        assertTrue(s.get("mounts").toString().contains("\"destination\":\"/cache\",\"type\":\"tmpfs\""));
        assertEquals(64L * 1024 * 1024, s.at("/linux/resources/memory/limit").asLong());
        assertEquals(List.of(new PortMapping("127.0.0.1", 8080, 80, "udp")), RunSpecMapper.ports(run));
        assertTrue(RunSpecMapper.needsCni(run));
        assertEquals(false, RunSpecMapper.needsCni(RunSpec.builder("x").network(NetworkMode.NONE).build()));
    }
}

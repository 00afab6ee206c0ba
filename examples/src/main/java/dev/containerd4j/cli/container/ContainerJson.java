package dev.containerd4j.cli.container;

import dev.containerd4j.cli.Json;
import dev.containerd4j.containerd.container.Container;
import dev.containerd4j.containerd.container.ContainerDetails;
import dev.containerd4j.containerd.container.Mount;
import dev.containerd4j.containerd.container.PublishedPort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Docker-shaped documents for {@code inspect} and {@code ps --format json}, written by {@link Json}. */
final class ContainerJson {
    private ContainerJson() {
    }

    /** One {@code ps --format json} line, with Docker's keys. */
    static String psLine(Container c) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("ID", c.shortId());
        o.put("Names", c.name());
        o.put("Image", c.image());
        o.put("Command", "\"" + String.join(" ", c.command()) + "\"");
        o.put("CreatedAt", c.createdAt().toString());
        o.put("State", c.status().dockerName());
        o.put("Status", c.statusText());
        o.put("Ports", ports(c));
        o.put("Labels", c.labels());
        return Json.write(o);
    }

    /** The published ports as {@code ps} shows them: {@code 0.0.0.0:8080->80/tcp, ...}. */
    static String ports(Container c) {
        StringBuilder b = new StringBuilder();
        for (PublishedPort p : c.ports()) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(p);
        }
        return b.toString();
    }

    /** One {@code inspect} document, indented like {@code docker inspect}'s. */
    static String inspect(ContainerDetails d) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("Id", d.id());
        o.put("Name", d.name());
        o.put("Created", d.container().createdAt().toString());
        o.put("Path", d.command().isEmpty() ? "" : d.command().get(0));
        o.put("Args", d.command().stream().skip(1).toList());
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("Status", d.status().dockerName());
        state.put("Running", d.status().name().equals("RUNNING") || d.status().name().equals("PAUSED"));
        state.put("Paused", d.status().name().equals("PAUSED"));
        state.put("Pid", d.pid().orElse(0));
        state.put("ExitCode", d.exitCode().orElse(0));
        state.put("StartedAt", d.startedAt().map(Object::toString).orElse("0001-01-01T00:00:00Z"));
        state.put("FinishedAt", d.finishedAt().map(Object::toString).orElse("0001-01-01T00:00:00Z"));
        o.put("State", state);
        o.put("Image", d.image());
        o.put("RestartCount", d.restartCount());
        o.put("LogPath", d.logPath().map(Object::toString).orElse(""));
        o.put("Driver", d.snapshotter());
        o.put("Platform", "linux");
        Map<String, Object> hostConfig = new LinkedHashMap<>();
        hostConfig.put("NetworkMode", d.network().name().toLowerCase(Locale.ROOT));
        hostConfig.put("RestartPolicy", Map.of("Name", d.restartPolicy().toString()));
        o.put("HostConfig", hostConfig);
        List<Object> mounts = new ArrayList<>();
        for (Mount m : d.mounts()) {
            Map<String, Object> mo = new LinkedHashMap<>();
            mo.put("Type", m.type().name().toLowerCase(Locale.ROOT));
            mo.put("Source", m.source().orElse(""));
            mo.put("Destination", m.target());
            mo.put("RW", !m.readOnly());
            mounts.add(mo);
        }
        o.put("Mounts", mounts);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("Hostname", d.hostname());
        config.put("User", d.user());
        config.put("WorkingDir", d.workingDir());
        config.put("Env", d.env());
        config.put("Cmd", d.command());
        config.put("Image", d.image());
        config.put("Labels", d.labels());
        o.put("Config", config);
        Map<String, List<Object>> ports = new LinkedHashMap<>();
        for (PublishedPort p : d.ports()) {
            Map<String, Object> binding = new LinkedHashMap<>();
            binding.put("HostIp", p.hostIp());
            binding.put("HostPort", Integer.toString(p.hostPort()));
            ports.computeIfAbsent(p.containerPort() + "/" + p.protocol().name().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(binding);
        }
        Map<String, Object> net = new LinkedHashMap<>();
        net.put("IPAddress", d.ipAddress().orElse(""));
        net.put("Ports", ports);
        o.put("NetworkSettings", net);
        return Json.pretty(o);
    }
}

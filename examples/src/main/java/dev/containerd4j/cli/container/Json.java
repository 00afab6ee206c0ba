package dev.containerd4j.cli.container;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.containerd4j.containerd.container.Container;
import dev.containerd4j.containerd.container.ContainerDetails;
import dev.containerd4j.containerd.container.Mount;
import dev.containerd4j.containerd.container.PublishedPort;
import java.util.Locale;

/** Docker-shaped JSON for {@code inspect} and {@code ps --format json}. */
final class Json {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper COMPACT = new ObjectMapper();

    private Json() {
    }

    /** One {@code ps --format json} line, with Docker's keys. */
    static String psLine(Container c) {
        ObjectNode o = COMPACT.createObjectNode();
        o.put("ID", c.shortId());
        o.put("Names", c.name());
        o.put("Image", c.image());
        o.put("Command", "\"" + String.join(" ", c.command()) + "\"");
        o.put("CreatedAt", c.createdAt().toString());
        o.put("State", c.status().dockerName());
        o.put("Status", c.statusText());
        o.put("Ports", ports(c));
        ObjectNode labels = o.putObject("Labels");
        c.labels().forEach(labels::put);
        return o.toString();
    }

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

    static String inspect(ContainerDetails d) {
        ObjectNode o = JSON.createObjectNode();
        o.put("Id", d.id());
        o.put("Name", d.name());
        o.put("Created", d.container().createdAt().toString());
        o.put("Path", d.command().isEmpty() ? "" : d.command().get(0));
        ArrayNode args = o.putArray("Args");
        d.command().stream().skip(1).forEach(args::add);
        ObjectNode state = o.putObject("State");
        state.put("Status", d.status().dockerName());
        state.put("Running", d.status().name().equals("RUNNING") || d.status().name().equals("PAUSED"));
        state.put("Paused", d.status().name().equals("PAUSED"));
        state.put("Pid", d.pid().orElse(0));
        state.put("ExitCode", d.exitCode().orElse(0));
        state.put("StartedAt", d.startedAt().map(Object::toString).orElse("0001-01-01T00:00:00Z"));
        state.put("FinishedAt", d.finishedAt().map(Object::toString).orElse("0001-01-01T00:00:00Z"));
        o.put("Image", d.image());
        o.put("RestartCount", d.restartCount());
        o.put("LogPath", d.logPath().map(Object::toString).orElse(""));
        o.put("Driver", d.snapshotter());
        o.put("Platform", "linux");
        ObjectNode hostConfig = o.putObject("HostConfig");
        hostConfig.put("NetworkMode", d.network().name().toLowerCase(Locale.ROOT));
        hostConfig.putObject("RestartPolicy").put("Name", d.restartPolicy().toString());
        ArrayNode mounts = o.putArray("Mounts");
        for (Mount m : d.mounts()) {
            ObjectNode mo = mounts.addObject();
            mo.put("Type", m.type().name().toLowerCase(Locale.ROOT));
            mo.put("Source", m.source().orElse(""));
            mo.put("Destination", m.target());
            mo.put("RW", !m.readOnly());
        }
        ObjectNode config = o.putObject("Config");
        config.put("Hostname", d.hostname());
        config.put("User", d.user());
        config.put("WorkingDir", d.workingDir());
        ArrayNode env = config.putArray("Env");
        d.env().forEach(env::add);
        ArrayNode cmd = config.putArray("Cmd");
        d.command().forEach(cmd::add);
        config.put("Image", d.image());
        ObjectNode labels = config.putObject("Labels");
        d.labels().forEach(labels::put);
        ObjectNode net = o.putObject("NetworkSettings");
        net.put("IPAddress", d.ipAddress().orElse(""));
        ObjectNode ports = net.putObject("Ports");
        for (PublishedPort p : d.ports()) {
            ArrayNode a = ports.withArray(p.containerPort() + "/" + p.protocol().name().toLowerCase(Locale.ROOT));
            a.addObject().put("HostIp", p.hostIp()).put("HostPort", Integer.toString(p.hostPort()));
        }
        try {
            return JSON.writeValueAsString(o);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

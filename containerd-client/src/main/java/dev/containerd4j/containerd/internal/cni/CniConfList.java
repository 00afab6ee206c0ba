package dev.containerd4j.containerd.internal.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A parsed network configuration list ({@code *.conflist}, or a single-plugin {@code *.conf}). Immutable. */
public final class CniConfList {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final String cniVersion;
    private final List<ObjectNode> plugins;
    private final Path file;

    private CniConfList(String name, String cniVersion, List<ObjectNode> plugins, Path file) {
        this.name = name;
        this.cniVersion = cniVersion;
        this.plugins = plugins;
        this.file = file;
    }

    public static CniConfList parse(byte[] json, Path file) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (IOException e) {
            throw new CniException("malformed CNI network config " + file + ": " + e.getMessage());
        }
        String name = n.path("name").asText("");
        if (name.isEmpty()) {
            throw new CniException("CNI network config " + file + " has no name");
        }
        String version = n.path("cniVersion").asText("0.4.0");
        List<ObjectNode> plugins = new ArrayList<>();
        if (n.has("plugins")) {
            for (JsonNode p : n.get("plugins")) {
                plugins.add((ObjectNode) p.deepCopy());
            }
        } else if (n.has("type")) {
            plugins.add((ObjectNode) n.deepCopy()); // a single-plugin .conf
        }
        if (plugins.isEmpty()) {
            throw new CniException("CNI network config " + file + " lists no plugins");
        }
        for (ObjectNode p : plugins) {
            if (p.path("type").asText("").isEmpty()) {
                throw new CniException("a plugin in CNI network config " + file + " has no type");
            }
        }
        return new CniConfList(name, version, plugins, file);
    }

    /** The network named {@code name} among the configs of {@code confDir}, in file-name order like libcni. */
    public static Optional<CniConfList> find(Path confDir, String name) {
        if (!Files.isDirectory(confDir)) {
            return Optional.empty();
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(confDir)) {
            files = s.filter(p -> {
                String f = p.getFileName().toString();
                return f.endsWith(".conflist") || f.endsWith(".conf") || f.endsWith(".json");
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list CNI configs in " + confDir, e);
        }
        for (Path f : files) {
            try {
                CniConfList c = parse(Files.readAllBytes(f), f);
                if (c.name.equals(name)) {
                    return Optional.of(c);
                }
            } catch (CniException | IOException e) {
                // libcni skips unreadable files too; a broken file for *our* name shows up as "not found"
            }
        }
        return Optional.empty();
    }

    public String name() {
        return name;
    }

    public String cniVersion() {
        return cniVersion;
    }

    /** Copies of the plugin configs, in order. */
    public List<ObjectNode> plugins() {
        return plugins.stream().map(ObjectNode::deepCopy).toList();
    }

    public Path file() {
        return file;
    }
}

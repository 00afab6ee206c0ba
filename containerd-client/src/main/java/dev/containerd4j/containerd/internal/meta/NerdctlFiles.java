package dev.containerd4j.containerd.internal.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.containerd4j.containerd.internal.cni.PortMapping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The small JSON files and label values nerdctl keeps per container, written and read in its layout:
 * {@code network-config.json} (published ports, what {@code nerdctl ps} and {@code port} show),
 * {@code log-config.json} (without it {@code nerdctl logs} refuses), the {@code nerdctl/ports} and
 * {@code nerdctl/networks} label values, and the hosts-store {@code meta.json}. Stateless, thread-safe.
 */
public final class NerdctlFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NerdctlFiles() {
    }

    /** nerdctl's port list JSON (go-cni's struct without tags: capitalised keys). */
    public static String portsJson(List<PortMapping> ports) {
        ArrayNode a = JSON.createArrayNode();
        for (PortMapping p : ports) {
            ObjectNode o = a.addObject();
            o.put("HostPort", p.hostPort());
            o.put("ContainerPort", p.containerPort());
            o.put("Protocol", p.protocol());
            o.put("HostIP", p.hostIp());
        }
        return a.toString();
    }

    /** Reads nerdctl's port list JSON; keys case-insensitively, as Go's decoder does. */
    public static List<PortMapping> parsePorts(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            return parsePorts(n);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed port list " + json, e);
        }
    }

    private static List<PortMapping> parsePorts(JsonNode array) {
        List<PortMapping> out = new ArrayList<>();
        if (array == null || !array.isArray()) {
            return out;
        }
        for (JsonNode o : array) {
            String ip = text(o, "hostip", "0.0.0.0");
            out.add(new PortMapping(ip.isEmpty() ? "0.0.0.0" : ip, (int) number(o, "hostport"),
                    (int) number(o, "containerport"), text(o, "protocol", "tcp")));
        }
        return out;
    }

    private static JsonNode field(JsonNode o, String lower) {
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            if (e.getKey().equalsIgnoreCase(lower)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String text(JsonNode o, String key, String dflt) {
        JsonNode v = field(o, key);
        return v == null || v.isNull() ? dflt : v.asText();
    }

    private static long number(JsonNode o, String key) {
        JsonNode v = field(o, key);
        return v == null ? 0 : v.asLong();
    }

    /** The {@code nerdctl/networks} label value, e.g. {@code ["bridge"]}. */
    public static String networksJson(List<String> networks) {
        ArrayNode a = JSON.createArrayNode();
        networks.forEach(a::add);
        return a.toString();
    }

    /** Writes {@code <stateDir>/network-config.json}. */
    public static void writeNetworkConfig(Path stateDir, List<PortMapping> ports) {
        ObjectNode o = JSON.createObjectNode();
        o.set("portMappings", readTree(portsJson(ports)));
        writeAtomically(stateDir.resolve("network-config.json"), o);
    }

    /** Reads {@code <stateDir>/network-config.json}; empty when absent. */
    public static List<PortMapping> readNetworkConfig(Path stateDir) {
        try {
            JsonNode n = JSON.readTree(stateDir.resolve("network-config.json").toFile());
            return parsePorts(field(n, "portmappings"));
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + stateDir.resolve("network-config.json"), e);
        }
    }

    /** Writes {@code <stateDir>/log-config.json} for the json-file driver. */
    public static void writeLogConfig(Path stateDir, String containerdAddress) {
        ObjectNode o = JSON.createObjectNode();
        o.put("driver", "json-file");
        o.putObject("opts");
        o.put("address", containerdAddress);
        writeAtomically(stateDir.resolve("log-config.json"), o);
    }

    /**
     * Writes nerdctl's hosts-store {@code meta.json} beside the hosts file, so nerdctl's own hosts updates
     * can read our entries.
     *
     * @param cniResults network name → the CNI result JSON of that network (may be empty)
     */
    public static void writeHostsMeta(Path etcHostsDir, String id, String name, String hostname,
                                      Map<String, String> cniResults) {
        ObjectNode o = JSON.createObjectNode();
        o.put("ID", id);
        ObjectNode nets = o.putObject("Networks");
        cniResults.forEach((k, v) -> nets.set(k, readTree(v)));
        o.put("Hostname", hostname);
        o.putObject("ExtraHosts");
        o.put("Name", name);
        o.put("Domainname", "");
        writeAtomically(etcHostsDir.resolve("meta.json"), o);
    }

    private static JsonNode readTree(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static void writeAtomically(Path file, JsonNode content) {
        DataStore.mkdirs(file.getParent());
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.write(tmp, JSON.writeValueAsBytes(content));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}

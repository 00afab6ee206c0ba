package dev.containerd4j.containerd.internal.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the CNI plugins of one network list for ADD, CHECK and DEL the way libcni does: each plugin executed with
 * {@code CNI_COMMAND}, {@code CNI_CONTAINERID}, {@code CNI_NETNS}, {@code CNI_IFNAME}, {@code CNI_ARGS},
 * {@code CNI_PATH} in its environment and its config on stdin with {@code name}, {@code cniVersion},
 * {@code prevResult} (the previous plugin's result) and {@code runtimeConfig.portMappings} for plugins that
 * declare that capability; DEL in reverse order with the cached ADD result. The ADD result is cached in a file
 * (with the ports) so that DEL works from another process, after a JVM restart too. Thread-safe: no mutable
 * state beyond the cache files, whose names are unique per attachment.
 */
public final class CniNetwork {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final long PLUGIN_TIMEOUT_SECONDS = 60;

    private final CniPaths paths;
    private final CniConfList conf;
    private final Path cacheDir;

    public CniNetwork(CniPaths paths, CniConfList conf, Path cacheDir) {
        this.paths = paths;
        this.conf = conf;
        this.cacheDir = cacheDir;
    }

    /** The loopback network ({@code lo} up in the namespace): runc only does that for namespaces it creates. */
    public static CniNetwork loopback(CniPaths paths, Path cacheDir) {
        byte[] json = "{\"cniVersion\":\"1.0.0\",\"name\":\"cni-loopback\",\"plugins\":[{\"type\":\"loopback\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        return new CniNetwork(paths, CniConfList.parse(json, Path.of("(built-in loopback)")), cacheDir);
    }

    public String name() {
        return conf.name();
    }

    /** Fails fast, naming CNI_PATH, when a plugin of this network is not installed. */
    public void checkPluginsInstalled() {
        for (ObjectNode p : conf.plugins()) {
            plugin(p.get("type").asText());
        }
    }

    /**
     * Attaches the container. On failure the plugins that ran are undone (DEL) before the error is thrown.
     *
     * @throws CniException naming the plugin and its message
     */
    public CniResult add(CniAttachment a) {
        checkPluginsInstalled();
        JsonNode prev = null;
        try {
            for (ObjectNode p : conf.plugins()) {
                String out = exec("ADD", p, a, prev);
                if (!out.isBlank()) {
                    prev = JSON.readTree(out);
                }
            }
        } catch (RuntimeException | IOException e) {
            try {
                delWith(a, null);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new CniException("CNI ADD on network " + name() + " returned malformed JSON: " + e.getMessage());
        }
        String result = prev == null ? "{}" : prev.toString();
        writeCache(a, result);
        return CniResult.parse(result);
    }

    /** Verifies the attachment (CNI CHECK, needs the cached ADD result). */
    public void check(CniAttachment a) {
        Cached c = readCache(a.containerId(), a.ifName()).orElseThrow(() -> new CniException(
                "no cached CNI result for " + a.containerId() + " on network " + name() + ": was it added?"));
        JsonNode prev = readTree(c.result);
        for (ObjectNode p : conf.plugins()) {
            exec("CHECK", p, a, prev);
        }
    }

    /**
     * Detaches the container: all plugins in reverse order, even when one fails (the first error is thrown
     * afterwards), so addresses and NAT rules are released as far as possible. Idempotent.
     */
    public void del(String containerId, Path netns, String ifName) {
        Optional<Cached> c = readCache(containerId, ifName);
        CniAttachment a = new CniAttachment(containerId, netns, ifName,
                c.map(x -> x.ports).orElse(List.of()), Map.of());
        delWith(a, c.map(x -> readTree(x.result)).orElse(null));
        try {
            Files.deleteIfExists(cacheFile(containerId, ifName));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove CNI cache " + cacheFile(containerId, ifName), e);
        }
    }

    /** The cached ADD result of an attachment, if any. */
    public Optional<CniResult> cachedResult(String containerId, String ifName) {
        return readCache(containerId, ifName).map(c -> CniResult.parse(c.result));
    }

    private void delWith(CniAttachment a, JsonNode prev) {
        List<ObjectNode> plugins = new ArrayList<>(conf.plugins());
        java.util.Collections.reverse(plugins);
        RuntimeException first = null;
        for (ObjectNode p : plugins) {
            try {
                exec("DEL", p, a, prev);
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private Path plugin(String type) {
        return paths.findPlugin(type).orElseThrow(() -> new CniException("CNI plugin \"" + type
                + "\" of network \"" + name() + "\" not found in CNI_PATH=" + paths.pluginPathVariable()
                + "; install the CNI plugins (Debian: containernetworking-plugins) or set CNI_PATH"));
    }

    private String exec(String command, ObjectNode pluginConf, CniAttachment a, JsonNode prev) {
        String type = pluginConf.get("type").asText();
        Path bin = plugin(type);
        ObjectNode stdin = pluginConf.deepCopy();
        stdin.put("cniVersion", conf.cniVersion());
        stdin.put("name", conf.name());
        if (prev != null) {
            stdin.set("prevResult", prev);
        }
        if (pluginConf.path("capabilities").path("portMappings").asBoolean(false) && !a.ports().isEmpty()) {
            ArrayNode pm = stdin.putObject("runtimeConfig").putArray("portMappings");
            for (PortMapping m : a.ports()) {
                ObjectNode o = pm.addObject();
                o.put("hostPort", m.hostPort());
                o.put("containerPort", m.containerPort());
                o.put("protocol", m.protocol());
                if (!PortMapping.isWildcard(m.hostIp())) {
                    o.put("hostIP", m.hostIp());
                }
            }
        }
        ProcessBuilder pb = new ProcessBuilder(bin.toString());
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", PATH);
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", a.containerId());
        env.put("CNI_NETNS", a.netns().toString());
        env.put("CNI_IFNAME", a.ifName());
        env.put("CNI_ARGS", a.cniArgs());
        env.put("CNI_PATH", paths.pluginPathVariable());
        String where = "CNI " + command + " of container " + a.containerId() + " on network \"" + name()
                + "\": plugin " + type + " (" + bin + ")";
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new CniException(where + " could not be started: " + e.getMessage(), 0, e);
        }
        // stderr drained by a thread of its own so a chatty plugin cannot block on a full pipe
        CompletableFuture<String> err = new CompletableFuture<>();
        Thread drain = new Thread(() -> err.complete(readAll(p.getErrorStream())), "c4j-cni-stderr");
        drain.setDaemon(true);
        drain.start();
        String out;
        try (OutputStream in = p.getOutputStream()) {
            in.write(JSON.writeValueAsBytes(stdin));
        } catch (IOException e) {
            // the plugin exited before reading its config; its exit status and output say why
        }
        out = readAll(p.getInputStream());
        int exit;
        try {
            if (!p.waitFor(PLUGIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new CniException(where + " did not finish within " + PLUGIN_TIMEOUT_SECONDS + " s");
            }
            exit = p.exitValue();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CniException(where + " was interrupted", 0, e);
        }
        if (exit != 0) {
            String msg = out.strip();
            int code = 0;
            try {
                JsonNode e = JSON.readTree(out);
                code = e.path("code").asInt(0);
                msg = e.path("msg").asText(msg);
                if (!e.path("details").asText("").isEmpty()) {
                    msg += " (" + e.get("details").asText() + ")";
                }
            } catch (IOException | RuntimeException notJson) {
                // keep the raw text
            }
            String stderr = err.join().strip();
            throw new CniException(where + " failed: " + msg + (stderr.isEmpty() ? "" : "; stderr: " + stderr)
                    + (code != 0 ? " [CNI error " + code + "]" : ""), code, null);
        }
        return out;
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private record Cached(String result, List<PortMapping> ports) {
    }

    private Path cacheFile(String containerId, String ifName) {
        return cacheDir.resolve(name() + "-" + containerId + "-" + ifName + ".json");
    }

    private void writeCache(CniAttachment a, String result) {
        ObjectNode o = JSON.createObjectNode();
        o.set("result", readTree(result));
        o.put("netns", a.netns().toString());
        ArrayNode pm = o.putArray("portMappings");
        for (PortMapping m : a.ports()) {
            ObjectNode x = pm.addObject();
            x.put("hostIP", m.hostIp());
            x.put("hostPort", m.hostPort());
            x.put("containerPort", m.containerPort());
            x.put("protocol", m.protocol());
        }
        Path f = cacheFile(a.containerId(), a.ifName());
        Path tmp = f.resolveSibling("." + f.getFileName() + ".tmp");
        try {
            Files.createDirectories(cacheDir);
            Files.write(tmp, JSON.writeValueAsBytes(o));
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write CNI cache " + f, e);
        }
    }

    private Optional<Cached> readCache(String containerId, String ifName) {
        Path f = cacheFile(containerId, ifName);
        try {
            JsonNode o = JSON.readTree(Files.readAllBytes(f));
            List<PortMapping> ports = new ArrayList<>();
            for (JsonNode m : o.path("portMappings")) {
                ports.add(new PortMapping(m.path("hostIP").asText("0.0.0.0"), m.path("hostPort").asInt(),
                        m.path("containerPort").asInt(), m.path("protocol").asText("tcp")));
            }
            return Optional.of(new Cached(o.path("result").toString(), ports));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CNI cache " + f, e);
        }
    }

    private static JsonNode readTree(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new CniException("malformed cached CNI result: " + e.getMessage());
        }
    }
}

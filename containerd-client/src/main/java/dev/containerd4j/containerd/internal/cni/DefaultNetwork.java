package dev.containerd4j.containerd.internal.cni;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.containerd4j.containerd.internal.sys.FileLockHandle;
import dev.containerd4j.containerd.internal.sys.Sys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The default bridge network, written to the config directory when no network of that name exists. The
 * defaults are nerdctl's own ({@code bridge} network, {@code nerdctl0} bridge, 10.4.0.0/24) on purpose: the
 * SDK and nerdctl on one host then share one network and one address pool instead of fighting over iptables
 * and routes with two bridges. Immutable.
 *
 * @param name       network name (containers record it in {@code nerdctl/networks})
 * @param bridge     Linux bridge device name
 * @param subnet     IPv4 subnet for host-local IPAM
 * @param gateway    the bridge's address in the subnet
 * @param fileName   file written in the config directory
 */
public record DefaultNetwork(String name, String bridge, String subnet, String gateway, String fileName) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** nerdctl's default network. */
    public static final DefaultNetwork NERDCTL = new DefaultNetwork("bridge", "nerdctl0", "10.4.0.0/24",
            "10.4.0.1", "nerdctl-bridge.conflist");

    /** The conflist: bridge (host-local IPAM) + portmap + firewall + tuning, CNI 1.0.0, as nerdctl writes it. */
    public byte[] confListJson() {
        ObjectNode c = JSON.createObjectNode();
        c.put("cniVersion", "1.0.0");
        c.put("name", name);
        c.put("nerdctlID", sha256Hex(name));
        c.putObject("nerdctlLabels").put("nerdctl/default-network", "true");
        ArrayNode plugins = c.putArray("plugins");
        ObjectNode br = plugins.addObject();
        br.put("type", "bridge");
        br.put("bridge", bridge);
        br.put("isGateway", true);
        br.put("ipMasq", true);
        br.put("hairpinMode", true);
        ObjectNode ipam = br.putObject("ipam");
        ipam.put("type", "host-local");
        ipam.putArray("routes").addObject().put("dst", "0.0.0.0/0");
        ObjectNode range = ipam.putArray("ranges").addArray().addObject();
        range.put("subnet", subnet);
        range.put("gateway", gateway);
        ObjectNode pm = plugins.addObject();
        pm.put("type", "portmap");
        pm.putObject("capabilities").put("portMappings", true);
        ObjectNode fw = plugins.addObject();
        fw.put("type", "firewall");
        fw.put("ingressPolicy", "same-bridge");
        plugins.addObject().put("type", "tuning");
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(c);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Returns the network named {@link #name()} from {@code confDir}, writing this default first if no config
     * of that name exists. Safe against concurrent callers (flock on the directory, atomic rename).
     */
    public CniConfList ensure(Path confDir) {
        var existing = CniConfList.find(confDir, name);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            Files.createDirectories(confDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the CNI config directory " + confDir
                    + " (NETCONFPATH)", e);
        }
        try (FileLockHandle l = Sys.get().lock(confDir)) {
            existing = CniConfList.find(confDir, name);
            if (existing.isPresent()) {
                return existing.get();
            }
            Path file = confDir.resolve(fileName);
            // a dot-file is not a *.conflist, so readers never see it half-written
            Path tmp = confDir.resolve("." + fileName + ".tmp");
            byte[] json = confListJson();
            Files.write(tmp, json);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return CniConfList.parse(json, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the default CNI network to " + confDir, e);
        }
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

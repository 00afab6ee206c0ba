package dev.containerd4j.containerd.internal.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The result of a CNI ADD (spec 1.0.0 shape): the raw JSON, kept for prevResult chaining and DEL, and the
 * addresses it assigned. Immutable.
 */
public final class CniResult {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One assigned address: {@code address} in CIDR form ({@code 10.4.0.2/24}). */
    public record Ip(String address, Optional<String> gateway, Optional<String> interfaceName,
                     boolean inSandbox) {
        /** The address without prefix length. */
        public String ip() {
            int slash = address.indexOf('/');
            return slash < 0 ? address : address.substring(0, slash);
        }

        public boolean isIpv4() {
            return ip().indexOf(':') < 0;
        }
    }

    private final String json;
    private final List<Ip> ips;

    private CniResult(String json, List<Ip> ips) {
        this.json = json;
        this.ips = List.copyOf(ips);
    }

    public static CniResult parse(String json) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (IOException e) {
            throw new CniException("malformed CNI result: " + json);
        }
        List<String> ifNames = new ArrayList<>();
        List<Boolean> sandboxed = new ArrayList<>();
        for (JsonNode i : n.path("interfaces")) {
            ifNames.add(i.path("name").asText());
            sandboxed.add(!i.path("sandbox").asText().isEmpty());
        }
        List<Ip> ips = new ArrayList<>();
        for (JsonNode ip : n.path("ips")) {
            int idx = ip.has("interface") ? ip.get("interface").asInt(-1) : -1;
            ips.add(new Ip(ip.path("address").asText(),
                    ip.hasNonNull("gateway") ? Optional.of(ip.get("gateway").asText()) : Optional.empty(),
                    idx >= 0 && idx < ifNames.size() ? Optional.of(ifNames.get(idx)) : Optional.empty(),
                    idx < 0 || (idx < sandboxed.size() && sandboxed.get(idx))));
        }
        return new CniResult(json, ips);
    }

    public String json() {
        return json;
    }

    public List<Ip> ips() {
        return ips;
    }

    /** The container's first IPv4 address inside its namespace, without prefix. */
    public Optional<String> containerIpv4() {
        return ips.stream().filter(i -> i.inSandbox() && i.isIpv4()).map(Ip::ip).findFirst();
    }
}

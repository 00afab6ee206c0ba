package dev.containerd4j.containerd.internal.meta;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Container ids and default names, generated the way nerdctl does. Thread-safe. */
public final class ContainerIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern LAST_PATH_ELEMENT = Pattern.compile(".*/");

    private ContainerIds() {
    }

    /** A new 64-hex-digit id. */
    public static String newId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The hostname nerdctl gives a container: the first 12 characters of its id. */
    public static String defaultHostname(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /**
     * nerdctl's generated name: the image's last path element without tag or digest, a dash and the first 5
     * characters of the id ({@code nginx-3f2a1}); {@code untitled-...} when no image name applies.
     */
    public static String defaultName(String imageRef, String id) {
        String base = "untitled";
        if (imageRef != null && !imageRef.isBlank()) {
            String r = imageRef;
            int at = r.indexOf('@');
            if (at >= 0) {
                r = r.substring(0, at);
            }
            r = LAST_PATH_ELEMENT.matcher(r).replaceFirst("");
            int colon = r.indexOf(':');
            if (colon >= 0) {
                r = r.substring(0, colon);
            }
            if (!r.isEmpty() && Character.isLetterOrDigit(r.charAt(0))) {
                base = r;
            }
        }
        return base + "-" + id.substring(0, Math.min(5, id.length()));
    }
}

package dev.containerd4j.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An OS/architecture pair, optionally with a CPU variant, OS version and OS features, as in OCI
 * descriptors and image configs. Values are kept as given (lowercased); {@link #normalize()} maps
 * aliases the way containerd does ({@code x86_64 → amd64}, {@code aarch64 → arm64}, {@code arm → arm/v7}).
 * Immutable and thread-safe.
 */
public final class Platform {

  private final String os;
  private final String architecture;
  private final String variant;
  private final String osVersion;
  private final List<String> osFeatures;

  private Platform(String os, String architecture, String variant, String osVersion, List<String> osFeatures) {
    this.os = requireText(os, "os");
    this.architecture = requireText(architecture, "architecture");
    this.variant = emptyToNull(variant);
    this.osVersion = emptyToNull(osVersion);
    this.osFeatures = osFeatures == null ? List.of() : List.copyOf(osFeatures);
  }

  /** {@code os/architecture}. */
  public static Platform of(String os, String architecture) {
    return new Platform(lower(os), lower(architecture), null, null, null);
  }

  /** {@code os/architecture/variant}; a null or empty variant means none. */
  public static Platform of(String os, String architecture, String variant) {
    return new Platform(lower(os), lower(architecture), lower(variant), null, null);
  }

  /** All fields; {@code osVersion} and {@code osFeatures} may be null. */
  public static Platform of(String os, String architecture, String variant, String osVersion, List<String> osFeatures) {
    return new Platform(lower(os), lower(architecture), lower(variant), osVersion, osFeatures);
  }

  /**
   * Parses {@code os[/arch[/variant]]} or a lone architecture ({@code arm64} means the host OS with that
   * architecture) or a lone OS ({@code linux} means that OS with the host architecture). The result is
   * not normalised: {@code parse("linux/arm64/v8").toString()} is {@code "linux/arm64/v8"}.
   *
   * @throws IllegalArgumentException for empty components or more than three parts
   */
  public static Platform parse(String text) {
    Objects.requireNonNull(text, "platform");
    String[] parts = text.split("/", -1);
    for (String p : parts) {
      if (p.isEmpty() || !p.matches("[A-Za-z0-9_.-]+")) {
        throw new IllegalArgumentException(
            "invalid platform '" + text + "': expected os/arch[/variant], for example linux/amd64 or linux/arm64/v8");
      }
    }
    switch (parts.length) {
      case 1: {
        String only = lower(parts[0]);
        if (isKnownOs(only)) {
          Platform host = host();
          return new Platform(only, host.architecture, only.equals(host.os) ? host.variant : null, null, null);
        }
        Platform norm = new Platform(host().os, only, null, null, null).normalize();
        return new Platform(host().os, only, norm.variant == null ? null : norm.variant, null, null);
      }
      case 2:
        return of(parts[0], parts[1]);
      case 3:
        return of(parts[0], parts[1], parts[2]);
      default:
        throw new IllegalArgumentException(
            "invalid platform '" + text + "': expected at most three parts os/arch/variant");
    }
  }

  /** The platform this JVM runs on, normalised (variant {@code v7} for 32-bit arm, none otherwise). */
  public static Platform host() {
    String osName = System.getProperty("os.name", "linux").toLowerCase(Locale.ROOT);
    String os;
    if (osName.startsWith("windows")) {
      os = "windows";
    } else if (osName.startsWith("mac") || osName.startsWith("darwin")) {
      os = "darwin";
    } else if (osName.contains("freebsd")) {
      os = "freebsd";
    } else {
      os = osName.replace(" ", "");
    }
    String arch = System.getProperty("os.arch", "amd64").toLowerCase(Locale.ROOT);
    switch (arch) {
      case "x86":
      case "i386":
      case "i686":
        arch = "386";
        break;
      case "ppc64le":
      case "s390x":
      case "riscv64":
        break;
      default:
        break;
    }
    return new Platform(os, arch, null, null, null).normalize();
  }

  public String os() {
    return os;
  }

  public String architecture() {
    return architecture;
  }

  public Optional<String> variant() {
    return Optional.ofNullable(variant);
  }

  /** {@code os.version}, used by Windows images. */
  public Optional<String> osVersion() {
    return Optional.ofNullable(osVersion);
  }

  /** {@code os.features}; never null. */
  public List<String> osFeatures() {
    return osFeatures;
  }

  /** A copy with another variant (null for none). */
  public Platform withVariant(String variant) {
    return new Platform(os, architecture, lower(variant), osVersion, osFeatures);
  }

  /**
   * Maps aliases to canonical names like containerd: OS {@code macos → darwin}; architectures
   * {@code i386 → 386}, {@code x86_64/x86-64 → amd64} (variant {@code v1} dropped), {@code aarch64 → arm64}
   * (variants {@code 8, v8, v8.0} dropped), {@code armhf → arm/v7}, {@code armel → arm/v6}, {@code arm →
   * arm/v7} when no variant, and bare arm variants {@code 5..8 → v5..v8}.
   */
  public Platform normalize() {
    String o = os.equals("macos") ? "darwin" : os;
    String a = architecture;
    String v = variant == null ? "" : variant;
    switch (a) {
      case "i386":
        a = "386";
        v = "";
        break;
      case "x86_64":
      case "x86-64":
      case "amd64":
        a = "amd64";
        if (v.equals("v1")) {
          v = "";
        }
        break;
      case "aarch64":
      case "arm64":
        a = "arm64";
        if (v.equals("8") || v.equals("v8") || v.equals("v8.0")) {
          v = "";
        }
        break;
      case "armhf":
        a = "arm";
        v = "v7";
        break;
      case "armel":
        a = "arm";
        v = "v6";
        break;
      case "arm":
        if (v.isEmpty() || v.equals("7")) {
          v = "v7";
        } else if (v.equals("5") || v.equals("6") || v.equals("8")) {
          v = "v" + v;
        }
        break;
      default:
        break;
    }
    return new Platform(o, a, v, osVersion, osFeatures);
  }

  /** {@code os/arch[/variant]}. */
  @Override
  public String toString() {
    return variant == null ? os + '/' + architecture : os + '/' + architecture + '/' + variant;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Platform)) {
      return false;
    }
    Platform p = (Platform) o;
    return os.equals(p.os) && architecture.equals(p.architecture) && Objects.equals(variant, p.variant)
        && Objects.equals(osVersion, p.osVersion) && osFeatures.equals(p.osFeatures);
  }

  @Override
  public int hashCode() {
    return Objects.hash(os, architecture, variant, osVersion, osFeatures);
  }

  static boolean isKnownOs(String s) {
    switch (s) {
      case "aix": case "android": case "darwin": case "macos": case "dragonfly": case "freebsd": case "hurd":
      case "illumos": case "ios": case "js": case "linux": case "nacl": case "netbsd": case "openbsd":
      case "plan9": case "solaris": case "windows": case "zos":
        return true;
      default:
        return false;
    }
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String requireText(String s, String what) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException("platform " + what + " must not be empty");
    }
    return s;
  }

  /** Platforms a machine of {@code p} can run, best first (containerd's compatibility vector). */
  static List<Platform> compatibilityVector(Platform p) {
    Platform n = p.normalize();
    List<Platform> out = new ArrayList<>();
    out.add(n);
    String v = n.variant == null ? "" : n.variant;
    switch (n.architecture) {
      case "amd64": {
        int level = versionNumber(v);
        for (int i = level - 1; i >= 1; i--) {
          out.add(new Platform(n.os, "amd64", i == 1 ? null : "v" + i, n.osVersion, null));
        }
        out.add(new Platform(n.os, "386", null, n.osVersion, null));
        break;
      }
      case "arm": {
        int level = versionNumber(v);
        for (int i = level - 1; i >= 5; i--) {
          out.add(new Platform(n.os, "arm", "v" + i, n.osVersion, null));
        }
        break;
      }
      case "arm64": {
        int level = v.isEmpty() ? 8 : versionNumber(v);
        if (level > 8) {
          for (int i = level - 1; i >= 8; i--) {
            out.add(new Platform(n.os, "arm64", i == 8 ? null : "v" + i, n.osVersion, null));
          }
        }
        for (int i = 8; i >= 5; i--) {
          out.add(new Platform(n.os, "arm", "v" + i, n.osVersion, null));
        }
        break;
      }
      default:
        break;
    }
    return out;
  }

  private static int versionNumber(String v) {
    String s = v.startsWith("v") ? v.substring(1) : v;
    int dot = s.indexOf('.');
    if (dot >= 0) {
      s = s.substring(0, dot);
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}

package dev.containerd4j.archive;

import dev.containerd4j.image.Digest;
import java.util.Optional;

/**
 * An image archive or layer could not be read, written or extracted. {@link #problem()} says what kind of
 * failure it was, {@link #entry()} names the tar entry (when there is one) and {@link #blob()} the blob.
 * The message says what failed, on which object, and what to check. Unchecked.
 */
public class ArchiveException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Kinds of failure; stable, for programs that react to them. */
  public enum Problem {
    /** Not a tar, a broken tar header, or malformed JSON metadata. */
    MALFORMED,
    /** A tar or blob ended before its declared size. */
    TRUNCATED,
    /** Neither an OCI layout nor a Docker save archive, or a format that is recognised but not supported. */
    UNSUPPORTED_FORMAT,
    /** An entry name with {@code ..}, an absolute path, or a name that is otherwise unsafe to create. */
    UNSAFE_PATH,
    /** A symlink or hardlink that would reach outside the archive or the target directory. */
    LINK_ESCAPE,
    /** The same name twice in an archive. */
    DUPLICATE_ENTRY,
    /** Content whose digest differs from the one that names it. */
    DIGEST_MISMATCH,
    /** Content whose size differs from its descriptor. */
    SIZE_MISMATCH,
    /** An uncompressed layer whose digest differs from the config's {@code rootfs.diff_ids}. */
    DIFF_ID_MISMATCH,
    /** Metadata, a header, or an entry count beyond the configured bound. */
    TOO_LARGE,
    /** A referenced blob that is needed but absent. */
    MISSING_BLOB,
    /** Indexes nested deeper than the bound, or a reference cycle. */
    DEPTH_EXCEEDED,
    /** Content the chosen output format or target cannot carry (for example zstd layers for Docker 20.10). */
    INCOMPATIBLE,
    /** The file system or the stream failed. */
    IO
  }

  private final Problem problem;
  private final String entry;
  private final Digest blob;

  public ArchiveException(Problem problem, String message, String entry, Digest blob, Throwable cause) {
    super(message, cause);
    this.problem = problem;
    this.entry = entry;
    this.blob = blob;
  }

  public ArchiveException(Problem problem, String message) {
    this(problem, message, null, null, null);
  }

  public Problem problem() {
    return problem;
  }

  /** The tar entry concerned, as named in the archive. */
  public Optional<String> entry() {
    return Optional.ofNullable(entry);
  }

  /** The blob concerned. */
  public Optional<Digest> blob() {
    return Optional.ofNullable(blob);
  }

  static ArchiveException entry(Problem p, String entry, String why) {
    return new ArchiveException(p, "entry '" + printable(entry) + "': " + why, entry, null, null);
  }

  static ArchiveException blob(Problem p, Digest blob, String why, Throwable cause) {
    return new ArchiveException(p, "blob " + blob + ": " + why, null, blob, cause);
  }

  /** Escapes control characters so hostile names cannot forge log lines. */
  static String printable(String s) {
    return printableName(s);
  }

  /** Escapes control characters and shortens, for messages. Not part of the contract. */
  public static String printableName(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && sb.length() < 300; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\x%02x", (int) c));
      } else {
        sb.append(c);
      }
    }
    if (sb.length() >= 300) {
      sb.append("...");
    }
    return sb.toString();
  }
}

package dev.containerd4j.image;

/**
 * A manifest, index or config could not be parsed: malformed JSON, a missing or ill-typed required field,
 * or more bytes than the bound allows. The message names the document and the field.
 */
public final class InvalidContentException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final boolean tooLarge;

  public InvalidContentException(String message, boolean tooLarge, Throwable cause) {
    super(message, cause);
    this.tooLarge = tooLarge;
  }

  public InvalidContentException(String message) {
    this(message, false, null);
  }

  /** Whether the document exceeded the size bound (as opposed to being malformed). */
  public boolean isTooLarge() {
    return tooLarge;
  }
}

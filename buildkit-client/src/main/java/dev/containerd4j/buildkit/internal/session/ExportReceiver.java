package dev.containerd4j.buildkit.internal.session;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where one exporter's files go when buildkitd streams them back over {@code FileSend}. One
 * receiver per entry of the solve's exporter list, found by the exporter's index.
 */
public sealed interface ExportReceiver permits ExportReceiver.Tar, ExportReceiver.Directory {

  /** A tar stream ({@code docker}, {@code oci} and {@code tar} exporters). */
  non-sealed interface Tar extends ExportReceiver {
    /**
     * Opens the stream the archive is written to; called once, on the first bytes.
     *
     * @param metadata exporter metadata the daemon sends along (image name, digest), may be empty
     */
    OutputStream open(Map<String, String> metadata) throws IOException;

    /**
     * Called after the stream was closed with all bytes written; may wait for a consumer (an image
     * sink loading the archive) and fail the export by throwing.
     */
    void finish() throws IOException;

    /** The export failed or was cancelled; release what {@link #open} created. */
    void abort(Throwable cause);
  }

  /** A directory tree ({@code local} exporter), received as fsutil packets. */
  record Directory(Path dest) implements ExportReceiver {}
}

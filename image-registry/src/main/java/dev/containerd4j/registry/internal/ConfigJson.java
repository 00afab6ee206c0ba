package dev.containerd4j.registry.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.containerd4j.registry.RegistryException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Reads and writes Docker's {@code config.json} as a JSON tree, so fields this library does not know (proxies,
 * aliases, plugins) survive a login or logout unchanged.
 */
public final class ConfigJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ConfigJson() {}

  /** The file's content, or an empty object if it does not exist. */
  public static ObjectNode read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return JSON.createObjectNode();
    } catch (IOException e) {
      throw new RegistryException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (bytes.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || node.isMissingNode() || node.isNull()) {
        return JSON.createObjectNode();
      }
      if (!node.isObject()) {
        throw new RegistryException(file + " is not a JSON object; fix or remove it");
      }
      return (ObjectNode) node;
    } catch (JsonProcessingException e) {
      // The parser's own message can quote file content (a secret); report the position only.
      throw new RegistryException(
          file
              + " is not valid JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + "); fix or remove it");
    } catch (IOException e) {
      throw new RegistryException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes the tree atomically with mode 0600, creating the directory (0700) if needed. */
  public static void write(Path file, ObjectNode tree) {
    try {
      Path target = Files.isSymbolicLink(file) ? file.toRealPath() : file;
      Path dir = target.toAbsolutePath().getParent();
      if (!Files.isDirectory(dir)) {
        try {
          Files.createDirectories(
              dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
          Files.createDirectories(dir);
        }
      }
      Path tmp = Files.createTempFile(dir, ".config.json", ".tmp");
      try {
        try {
          Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
          // not a POSIX file system
        }
        Files.write(tmp, JSON.writeValueAsBytes(tree));
        try {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new RegistryException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}

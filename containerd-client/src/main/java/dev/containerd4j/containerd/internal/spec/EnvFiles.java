package dev.containerd4j.containerd.internal.spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code --env-file}s like Docker: one {@code KEY=VALUE} per line, {@code #} comments and blank lines
 * skipped, a bare {@code KEY} takes the value from the caller's environment (dropped when unset). Values are
 * taken literally: no quotes are removed and nothing is expanded.
 */
public final class EnvFiles {
    private EnvFiles() {
    }

    public static List<String> read(Path file, Map<String, String> callerEnv) {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                String t = line.stripLeading();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                int eq = t.indexOf('=');
                String key = eq < 0 ? t.strip() : t.substring(0, eq);
                if (key.isEmpty() || key.chars().anyMatch(Character::isWhitespace)) {
                    throw new IllegalArgumentException("invalid line " + n + " in env file " + file
                            + ": variable names cannot be empty or contain whitespace");
                }
                if (eq >= 0) {
                    out.add(t);
                } else if (callerEnv.containsKey(key)) {
                    out.add(key + "=" + callerEnv.get(key));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read env file " + file, e);
        }
        return out;
    }
}

package dev.containerd4j.containerd.internal.logging;

/** Which of the container's output streams a log entry came from. */
public enum LogStream {
    STDOUT("stdout"), STDERR("stderr");

    private final String jsonName;

    LogStream(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name in the json-file layout ({@code "stream":"stdout"}). */
    public String jsonName() {
        return jsonName;
    }

    static LogStream of(String name) {
        return "stderr".equals(name) ? STDERR : STDOUT;
    }
}

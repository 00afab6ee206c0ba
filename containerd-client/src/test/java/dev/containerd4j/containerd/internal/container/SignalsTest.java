package dev.containerd4j.containerd.internal.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SignalsTest {
    @Test
    void namesWithAndWithoutPrefixAndNumbers() {
        assertEquals(15, Signals.parse("SIGTERM"));
        assertEquals(15, Signals.parse("term"));
        assertEquals(9, Signals.parse("KILL"));
        assertEquals(1, Signals.parse("sighup"));
        assertEquals(10, Signals.parse("10"));
    }

    @Test
    void unknownOrOutOfRangeIsRefusedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Signals.parse("SIGFOO"));
        assertEquals(true, e.getMessage().contains("SIGFOO"));
        assertThrows(IllegalArgumentException.class, () -> Signals.parse("0"));
        assertThrows(IllegalArgumentException.class, () -> Signals.parse("65"));
    }
}

package dev.berth.common.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClientApiVersionTest {

    @Test
    void versionsCompareNumberByNumber() {
        assertTrue(ClientApiVersion.lessThan("1.41", "1.42"));
        assertTrue(ClientApiVersion.lessThan("1.9", "1.42"));
        assertFalse(ClientApiVersion.lessThan("1.42", "1.42"));
        assertFalse(ClientApiVersion.lessThan("1.100", "1.42"));
    }

    @Test
    void noVersionIsTheNewest() {
        assertFalse(ClientApiVersion.lessThan(null, "1.42"));
        assertFalse(ClientApiVersion.lessThan(" ", "1.42"));
    }
}

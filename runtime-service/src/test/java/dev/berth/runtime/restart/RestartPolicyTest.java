package dev.berth.runtime.restart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import dev.berth.runtime.spec.ContainerSpecParser;
import dev.berth.runtime.spec.RestartSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RestartPolicy policy(String name, int max) {
        return new RestartPolicy(name, max);
    }

    @Test
    void decidesAsDocker() {
        assertTrue(policy("on-failure", 2).shouldRestart(1, 0, false));
        assertTrue(policy("on-failure", 2).shouldRestart(1, 1, false));
        assertFalse(policy("on-failure", 2).shouldRestart(1, 2, false));
        assertFalse(policy("on-failure", 0).shouldRestart(0, 0, false));
        assertTrue(policy("on-failure", 0).shouldRestart(1, 99, false));
        assertTrue(policy("always", 0).shouldRestart(0, 5, false));
        assertFalse(policy("always", 0).shouldRestart(137, 0, true), "stopped through the API");
        assertFalse(policy("no", 0).shouldRestart(1, 0, false));
        assertTrue(policy("always", 0).restartsOnServiceStart(137, 0, true), "always comes back with the daemon");
        assertFalse(policy("unless-stopped", 0).restartsOnServiceStart(137, 0, true));
        assertTrue(policy("unless-stopped", 0).restartsOnServiceStart(255, 0, false));
    }

    private static RestartSpec spec(String json) throws Exception {
        return ContainerSpecParser.restartPolicy(JSON.readTree(json));
    }

    @Test
    void validatesAsDocker() throws Exception {
        assertEquals("invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always', 'on-failure', "
                + "or 'unless-stopped'", assertThrows(BerthException.class, () -> RestartPolicy.check(
                spec("{\"Name\": \"sometimes\"}"), false)).getMessage());
        assertEquals("invalid restart policy: maximum retry count can only be used with 'on-failure'",
                assertThrows(BerthException.class, () -> RestartPolicy.check(
                        spec("{\"Name\": \"always\", \"MaximumRetryCount\": 3}"), false)).getMessage());
        assertEquals("can't create 'AutoRemove' container with restart policy", assertThrows(BerthException.class,
                () -> RestartPolicy.check(spec("{\"Name\": \"always\"}"), true)).getMessage());
        RestartPolicy.check(spec("{\"Name\": \"\"}"), true);
        assertEquals("json: cannot unmarshal string into Go struct field RestartPolicy.MaximumRetryCount of type int",
                assertThrows(BerthException.class, () -> spec("{\"Name\": \"on-failure\", \"MaximumRetryCount\": \"3\"}"))
                        .getMessage());
    }

    @Test
    void aStoredPolicyReadsAsTheTypedOne() throws Exception {
        assertEquals(new RestartPolicy("on-failure", 3),
                RestartPolicy.of(JSON.readTree("{\"Name\": \"on-failure\", \"MaximumRetryCount\": 3}")));
        assertEquals(RestartPolicy.NO, RestartPolicy.of(JSON.readTree("{\"Name\": \"\"}")));
        assertEquals(RestartPolicy.NO, RestartPolicy.of((com.fasterxml.jackson.databind.JsonNode) null));
    }

    @Test
    void backoffDoublesCapsAndResets() {
        Backoff b = new Backoff();
        assertEquals(Duration.ofMillis(100), b.next("a", Duration.ZERO));
        assertEquals(Duration.ofMillis(200), b.next("a", Duration.ofSeconds(1)));
        assertEquals(Duration.ofMillis(400), b.next("a", Duration.ofSeconds(1)));
        for (int i = 0; i < 20; i++) {
            b.next("a", Duration.ZERO);
        }
        assertEquals(Duration.ofMinutes(1), b.next("a", Duration.ZERO));
        assertEquals(Duration.ofMillis(100), b.next("a", Duration.ofSeconds(10)), "a 10 s run resets it");
    }
}

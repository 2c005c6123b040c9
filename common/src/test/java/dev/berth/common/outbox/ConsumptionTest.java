package dev.berth.common.outbox;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.common.events.CloudEvent;
import dev.berth.common.events.EventJson;
import dev.berth.common.events.EventType;
import io.smallrye.mutiny.Uni;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ConsumptionTest {
    private static String event(String action) {
        return EventJson.write(CloudEvent.of("runtime-service", EventType.of("container", action), "c1", Map.of()));
    }

    @Test
    void anEventOfAnotherActionIsSkippedWithoutATransaction() {
        AtomicBoolean applied = new AtomicBoolean();
        // no Panache here: reaching the transaction would fail
        Consumption.once(event("exec_start: true"), Set.of("create", "destroy"), e -> {
            applied.set(true);
            return Uni.createFrom().voidItem();
        }).await().indefinitely();
        assertFalse(applied.get());
    }

    @Test
    void anEventOfAListedActionGoesToItsTransaction() {
        // outside Quarkus the transaction cannot open: the listed action reaches it (and fails there)
        assertThrows(RuntimeException.class, () -> Consumption.once(event("destroy"), Set.of("create", "destroy"),
                e -> Uni.createFrom().voidItem()).await().indefinitely());
    }
}

package dev.berth.runtime.lifecycle;

import dev.berth.runtime.domain.LifecycleEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The verbs' side of {@link LifecycleEvent}: a verb publishes once its transaction committed, and never learns who
 * listens. Observers run synchronously on the caller's thread; one that throws is logged, not the verb's failure.
 */
@ApplicationScoped
public class LifecycleEvents {
    private static final Logger LOG = Logger.getLogger(LifecycleEvents.class.getName());

    @Inject
    Event<LifecycleEvent> bus;

    public void publish(LifecycleEvent event) {
        try {
            bus.fire(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "an observer of " + event + " failed: " + e.getMessage(), e);
        }
    }
}

package dev.berth.e2e;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class that needs two build workers: {@link BuildWorkers#ensureSecond} before it; after it, the second
 * worker is stopped if the class started it, or started again if the class killed the one that ran before.
 */
final class SecondBuildWorker implements BeforeAllCallback, AfterAllCallback {
    private boolean started;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        started = BuildWorkers.ensureSecond();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (started) {
            BuildWorkers.stopSecond();
        } else if (BuildWorkers.livePid(BuildWorkers.SECOND) == null) {
            BuildWorkers.stopSecond();
            BuildWorkers.ensureSecond();
        }
    }
}

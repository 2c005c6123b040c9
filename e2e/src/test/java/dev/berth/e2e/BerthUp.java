package dev.berth.e2e;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code ./berth up} of the instance under test with extra settings (no rebuild, no warm-up run). */
final class BerthUp {
    private BerthUp() {
    }

    static void with(Map<String, String> settings, int timeoutSeconds) throws Exception {
        ProcessBuilder up = new ProcessBuilder("./berth", "up").directory(Path.of("..").toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        up.environment().put("BERTH_WARMUP_RUNS", "0");
        up.environment().put("BERTH_SKIP_BUILD", "1");
        up.environment().putAll(settings);
        Process process = up.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new AssertionError(settings + " ./berth up failed (exit "
                    + (process.isAlive() ? "timeout" : process.exitValue()) + ")");
        }
    }
}

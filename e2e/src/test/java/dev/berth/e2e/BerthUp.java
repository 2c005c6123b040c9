package dev.berth.e2e;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code ./berth up} of the instance under test with extra settings (no rebuild, no warm-up run). */
final class BerthUp {
    private BerthUp() {
    }

    static void with(Map<String, String> settings, int timeoutSeconds) throws Exception {
        Path log = Path.of("target", "berth-up.log").toAbsolutePath();
        ProcessBuilder up = new ProcessBuilder("./berth", "up").directory(Path.of("..").toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        up.environment().put("BERTH_WARMUP_RUNS", "0");
        up.environment().put("BERTH_SKIP_BUILD", "1");
        up.environment().putAll(settings);
        Process process = up.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new AssertionError(settings + " ./berth up failed (exit "
                    + (process.isAlive() ? "timeout" : process.exitValue()) + "): "
                    + String.join("\n", tail(log, 15)));
        }
    }

    private static java.util.List<String> tail(Path log, int lines) throws java.io.IOException {
        java.util.List<String> all = java.nio.file.Files.readAllLines(log);
        return all.subList(Math.max(0, all.size() - lines), all.size());
    }
}

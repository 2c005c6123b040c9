package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * build-service starts on demand (README "Configuration", BERTH_BUILD_EAGER): when it does not run, the gateway
 * starts it on the first {@code /system/df}, {@code builder prune} or build, and the request then succeeds as if it
 * had always run; the build cache made before it stopped is still counted.
 */
class BuildOnDemandTest {
    private static final String APP = "e2e-ondemand-app:" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void stoppedBuildServiceStartsOnTheRequestsThatNeedIt(@TempDir Path project) throws Exception {
        assumeTrue(!"1".equals(System.getenv("BERTH_BUILD_EAGER")) && BuildWorkers.livePid(BuildWorkers.SECOND) == null,
                "build-service runs eagerly on this instance");
        String mark = "ondemand-" + APP.substring(APP.indexOf(':') + 1);
        Files.writeString(project.resolve("Dockerfile"), "FROM busybox:latest\nRUN echo " + mark + " > /mark\n");
        docker("build", project.toString()).ok();

        stopBuildService();
        RawDocker.Response df = RawDocker.call("GET", "/system/df", null, 180_000); // the start under load
        assertEquals(200, df.status(), df.text());
        assertTrue(df.text().contains(mark), "the cache record built before the stop: " + df.text());
        assertNotNull(BuildWorkers.livePid("build-service"), "/system/df did not start build-service");

        stopBuildService();
        docker("builder", "prune", "-f").ok();
        assertNotNull(BuildWorkers.livePid("build-service"), "builder prune did not start build-service");

        stopBuildService();
        docker("build", "-t", APP, project.toString()).ok();
        try {
            assertEquals(mark, docker("run", "--rm", APP, "cat", "/mark").ok().out().trim());
        } finally {
            docker("rmi", "-f", APP);
        }
    }

    /** SIGTERM to build-service, as ./berth down sends it, and its exit. */
    private static void stopBuildService() throws Exception {
        Long pid = BuildWorkers.livePid("build-service");
        assertNotNull(pid, "build-service does not run");
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        process.destroy();
        process.onExit().get(30, TimeUnit.SECONDS);
    }
}

package dev.berth.e2e;

import static dev.berth.e2e.TestcontainersGenericTest.BUSYBOX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The way most Testcontainers suites are written: {@code @Testcontainers} with a shared {@code @Container} that the
 * extension starts once before the tests (through its wait) and removes after them.
 */
@Testcontainers
class TestcontainersJupiterTest {
    @Container
    static final GenericContainer<?> WEB = new GenericContainer<>(BUSYBOX)
            .withCopyToContainer(Transferable.of("shared\n"), "/www/index.html")
            .withCommand("httpd", "-f", "-p", "8080", "-h", "/www")
            .withExposedPorts(8080)
            .waitingFor(Wait.forHttp("/").forStatusCode(200));

    @Test
    void startedByTheExtensionAndAnswering() throws Exception {
        assertTrue(WEB.isRunning());
        assertEquals("shared\n", Http.get("http://" + WEB.getHost() + ":" + WEB.getMappedPort(8080) + "/"));
    }

    @Test
    void sharedAcrossTheClass() throws Exception {
        assertTrue(WEB.isRunning());
        assertEquals("shared\n", WEB.execInContainer("cat", "/www/index.html").getStdout());
    }
}

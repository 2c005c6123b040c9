package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Lifecycle events travel runtime-service → outbox → Kafka → gateway → docker events. */
class EventsTest {

    @Test
    void aRunShowsCreateStartDieDestroyInOrder() throws InterruptedException {
        String name = "e2e-ev-" + UUID.randomUUID().toString().substring(0, 8);
        long since = System.currentTimeMillis() / 1000 - 1;
        docker("run", "--rm", "--name", name, "--network", "none", "busybox", "sh", "-c", "exit 5");
        List<String> actions = List.of();
        for (int attempt = 0; attempt < 20; attempt++) {
            long until = System.currentTimeMillis() / 1000 + 1;
            String out = docker("events", "--since", String.valueOf(since), "--until", String.valueOf(until),
                    "--filter", "container=" + name, "--format", "{{.Action}} {{.Actor.Attributes.exitCode}}")
                    .ok().out();
            actions = out.lines().map(String::trim).filter(l -> !l.startsWith("attach")).toList();
            if (actions.contains("destroy")) {
                break;
            }
            Thread.sleep(250);
        }
        assertEquals(List.of("create", "start", "die 5", "destroy"),
                actions.stream().map(a -> a.endsWith(" <no value>") ? a.substring(0, a.length() - 11) : a).toList());
    }

    @Test
    void typeFilterKeepsOnlyThatType() {
        long since = System.currentTimeMillis() / 1000 - 3600;
        long until = System.currentTimeMillis() / 1000 + 1;
        String out = docker("events", "--since", String.valueOf(since), "--until", String.valueOf(until),
                "--filter", "type=image", "--format", "{{.Type}}").ok().out();
        assertTrue(out.lines().allMatch("image"::equals), out);
    }
}

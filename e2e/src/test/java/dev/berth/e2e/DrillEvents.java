package dev.berth.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A drill's view of {@code docker events}: a follower ({@code docker events --since}, as a user would leave it
 * running) that starts again {@link #RESUME_MARGIN_NANOS} before the last event it saw when its stream ends (the
 * gateway was killed): each service publishes its own events, so one can be published after a later one of another
 * service, and a resume from the exact last time would miss it (README "Differences"); the events seen twice are
 * dropped by {@link #followed}. And the replay of the whole drill ({@code --since --until}), read once it is over.
 */
final class DrillEvents implements AutoCloseable {
    static final long RESUME_MARGIN_NANOS = 5_000_000_000L;
    private final List<JsonNode> followed = new ArrayList<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile Process current;
    private int reconnects;

    private DrillEvents(String since) {
        thread = new Thread(() -> follow(since), "drill-events");
        thread.setDaemon(true);
        thread.start();
    }

    /** Follows every event from {@code since} (seconds, may have a fraction) on. */
    static DrillEvents follow(long sinceMillis) {
        return new DrillEvents(String.format("%d.%03d", sinceMillis / 1000, sinceMillis % 1000));
    }

    private void follow(String since) {
        String from = since;
        while (!closed) {
            try {
                ProcessBuilder pb = new ProcessBuilder("docker", "events", "--since", from, "--format", "{{json .}}")
                        .redirectError(ProcessBuilder.Redirect.DISCARD);
                pb.environment().put("DOCKER_HOST", DockerCli.HOST);
                Process p = pb.start();
                p.getOutputStream().close();
                current = p;
                try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        JsonNode event = RawDocker.JSON.readTree(line);
                        synchronized (followed) {
                            followed.add(event);
                        }
                        long nano = Math.max(0, event.path("timeNano").asLong() - RESUME_MARGIN_NANOS);
                        from = String.format("%d.%09d", nano / 1_000_000_000L, nano % 1_000_000_000L);
                    }
                }
                p.waitFor();
            } catch (IOException e) {
                // the stream broke: start again from the last event
            } catch (InterruptedException e) {
                return;
            }
            if (!closed) {
                reconnects++;
                Events.sleep(500);
            }
        }
    }

    /**
     * What the follower saw, without what it saw twice because it started again from the last event's time (the
     * same time, type, action and object): a user reconnecting with {@code --since} sees those again.
     */
    List<JsonNode> followed() {
        Map<String, JsonNode> unique = new LinkedHashMap<>();
        synchronized (followed) {
            for (JsonNode e : followed) {
                unique.putIfAbsent(e.path("timeNano").asText() + " " + e.path("Type").asText() + " "
                        + e.path("Action").asText() + " " + e.path("Actor").path("ID").asText(), e);
            }
        }
        return new ArrayList<>(unique.values());
    }

    int reconnects() {
        return reconnects;
    }

    /** Every event from {@code sinceMillis} until now, from one {@code GET /events?since&until}. */
    static List<JsonNode> replay(long sinceMillis) throws IOException {
        long until = System.currentTimeMillis() / 1000 + 1;
        RawDocker.Response r = RawDocker.call("GET", "/events?since=" + String.format("%d.%03d",
                sinceMillis / 1000, sinceMillis % 1000) + "&until=" + until, null, 60_000);
        if (r.status() != 200) {
            throw new AssertionError("GET /events: " + r.head() + "\n" + r.text());
        }
        List<JsonNode> events = new ArrayList<>();
        for (String line : r.text().split("\n")) {
            if (!line.isBlank()) {
                events.add(RawDocker.JSON.readTree(line));
            }
        }
        return events;
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        Process p = current;
        if (p != null) {
            p.destroy();
        }
        thread.join(10_000);
    }
}

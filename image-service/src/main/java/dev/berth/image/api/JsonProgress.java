package dev.berth.image.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.image.pull.PullProgress;
import dev.berth.image.push.PushProgress;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Docker's JSON progress messages, one object a line, flushed as they happen. */
final class JsonProgress implements PullProgress, PushProgress {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BAR = 50;

    private final OutputStream out;
    private boolean broken;

    JsonProgress(OutputStream out) {
        this.out = out;
    }

    @Override
    public void status(String status, String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        if (id != null) {
            m.put("id", id);
        }
        write(m);
    }

    @Override
    public void status(String status) {
        status(status, null);
    }

    @Override
    public void pushing(String shortId, long current, long total) {
        progressLine("Pushing", shortId, current, total);
    }

    @Override
    public void pushed(String tag, String digest, int size) {
        Map<String, Object> aux = new LinkedHashMap<>();
        aux.put("Tag", tag);
        aux.put("Digest", digest);
        aux.put("Size", size);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("progressDetail", Map.of());
        m.put("aux", aux);
        write(m);
    }

    @Override
    public void layer(String shortId, String status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        if (status.equals("Pulling fs layer") || status.equals("Preparing") || status.equals("Waiting")) {
            m.put("progressDetail", Map.of());
        }
        m.put("id", shortId);
        write(m);
    }

    @Override
    public void downloading(String shortId, long current, long total) {
        progressLine("Downloading", shortId, current, total);
    }

    private void progressLine(String status, String shortId, long current, long total) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("current", current);
        if (total > 0) {
            detail.put("total", total);
        }
        m.put("progressDetail", detail);
        m.put("progress", bar(current, total));
        m.put("id", shortId);
        write(m);
    }

    void error(String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errorDetail", Map.of("message", message));
        m.put("error", message);
        write(m);
    }

    /** Docker's progress bar: {@code [=====>      ]  1.2MB/3.4MB}. */
    static String bar(long current, long total) {
        StringBuilder s = new StringBuilder();
        if (total > 0) {
            int filled = (int) Math.min(BAR, current * 100 / total / 2);
            s.append('[').append("=".repeat(filled)).append('>').append(" ".repeat(BAR - filled)).append("] ");
        }
        s.append(String.format("%8s", humanSize(current)));
        if (total > 0) {
            s.append('/').append(humanSize(total));
        }
        return s.toString();
    }

    static String humanSize(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        String n = u == 0 ? String.valueOf(bytes) : String.format(java.util.Locale.ROOT, "%.4g", v);
        return n + units[u];
    }

    private synchronized void write(Map<String, Object> message) {
        if (broken) {
            return;
        }
        try {
            out.write((JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            broken = true;
            throw new UncheckedIOException(e);
        }
    }
}
